"""Page furniture at the sentence level: which sentences of a news text are not news.

Text extraction keeps the article's own block, but news sites put furniture inside it:
credits ("Additional reporting by ...", "Photo: ..."), bylines, live-blog headers
("WASHINGTON (AP) — The Latest on ... (all times EDT):"), reprint and copyright notices,
calls to follow, subscribe or sign up, "Read more" and "Related:" lists, video-player and
gallery text, "FILE – In this ... file photo" captions. A brief that picks one of them
reads badly (on real pages 16 of 149 three-sentence briefs did), so every summary method
drops them before it runs (`briefings.summarize.api`).

The rules are patterns anchored on how furniture starts or on phrases that only furniture
uses; a plain news sentence that merely mentions a subscription or a photo stays. Kept
deliberately dependency-free and fast: it runs on every sentence of every brief.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefings.text import fold, words

_DASH = r"[-–—:|]"
_AGENCIES = (
    r"AP|Reuters|AFP|CNN|dpa|DPA|UPI|PA|Xinhua|Bloomberg|ANSA|EFE|Kyodo|TASS|IANS|PTI|CNS|RNS"
)

# Phrases that only furniture uses, anywhere in the sentence.
_ANYWHERE = re.compile(
    r"\(all times [A-Z]{2,5}\)"
    r"|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos"
    r"|reprinted (?:here )?with (?:the )?permission|republished with permission"
    r"|used with permission"
    r"|may not be (?:re)?published,? broadcast|rewritten,? or redistributed"
    r"|this (?:article|story|post|piece) (?:was )?(?:originally|first) (?:appeared|published|ran)"
    r"|originally appeared (?:in|on|at)\b"
    r"|breaking news emails|get breaking news alerts|news alerts? (?:delivered|straight)"
    r"|sign up (?:for|to) (?:our|the|my|a|free)|sign up here|sign up now"
    r"|subscribe (?:to|for) (?:our|the) (?:free |daily |weekly )?(?:newsletter|podcast|channel)"
    r"|subscribe now|subscribe here|subscribe today"
    r"|our (?:free |daily |weekly |morning |evening )?newsletter"
    r"|follow (?:us|@\w+) on (?:twitter|x|facebook|instagram|linkedin|tiktok|threads|bluesky"
    r"|mastodon|youtube)\b"
    r"|like us on facebook|find us on facebook|on twitter @\w+|on twitter at @\w+"
    r"|click here|tap here|watch the video|for more videos?\b"
    r"|video (?:player|playlist)|now playing|your browser does not support"
    r"|(?:please )?enable javascript|skip (?:this )?ad\b|advertisement\s*$"
    r"|story continues below|article continues below|continue reading"
    r"|view (?:the )?(?:photo )?gallery|photo gallery|see (?:the )?gallery|view slideshow"
    r"|\bfile photo\b|\bphoto credit\b|\bimage credit\b|\bcredit: [A-Z]"
    r"|copyright ©|© ?\d{4}|\(c\) ?\d{4}|copyright \d{4}"
    r"|share (?:this|on) (?:article|story|facebook|twitter|whatsapp)\b"
    r"|have a (?:news )?tip\b|send us (?:a|your) tip|contact (?:the )?(?:author|reporter) at"
    r"|download (?:the|our) (?:free )?app|get the app"
    r"|weiterlesen|lesen sie (?:auch|mehr)|mehr zum thema|lire aussi|à lire aussi|lire la suite"
    r"|leer más|lea también|suscríbete|abonnez-vous|leggi anche|leia (?:também|mais)"
    r"|for your personal,? non-commercial use|presentation-ready copies|order (?:a )?reprints?"
    r"|\breprints? (?:and|&) permissions|start your day with|delivered (?:straight )?to your inbox"
    r"|(?:video|content) is (?:not|no longer) available|not available in your (?:region|country)"
    r"|now watching|next video starts|video will (?:start|play)"
    r"|watch (?:the )?full (?:video|episode)"
    r"|会員登録|有料会員|ログイン|記事保存|保存した記事"
    # Japanese reprint notices: "no reprinting without permission", "reprinting and
    # copying ... print orders", "please see the linked page".
    r"|無断転載|転載・複製|複製・転載|注文印刷|リンク先をご覧ください"
    # A newsletter or site describing itself to its readers ("X is the preferred reading
    # material of finance professionals", "... the go-to newsletter for ...").
    r"|\bis (?:the|your) (?:preferred|favou?rite|go-to|must-read|daily|free)\b(?: [\w'’-]+){0,4}"
    r" (?:newsletter|reading material|briefing|daily read|morning read)\b"
    # A call for readers' material ("Please share your videos, pictures and stories at ...").
    r"|^\W*(?:please )?(?:share|send|submit|upload) (?:us )?your (?:own )?(?:videos?|photos?"
    r"|pictures?|stories|story|tips?|views|comments)\b"
    r"(?![^.]*\b(?:said|says|told|tells|urged|asked|wrote|added)\b)"
    # A print-edition note ("The below letter will be appearing in the Letters section of the
    # magazine's October issue", "A version of this article appears in print on ...").
    r"|\bappears? in print\b|\bversion of this (?:article|story) (?:appears|appeared)\b"
    r"|\b(?:letter|article|essay|story|piece|review)(?: below| above)? (?:will )?(?:be )?"
    r"appear(?:s|ed|ing)? in"
    r" the\b[^.]{0,60}\b(?:issue|edition|section)\b",
    re.IGNORECASE,
)

# Photo credits with a slash, case kept: "(AP Photo/Jane Doe)", "REUTERS/Jane Doe",
# "Getty Images/Jane Doe", and one glued to the next sentence ("Jane Doe/REUTERSThe UK
# may ..."). A poll named after its sponsors ("a Reuters/Ipsos poll", "the AP/NORC poll")
# is news, not a credit: mixed-case agency names need a two-word name after the slash.
_CREDIT_SLASH = re.compile(
    r"\b(?:AP|AFP|EPA|Reuters|REUTERS|Getty Images) Photo/[A-Z]"
    r"|\((?:AP|AFP|EPA|Reuters|REUTERS|Getty Images)/[A-Z]"
    r"|\b(?:REUTERS|GETTY IMAGES)/[A-Z]"
    r"|\b(?:AFP|EPA|Reuters|Getty Images)/[A-Z][a-z]+ (?![Pp]oll\b|[Ss]urvey\b)[A-Z][a-z]+"
    r"|\w/(?:REUTERS|Reuters|AP|AFP|Getty Images|GETTY IMAGES|EPA)(?=[A-Z][a-z])"
)

# How furniture starts.
_START = re.compile(
    rf"^\W*(?:"
    rf"(?:additional |extra )?reporting (?:by|from)\b"
    rf"|(?:writing|written|editing|edited|compiled|produced|reported|contributing|research)"
    rf" (?:by|from)\b"
    rf"|(?:photo|photos|photograph|image|images|picture|pictures|video|graphic|illustration"
    rf"|caption|source|credit|credits)\s*(?:credit\s*)?[:|]"
    rf"|file\s*(?:photo)?\s*{_DASH}|file\s*[-–—]?\s*in this\b"
    rf"|(?:read|see|watch|listen|related|more|also read|also see|recommended|trending"
    rf"|most read|most popular|latest|top stories|further reading|you may also like"
    rf"|you might also like|more from [\w .'-]+|more on this)\s*(?:more|also|next)?\s*[:|»>]"
    rf"|read (?:more|the full|the rest|next|also)\b|see also\b|related (?:stories|articles|"
    rf"content|coverage|links|topics)\b|more stories\b|watch:|listen:"
    rf"|(?:updated|published|posted|last updated|last modified|first published)\b"
    rf"[\s:.|]*(?:on|at)?[\s:.|]*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    rf"[a-z]*\.? \d|\d+ \w+ ago)"
    rf"|follow (?:us|him|her|them|@\w+|[\w.]+(?: [\w.]+){{0,3}}) on (?:twitter|x|facebook"
    rf"|instagram|linkedin|tiktok|threads|bluesky|mastodon|youtube)\b"
    rf"|(?:[A-Z][A-Za-z .,'-]* )?\((?:{_AGENCIES})\)\s*[-–—]*\s*the latest on\b"
    rf"|the latest on .* \(all times"
    rf"|scroll down for (?:video|more|the video)\W*$"
    rf"|loading\b.*\.\.\.|replay\s*$|autoplay\b|up next\s*(?:[:|]|$)"
    rf"|copyright\s*(?:©|\(c\)|\d{{4}})|©"
    rf"|(?:topics|tags|filed under|categories|more about|themen|mots-clés)\s*:"
    rf"|https?://\S+\s*$"
    # A teaser for another page in the site's own voice ("We've got the dirty truth on how
    # ...", "Here's everything you need to know about ...").
    rf"|we(?:'|’)ve got (?:the|all the|your)\b[^.]{{0,40}}\b(?:on|about|for)\b"
    rf"|here(?:'|’)s (?:everything|all|what) you need to know\b"
    rf")",
    re.IGNORECASE,
)

# A byline alone: "By Jane Doe and John Roe, Associated Press", "By JANE DOE | Reuters".
_BYLINE_START = re.compile(r"^\W*by\b\s*", re.IGNORECASE)
_BYLINE_WORDS = frozenset(
    [
        "and",
        "&",
        "de",
        "da",
        "del",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "the",
        "of",
        "for",
        "in",
        "staff",
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "senior",
        "chief",
        "political",
        "foreign",
    ]
)
_BYLINE_SPLIT = re.compile(r"[\s,|/–—-]+")
# A dateline with nothing after it: "WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -".
_DATELINE_ONLY = re.compile(
    rf"^[A-Z][A-Z .,'’-]+(?:,? [A-Z][a-z]+\.? \d{{1,2}})?\s*\((?:{_AGENCIES})\)\s*[-–—:]*\s*$"
)


# A caption's credit glued on: "... in New York.Reuters", "... on Monday. Getty Images".
_CREDIT_END = re.compile(
    rf"[.!?”\"](?:{_AGENCIES}|Getty Images|AP Photo|EPA|Shutterstock|Alamy)\W*$"
    rf"|\s(?:Getty Images|AP Photo|Shutterstock|Alamy|EPA-EFE)\W*$"
)
# Words glued to the next capitalised one, as link lists lose their spaces:
# "Jane RoeJane Ann RoeState governor doubles down ...".
_GLUED = re.compile(r"([A-Z]?[a-z]{2,})[A-Z][a-z]{2,}")


def _glued_links(s: str) -> bool:
    """Three glued words, or one name glued twice ("NoemKristi ... NoemSouth"): camel-case
    brand names ("YouTube", "PlayStation") are glued once each."""
    left = _GLUED.findall(s)
    return len(left) >= 3 or len(left) > len(set(left))


# "Jane Doe | Springfield | 08/01/2014": a byline line with a place and a date.
_PIPED_DATE = re.compile(
    r"^[^|]{1,60}(?:\|[^|]{1,60}){1,3}\|\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\W*$"
)


def is_boilerplate(sentence: str) -> bool:
    """True when `sentence` is page furniture rather than part of the story."""
    s = " ".join(sentence.split())
    if not s:
        return True
    if _START.search(s) or _ANYWHERE.search(s) or _DATELINE_ONLY.match(s):
        return True
    if _CREDIT_END.search(s) or _CREDIT_SLASH.search(s) or _PIPED_DATE.match(s):
        return True
    if _glued_links(s):
        return True
    return _is_byline(s)


# A sentence ends with one of these (a closing quotation mark or bracket may follow).
_FINISHED = re.compile(r"[.!?…。！？；;:][\s\"'”’“‘»)\]」』）]*$")


def is_finished(sentence: str) -> bool:
    """True when `sentence` ends as a sentence does: a line without a full stop is a
    headline, a subheading, a caption or a menu entry, not a line for a brief."""
    return _FINISHED.search(sentence) is not None


def _is_byline(s: str) -> bool:
    """'By' and then only names, an outlet and job words: no sentence of news is that."""
    m = _BYLINE_START.match(s)
    if m is None or len(s) > 120:
        return False
    toks = [t.strip(".'’:;") for t in _BYLINE_SPLIT.split(s[m.end() :])]
    toks = [t for t in toks if t]
    if not toks or len(toks) > 12:
        return False
    names = [t for t in toks if t.casefold() not in _BYLINE_WORDS]
    return len(names) >= 1 and all(t[0].isupper() for t in names)


def _content_words(text: str) -> list[str]:
    return [w for w in (fold(x) for x in words(text)) if w]


# A headline carries the site's name after a separator ("Title | Site", "Title - Site",
# "Title » Local » News » Site").
_TITLE_PARTS = re.compile(r"\s+(?:[|–—»·:]|-|::)\s+")


def repeats_title(sentence: str, title: str | None) -> bool:
    """True when `sentence` is the headline or a near-copy of it (site suffix ignored):
    it holds at least 80 % of the headline's words and at most four words besides."""
    if not title:
        return False
    sent = _content_words(sentence)
    if not sent:
        return False
    parts = [p for p in _TITLE_PARTS.split(title) if p.strip()]
    for t in {title, *(parts[:1] if len(parts) > 1 else [])}:
        head = set(_content_words(t))
        if len(head) < 2:
            continue
        s = set(sent)
        if len(head & s) >= 0.8 * len(head) and len(s - head) <= 4:
            return True
    return False


def clean_sentences(
    sentences: Sequence[str], title: str | None = None, *, finished: bool = True
) -> list[int]:
    """Indices of the sentences to keep: neither furniture nor a copy of the headline and,
    with `finished`, only those that end as a sentence does (`is_finished`)."""
    furniture = [is_boilerplate(s) for s in sentences]
    for i in range(1, len(sentences) - 1):
        if not furniture[i] and furniture[i - 1] and furniture[i + 1]:
            furniture[i] = _in_promo(sentences[i - 1 : i + 2])
    return [
        i
        for i, s in enumerate(sentences)
        if not furniture[i] and not repeats_title(s, title) and (not finished or is_finished(s))
    ]


BLOCK_WORDS = 30
"""The longest sentence `clean_sentences` counts as part of a promotion when the sentences
on both sides of it are calls to subscribe, sign up, follow or download."""

# Calls to subscribe, sign up, follow or download: the sentences a promotion block is made of.
_PROMO = re.compile(
    r"\bsign(?:ing)? up\b|\bsubscri(?:be|ption)\b|\bnewsletters?\b|\bstart your day\b"
    r"|\bto your inbox\b|\bfollow (?:us|@\w+)\b|\b(?:download|get) (?:the|our) (?:free )?app\b"
    r"|\bnews alerts?\b|\bpodcast\b",
    re.IGNORECASE,
)


def _in_promo(three: Sequence[str]) -> bool:
    """Promotions come in blocks: a short sentence between two furniture sentences (the
    caller checks that) that are both calls to subscribe, sign up or follow ("Start your
    day with X. X is the daily read of busy people. Sign up for free.") is part of the
    block. Framed only by a byline and a "Read more" line, a sentence is the story."""
    before, middle, after = three
    return (
        len(middle.split()) <= BLOCK_WORDS
        and _PROMO.search(before) is not None
        and _PROMO.search(after) is not None
    )
