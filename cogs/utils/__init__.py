"""Discord helpers shared by the cogs: embed building within limits, paging, checks."""
