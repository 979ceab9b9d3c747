-- Revises: 0004
-- Creation Date: 2026-11-29
-- Reason: PLACEHOLDER on branch i15 only, so that migration 0006 (CJK search) loads where
--         0005 (another branch) is not merged yet. The lead drops this file when merging
--         the real 0005. It changes nothing.
SELECT 1;
