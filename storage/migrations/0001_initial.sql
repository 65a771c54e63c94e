-- EveryNet index, version 1. Times are Unix seconds (REAL); UIDs as received.

CREATE TABLE associations (
  id INTEGER PRIMARY KEY,
  calling_ae TEXT NOT NULL,
  called_ae TEXT NOT NULL,
  peer_address TEXT NOT NULL,
  started_at REAL NOT NULL,
  ended_at REAL,
  instances_received INTEGER NOT NULL DEFAULT 0,
  -- 'open' while running, then 'released', 'aborted', 'failed: ...' or 'refused: ...'
  outcome TEXT NOT NULL
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  issuer_of_patient_id TEXT NOT NULL,
  patient_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  -- NULL, or why instances under this key disagree on who the patient is; such a key is not analysed
  identity_conflict TEXT,
  created_at REAL NOT NULL,
  UNIQUE (patient_id, issuer_of_patient_id)
);

CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  patient_ref INTEGER NOT NULL REFERENCES patients(id),
  study_instance_uid TEXT NOT NULL UNIQUE,
  study_date TEXT NOT NULL,
  study_time TEXT NOT NULL,
  accession_number TEXT NOT NULL,
  study_description TEXT NOT NULL,
  -- the T1ce series chosen for this timepoint when it has several, and why
  t1ce_series_ref INTEGER REFERENCES series(id),
  t1ce_choice_reason TEXT,
  created_at REAL NOT NULL
);

CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  study_ref INTEGER NOT NULL REFERENCES studies(id),
  series_instance_uid TEXT NOT NULL UNIQUE,
  modality TEXT NOT NULL,
  series_description TEXT NOT NULL,
  protocol_name TEXT NOT NULL,
  contrast_bolus_agent TEXT NOT NULL,
  image_type TEXT NOT NULL,
  scanning_sequence TEXT NOT NULL,
  sequence_variant TEXT NOT NULL,
  mr_acquisition_type TEXT NOT NULL,
  repetition_time_ms REAL,
  echo_time_ms REAL,
  inversion_time_ms REAL,
  slice_thickness_mm REAL,
  series_number INTEGER,
  instance_count INTEGER NOT NULL DEFAULT 0,
  last_instance_at REAL NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('receiving', 'complete')),
  -- counts completions: an instance arriving after completion re-opens the series as a new version
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX series_by_state ON series (state, last_instance_at);

CREATE TABLE instances (
  id INTEGER PRIMARY KEY,
  series_ref INTEGER NOT NULL REFERENCES series(id),
  sop_instance_uid TEXT NOT NULL UNIQUE,
  sop_class_uid TEXT NOT NULL,
  transfer_syntax_uid TEXT NOT NULL,
  instance_number INTEGER,
  file_path TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  received_at REAL NOT NULL,
  association_ref INTEGER REFERENCES associations(id)
);

-- Instances that arrived under a known SOP Instance UID with different content: kept aside, never indexed.
CREATE TABLE instance_conflicts (
  id INTEGER PRIMARY KEY,
  sop_instance_uid TEXT NOT NULL,
  file_path TEXT NOT NULL,
  received_at REAL NOT NULL,
  association_ref INTEGER REFERENCES associations(id)
);

CREATE TABLE series_classifications (
  id INTEGER PRIMARY KEY,
  series_ref INTEGER NOT NULL REFERENCES series(id),
  series_version INTEGER NOT NULL,
  is_t1ce INTEGER NOT NULL,
  reason TEXT NOT NULL,
  decided_at REAL NOT NULL,
  UNIQUE (series_ref, series_version)
);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  patient_ref INTEGER NOT NULL REFERENCES patients(id),
  baseline_series_ref INTEGER NOT NULL REFERENCES series(id),
  followup_series_ref INTEGER NOT NULL REFERENCES series(id),
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
  UNIQUE (baseline_series_ref, followup_series_ref)
);
CREATE INDEX jobs_by_state ON jobs (state, id);

CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  job_ref INTEGER REFERENCES jobs(id),
  destination TEXT NOT NULL,
  sop_instance_uid TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL NOT NULL,
  last_error TEXT,
  created_at REAL NOT NULL,
  updated_at REAL NOT NULL,
  UNIQUE (destination, sop_instance_uid)
);
