-- Revises: 0010
-- Creation Date: 2026-11-29
-- Reason: placeholder on branch i9c only, so that 0012 can be numbered as assigned;
--         another branch brings the real 0011. Drop this file when merging it.

SELECT 1;
