"""Blocking keys: short strings that two spellings of the same name very probably share.

A key is a 6-letter prefix of the word's *medium* skeleton (phonetic reading with consonant
classes merged, every vowel written ``a``, ``h``/``j`` dropped), plus that prefix with each one
letter deleted (the symmetric-deletion trick: two strings one edit apart share a deletion).
Prefixes make a lost suffix (Achmedjar / Ахмедьяров) harmless; deletions cover one dropped,
added or changed letter in the first six (Lupan / Лукпан).

A database can store :func:`index_keys` per name spelling in an indexed column and look up
:func:`query_keys`; :class:`~polon.matching.NameIndex` uses the same functions on its vocabulary.
"""

from __future__ import annotations

from itertools import combinations

from polon.matching.phonetic import collapse_runs
from polon.matching.words import Word, name_words

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


def index_keys(name: str) -> set[str]:
    """Blocking keys to store for one spelling of a name (at most about 7 per word, so at most
    ~40 for a long name).  Latin spellings use their best two readings, Cyrillic their one."""
    keys: set[str] = set()
    for w in name_words(name, strict=False)[:5]:
        keys |= word_keys(w, 1 if w.is_cyrillic else 2)
    return keys


def query_keys(query: str) -> set[str]:
    """Keys to look up for a query: every plausible reading of every word.  A record is a
    candidate if one of its :func:`index_keys` is among them.  Raises
    :class:`~polon.matching.QueryError` for a query without letters."""
    keys: set[str] = set()
    for w in name_words(query):
        keys |= word_keys(w, len(w.readings))
    return keys
