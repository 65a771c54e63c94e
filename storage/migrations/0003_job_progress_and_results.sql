-- EveryNet index, version 3.
-- What a running job is doing, for `everynet jobs` and the admin page, and what a finished job
-- produced.
ALTER TABLE jobs ADD COLUMN stage TEXT;  -- e.g. 'reading series', 'training', 'writing results'
ALTER TABLE jobs ADD COLUMN eta_seconds REAL;
-- The job's report (volumes, RANO class, timings; JSON) once it succeeded.
ALTER TABLE jobs ADD COLUMN report TEXT;

-- The training's losses, one row per generator iteration, for loss curves.
CREATE TABLE job_losses (
  job_ref INTEGER NOT NULL REFERENCES jobs(id),
  iteration INTEGER NOT NULL,
  critic_loss REAL NOT NULL,
  generator_loss REAL NOT NULL,
  PRIMARY KEY (job_ref, iteration)
) WITHOUT ROWID;

-- The DICOM objects a job wrote (each also indexed as an instance).
CREATE TABLE job_results (
  job_ref INTEGER NOT NULL REFERENCES jobs(id),
  sop_instance_uid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('heatmap', 'report', 'segmentation'))
);
CREATE INDEX job_results_by_job ON job_results (job_ref);
