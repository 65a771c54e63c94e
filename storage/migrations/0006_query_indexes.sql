-- EveryNet index, version 6: Query/Retrieve walks from a series to its instances (counts, files
-- to send); without this index each such step scans every instance. (Studies by patient and
-- series by study are indexed since version 5.)
CREATE INDEX instances_by_series ON instances (series_ref, instance_number);
