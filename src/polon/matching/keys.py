"""Blocking keys: short strings that two spellings of the same name very probably share.

A key is a 6-letter prefix of the word's *medium* skeleton (phonetic reading with consonant
classes merged, every vowel written ``a``, ``h``/``j`` dropped), plus that prefix with each one
letter deleted (the symmetric-deletion trick: two strings one edit apart share a deletion).
Prefixes make a lost suffix (Achmedjar / Ахмедьяров) harmless; deletions cover one dropped,
added or changed letter in the first six (Lupan / Лукпан).

:class:`~polon.matching.NameIndex` keys its vocabulary words by :func:`word_keys` and looks up
the keys of a query word's readings.
"""

from __future__ import annotations

from itertools import combinations

from polon.matching.phonetic import collapse_runs
from polon.matching.words import Word

PREFIX = 6
_MEDIUM = str.maketrans({
    "b": "p", "v": "f", "d": "t", "g": "k", "z": "s", "Z": "S", "C": "S", "c": "S", "s": "S",
    "h": None, "j": None, "e": "a", "i": "a", "o": "a", "u": "a",
})


def medium(reading: str) -> str:
    """Medium skeleton of a phonetic reading (see module docstring)."""
    return collapse_runs(reading.translate(_MEDIUM))


def reading_keys(reading: str) -> set[str]:
    """Keys of one phonetic reading: the 6-letter prefix and its one-deletion variants."""
    m = medium(reading)[:PREFIX]
    keys = {m}
    if len(m) >= 4:  # deletions of very short skeletons would match nearly everything
        for (i,) in combinations(range(len(m)), 1):
            keys.add(m[:i] + m[i + 1:])
    return keys


def word_keys(word: Word, readings: int = 1) -> set[str]:
    """Keys for a word under its best ``readings`` readings."""
    out: set[str] = set()
    for r, _cost in word.readings[:readings]:
        out |= reading_keys(r)
    return out
