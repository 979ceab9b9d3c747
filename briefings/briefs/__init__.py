"""Briefs: extractive summaries of one article, the latest, a day or a topic, every
sentence traceable to its stored article (the summarizers live in `briefings.summarize`)."""

from briefings.briefs.brief_service import (
    MAX_SENTENCES,
    Brief,
    BriefLine,
    BriefService,
    BriefStory,
)

__all__ = ["MAX_SENTENCES", "Brief", "BriefLine", "BriefService", "BriefStory"]
