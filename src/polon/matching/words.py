"""Words of a name prepared for matching: normalised text plus phonetic readings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from polon.matching.channel import cyrillic_spellings
from polon.matching.errors import QueryError
from polon.matching.phonetic import cyrillic_reading, readings
from polon.names.normalise import MAX_NAME_LENGTH, normalise
from polon.names.parse import patronymic_particles
from polon.names.translit import romanise

#: A query may not have more words than this; beyond it the text is not a name.
MAX_WORDS = 8
#: A Latin word keeps its best rule readings (phonetic.py) ...
RULE_READINGS = 4
#: ... and adds the readings of its likeliest learned Cyrillic spellings (channel.py).  Three,
#: not two: the third is often the pronunciation a rule cannot see (Duke / Дьюк, Shake / Шейк,
#: Maillé / Майе, Karagianni / Караянни), worth its small cost in CPU.
LEARNED_READINGS = 3
#: Reading cost per unit of a learned spelling's log-probability below the best one (whose
#: reading costs 0, like the usual rule reading): the others are weaker readings.
LEARNED_COST_PER_LOG = 0.3


def _starts_cyrillic(word: str) -> bool:
    return bool(word) and "\u0400" <= word[0] <= "\u052f"


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # normalised (lower case, look-alikes fixed, Latin diacritics folded)
    original: str  # as written, for explanations
    readings: tuple[tuple[str, float], ...]  # phonetic readings with costs, best first
    # readings that only a learned spelling gave, with that Cyrillic spelling (for explanations)
    learned: tuple[tuple[str, str], ...] = ()
    # A one-letter word: "I." or "Ю." (the dot is not kept).  Stored, not a property: it is
    # read in the innermost loop of a search.
    is_initial: bool = field(init=False)
    is_cyrillic: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_initial", len(self.text) == 1)
        object.__setattr__(self, "is_cyrillic", _starts_cyrillic(self.text))


@lru_cache(maxsize=200_000)
def make_word(original: str) -> Word | None:
    """Prepare one written word; ``None`` if it has no letters."""
    # Readings are computed before diacritic folding: š, č, ž, ü carry sound information.
    keep = normalise(original, diacritics=True).replace(" ", "")
    if not keep:
        return None
    text, shown = normalise(original).replace(" ", ""), keep[:1].upper() + keep[1:]
    if _starts_cyrillic(keep):
        return Word(text, shown, readings(keep))
    return Word(text, shown, *latin_word_readings(keep))


def latin_word_readings(word: str) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, str], ...]]:
    """A Latin word's readings: the best rule readings, then those of its learned Cyrillic
    spellings ("Renault" -> Рено, which no letter-by-letter rule gives), best first; and the
    learned ones with their spellings."""
    rule = readings(word)[:RULE_READINGS]
    merged = dict(rule)
    learned: list[tuple[str, str]] = []
    for cyr, logp in cyrillic_spellings(word, LEARNED_READINGS):
        r = cyrillic_reading(cyr)
        if r and r not in merged:
            merged[r] = LEARNED_COST_PER_LOG * -logp + 0.0  # + 0.0: no "-0.0"
            learned.append((r, cyr))
    return tuple(sorted(merged.items(), key=lambda kv: kv[1])), tuple(learned)


def name_words(name: str, *, strict: bool = True) -> list[Word]:
    """Split and prepare a name.  With ``strict``, raise :class:`QueryError` if it has no
    letters or more than :data:`MAX_WORDS` words."""
    if len(name) <= MAX_NAME_LENGTH:
        out = [w for token in name.split() for w in _token_words(token)]
    else:  # let normalise refuse it, with its reason
        out = list(_words_of(normalise(name, diacritics=True)))
    # "Бакыт уулу" and "Бакытович" name the same father: the particle is not a name word, and
    # left in, it was a query word without a counterpart in the Russian form (0.74, "possible")
    if len(out) > 1:
        particles = patronymic_particles()
        out = [w for i, w in enumerate(out) if i == 0 or w.text not in particles]
    if strict:
        if not out:
            raise QueryError(f"name {name[:40]!r} contains no letters")
        if len(out) > MAX_WORDS:
            raise QueryError(f"name has {len(out)} words; at most {MAX_WORDS} are accepted")
    return out[:MAX_WORDS]


def _words_of(normalised: str) -> tuple[Word, ...]:
    return tuple(w for w in (make_word(p) for p in normalised.split(" ") if p) if w is not None and w.readings[0][0])


@lru_cache(maxsize=200_000)
def _token_words(token: str) -> tuple[Word, ...]:
    """The words of one whitespace-separated token ("Анна-Мария" is two).  Normalising token by
    token gives what normalising the whole name gives (every step of polon.names.normalise
    looks at one word at a time), and the tokens of a million names are mostly the same few
    hundred thousand, so this cache makes loading an index about twice as fast.  A token in a script
    without rules of its own (Devanagari: the Nepali captives) is compared by its romanisation."""
    return _words_of(normalise(romanise(token), diacritics=True))


def forget_words() -> None:
    """Empty the caches of prepared words (after changing how words are read, as tests do)."""
    make_word.cache_clear()
    _token_words.cache_clear()
