"""Words of a name prepared for matching: normalised text plus phonetic readings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from polon.matching.errors import QueryError
from polon.matching.phonetic import readings
from polon.names import normalise

#: A query may not have more words than this; beyond it the text is not a name.
MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # normalised (lower case, look-alikes fixed, Latin diacritics folded)
    original: str  # as written, for explanations
    readings: tuple[tuple[str, float], ...]  # phonetic readings with costs, best first

    @property
    def is_initial(self) -> bool:
        """A one-letter word: "I." or "Ю." (the dot is not kept)."""
        return len(self.text) == 1

    @property
    def is_cyrillic(self) -> bool:
        return bool(self.text) and "\u0400" <= self.text[0] <= "\u052f"


@lru_cache(maxsize=200_000)
def make_word(original: str) -> Word | None:
    """Prepare one written word; ``None`` if it has no letters."""
    # Readings are computed before diacritic folding: š, č, ž, ü carry sound information.
    keep = normalise(original, diacritics=True).replace(" ", "")
    if not keep:
        return None
    return Word(normalise(original).replace(" ", ""), keep[:1].upper() + keep[1:], readings(keep))


def name_words(name: str, *, strict: bool = True) -> list[Word]:
    """Split and prepare a name.  With ``strict``, raise :class:`QueryError` if it has no
    letters or more than :data:`MAX_WORDS` words."""
    parts = normalise(name, diacritics=True).split(" ")
    originals = [p for p in parts if p]
    out = [w for w in (make_word(p) for p in originals) if w is not None and w.readings[0][0]]
    if strict:
        if not out:
            raise QueryError(f"name {name[:40]!r} contains no letters")
        if len(out) > MAX_WORDS:
            raise QueryError(f"name has {len(out)} words; at most {MAX_WORDS} are accepted")
    return out[:MAX_WORDS]
