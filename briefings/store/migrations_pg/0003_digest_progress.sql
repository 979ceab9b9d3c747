-- Revises: 0002
-- Creation Date: 2026-11-29
-- Reason: a digest claim that records its progress message by message, as
--         migrations/0003_digest_progress.sql does (see there for each column).

ALTER TABLE guilds ADD COLUMN digest_paused_reason TEXT;

ALTER TABLE posted_digests ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('posting', 'done', 'failed'));
ALTER TABLE posted_digests ADD COLUMN planned INTEGER;
ALTER TABLE posted_digests ADD COLUMN plan TEXT;
ALTER TABLE posted_digests ADD COLUMN claim_token TEXT;
ALTER TABLE posted_digests ADD COLUMN lease_until TEXT;
ALTER TABLE posted_digests ADD COLUMN error TEXT;
