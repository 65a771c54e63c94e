-- EveryNet index, version 5: what the admin web shows and asks.

-- Where a job runs ('cpu', 'cuda:0'), and whether someone asked it to stop: the running training
-- reads the flag at each iteration, cancels, and the job ends 'cancelled'.
ALTER TABLE jobs ADD COLUMN device TEXT;
ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;

-- A job's log lines: stage changes, start, resume, failure, cancellation, completion. Never a
-- patient's name or ID.
CREATE TABLE job_events (
  id INTEGER PRIMARY KEY,
  job_ref INTEGER NOT NULL REFERENCES jobs(id),
  at REAL NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
  message TEXT NOT NULL
);
CREATE INDEX job_events_by_job ON job_events (job_ref, id);

-- The dashboard polls every few seconds: instances and associations of today, and the open
-- associations, are index ranges rather than scans.
CREATE INDEX instances_by_received_at ON instances (received_at);
CREATE INDEX associations_by_started_at ON associations (started_at);
CREATE INDEX associations_open ON associations (id) WHERE outcome = 'open';
-- A patient's studies, series and jobs, for the patients pages.
CREATE INDEX studies_by_patient ON studies (patient_ref, study_date);
CREATE INDEX series_by_study ON series (study_ref);
CREATE INDEX jobs_by_patient ON jobs (patient_ref);

-- Each destination's exports counted by state, and its failed attempts ever (a counter for
-- monitoring: a retry resets an export's attempts, not this), kept by the triggers below so that
-- neither the dashboard nor a scrape counts the sent exports that pile up over the years.
CREATE TABLE export_counts (
  destination TEXT PRIMARY KEY,
  pending INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO export_counts (destination, pending, sent, failed, failed_attempts)
  SELECT destination, sum(state = 'pending'), sum(state = 'sent'), sum(state = 'failed'),
         sum(attempts)
  FROM exports GROUP BY destination;

CREATE TRIGGER exports_counted_on_insert AFTER INSERT ON exports
BEGIN
  INSERT INTO export_counts (destination) VALUES (NEW.destination)
    ON CONFLICT (destination) DO NOTHING;
  UPDATE export_counts
    SET pending = pending + (NEW.state = 'pending'), sent = sent + (NEW.state = 'sent'),
        failed = failed + (NEW.state = 'failed'), failed_attempts = failed_attempts + NEW.attempts
    WHERE destination = NEW.destination;
END;

CREATE TRIGGER exports_counted_on_update AFTER UPDATE OF state, attempts ON exports
BEGIN
  UPDATE export_counts
    SET pending = pending + (NEW.state = 'pending') - (OLD.state = 'pending'),
        sent = sent + (NEW.state = 'sent') - (OLD.state = 'sent'),
        failed = failed + (NEW.state = 'failed') - (OLD.state = 'failed'),
        failed_attempts = failed_attempts + max(NEW.attempts - OLD.attempts, 0)
    WHERE destination = NEW.destination;
END;
