"""Follows: alerts when a followed person says something new, or a story on a followed
topic appears; queued in the store as articles are stored, posted exactly once, in order."""

from briefings.follows.service import (
    MIN_CONFIDENCE,
    AlertSender,
    FollowService,
    min_confidence,
)

__all__ = ["MIN_CONFIDENCE", "AlertSender", "FollowService", "min_confidence"]
