-- EveryNet index, version 9: where a job's training runs and why it waits. training_run is the
-- run a training backend submitted ("BACKEND:ID", e.g. 'slurm:42', 'local:12345'), so that a
-- restart reattaches to it instead of submitting it again; training_wait says why a submitted
-- training has not started yet (a cluster's queue and its reason), for the admin page.
ALTER TABLE jobs ADD COLUMN training_run TEXT;
ALTER TABLE jobs ADD COLUMN training_wait TEXT;
