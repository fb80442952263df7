"""A common phonetic skeleton for Latin and Cyrillic spellings of one name.

Every spelling is mapped into one small alphabet in which each *sound* is one character, so
that edit distances count letters, not bytes or digraph pieces ("shch", "schtsch", "chtch"
and "щ" are all ``SC``):

    vowels a e i o u, j (й / iotation), consonants b p v f d t g k h z s m n l r,
    Z = ж, S = ш, C = ч, c = ц

Cyrillic maps deterministically.  Latin is ambiguous (``ch`` is ч in English, х in German,
ш in French; ``j`` is й, дж or ж; ``z`` is з or ц), so a Latin word yields a few weighted
*readings*.  The rules are hand-written because no library maps Western spellings of
Slavic/Turkic names back to sounds; they are tables in ``data/latin_phonetic.tsv``.

On top of the fine form, :func:`coarse` merges voiced/voiceless pairs and sibilants and drops
vowels and ``h``: that is the skeleton the blocking keys are cut from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

_CYR_TABLE: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "Z", "з": "z",
    "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "C", "ш": "S", "щ": "SC",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "ju", "я": "ja",
    # Ukrainian, Belarusian, Kazakh, Kyrgyz, Tajik, Uzbek letters
    "і": "i", "ї": "ji", "є": "je", "ґ": "g", "ў": "u", "ә": "a", "ғ": "g", "қ": "k", "ң": "n",
    "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "dZ", "җ": "Z",
    "ј": "j", "ѕ": "dz",
}
_VOWELS = frozenset("aeiou")


@cache
def _latin_rules() -> tuple[dict[str, tuple[tuple[str, float], ...]], int]:
    """``data/latin_phonetic.tsv``: latin chunk -> ((reading, cost), ...)."""
    text = resources.files("polon.matching").joinpath("data").joinpath("latin_phonetic.tsv").read_text("utf-8")
    rules: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        chunk, reading, cost = line.split("\t")
        rules.setdefault(chunk, []).append(("" if reading == "-" else reading, float(cost)))
    return {k: tuple(v) for k, v in rules.items()}, max(map(len, rules))


_DOUBLED = re.compile(r"(.)\1+")


def collapse_runs(s: str) -> str:
    """``s`` with each run of one letter written once ("SSa" -> "Sa"): doubled letters are
    a spelling habit, not a sound (Zehrfuss / Зерфюс)."""
    return _DOUBLED.sub(r"\1", s)


_IA_IS_JA = re.compile(r"i(?=[aeou])")
_FINAL_J = re.compile(r"(?<=[aeiou])j(?=$|[^aeiou])")
_INITIAL_JE = re.compile(r"^j(?=[ei])")
_IOTATED_E = re.compile(r"(?<=[aeiou])je")


def python_tidy(p: str) -> str:
    """Shared clean-up of a reading, identical for both scripts so they meet halfway: the
    definition of the compiled :func:`polon.matching._kernels.tidy`."""
    p = collapse_runs(p)
    p = p.replace("jj", "j").replace("ji", "i").replace("ij", "i")  # Marija / Мария, Dmitrij
    p = _IA_IS_JA.sub("j", p)  # Akhmediarov / Ахмедьяров: ia == ja
    p = _FINAL_J.sub("i", p)  # Nikolaj / Nikolai / Николай
    p = _INITIAL_JE.sub("", p)  # Jelzin / Yeltsin / Ельцин: word-initial е
    p = _IOTATED_E.sub("e", p)  # Dostojewski / Достоевский
    return collapse_runs(p)


try:  # built by tools/build_native.py with the mypyc modules (see polon/_native.py)
    from polon.matching._kernels import tidy as _tidy
except ImportError:
    _tidy = python_tidy


def cyrillic_reading(word: str) -> str:
    """The phonetic form of a lower-case Cyrillic word (unknown characters are dropped)."""
    return _tidy("".join(_CYR_TABLE.get(ch, "") for ch in word))


_STRIP_RE = re.compile(r"[^a-zA-Z]")


@lru_cache(maxsize=65536)
def latin_readings(word: str, limit: int = 6) -> tuple[tuple[str, float], ...]:
    """Up to ``limit`` phonetic readings of a lower-case Latin word with their costs, best first.

    A k-best segmentation over the rule table; cost 0 is the most common reading.
    """
    rules, max_chunk = _latin_rules()
    word = unicodedata.normalize("NFC", word)
    n = len(word)
    beams: list[list[tuple[float, str]]] = [[] for _ in range(n + 1)]
    beams[0] = [(0.0, "")]
    for i in range(n):
        if not beams[i]:
            continue
        beams[i] = sorted(set(beams[i]))[: limit * 2]
        matched = False
        for j in range(min(n, i + max_chunk), i, -1):
            options = rules.get(word[i:j])
            if not options:
                continue
            here = [(r, c) for reading, c in options if (r := _context(reading, word, i, j)) is not None]
            if not here:  # only rules for another context (soft "c" before "a")
                continue
            # splitting a known digraph ("s"+"h" for "sh") is possible but unlikely
            split_cost = 1.0 if matched else 0.0
            matched = True
            for cost, prefix in beams[i]:
                for reading, c in here:
                    beams[j].append((cost + c + split_cost, prefix + reading))
        if not matched:
            base = "".join(c for c in unicodedata.normalize("NFD", word[i]) if not unicodedata.combining(c))
            for cost, prefix in beams[i]:
                beams[i + 1].append((cost + 0.5, prefix + _STRIP_RE.sub("", base)))
    best: dict[str, float] = {}
    for cost, reading in sorted(beams[n]):
        t = _tidy(reading)
        if t not in best:
            best[t] = cost
            if len(best) == limit:
                # the rest cost at least as much, so a stable sort would put them after these
                break
    return tuple(sorted(best.items(), key=lambda kv: kv[1]))


def _context(reading: str, word: str, i: int, j: int) -> str | None:
    # Rules marked with a trailing "|" apply only before e/i/y (Latin soft c, g); elsewhere they
    # do not apply (None), and the chunk's other rules give its hard value.  Kept in code because
    # a TSV cannot say it.
    if reading.endswith("|"):
        nxt = word[j:j + 1]
        return reading[:-1] if nxt and nxt in "eiyéèêëí" else None
    if reading == "H":  # Latin h: sounded at the start or between vowels, silent after a vowel
        prev = word[i - 1:i]
        nxt = word[j:j + 1]
        if prev and prev in "aeiouy" and (not nxt or nxt not in "aeiouy"):
            return ""
        return "h"
    return reading


def readings(word: str) -> tuple[tuple[str, float], ...]:
    """Phonetic readings of a normalised word in either script, with costs."""
    if not word:
        return ()
    if "\u0400" <= word[0] <= "\u052f":
        return ((cyrillic_reading(word), 0.0),)
    return latin_readings(word)


_COARSE = str.maketrans({
    "b": "p", "v": "f", "d": "t", "g": "k", "z": "s", "Z": "S", "C": "S", "c": "S", "s": "S",
    "h": None, "j": None, "a": None, "e": None, "i": None, "o": None, "u": None,
})


def coarse(reading: str) -> str:
    """Consonant skeleton: vowels, j and h dropped, voicing and sibilants merged, runs collapsed."""
    return collapse_runs(reading.translate(_COARSE))
