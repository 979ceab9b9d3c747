-- Revises: 0008
-- Creation Date: 2026-11-29
-- Reason: issue 9, one analysis per public article. The same public page ingested by
--         many guilds (a shared feed's entry, a popular link) stored its sentence
--         offsets once per guild. analyses holds them once per exact text, with the
--         detected language, for text read from a public page only; each guild's
--         article row points at it (articles.analysis_id) and stores no sentence rows
--         of its own. What a guild pastes or uploads never gets an analysis_id: its
--         sentences stay in the sentences table, private to its article. Quotes stay per
--         article: each one resolves to the guild's own actor. Existing rows are left
--         as they are (analysis_id NULL).

CREATE TABLE analyses (
    id           INTEGER PRIMARY KEY,
    text_sha256  TEXT NOT NULL UNIQUE,             -- sha256 of the exact text (offsets
                                                   -- index into it, so folding is no key)
    language     TEXT,
    sentences    TEXT NOT NULL,                    -- JSON [[start, end], ...]
    created_at   TEXT NOT NULL
);
ALTER TABLE articles ADD COLUMN analysis_id INTEGER REFERENCES analyses(id);
CREATE INDEX articles_analysis ON articles(analysis_id) WHERE analysis_id IS NOT NULL;
