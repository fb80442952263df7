"""Similarity of two words and of two names, letters compared on the phonetic skeleton."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from polon.matching.words import Word

#: Penalty per unit of reading cost (a less usual reading of a Latin spelling).
READING_COST_WEIGHT = 0.03
#: Similarity granted when one reading is the other minus a suffix (Achmedjar / Ахмедьяров).
TRUNCATION_SIM = 0.88
MIN_PREFIX = 5
#: Similarity of an initial ("I.", "Ю.") to a name that begins with its sound (Иванович, Юрий).
INITIAL_SIM = 0.85
#: Penalty for a match found only once vowels are ignored (David / Дэвид, Bale / Бейл): vowels
#: are what transliteration and pronunciation spellings change most, consonants rarely.
VOWEL_ONLY_PENALTY = 0.08
_RUNS_OF_A = re.compile("a+")
_VOWELS_ALIKE = str.maketrans({"e": "a", "i": "a", "o": "a", "u": "a", "j": None})

try:  # built by tools/build_native.py with the mypyc modules (see polon/_native.py)
    from polon.matching._kernels import readings_similarity as _compiled_readings_similarity
except ImportError:
    _compiled_readings_similarity = None


def reading_similarity(q: str, qcost: float, c: str) -> float:
    """Similarity of one query reading to one candidate reading, 0..1."""
    sim = Levenshtein.normalized_similarity(q, c)
    short, long_ = (q, c) if len(q) <= len(c) else (c, q)
    if len(short) >= MIN_PREFIX and long_.startswith(short):
        sim = max(sim, TRUNCATION_SIM - 0.01 * max(0, len(long_) - len(short) - 2))
    return sim - READING_COST_WEIGHT * qcost


_lev = Levenshtein.normalized_similarity


def initial_similarity(initial: Word, other: Sequence[tuple[str, float]]) -> float:
    """An initial against a full word's readings: :data:`INITIAL_SIM` if the word begins with
    one of the initial's sounds (J. is Юрий, Жанна or Джамиль), else 0."""
    for ir, _ in initial.readings:
        for cr, _ in other[:2]:
            if cr.startswith(ir):
                return INITIAL_SIM
    return 0.0


@lru_cache(maxsize=200_000)
def _vowels_alike(r: str) -> str:
    return _RUNS_OF_A.sub("a", r.translate(_VOWELS_ALIKE))


def word_similarity(q: Word, c: Word) -> tuple[float, str, str]:
    """Best similarity over both words' readings, with the two readings that gave it.

    An initial (a one-letter word) matches any word that begins with its sound.  The best
    pair of readings is also compared with vowels ignored, at a small penalty."""
    if q.is_initial != c.is_initial:
        sim = initial_similarity(q, c.readings) if q.is_initial else initial_similarity(c, q.readings)
        return sim, q.readings[0][0], c.readings[0][0]
    return readings_similarity(q, c.readings[:2])


def plain_word_similarity(q: Word, reading: str) -> tuple[float, str, str]:
    """:func:`word_similarity` against a word that is not an initial and has the one reading
    ``reading`` at no cost (every Cyrillic name word): NameIndex keeps those readings in a list
    and calls this without touching the word itself, whose scattered objects cost more cache
    misses than the comparison costs work at a million persons."""
    readings = ((reading, 0.0),)
    if q.is_initial:
        return initial_similarity(q, readings), q.readings[0][0], reading
    return readings_similarity(q, readings)


def readings_similarity(q: Word, creadings: Sequence[tuple[str, float]]) -> tuple[float, str, str]:
    """The core of :func:`word_similarity`: query word ``q`` against a word's readings (with
    costs), neither an initial.  :func:`reading_similarity` inlined (this is the hottest loop
    of a search); with the native build, the same loop in C (``_kernels.pyx``)."""
    if _compiled_readings_similarity is not None:
        return _compiled_readings_similarity(q.readings, creadings, MIN_PREFIX, TRUNCATION_SIM,
                                             READING_COST_WEIGHT, VOWEL_ONLY_PENALTY)
    return python_readings_similarity(q, creadings)


def python_readings_similarity(q: Word, creadings: Sequence[tuple[str, float]]) -> tuple[float, str, str]:
    """:func:`readings_similarity` in Python: the definition of the compiled loop."""
    best, bq, bc = -1.0, "", ""
    for cr, ccost in creadings:
        lc = len(cr)
        for qr, qcost in q.readings:
            sim = _lev(qr, cr)
            lq = len(qr)
            if lq <= lc:
                if lq >= MIN_PREFIX and cr.startswith(qr):
                    sim = max(sim, TRUNCATION_SIM - 0.01 * max(0, lc - lq - 2))
            elif lc >= MIN_PREFIX and qr.startswith(cr):
                sim = max(sim, TRUNCATION_SIM - 0.01 * max(0, lq - lc - 2))
            sim -= READING_COST_WEIGHT * (qcost + ccost)
            if sim > best:
                best, bq, bc = sim, qr, cr
    if best < 1.0 - VOWEL_ONLY_PENALTY:
        vq, vc = _vowels_alike(bq), _vowels_alike(bc)
        if len(vc) >= 3 and vq == vc:
            # keep the penalty for unusual readings (best = letters - costs, or a truncation)
            best = max(best, 1.0 - VOWEL_ONLY_PENALTY - max(0.0, _lev(bq, bc) - best))
    return best, bq, bc


@dataclass(frozen=True)
class WordPair:
    query: Word
    candidate: Word | None
    sim: float
    query_reading: str = ""
    candidate_reading: str = ""


def word_weight(w: Word) -> float:
    # Longer words carry more identifying evidence than "Ян" or "Ли".
    return float(max(3, min(10, len(w.readings[0][0]))))


Sims = dict[tuple[int, int], tuple[float, str, str]]


def best_pairs(sims: Sims) -> dict[int, tuple[int, float, str, str]]:
    """Greedy best-first pairing: query word ``i`` -> (candidate word ``j``, similarity, the two
    readings), each word of either side used at most once, pairs of similarity <= 0 never made."""
    used_c: set[int] = set()
    pairs: dict[int, tuple[int, float, str, str]] = {}
    for (i, j), (s, qr, cr) in sorted(sims.items(), key=lambda kv: -kv[1][0]):
        if s <= 0:
            break
        if i in pairs or j in used_c:
            continue
        used_c.add(j)
        pairs[i] = (j, s, qr, cr)
    return pairs


def align(query: Sequence[Word], candidate: Sequence[Word], sims: Sims | None = None) -> list[WordPair]:
    """Pair each query word with at most one candidate word, best pairs first (so word order
    does not matter: "Akhmediarov Lukpan" pairs with "Лукпан Ахмедьяров")."""
    if sims is None:
        sims = {(i, j): word_similarity(q, c) for i, q in enumerate(query) for j, c in enumerate(candidate)}
    pairs = best_pairs(sims)
    return [WordPair(q, candidate[pairs[i][0]], *pairs[i][1:]) if i in pairs else WordPair(q, None, 0.0)
            for i, q in enumerate(query)]


#: Fraction of the name score kept when the candidate has words the query lacks (a patronymic).
EXTRA_WORD_FACTOR = 0.98


def _weighted(got: float, total: float, matched: int, candidate_len: int) -> float:
    score = got / total if total else 0.0
    if candidate_len > matched:
        score *= EXTRA_WORD_FACTOR ** (candidate_len - matched)
    return score


def name_score(pairs: Sequence[WordPair], candidate_len: int) -> float:
    """Weighted mean of word similarities; unmatched query words count as 0."""
    return _weighted(sum(word_weight(p.query) * max(0.0, p.sim) for p in pairs),
                     sum(word_weight(p.query) for p in pairs),
                     sum(1 for p in pairs if p.candidate is not None), candidate_len)


def aligned_name_score(sims: Sims, weights: Sequence[float], candidate_len: int) -> float:
    """``name_score(align(query, candidate, sims), candidate_len)`` without building the pairs,
    for ranking many candidates quickly (``weights[i]`` is :func:`word_weight` of query word ``i``)."""
    pairs = best_pairs(sims)
    # summed in query order, as name_score sums, so that the two agree to the last bit
    return _weighted(sum(weights[i] * pairs[i][1] for i in range(len(weights)) if i in pairs), sum(weights),
                     len(pairs), candidate_len)
