-- Revises: 0007
-- Creation Date: 2026-11-29
-- Reason: issue 11, items 4 and 3: several digest schedules per guild (a morning digest
--         of everything, an evening one on a topic), each with its channel, time, time
--         zone, optional topic query and whether each story gets its own thread. Until now
--         the one schedule lived in columns of guilds; each guild's schedule is moved here
--         (its pause too) and those columns are no longer read (guilds.timezone stays: the
--         guild's zone for previews). The digest claim is now keyed by (schedule, date):
--         posted_digests gets schedule_id in its key (0: a claim made for the guild with
--         no schedule, as the store's guild-only calls do), rebuilt because SQLite cannot
--         change a primary key. Existing claims are given their guild's moved schedule, so
--         a digest already posted today is not posted again after the upgrade. threads
--         holds, per planned story message, the id of the thread opened on it (a JSON
--         object {"index": id}), so a resumed digest never opens a thread twice and a
--         follow can post into the story's thread.

CREATE TABLE digest_schedules (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    channel_id    INTEGER NOT NULL,
    time          TEXT NOT NULL,                   -- 'HH:MM' in the schedule's time zone
    timezone      TEXT,                            -- NULL: the bot's default zone
    topic         TEXT,                            -- NULL: every story; else an FTS query
    threads       INTEGER NOT NULL DEFAULT 0,      -- 1: each story in its own thread
    enabled       INTEGER NOT NULL DEFAULT 1,
    set_at        TEXT NOT NULL,                   -- no digest is owed for times before it
    paused_reason TEXT,                            -- NULL = posting; set when the channel refused
    created_at    TEXT NOT NULL,
    UNIQUE (guild_id, channel_id, time)
);

INSERT INTO digest_schedules(guild_id, channel_id, time, timezone, enabled, set_at,
                             paused_reason, created_at)
SELECT id, digest_channel_id, digest_time, timezone, digest_enabled,
       COALESCE(digest_set_at, created_at), digest_paused_reason, created_at
FROM guilds WHERE digest_channel_id IS NOT NULL AND digest_time IS NOT NULL;

CREATE TABLE posted_digests_v8 (
    guild_id    INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    schedule_id INTEGER NOT NULL DEFAULT 0,        -- digest_schedules.id; 0 = no schedule
    digest_date TEXT NOT NULL,
    channel_id  INTEGER,
    message_ids TEXT NOT NULL DEFAULT '[]',
    posted_at   TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('posting', 'done', 'failed')),
    planned     INTEGER,
    plan        TEXT,
    claim_token TEXT,
    lease_until TEXT,
    error       TEXT,
    threads     TEXT NOT NULL DEFAULT '{}',        -- JSON {"plan index": thread id}
    PRIMARY KEY (guild_id, schedule_id, digest_date)
) WITHOUT ROWID;

INSERT INTO posted_digests_v8(guild_id, schedule_id, digest_date, channel_id, message_ids,
                              posted_at, state, planned, plan, claim_token, lease_until, error)
SELECT p.guild_id,
       COALESCE((SELECT MIN(s.id) FROM digest_schedules s WHERE s.guild_id = p.guild_id), 0),
       p.digest_date, p.channel_id, p.message_ids, p.posted_at, p.state, p.planned, p.plan,
       p.claim_token, p.lease_until, p.error
FROM posted_digests p;

DROP TABLE posted_digests;
ALTER TABLE posted_digests_v8 RENAME TO posted_digests;
