-- Revises: 0009
-- Creation Date: 2026-11-29
-- Reason: issue 11, as migrations/0010_follow_role.sql does (its twin): the role whose
--         members may use /follow besides Manage Server (NULL: Manage Server only).

ALTER TABLE guilds ADD COLUMN follow_role_id BIGINT;
