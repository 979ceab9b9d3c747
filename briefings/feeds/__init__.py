"""RSS/Atom subscriptions: adding, listing, removing and polling a guild's feeds.

Reading a feed document is `briefings.web.feed_parse`; storing its entries goes through
the ingest service like any other URL.
"""

from briefings.feeds.subscriptions import FeedService, PollResult

__all__ = ["FeedService", "PollResult"]
