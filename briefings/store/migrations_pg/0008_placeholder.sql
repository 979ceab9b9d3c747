-- Revises: 0007
-- Creation Date: 2026-11-29
-- Reason: placeholder for migration 0008, which another branch adds in parallel; this
--         file keeps the numbers contiguous until it merges (its own file replaces it).
SELECT 1;
