-- Revises: 0006
-- Creation Date: 2026-11-29
-- Reason: issue 11. Feed filters: feeds get include/exclude word lists (JSON lists of words
--         or quoted phrases), matched against an entry's title and text before it is
--         announced or stored. Follows: a guild follows a person (an actor) or a topic (a
--         full-text query), with the channel to post in, the one role it may mention, and
--         why it is paused (its channel refused the bot) if it is. Alerts: the queue of
--         what a follow owes, written as soon as the article is stored, so delivery
--         survives restarts: 'queued', 'sending' (claimed by the process holding
--         claim_token until lease_until; a lapsed lease may be taken over), 'sent' (with
--         its message id) or 'failed'. A person alert is unique per (follow, quote), a
--         topic alert per (follow, story_article_id), the first article of its story, so
--         a story told by three outlets alerts once.

ALTER TABLE feeds ADD COLUMN filter_include TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feeds ADD COLUMN filter_exclude TEXT NOT NULL DEFAULT '[]';

CREATE TABLE follows (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('person', 'topic')),
    actor_id      INTEGER REFERENCES actors(id) ON DELETE CASCADE,  -- kind 'person'
    target        TEXT NOT NULL,                   -- the actor's name, or the topic query
    channel_id    INTEGER,                         -- NULL: queued only (the CLI)
    role_id       INTEGER,                         -- the one role an alert may mention
    paused_reason TEXT,                            -- NULL = delivering
    created_at    TEXT NOT NULL
);
CREATE INDEX follows_guild ON follows(guild_id, kind);

CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,          -- delivery order
    follow_id        INTEGER NOT NULL REFERENCES follows(id) ON DELETE CASCADE,
    guild_id         INTEGER NOT NULL,
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    quote_id         INTEGER REFERENCES quotes(id) ON DELETE CASCADE,  -- person alerts
    story_article_id INTEGER,                      -- topic alerts: the story's first article
    state            TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    claim_token      TEXT,
    lease_until      TEXT,
    message_id       INTEGER,
    error            TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT
);
CREATE UNIQUE INDEX alerts_person_once ON alerts(follow_id, quote_id) WHERE quote_id IS NOT NULL;
CREATE UNIQUE INDEX alerts_story_once ON alerts(follow_id, story_article_id)
    WHERE story_article_id IS NOT NULL;
CREATE INDEX alerts_pending ON alerts(state, id) WHERE state IN ('queued', 'sending');
CREATE INDEX alerts_guild_time ON alerts(guild_id, created_at);
