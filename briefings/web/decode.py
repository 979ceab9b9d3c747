"""Bytes to text: charset detection and refusing binary data.

Pages and files arrive as bytes in whatever encoding their author used; a
declared charset wins, then a BOM, then strict UTF-8, then charset-normalizer's
best guess. Anything that still looks like binary is refused with a clear
message instead of being stored as mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from briefings.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of formats people attach by mistake.
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
    b"OggS",
    b"ID3",
    b"RIFF",
)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding people write articles in."""
    if not data:
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def decode_bytes(data: bytes, declared: str | None = None, *, what: str = "The file") -> str:
    """Decode `data`; `declared` is a charset from HTTP headers, if any."""
    if looks_binary(data):
        raise InputError(f"{what} is binary, not text: send a .txt, .md or .html article.")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    candidates: list[str | None] = [_known_codec(declared)]
    head = data[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            candidates.append(_known_codec(m.group(1).decode("ascii", "ignore")))
    candidates.append("utf-8")
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    # Mostly-ASCII text with a few stray high bytes is Western European almost always;
    # statistical detection misreads such short samples as CJK encodings.
    high = sum(1 for b in data[:65536] if b >= 0x80)
    if high / max(1, min(len(data), 65536)) < 0.05:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{what} is in a character encoding that could not be recognised.")
    text = str(best)
    if _mostly_garbage(text):
        raise InputError(f"{what} is in a character encoding that could not be recognised.")
    return text


def _mostly_garbage(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for c in text[:5000] if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t"))
    return bad / min(len(text), 5000) > 0.05
