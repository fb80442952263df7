"""Script detection for personal names."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Script(StrEnum):
    """The writing system a name (or one word of it) is written in."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    MIXED = "mixed"  # letters from more than one script inside the same string
    OTHER = "other"  # letters, but neither Latin nor Cyrillic (Arabic, Greek, CJK, ...)
    NONE = "none"  # no letters at all


def letter_script(ch: str) -> Script | None:
    """Script of one character, or ``None`` if it is not a letter."""
    if not ch.isalpha():
        return None
    # unicodedata.name is the only stdlib way to learn a code point's script; the block
    # ranges below cover the common cases quickly before falling back to it.
    o = ord(ch)
    if o < 0x80:
        return Script.LATIN
    if 0x400 <= o <= 0x52F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return Script.CYRILLIC
    if 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF:
        return Script.LATIN
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return Script.LATIN
    if name.startswith("CYRILLIC"):
        return Script.CYRILLIC
    return Script.OTHER


def detect_script(text: str) -> Script:
    """Return the script of ``text``: LATIN, CYRILLIC, MIXED, OTHER or NONE.

    Only letters count; digits, punctuation and marks are ignored.  A string that mixes
    Latin and Cyrillic letters (also via look-alikes such as Latin ``a`` in a Cyrillic word)
    is MIXED; :func:`polon.names.normalise` repairs look-alikes first if you want one script.
    """
    seen: set[Script] = set()
    for ch in text:
        s = letter_script(ch)
        if s is not None:
            seen.add(s)
    if not seen:
        return Script.NONE
    if len(seen) == 1:
        return seen.pop()
    return Script.MIXED


def word_script_counts(word: str) -> tuple[int, int]:
    """Number of (Latin, Cyrillic) letters in ``word``."""
    lat = cyr = 0
    for ch in word:
        s = letter_script(ch)
        if s is Script.LATIN:
            lat += 1
        elif s is Script.CYRILLIC:
            cyr += 1
    return lat, cyr
