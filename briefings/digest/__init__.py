"""Daily digests: the day's stories, their summaries and who said what, and when each
guild's digest is owed (`schedule`)."""

from briefings.digest.daily import ActorQuotes, DailyDigest, DigestService, Story
from briefings.digest.schedule import ScheduleStatus

__all__ = ["ActorQuotes", "DailyDigest", "DigestService", "ScheduleStatus", "Story"]
