-- EveryNet index, version 7: how many times the service ended while a job was running (a crash,
-- a kill, memory running out, a power loss). A job that keeps ending the service fails after a
-- few such starts instead of taking the DICOM node down again at every restart; a retry starts
-- the count afresh.
ALTER TABLE jobs ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0;
