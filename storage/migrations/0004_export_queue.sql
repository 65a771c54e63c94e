-- EveryNet index, version 4: the export queue.
-- Each destination's sender asks for its due pending exports every few seconds; sent exports
-- pile up over the years, so that question must not scan them.
CREATE INDEX exports_due ON exports (destination, next_attempt_at) WHERE state = 'pending';
-- `everynet export retry JOB`
CREATE INDEX exports_by_job ON exports (job_ref);
