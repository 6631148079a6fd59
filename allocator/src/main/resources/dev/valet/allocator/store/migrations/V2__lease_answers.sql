-- Valet schema, version 2: how many admission attempts were answered with each lease.
--
-- The first attempt counts 1; a retry of the same request uid that finds the lease adds 1. An
-- attempt that fails rolls its lease back only while no retry has received it too: otherwise the
-- retry's pod would be admitted with keys that were already free again.
ALTER TABLE leases ADD COLUMN answers integer NOT NULL DEFAULT 1 CHECK (answers >= 1);
