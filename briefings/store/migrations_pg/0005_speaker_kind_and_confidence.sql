-- Revises: 0004
-- Creation Date: 2026-11-29
-- Reason: issue 8, as migrations/0005_speaker_kind_and_confidence.sql does (its twin).
--         A speaker is a person or an organisation and
--         /actors lists people first and marks organisations: actors.kind says which
--         (rows already there were taken for people, as they were shown). Every
--         attribution carries how far it can be trusted, so the bot can hide uncertain
--         ones by default and the threshold can change without re-ingesting:
--         quotes.confidence in [0, 1]; NULL for rows stored before it existed, which
--         are shown as before.

ALTER TABLE actors ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
    CHECK (kind IN ('person', 'organisation'));
ALTER TABLE quotes ADD COLUMN confidence DOUBLE PRECISION
    CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
