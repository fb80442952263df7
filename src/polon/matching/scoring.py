"""Scoring of one candidate record against a query, with an explanation a registrar can read."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from polon.matching.evidence import (
    Contribution,
    PartialDate,
    citizenship_evidence,
    date_evidence,
    parse_date,
    service_number_evidence,
)
from polon.matching.similarity import WordPair, align, name_score
from polon.matching.words import Word, name_words
from polon.names import SCHEMES, latin_spellings, normalise, parse_name

#: Score at or above which a match is "likely" the same person.
LIKELY = 0.85
#: Score at or above which a match is "possible" and worth a registrar's look.
POSSIBLE = 0.5


#: A query word paired with a record word less alike than this names someone else (Anna / Мария 0.4,
#: Erlan / Ержан 0.8, while the garbled Lupan / Лукпан is 0.83 and true spellings mostly 0.95-1):
#: such a match is never "likely", however well the other words agree, so that a registrar can
#: trust the band.
SPELLING_SIM = 0.82
#: Where a match names someone else, a score of "likely" is brought just under :data:`LIKELY`, into
#: [0.8325, 0.84], keeping the order of such matches among themselves.
ANOTHER_NAME_CAP = 0.84


def another_name_score(score: float) -> float:
    """The score of a match that would be likely but pairs a word with another name (see :data:`SPELLING_SIM`)."""
    return ANOTHER_NAME_CAP - (1.0 - score) * 0.05 if score >= LIKELY else score


def band_for(score: float) -> str | None:
    if score >= LIKELY:
        return "likely"
    if score >= POSSIBLE:
        return "possible"
    return None


class Scored:
    """Result of :func:`score_candidate`: ``score`` 0..1, ``band`` ("likely", "possible" or
    ``None`` below possible), ``explanation`` (one clause per contribution; built on first
    access), ``contributions`` and the candidate spelling that matched best."""

    __slots__ = ("score", "band", "best_name", "judged", "_pairs", "_evidence", "_name_score", "_text")

    def __init__(self, score: float, band: str | None, best_name: str, judged: bool | None,
                 pairs: Sequence[WordPair], evidence: Sequence[Contribution], name_score: float,
                 text: str | None = None) -> None:
        self.score = score
        self.band = band
        self.best_name = best_name
        self.judged = judged
        self._pairs = pairs
        self._evidence = tuple(evidence)
        self._name_score = name_score
        self._text = text

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        if self.judged is not None:
            return (Contribution(0.0, self.explanation),)
        return (Contribution(round(self._name_score, 3), describe_name(self._pairs, self.best_name)),
                *self._evidence)

    @property
    def explanation(self) -> str:
        if self._text is None:
            self._text = "; ".join(c.text for c in self.contributions)
        return self._text

    def __repr__(self) -> str:
        return f"Scored(score={self.score}, band={self.band!r}, explanation={self.explanation!r})"


def score_candidate(
    query: str,
    candidate_names: Sequence[str],
    *,
    birth_date: str | None = None,
    candidate_birth_date: str | None = None,
    citizenships: Sequence[str] = (),
    candidate_citizenships: Sequence[str] = (),
    service_number: str | None = None,
    candidate_service_number: str | None = None,
    judged: bool | None = None,
) -> Scored:
    """Score how likely ``query`` (plus optional evidence) describes a candidate record.

    The name part compares the query with each of the candidate's spellings word by word, in
    any order, on the phonetic skeleton; the best spelling counts.  Birth date, citizenship and
    service number add or subtract.  ``judged`` is a registrar's verdict on this pair, which
    overrides everything: ``True`` gives 1.0/"likely", ``False`` 0.0/None.
    Raises :class:`~polon.matching.QueryError` for a query without letters or a bad date.
    """
    return score_words(
        name_words(query), [(n, name_words(n, strict=False)) for n in candidate_names],
        birth_date=birth_date, candidate_birth_date=candidate_birth_date, citizenships=citizenships,
        candidate_citizenships=candidate_citizenships, service_number=service_number,
        candidate_service_number=candidate_service_number, judged=judged)


def score_words(
    qwords: Sequence[Word],
    candidates: Sequence[tuple[str, Sequence[Word]]],
    *,
    birth_date: str | None = None,
    candidate_birth_date: str | None = None,
    citizenships: Sequence[str] = (),
    candidate_citizenships: Sequence[str] = (),
    service_number: str | None = None,
    candidate_service_number: str | None = None,
    judged: bool | None = None,
    sims: Sequence[dict] | None = None,
) -> Scored:
    """:func:`score_candidate` on names already split into :class:`Word` s (used by NameIndex).

    ``sims`` (one dict per candidate name, ``{(query word, candidate word): word_similarity}``)
    lets NameIndex reuse word similarities it already computed; the result is the same."""
    qdate = parse_date(birth_date)
    cdate = parse_date(candidate_birth_date)
    first = candidates[0][0] if candidates else ""
    if judged is not None:
        text = "registrar confirmed: same person" if judged else "registrar ruled out: not the same person"
        return Scored(1.0 if judged else 0.0, "likely" if judged else None, first, judged, (), (), 0.0, text)
    best: tuple[float, list[WordPair], str] = (-1.0, [], "")
    for k, (name, cwords) in enumerate(candidates):
        if not cwords:
            continue
        pairs = align(qwords, cwords, sims[k] if sims is not None else None)
        s = name_score(pairs, len(cwords))
        if s > best[0]:
            best = (s, pairs, name)
    name_s, pairs, best_name = best
    if name_s < 0:
        return Scored(0.0, None, first, None, (), (), 0.0, "candidate has no name")
    evidence = evidence_for(qdate, cdate, citizenships, candidate_citizenships, service_number,
                            candidate_service_number)
    score = combined_score(name_s, evidence)
    if score >= LIKELY and any(p.candidate is not None and p.sim < SPELLING_SIM for p in pairs):
        score = another_name_score(score)
    return Scored(round(score, 4), band_for(score), best_name, None, pairs, evidence, name_s)


def evidence_for(qdate: PartialDate | None, cdate: PartialDate | None, citizenships: Sequence[str],
                 candidate_citizenships: Sequence[str], service_number: str | None,
                 candidate_service_number: str | None) -> list[Contribution]:
    """The contributions of birth date, citizenship and service number that apply."""
    return [ev for ev in (date_evidence(qdate, cdate),
                          citizenship_evidence(citizenships, candidate_citizenships),
                          service_number_evidence(service_number, candidate_service_number))
            if ev is not None]


def combined_score(name_score: float, evidence: Sequence[Contribution]) -> float:
    """The score of a name score with its evidence, 0..1 (before rounding: the band is
    decided on this)."""
    return max(0.0, min(1.0, name_score + sum(c.delta for c in evidence)))


def passing_score(score: float) -> float | None:
    """What :func:`score_words` reports as ``score`` for a ``combined_score``, or ``None`` where
    its match would be below "possible" (and so never shown)."""
    shown = round(score, 4)
    if band_for(score) is None or shown < POSSIBLE:
        return None
    return shown


def describe_name(pairs: Sequence[WordPair], candidate_name: str) -> str:
    """One clause per query word: role, the two spellings, how they relate."""
    roles = _roles(candidate_name)
    out = []
    for p in pairs:
        if p.candidate is None:
            out.append(f"{p.query.original}: no counterpart in {candidate_name}")
            continue
        role = roles.get(p.candidate.text, "name")
        out.append(f"{role}: {describe_word(p.query, p.candidate, p.query_reading)}")
    return "; ".join(out)


@lru_cache(maxsize=20_000)
def _roles(candidate_name: str) -> dict[str, str]:
    parts = parse_name(candidate_name)
    roles: dict[str, str] = {}
    for role, w in (("surname", parts.surname), ("given name", parts.given), ("patronymic", parts.patronymic)):
        if w:
            for piece in normalise(w).split(" "):
                roles.setdefault(piece, role)
    return roles


@lru_cache(maxsize=50_000)
def _folded_spellings(cyrillic: str) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for sid, sp in latin_spellings(cyrillic).items():
        seen.setdefault(normalise(sp).replace(" ", ""), sid)
    return tuple((sp, sid) for sp, sid in seen.items())


def _diff_words(q: str, target: str) -> str:
    """'1 letter missing', 'suffix missing', '2 letters changed' ... between two same-script words."""
    ops = Levenshtein.editops(q, target)
    # target letters absent at the end of the query: a lost ending (-ов, -ова, -ский ...)
    tail = [op for op in ops if op.tag == "insert" and op.src_pos == len(q)]
    suffix = len(tail) >= 2
    rest = [op for op in ops if not (suffix and op in tail)]
    missing = sum(1 for op in rest if op.tag == "insert")
    extra = sum(1 for op in rest if op.tag == "delete")
    changed = sum(1 for op in rest if op.tag == "replace")
    bits = []
    for n, what in ((missing, "missing"), (extra, "added"), (changed, "changed")):
        if n:
            bits.append(f"{n} letter{'s' if n > 1 else ''} {what}")
    if suffix:
        if bits and bits[-1].endswith("missing"):
            bits[-1] = bits[-1].replace(" missing", "") + " and suffix missing"
        else:
            bits.append("suffix missing")
    return ", ".join(bits)


LEARNED = "a spelling learned from Wikidata names"


def describe_word(q: Word, c: Word, query_reading: str = "") -> str:
    """How query word ``q`` relates to candidate word ``c``; ``query_reading`` is the reading of
    ``q`` that matched (a learned spelling is named as such: no scheme explains it)."""
    if q.text == c.text:
        return f"{q.original} = {c.original}"
    if q.is_initial != c.is_initial:
        if q.is_initial:
            return f"{q.original}. = initial of {c.original}"
        return f"{q.original} begins with the initial {c.original}."
    learned = dict(q.learned).get(query_reading) if query_reading else None
    if learned and c.is_cyrillic:
        if learned == c.text:
            return f"{q.original} = {c.original} in {LEARNED}"
        diff = _diff_words(learned, c.text)
        return f"{q.original} ≈ {c.original} via {LEARNED} ({learned})" + (f", {diff}" if diff else "")
    if not q.is_cyrillic and c.is_cyrillic:
        spellings = _folded_spellings(c.original)
        if spellings:
            sp, sid = min(spellings, key=lambda s: (Levenshtein.distance(q.text, s[0]), s[1]))
            title = SCHEMES[sid].title
            if sp == q.text:
                return f"{q.original} = {c.original} in {title} spelling"
            diff = _diff_words(q.text, sp)
            return f"{q.original} ≈ {c.original} via {title} spelling ({sp})" + (f", {diff}" if diff else "")
    if q.is_cyrillic == c.is_cyrillic:
        diff = _diff_words(q.text, c.text)
        return f"{q.original} ≈ {c.original}" + (f", {diff}" if diff else "")
    return f"{q.original} ≈ {c.original} by sound"
