"""A made-up article with one sure and one uncertain attribution to the same person."""

from __future__ import annotations

_FILLER = " ".join(
    f"The river crossing had been closed for {n} months while crews replaced the old steel "
    "beams and rebuilt the ramps."
    for n in range(2, 8)
)

BRIDGE_ARTICLE = (
    "Mayor John Ortega opened the new bridge on Monday. Ortega said the crossing would cut "
    "the commute for thousands of families on both banks. "
    + _FILLER
    + "\n“The bridge will carry ten thousand cars a day,” he said."
)
"""Ortega's first statement names him (sure); the last reaches back past six sentences for
its 'he' (uncertain: below `DEFAULT_MIN_CONFIDENCE`)."""

SURE_TEXT = "the crossing would cut the commute for thousands of families on both banks"
UNSURE_TEXT = "The bridge will carry ten thousand cars a day"
