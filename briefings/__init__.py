"""Briefings: the Discord-free core of the news-briefing bot.

Storage, ingestion, sentence splitting, summaries, quote attribution and
digests live here and are usable as a library or through `python -m briefings`.
"""

__version__ = "0.1.0"
