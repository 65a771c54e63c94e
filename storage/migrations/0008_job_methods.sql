-- EveryNet index, version 8: a job is one analysis method's analysis of one (baseline, follow-up)
-- pair ('registration-subtraction', 'personal-wgan'), so a pair has one job per method. The jobs
-- before this version were all the personal WGAN's, the only method the service ran.
-- SQLite cannot change a table's UNIQUE constraint: the table is built anew and filled from the
-- old one, ids kept, so that job_losses, job_results, job_events and exports still point at their
-- jobs. Foreign keys are off while the index migrates (storage/database.cpp); the keys are checked
-- before the migration commits.
CREATE TABLE jobs_by_method (
  id INTEGER PRIMARY KEY,
  patient_ref INTEGER NOT NULL REFERENCES patients(id),
  baseline_series_ref INTEGER NOT NULL REFERENCES series(id),
  followup_series_ref INTEGER NOT NULL REFERENCES series(id),
  method TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  progress REAL NOT NULL DEFAULT 0,
  error TEXT,
  -- enhancing-tumour volume at follow-up, written when the job succeeds (used by the nadir policy)
  followup_volume_ml REAL,
  created_at REAL NOT NULL,
  started_at REAL,
  finished_at REAL,
  updated_at REAL NOT NULL,
  stage TEXT,
  eta_seconds REAL,
  report TEXT,
  device TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  interruptions INTEGER NOT NULL DEFAULT 0,
  UNIQUE (baseline_series_ref, followup_series_ref, method)
);
INSERT INTO jobs_by_method (id, patient_ref, baseline_series_ref, followup_series_ref, method,
                            state, reason, attempts, progress, error, followup_volume_ml,
                            created_at, started_at, finished_at, updated_at, stage, eta_seconds,
                            report, device, cancel_requested, interruptions)
  SELECT id, patient_ref, baseline_series_ref, followup_series_ref, 'personal-wgan', state, reason,
         attempts, progress, error, followup_volume_ml, created_at, started_at, finished_at,
         updated_at, stage, eta_seconds, report, device, cancel_requested, interruptions
  FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_by_method RENAME TO jobs;
-- The indexes of jobs from versions 1 and 5, which went with the old table.
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_patient ON jobs (patient_ref);
