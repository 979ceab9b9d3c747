-- Revises: 0004
-- Creation Date: 2026-11-29
-- Reason: PLACEHOLDER (PostgreSQL twin) on branch i11 only, so that migration 0007 (follows, alerts, feed
--         filters) loads where 0005 and 0006 (other branches) are not merged yet. The lead
--         drops this file when merging the real 0005. It changes nothing.

SELECT 1;  -- asyncpg refuses an empty script
