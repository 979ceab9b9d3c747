-- Revises: 0009
-- Creation Date: 2026-11-29
-- Reason: issue 11. /follow is for members with Manage Server "or a role set by
--         /settings": guilds.follow_role_id is that role (NULL: Manage Server only).
--         A column of guilds, not a meta key, so it goes with its guild.

ALTER TABLE guilds ADD COLUMN follow_role_id INTEGER;
