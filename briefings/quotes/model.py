"""The statement record the extractor returns."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("direct", "mixed", "indirect")


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement in an article.

    Offsets index the text given to `extract_quotes`. `text[start:end]` of the
    input is the content, except for a quotation split around its attribution
    ("“A,” he said, “B.”") or continued in following paragraphs: then
    `start`/`end` run from the first part to the last, `spans` lists each part
    and `text` joins the parts with a space. A direct quotation's content is
    what lies inside the marks, without the comma that ends it before the
    attribution ("“We will,” he said" -> "We will"); its own final . ? ! stay.
    Reported content starts after "that" and drops the sentence's final period,
    unless it ends in a quotation, whose closing mark is kept.
    """

    speaker: str | None
    """Fullest name the article gives for the speaker ("Vladimir Putin"); None if unknown."""
    text: str
    start: int
    end: int
    kind: str
    """'direct' (all quoted), 'mixed' (partly quoted) or 'indirect' (reported speech)."""
    cue: str | None
    """The cue as written: a speech verb ("said", "told", "according to"), or ':' / a dash."""
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None
    """The speaker as written at this statement: "he", "the top Russian diplomat", "Putin"."""
    speaker_start: int | None = None
    speaker_end: int | None = None
    spans: tuple[tuple[int, int], ...] = ()
    """The content's parts as [start, end) offsets (one part unless split or continued)."""
    confidence: float = 1.0
    """How likely the speaker is right, in [0, 1], from how it was found (name in the
    sentence, role noun, pronoun resolved across sentences...); calibrated on PolNeAR dev
    (see `briefings.quotes.confidence`). 0.0 when there is no speaker."""
    speaker_kind: str | None = None
    """'person' or 'organisation' (`briefings.quotes.speakers`); None without a speaker."""
    evidence: str | None = None
    """How the speaker was found: 'name', 'pronoun_near', 'role'... (the confidence's key)."""
