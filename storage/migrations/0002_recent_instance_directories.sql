-- EveryNet index, version 2.
-- Instances are indexed without waiting for the disk: a power failure can lose the last of those
-- commits, never an instance file. Each directory that instance files go into is listed here,
-- durably, before the first of them is written, and stays listed until a sync of the index covers
-- the commits of its instances; at start, the files that such a loss left without an entry are
-- found by reading these directories alone.
CREATE TABLE recent_instance_directories (
  directory TEXT PRIMARY KEY  -- relative to the data directory
) WITHOUT ROWID;
