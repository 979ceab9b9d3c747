"""Feed filters: which entries of a feed are worth storing (MonitoRSS-style include/exclude).

A filter is two lists of terms, each a word or a "quoted phrase". An entry is kept when
its title and text contain at least one include term (or there are none) and no exclude
term. Matching is on folded words (case and accents ignored, whole words only: `war`
does not match `award`), a phrase matching its words in a row.

The check runs on the article as it would be stored (after its page is read, before the
CPU work of analysis and before anything is written or announced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.errors import InputError
from briefings.text import fold, words

MAX_TERMS = 25
MAX_TERM_CHARS = 100
_TERM_RE = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')


def parse_terms(spec: str | None) -> tuple[str, ...]:
    """`word "a phrase" other` as its terms, each folded; empty input gives ().

    Commas separate too (`war, "peace talks"`). Raises InputError for too many or too
    long terms, so a filter cannot become a costly scan.
    """
    if spec is None:
        return ()
    out: list[str] = []
    for m in _TERM_RE.finditer(spec.replace(",", " ")):
        raw = next(g for g in m.groups() if g is not None)
        term = " ".join(words(fold(raw)))
        if not term:
            continue
        if len(term) > MAX_TERM_CHARS:
            raise InputError(f"A filter term may be at most {MAX_TERM_CHARS} characters.")
        if term not in out:
            out.append(term)
    if len(out) > MAX_TERMS:
        raise InputError(f"A filter may hold at most {MAX_TERMS} terms.")
    return tuple(out)


def show_terms(terms: tuple[str, ...]) -> str:
    """Terms as a user would type them back: phrases in quotes."""
    return " ".join(f'"{t}"' if " " in t else t for t in terms)


@dataclass(frozen=True, slots=True)
class FeedFilter:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.include or self.exclude)

    def keeps(self, title: str, text: str) -> bool:
        """Whether an entry with this title and text passes the filter."""
        if self.empty:
            return True
        padded = " " + " ".join(words(fold(title + "\n" + text))) + " "
        if any(f" {t} " in padded for t in self.exclude):
            return False
        return not self.include or any(f" {t} " in padded for t in self.include)

    def describe(self) -> str:
        parts = []
        if self.include:
            parts.append(f"include: {show_terms(self.include)}")
        if self.exclude:
            parts.append(f"exclude: {show_terms(self.exclude)}")
        return "; ".join(parts) or "no filter"
