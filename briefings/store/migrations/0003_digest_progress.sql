-- Revises: 0002
-- Creation Date: 2026-11-28
-- Reason: a digest claim that records its progress message by message (issue 12, item 5).
--         Until now a posted_digests row was written when posting began and completed at
--         the end, so a bot stopped mid-post left a claim that nobody ever finished (the
--         day's digest was lost) and a partly failed digest was re-posted whole. The row
--         now also holds: the planned messages (their payloads as JSON, so a resumed post
--         sends exactly what was planned) and how many there are; the ids of the messages
--         already sent, in order (the existing message_ids); a state (posting, done,
--         failed); the claiming process's token and the end of its lease, renewed while it
--         works, so another process can take over a claim whose owner died; and the error
--         of a failed post. guilds gets digest_paused_reason: a channel that refuses the
--         bot (missing access or permissions, deleted) pauses the schedule instead of
--         failing every minute. Existing rows count as done: the old code cannot tell a
--         finished digest from an abandoned claim, and posting twice is worse than once.

ALTER TABLE guilds ADD COLUMN digest_paused_reason TEXT;   -- NULL = not paused

ALTER TABLE posted_digests ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
    CHECK (state IN ('posting', 'done', 'failed'));
ALTER TABLE posted_digests ADD COLUMN planned INTEGER;        -- number of messages; NULL = not planned yet
ALTER TABLE posted_digests ADD COLUMN plan TEXT;              -- JSON list of message payloads
ALTER TABLE posted_digests ADD COLUMN claim_token TEXT;       -- who is posting (state 'posting')
ALTER TABLE posted_digests ADD COLUMN lease_until TEXT;       -- ISO 8601 UTC; expired = may be taken over
ALTER TABLE posted_digests ADD COLUMN error TEXT;             -- why a 'failed' post failed
