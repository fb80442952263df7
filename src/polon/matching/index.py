"""In-memory name index: add records, search by a name in any script or spelling."""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from operator import add, itemgetter, mul, not_

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from polon.matching.evidence import PartialDate, citizenship_evidence, date_evidence, parse_date
from polon.matching.hugepages import ADVISOR
from polon.matching.judgements import Judgements, key_id, name_id
from polon.matching.keys import PREFIX, medium, reading_keys, word_keys
from polon.matching.scoring import (
    LIKELY,
    POSSIBLE,
    SPELLING_SIM,
    Scored,
    another_name_score,
    band_for,
    combined_score,
    evidence_for,
    passing_score,
    score_words,
)
from polon.matching.similarity import (
    EXTRA_WORD_FACTOR,
    Sims,
    aligned_name_score,
    best_pairs,
    plain_word_similarity,
    word_similarity,
    word_weight,
)
from polon.matching.words import Word, name_words

#: Vocabulary words kept per query word after the cheap edit-distance pass (then scored exactly);
#: fewer is faster but loses typo queries (see bench/matching/README.md).
WORD_CANDIDATES = 40
#: A key whose bucket holds more vocabulary words than this (a deletion of a short skeleton,
#: shared by thousands of unrelated words) is skipped when the query word has a selective key.
BIG_BUCKET = 1_500
#: Readings of a query word whose keys are looked up (a Latin word has up to six); the least
#: likely readings add CPU and no recall.
KEY_READINGS = 5
#: Readings of a query word whose one-deletion keys are looked up too; the less likely readings
#: after them look up their prefix key only, which keeps recall for less CPU.
DELETION_READINGS = 3
#: Entries kept per bucket and reading from the cheap pass.
BUCKET_LIMIT = 25
#: Cheap (plain Levenshtein on the best readings) similarity below which a bucket entry is dropped.
CHEAP_CUTOFF = 0.4
#: Word similarity below which a vocabulary word is not considered a spelling of a query word.
MIN_WORD_SIM = 0.55
#: A vocabulary word with more persons than this is intersected through a cached set.
BIG_POSTINGS = 1_500
#: A common spelling (more than :data:`BIG_POSTINGS` persons) less similar than this to the query
#: word is not used to find persons: "Aleksey" / Алексеевна (0.67) or "Vladimir" / Вадим would
#: bring in tens of thousands of persons for what is almost never the intended name.
BIG_MIN_SIM = 0.7
#: Above this many persons matching two query words, a 3+-word query keeps those matching all.
POOL_CAP = 2_500
#: Persons taken per query word on that word alone (best spellings first), so that a person
#: matching only one query word (a misaligned or unknown second word) is still considered.
SINGLE_WORD_POOL = 150
#: When no person scores :data:`WIDEN_BELOW` or more, the single-word pool is widened to this
#: many persons per query word: a misread word's person may hide among the hundreds sharing the
#: other word (Бычкова Бенье for "Bychkova Besnier", 179 Бычковы).
WIDE_SINGLE_WORD_POOL = 500
WIDEN_BELOW = 0.8
#: How far a person's exact score may exceed its pre-score (a query word whose counterpart was
#: not among the candidate spellings still pairs with something when scored exactly); completion
#: estimates such words, so a small slack keeps recall while scoring fewer persons.
RESCORE_SLACK = 0.08
#: Persons re-scored with :func:`score_candidate` per result wanted.
RESCORE_FACTOR = 4
#: Query readings compared with the words of persons that matched only some query words, to
#: estimate the missing words' similarity before exact scoring ("completion").
COMPLETION_READINGS = 2
#: Cheap similarity below which a completed word counts as unmatched.  Lower than
#: MIN_WORD_SIM so that the pre-score of a person with one rare, near-exact word (Ротхофф for
#: "Rotthoff") counts its other word's weak likeness (Шайи for "Chailley") as exact scoring will,
#: instead of ranking it below persons who match both query words a little.
COMPLETION_CUTOFF = 0.3
#: While records are added, every this many the memory not yet advised is put on huge pages
#: (:mod:`polon.matching.hugepages`); about 40 MB each time at 1M, so the pauses stay short.
HUGE_PAGE_STRIDE = 32_768


#: rapidfuzz's ``score_cutoff`` leaves out some similarities exactly at the cutoff (it converts
#: the cutoff to a distance with a tolerance of 1e-5); asking for a little less and comparing
#: here keeps "at or above the cutoff" exact, as the compiled scan (``_kernels.pyx``) has it.  No
#: similarity of two names' readings lies strictly between the two.
_CUTOFF_TOLERANCE = 1e-5


def _keep_best(reading: str, reads: list[str], ids: Sequence[int], best: dict[int, float],
               limit: int | None, cutoff: float) -> None:
    """Rank ``reads`` against ``reading`` (plain Levenshtein, in C) and keep in ``best`` each
    id's highest similarity at or above ``cutoff``, for the best ``limit`` entries (``None``:
    all), best first, ties in list order (``ids[j]`` is the id of ``reads[j]``)."""
    for _, sc, j in process.extract(reading, reads, scorer=Levenshtein.normalized_similarity,
                                    limit=limit, score_cutoff=max(0.0, cutoff - _CUTOFF_TOLERANCE)):
        if sc < cutoff:
            break  # extract yields the best first
        v = ids[j]
        if sc > best.get(v, -1.0):
            best[v] = sc


def keep_best_in_bucket(reading: str, joined: str, ids: Sequence[int], best: dict[int, float],
                        limit: int | None, cutoff: float) -> None:
    """:func:`_keep_best` on the space-separated readings of ``joined``: the definition of the
    compiled scan :func:`polon.matching._kernels.keep_best_in_bucket`, used where it is not built."""
    _keep_best(reading, joined.split(" "), ids, best, limit, cutoff)


def completion_sims(readings: list[str], pids: Iterable[int], flat: array, start: array,
                    vreading: list[str], cutoff: float) -> dict[int, float]:
    """For each person of ``pids``, the best similarity at or above ``cutoff`` of any of
    ``readings`` to the reading of any of its words (person ``p``'s vocabulary ids are
    ``flat[start[p]:start[p + 1]]``, word ``v``'s reading ``vreading[v]``), persons without one
    left out, in the order of ``pids``: the definition of the compiled
    :func:`polon.matching._kernels.completion_sims`."""
    words_of = {pid: flat[start[pid]:start[pid + 1]] for pid in pids}
    vl = list(set().union(*words_of.values()))
    reads = [vreading[v] for v in vl]
    got: dict[int, float] = {}
    for r in readings:
        _keep_best(r, reads, vl, got, None, cutoff)
    out: dict[int, float] = {}
    if got:
        get, zeros = got.get, repeat(0.0)
        for pid, vids in words_of.items():
            best = max(map(get, vids, zeros))
            if best:
                out[pid] = best
    return out


try:  # built by tools/build_native.py with the mypyc modules (see polon/_native.py)
    from polon.matching._kernels import completion_sims as _compiled_completion
    from polon.matching._kernels import keep_best_in_bucket as _compiled_scan
    from polon.matching._kernels import person_name_score as _compiled_name_score
except ImportError:
    _compiled_scan = _compiled_completion = _compiled_name_score = None


def _largest(scores: dict[int, float], n: int) -> list[tuple[int, float]]:
    """The ``n`` items of ``scores`` with the highest values, best first, ties in dict order:
    what ``heapq.nlargest(n, scores.items(), key=itemgetter(1))`` returns (documented as
    equivalent to this), but that is a loop in interpreted Python over every item, and a
    search ranks a few hundred items three times, and sorting in C takes half the time."""
    return sorted(scores.items(), key=itemgetter(1), reverse=True)[:n]


def _chunks(postings: list[array], vids: list[int], size: int) -> Iterator[list[int]]:
    """The persons of the vocabulary words ``vids`` in turn, in lists of ``size`` and then of twice the
    size before (a narrow scope, a tenth of the registry, needs many persons looked at for a few
    admitted ones)."""
    buf: list[int] = []
    for v in vids:
        p = postings[v]
        at = 0
        while at < len(p):
            take = size - len(buf)
            buf.extend(p[at:at + take])
            at += take
            if len(buf) >= size:
                yield buf
                buf = []
                size *= 2
    if buf:
        yield buf


@cache
def _extra_word_factors(n_query_words: int) -> tuple[float, ...]:
    """Indexed by a spelling's word count: :data:`EXTRA_WORD_FACTOR` to the power of the words
    beyond ``n_query_words``."""
    return tuple(EXTRA_WORD_FACTOR ** max(0, k - n_query_words) for k in range(256))


def _likely_years(qdate: PartialDate | None, citizenships: Sequence[str],
                  service_number: str | None) -> frozenset[int] | None:
    """The birth years (0: none recorded) a person needs for a "likely" match with a query born
    ``qdate``, or ``None`` if any year can make one.  Worked out from the evidence rules, not
    assumed: a perfect name with the best other evidence the query can bring, less what a year
    that far apart costs, must still fall short of "likely" (a service number can outweigh a
    wrong year, so with one every year stays)."""
    if qdate is None or service_number:
        return None
    best_other = sum(c.delta for c in (citizenship_evidence(citizenships, citizenships),) if c is not None)
    years = {0}
    for apart in range(0, 10):
        cost = date_evidence(PartialDate(qdate.year), PartialDate(qdate.year + apart))
        if 1.0 + best_other + (cost.delta if cost is not None else 0.0) < LIKELY:
            return frozenset(years)
        years.update((qdate.year - apart, qdate.year + apart))
    return None


@dataclass(frozen=True)
class Within:
    """Which records a search may return, applied before ranking: a search within a subset
    finds the best records *of that subset*, not the subset's share of a global top list.
    ``citizenships``: records holding at least one of them (``None``: any); ``any_tags``: records
    with at least one of these tags (``None``: any); ``all_tags``: records with every one."""

    citizenships: frozenset[str] | None = None
    any_tags: frozenset[str] | None = None
    all_tags: frozenset[str] = frozenset()


class _Scope:
    """The persons a search may consider (its :class:`Within`, and for a likely-only search the birth
    years a likely match can have), as a filter of person-id sequences.

    Decided once per distinct citizenship tuple, tag set and birth year met (the registry interns
    its tuples and tag sets: a few dozen at a million persons), so that filtering a pool of
    thousands is a chain of maps in C rather than a call of Python per person."""

    def __init__(self, index: NameIndex, within: Within | None, years: frozenset[int] | None) -> None:
        self._live = index._pshortest
        self._pcit = index._pcit
        self._ptags = index._ptags
        self._pyear = index._pyear
        self._cits = within.citizenships if within is not None else None
        self._any = within.any_tags if within is not None else None
        self._all = within.all_tags if within is not None else frozenset()
        self._by_tags = self._any is not None or bool(self._all)
        self._years = years

    def keep(self, pids: Iterable[int]) -> list[int]:
        """The live persons of ``pids`` the scope admits, in their order."""
        kept = list(pids)
        kept = list(compress(kept, map(self._live.__getitem__, kept)))
        if self._cits is not None and kept:
            cits = self._cits
            held = list(map(self._pcit.__getitem__, kept))
            held_ok = {c: not cits.isdisjoint(c) for c in set(held)}
            kept = list(compress(kept, map(held_ok.__getitem__, held)))
        if self._by_tags and kept:
            tags = list(map(self._ptags.__getitem__, kept))
            tags_ok = {t: self._tags_ok(t) for t in set(tags)}
            kept = list(compress(kept, map(tags_ok.__getitem__, tags)))
        if self._years is not None and kept:
            kept = list(compress(kept, map(self._years.__contains__, map(self._pyear.__getitem__, kept))))
        return kept

    def admits(self, pid: int) -> bool:
        return bool(self.keep((pid,)))

    def _tags_ok(self, tags: frozenset[str]) -> bool:
        if self._any is not None and self._any.isdisjoint(tags):
            return False
        return self._all <= tags


@dataclass
class _Gathered:
    """What :meth:`NameIndex._gather` learnt of a query's persons, kept for widening."""

    qwords: list[Word]
    weights: list[float]
    spellings: list[list[int]] = field(default_factory=list)  # per query word, best first
    best: list[dict[int, float]] = field(default_factory=list)  # person -> sim, rarer spellings
    bigs: list[list[tuple[float, set[int]]]] = field(default_factory=list)  # common spellings
    scores: dict[int, float] = field(default_factory=dict)  # pre-scores


class _LazyScored:
    """A shown match's :class:`Scored` (its word pairs and evidence), computed when first asked
    for: the search already knows the score and band, and scoring ten persons again only for
    explanations nobody reads (a benchmark, a duplicate check) cost a tenth of a search."""

    __slots__ = ("_make", "_scored")

    def __init__(self, make: Callable[[], Scored]) -> None:
        self._make: Callable[[], Scored] | None = make
        self._scored: Scored | None = None

    def get(self) -> Scored:
        if self._scored is None:
            assert self._make is not None
            self._scored = self._make()
            self._make = None  # let go of the search's words and similarities
        return self._scored


@dataclass(frozen=True)
class Match:
    """One search hit: record ``key``, ``score`` 0..1, ``band`` "likely"/"possible" and
    ``explanation``, a sentence per contribution.  The explanation and its pieces (``scored``)
    are computed when first read: naming the transliteration scheme behind each word costs
    more than the search itself."""

    key: str
    score: float
    band: str
    scoring: _LazyScored = field(repr=False, compare=False)

    @property
    def scored(self) -> Scored:
        """The word pairs and evidence behind the score (computed on first use)."""
        return self.scoring.get()

    @property
    def explanation(self) -> str:
        return self.scored.explanation

    def __repr__(self) -> str:
        return f"Match(key={self.key!r}, score={self.score}, band={self.band!r}, explanation={self.explanation!r})"


class NameIndex:
    """Records (a key, one or more name spellings, optional birth date and citizenships)
    searchable by name.

    Words are interned into a vocabulary; blocking keys (:func:`polon.matching.keys.word_keys`
    of each word's readings) point at vocabulary words, and each vocabulary word at the persons that
    use it, so a million persons with a few hundred thousand distinct words stay compact.

    With ``huge_pages`` (the default), an index that grows past :data:`HUGE_PAGE_STRIDE`
    records asks Linux to keep the process's memory on 2 MB pages, which makes searches of a
    large index a quarter faster (:mod:`polon.matching.hugepages`); off Linux it does nothing.
    """

    def __init__(self, *, huge_pages: bool = True) -> None:
        self._huge_pages = huge_pages
        self._vocab: dict[str, int] = {}
        self._vwords: list[Word] = []
        self._vreading: list[str] = []
        # 1 where a word is not an initial and has one reading at no cost (every Cyrillic
        # word): then its similarity is computed from _vreading alone (plain_word_similarity)
        self._vplain = bytearray()
        self._keys: dict[str, array] = {}
        self._kread: dict[str, list[str]] = {}  # parallel to _keys: each word's best reading
        # _kread[k] joined by spaces, built on first use: split() at query time yields fresh,
        # contiguous string objects, which rapidfuzz scans ~3x faster than strings scattered
        # over a gigabyte heap (cache misses dominated the cheap pass).
        self._kjoin: dict[str, str] = {}
        self._postings: list[array] = []
        self._pkey: list[str] = []
        self._pnames: list[tuple[str, ...]] = []
        # each person's distinct vocabulary words, flat: person p's are
        # _pvflat[_pvstart[p]:_pvstart[p + 1]].  Machine ints side by side, where a tuple per
        # person cost three cache misses per person in _complete, its hottest loop, at 1M.
        self._pvflat = array("i")
        self._pvstart = array("q", (0,))
        self._pnvids: list[tuple[tuple[int, ...], ...]] = []  # per spelling, its words' vids
        # per person, the word count of its shortest spelling (<= 255), 0 once removed: one
        # byte says both whether a pooled person is live and what its extra words cost, which
        # at 1M is one cache miss per pooled person instead of two
        self._pshortest = bytearray()
        self._pdate: list[str | None] = []
        self._pcit: list[tuple[str, ...]] = []
        self._pserv: list[str | None] = []
        self._ptags: list[frozenset[str]] = []  # per person, the tags a search may be restricted by (Within)
        self._pyear = array("h")  # per person, the year of birth, 0 if unknown (a likely-only search's filter)
        self._bigsets: dict[int, set[int]] = {}  # vid -> persons, for common words (see _pset)
        self._solo: dict[int, list[int]] = {}  # vid -> persons with a spelling of that one word
        self._by_key: dict[str, int] = {}
        self.judgements = Judgements()

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    # --- building --------------------------------------------------------------------------

    def _vid(self, w: Word) -> int:
        vid = self._vocab.get(w.text)
        if vid is None:
            vid = len(self._vwords)
            self._vocab[w.text] = vid
            self._vwords.append(w)
            r0 = w.readings[0][0]
            self._vreading.append(r0)
            self._vplain.append(len(w.readings) == 1 and w.readings[0][1] == 0 and not w.is_initial)
            self._postings.append(array("i"))
            for k in word_keys(w, 1 if w.is_cyrillic else 2):
                bucket = self._keys.get(k)
                if bucket is None:
                    self._keys[k] = array("i", (vid,))
                    self._kread[k] = [r0]
                else:
                    bucket.append(vid)
                    self._kread[k].append(r0)
                    self._kjoin.pop(k, None)
        return vid

    def add(self, key: str, names: list[str], birth_date: str | None = None,
            citizenships: Sequence[str] = (), service_number: str | None = None,
            tags: Iterable[str] = ()) -> None:
        """Add or replace the record ``key`` with its name spellings and evidence, and the
        ``tags`` a search may be restricted by (:class:`Within`).

        Raises :class:`~polon.matching.QueryError` if no spelling has letters or the birth
        date is not ``YYYY[-MM[-DD]]``.
        """
        if isinstance(names, str):
            names = [names]
        born = parse_date(birth_date)
        vids: list[int] = []
        nvids: list[tuple[int, ...]] = []
        for name in names:
            these = tuple(self._vid(w) for w in name_words(name, strict=False))
            nvids.append(these)
            for vid in these:
                if vid not in vids:
                    vids.append(vid)
        if not vids:
            from polon.matching.errors import QueryError
            raise QueryError(f"record {key!r} has no name with letters")
        if key in self._by_key:
            self.remove(key)
        pid = len(self._pkey)
        self._pkey.append(key)
        self._pnames.append(tuple(names))
        self._pvflat.extend(vids)
        self._pvstart.append(len(self._pvflat))
        self._pnvids.append(tuple(nvids))
        self._pshortest.append(min(255, min(len(n) for n in nvids if n)))
        self._pdate.append(birth_date or None)
        self._pcit.append(tuple(citizenships))
        self._pserv.append(service_number)
        # the same frozenset object when given one: the registry passes one shared set per tag
        # combination, where a copy per person cost ~200 MB at a million
        self._ptags.append(tags if isinstance(tags, frozenset) else frozenset(tags))
        self._pyear.append(born.year if born is not None else 0)
        self._by_key[key] = pid
        bigsets = self._bigsets
        for vid in vids:
            self._postings[vid].append(pid)
            if vid in bigsets:
                bigsets[vid].add(pid)
        for these in set(nvids):
            if len(these) == 1:
                self._solo.setdefault(these[0], []).append(pid)
        if self._huge_pages and len(self._pkey) % HUGE_PAGE_STRIDE == 0:
            ADVISOR.advise_new_memory()

    def remove(self, key: str) -> None:
        """Remove record ``key`` (a no-op if absent).  Postings are cleaned lazily."""
        pid = self._by_key.pop(key, None)
        if pid is not None:
            self._pshortest[pid] = 0

    def judge(self, query_key_or_name: str, key: str, same: bool) -> None:
        """Record a registrar's verdict between a record key or query name and record ``key``.

        Verdicts beat scores: ``same=True`` puts ``key`` first for that query with score 1;
        ``same=False`` means ``key`` is never suggested for it again.
        """
        a = key_id(query_key_or_name) if query_key_or_name in self._by_key else name_id(query_key_or_name)
        self.judgements.record(a, key_id(key), same)

    # --- searching -------------------------------------------------------------------------

    def _word_candidates(self, w: Word, memo: Sims | None = None, i: int = 0) -> dict[int, float]:
        """Vocabulary words that may be spellings of ``w``, with their similarity.  With
        ``memo``, each exact similarity computed is kept there under ``(i, vocabulary id)`` for
        scoring persons later (``w`` is query word ``i``).

        Each key's bucket is ranked (rapidfuzz, in C) only against the query reading(s) that
        produced that key, so the work is the buckets' total size, not that times the number
        of readings; the best :data:`WORD_CANDIDATES` overall are then scored exactly."""
        gen: dict[str, list[str]] = {}
        for n, (r, _cost) in enumerate(w.readings[:KEY_READINGS]):
            for k in (reading_keys(r) if n < DELETION_READINGS else (medium(r)[:PREFIX],)):
                rs = gen.get(k)
                if rs is None:
                    gen[k] = [r]
                elif r not in rs:
                    rs.append(r)
        cheap: dict[int, float] = {}
        keys, kread, kjoin = self._keys, self._kread, self._kjoin
        found = sorted(((len(keys[k]), k, rs) for k, rs in gen.items() if k in keys), key=itemgetter(0))
        if BIG_BUCKET and found and found[0][0] <= BIG_BUCKET:
            found = [f for f in found if f[0] <= BIG_BUCKET]
        for _size, k, rs in found:
            bucket = keys[k]
            joined = kjoin.get(k)
            if joined is None:
                joined = kjoin[k] = " ".join(kread[k])
            if _compiled_scan is not None:
                for r in rs:
                    _compiled_scan(r, joined, bucket, cheap, BUCKET_LIMIT, CHEAP_CUTOFF)
            else:
                reads = joined.split(" ")  # once for all readings
                for r in rs:
                    _keep_best(r, reads, bucket, cheap, BUCKET_LIMIT, CHEAP_CUTOFF)
        exact = self._vocab.get(w.text)
        if exact is not None:
            cheap[exact] = 2.0
        if len(cheap) > WORD_CANDIDATES:
            top = [v for v, _ in _largest(cheap, WORD_CANDIDATES)]
        else:
            top = list(cheap)
        out: dict[int, float] = {}
        for v in top:
            ws = self._similarity(w, v)
            if memo is not None:
                memo[(i, v)] = ws
            if ws[0] >= MIN_WORD_SIM:
                out[v] = ws[0]
        return out

    def search(self, query: str, *, birth_date: str | None = None, citizenships: Sequence[str] = (),
               limit: int = 10, service_number: str | None = None, query_key: str | None = None,
               judgements: Judgements | None = None, within: Within | None = None,
               likely_only: bool = False) -> list[Match]:
        """Records that may be the person named ``query``, best first, at most ``limit``;
        with ``within``, only records of that subset (the best of the subset).  With
        ``likely_only`` (a duplicate check), only "likely" matches, found with less work: scoring
        stops where no "likely" score is left, and a query with a birth date looks only at the
        persons whose recorded year can still make one.

        Only "likely" and "possible" matches are returned.  Registrar verdicts (from
        :meth:`judge`, or ``judgements`` passed in, looked up by the query name and by
        ``query_key``) override scores.  Raises :class:`~polon.matching.QueryError` (a
        ``ValueError``) for a query without letters, one that is too long, or a bad date.
        """
        qwords = name_words(query)
        qdate = parse_date(birth_date)
        if limit <= 0:
            return []
        stores = [self.judgements] + ([judgements] if judgements is not None else [])
        qids = [name_id(query)] + ([key_id(query_key)] if query_key else [])

        memo: Sims = {}
        per_word = [self._word_candidates(w, memo, i) for i, w in enumerate(qwords)]
        if likely_only:
            # a word paired with one less alike than SPELLING_SIM names someone else, and such a match
            # is never "likely" (another_name_score): only the near spellings can bring one in
            per_word = [{v: sim for v, sim in cands.items() if sim >= SPELLING_SIM} for cands in per_word]
        weights = [word_weight(w) for w in qwords]
        allowed = self._scope(within, None)
        years = _likely_years(qdate, citizenships, service_number) if likely_only else None
        # the years narrow the pool a search with ``within`` alone would score, so that exactly its
        # likely matches are found (the single-word pools are those of that search, not wider)
        ok = allowed
        gathered = self._gather(qwords, per_word, weights, ok,
                                self._scope(within, years) if years is not None else allowed)
        ranked = _largest(gathered.scores, max(limit * RESCORE_FACTOR, 20))

        results: list[tuple[float, int, str]] = []  # (score, person, band): matches built at the end
        confirmed: list[Match] = []
        seen: set[int] = set()
        top: list[float] = []
        bonus = (0.12 if birth_date else 0.0) + (0.03 if citizenships else 0.0) + (0.3 if service_number else 0.0)
        args = (qwords, birth_date, citizenships, service_number, stores, qids, memo, weights)
        floor = LIKELY if likely_only else 0.0
        self._rescore(ranked, args, bonus, limit, results, confirmed, seen, top, floor)
        if len(qwords) > 1 and WIDE_SINGLE_WORD_POOL and max(top, default=0.0) < WIDEN_BELOW and not likely_only:
            # No strong match: perhaps a query word was misread and its person hides among the
            # many persons sharing the other word (Бычкова, Луис): look at more of them.
            more = self._widen(gathered, seen, ok)
            ranked = _largest(more, max(limit * RESCORE_FACTOR, 20))
            self._rescore(ranked, args, bonus, limit, results, confirmed, seen, top, floor)
        # Confirmed pairs are shown even if their names no longer look alike.
        for store in stores:
            for key in store.confirmed_keys(qids):
                pid = self._by_key.get(key)
                if pid is not None and pid not in seen and (allowed is None or allowed.admits(pid)):
                    seen.add(pid)
                    m = self._match(pid, self._verdict(pid, stores, qids), args)
                    if m is not None:
                        confirmed.append(m)
        pkey = self._pkey
        results.sort(key=lambda r: (-r[0], pkey[r[1]]))
        shown = [self._shown(pid, score, band, args) for score, pid, band in results[:max(0, limit - len(confirmed))]]
        return (confirmed + shown)[:limit]

    def records_naming(self, words: Sequence[Word], *, within: Within | None = None) -> set[str]:
        """Records with a spelling one of whose words may be one of ``words`` (the candidate
        spellings a search would consider for it), optionally only those ``within``: which
        records a text may be naming, for checks such as "does this letter name a restricted
        person"."""
        scope = self._scope(within, None)
        postings, live, pkey = self._postings, self._pshortest, self._pkey
        found: set[str] = set()
        for w in words:
            for v in self._word_candidates(w):
                ps = scope.keep(postings[v]) if scope is not None else compress(postings[v], map(live.__getitem__, postings[v]))
                found.update(map(pkey.__getitem__, ps))
        return found

    def _rescore(self, ranked: list[tuple[int, float]], args: tuple, bonus: float, limit: int,
                 results: list[tuple[float, int, str]], confirmed: list[Match], seen: set[int],
                 top: list[float], floor: float = 0.0) -> None:
        """Score ``ranked`` (persons with pre-scores, best first) exactly into ``results`` (as
        score, person and band, for those at "possible" or above) or ``confirmed``, keeping ``top``
        (a heap of the best ``limit`` scores).  The pre-score over the weights bounds the name
        score from above except for query words whose counterpart was not among the candidate
        spellings (hence the slack); evidence can add at most ``bonus``.  Once ``limit``
        results beat that bound, stop.  Only the scores are computed here: the matches, with
        their explanations' pieces, are built for the persons shown (:meth:`_match`).  Scores
        below ``floor`` are not wanted: scoring stops when the bound falls under it."""
        qwords, birth_date, citizenships, service_number, stores, qids, memo, weights = args
        qdate = parse_date(birth_date)
        wsum = sum(weights)
        for pid, pre in ranked:
            bound = pre / wsum + bonus + RESCORE_SLACK
            if bound < floor or (len(top) >= limit and bound < top[0]):
                break
            seen.add(pid)
            verdict = self._verdict(pid, stores, qids)
            if verdict is False:
                continue
            if verdict:
                m = self._match(pid, True, args)
                if m is None:
                    continue
                confirmed.append(m)
                score: float = m.score
            else:
                name_s = self._name_score(pid, qwords, memo, weights)
                if name_s < 0:
                    continue
                evidence = evidence_for(qdate, parse_date(self._pdate[pid]) if qdate else None, citizenships,
                                        self._pcit[pid], service_number, self._pserv[pid])
                combined = combined_score(name_s, evidence)
                if combined >= LIKELY and self._names_another(pid, qwords, memo, weights):
                    combined = another_name_score(combined)
                passing = passing_score(combined)
                if passing is None or combined < floor:
                    continue
                score = passing
                results.append((score, pid, band_for(combined) or ""))
            if len(top) < limit:
                heapq.heappush(top, score)
            elif score > top[0]:
                heapq.heapreplace(top, score)

    def _names_another(self, pid: int, qwords: list[Word], memo: Sims, weights: Sequence[float]) -> bool:
        """Whether the person's best spelling pairs a query word with a word less alike than
        :data:`SPELLING_SIM`, one that is not a spelling of it (as :func:`score_words` decides)."""
        best: tuple[float, Sims] = (-1.0, {})
        for d, nvids in zip(self._sims(pid, qwords, memo), self._pnvids[pid], strict=True):
            if nvids:
                s = aligned_name_score(d, weights, len(nvids))
                if s > best[0]:
                    best = (s, d)
        for _j, sim, _qr, _cr in best_pairs(best[1]).values():
            if sim < SPELLING_SIM:
                return True
        return False

    def _verdict(self, pid: int, stores: list[Judgements], qids: list[str]) -> bool | None:
        """The registrars' verdict on the query and this person: ``False`` if any ruled it out."""
        key = self._pkey[pid]
        verdict = None
        for store in stores:
            said = store.verdict(qids, key)
            if said is not None:
                verdict = said if verdict is None else (verdict and said)
        return verdict

    def _sims(self, pid: int, qwords: list[Word], memo: Sims) -> list[Sims]:
        """Per spelling of the person, the similarity of each query word to each of its words
        (``(query word, position)`` -> similarity and readings), through ``memo``."""
        out = []
        for nvids in self._pnvids[pid]:
            d = {}
            for i, q in enumerate(qwords):
                for j, v in enumerate(nvids):
                    ws = memo.get((i, v))
                    if ws is None:
                        ws = memo[(i, v)] = self._similarity(q, v)
                    d[(i, j)] = ws
            out.append(d)
        return out

    def _name_score(self, pid: int, qwords: list[Word], memo: Sims, weights: Sequence[float]) -> float:
        """The person's name score as :func:`score_words` computes it (its best spelling), or -1
        if no spelling has words; without building the pairs its explanation is made from."""
        if _compiled_name_score is not None:
            return _compiled_name_score(self._pnvids[pid], qwords, memo, self._similarity, weights, EXTRA_WORD_FACTOR)
        best = -1.0
        for d, nvids in zip(self._sims(pid, qwords, memo), self._pnvids[pid], strict=True):
            if nvids:
                s = aligned_name_score(d, weights, len(nvids))
                if s > best:
                    best = s
        return best

    def _match(self, pid: int, verdict: bool | None, args: tuple) -> Match | None:
        """The person's match as :func:`score_words` scores it (``verdict``: the registrars'),
        or ``None`` if below "possible"."""
        qwords, birth_date, citizenships, service_number, _stores, _qids, memo, _weights = args
        vwords = self._vwords
        candidates = [(name, [vwords[v] for v in nvids])
                      for name, nvids in zip(self._pnames[pid], self._pnvids[pid], strict=True)]
        sc = score_words(qwords, candidates, birth_date=birth_date,
                         # (dates were checked by add; without a query date none is read)
                         candidate_birth_date=self._pdate[pid] if birth_date else None, citizenships=citizenships,
                         candidate_citizenships=self._pcit[pid], service_number=service_number,
                         candidate_service_number=self._pserv[pid], judged=verdict,
                         sims=self._sims(pid, qwords, memo))
        if sc.band is None or sc.score < POSSIBLE:
            return None
        return Match(self._pkey[pid], sc.score, sc.band, _LazyScored(lambda: sc))

    def _shown(self, pid: int, score: float, band: str, args: tuple) -> Match:
        """The match of a person :meth:`_rescore` scored (``score`` and ``band`` as
        :meth:`_match` would give them), its word pairs left until they are read."""
        def scored() -> Scored:
            m = self._match(pid, None, args)  # the same score and band (tests/matching/test_lazy_explanation.py)
            assert m is not None
            return m.scored
        return Match(self._pkey[pid], score, band, _LazyScored(scored))

    def _similarity(self, q: Word, vid: int) -> tuple[float, str, str]:
        """:func:`word_similarity` of query word ``q`` and vocabulary word ``vid``; from the list
        of readings alone where the word is plain (see ``_vplain``)."""
        if self._vplain[vid]:
            return plain_word_similarity(q, self._vreading[vid])
        return word_similarity(q, self._vwords[vid])

    def _scope(self, within: Within | None, years: frozenset[int] | None) -> _Scope | None:
        """The filter of ``within`` and ``years`` (``None``: every person)."""
        if within is None and years is None:
            return None
        return _Scope(self, within, years)

    def _pset(self, vid: int) -> set[int]:
        """The persons of a common vocabulary word as a set, built once and kept up to date."""
        ps = self._bigsets.get(vid)
        if ps is None:
            ps = self._bigsets[vid] = set(self._postings[vid])
        return ps

    def _gather(self, qwords: list[Word], per_word: list[dict[int, float]],
                weights: list[float], ok: _Scope | None = None, final: _Scope | None = None) -> _Gathered:
        """Persons worth exact scoring, with a cheap pre-score (weighted best word sims).

        Per query word, the persons of its rarer candidate spellings are materialised in C
        (``dict.fromkeys``, best spelling wins); a common spelling (more than
        :data:`BIG_POSTINGS` persons: Иван, Петров) is used through its cached person set.
        The pool is every person matching at least two query words (set intersections, in C;
        all query words when that is still more than :data:`POOL_CAP`), plus, per word, the
        :data:`SINGLE_WORD_POOL` persons with its best spellings; only the pool is pre-scored
        in Python, and the query words a pooled person did not match are estimated from its own
        words (:meth:`_complete`).  ``ok`` filters the single-word pools, ``final`` the pool."""
        postings = self._postings
        g = _Gathered(qwords, weights)
        parts: list[list] = []  # per query word, its person sets (for the shared pool)
        for cands in per_word:
            ranked = sorted(cands.items(), key=lambda kv: -kv[1])
            d: dict[int, float] = {}
            big: list[tuple[float, set[int]]] = []
            for v, sim in reversed(ranked):  # ascending, so that a person's best spelling wins
                if len(postings[v]) > BIG_POSTINGS:
                    if sim >= BIG_MIN_SIM:
                        big.append((sim, self._pset(v)))
                else:
                    d.update(dict.fromkeys(postings[v], sim))
            big.reverse()
            g.spellings.append([v for v, _ in ranked])  # best spellings first
            g.best.append(d)
            g.bigs.append(big)
            parts.append([d.keys(), *(ps for _, ps in big)])
        pool = self._shared_pool(parts)
        single = self._single_pool(g.spellings, 0, SINGLE_WORD_POOL, ok)
        if len(qwords) == 1:
            # Persons called by that one word alone (a surname only, a call sign) are the
            # best answers, but may lie past the single-word pool among the many Колесниковы.
            for v in g.spellings[0]:
                single.update(self._solo.get(v, ()))
        pool |= single
        if final is not None:
            pool = set(final.keep(pool))
        g.scores = self._prescore(g, pool)
        return g

    def _widen(self, g: _Gathered, skip: set[int], ok: _Scope | None = None) -> dict[int, float]:
        """Pre-scores of the persons that :data:`WIDE_SINGLE_WORD_POOL` adds to the single-word
        pool of :meth:`_gather` (less ``skip``)."""
        more = self._single_pool(g.spellings, SINGLE_WORD_POOL, WIDE_SINGLE_WORD_POOL, ok) - skip
        return self._prescore(g, more) if more else {}

    def _single_pool(self, spellings: list[list[int]], start: int, stop: int,
                     ok: _Scope | None = None) -> set[int]:
        """Per query word, its persons number ``start`` to ``stop`` counting through its
        spellings best first (with ``ok``, counting only the persons it accepts)."""
        postings = self._postings
        single: set[int] = set()
        for ranked in spellings:
            seen = 0
            if ok is None:
                for v in ranked:
                    if seen >= stop:
                        break
                    p = postings[v]
                    if seen + len(p) > start:
                        single.update(p[max(0, start - seen):stop - seen])
                    seen += len(p)
                continue
            # scoped: the spellings' persons, best spelling first, filtered a few hundred at a
            # time (a common word has thousands, and only the first admitted ones are wanted;
            # one filter call per spelling cost more than the filtering)
            for chunk in _chunks(postings, ranked, max(256, 2 * stop)):
                kept = ok.keep(chunk)
                if seen + len(kept) > start:
                    single.update(kept[max(0, start - seen):stop - seen])
                seen += len(kept)
                if seen >= stop:
                    break
        return single

    @staticmethod
    def _shared_pool(parts: list[list]) -> set[int]:
        """Persons matching at least two query words; only those matching all of them if that
        is more than :data:`POOL_CAP` and the query has three or more words."""
        n = len(parts)
        pool: set[int] = set()
        for i in range(n):
            for j in range(i + 1, n):
                for a in parts[i]:
                    for b in parts[j]:
                        pool.update(a & b)
        if len(pool) > POOL_CAP and n >= 3:
            # many persons share two common words (Иван Иванович): keep those matching all
            allq: set[int] = set()
            for a in parts[0]:
                for b in parts[1]:
                    allq.update(a & b)
            for k in range(2, n):
                nxt: set[int] = set()
                for c in parts[k]:
                    nxt.update(allq & c if isinstance(c, set) else c & allq)
                allq = nxt
            if allq:
                pool = allq
        return pool

    def _prescore(self, g: _Gathered, pool: set[int]) -> dict[int, float]:
        """Weighted best word similarities of each live person of ``pool``; those that miss
        query words are completed (:meth:`_complete`): also the persons sharing two words of a
        three-word query, or the many Смирновы Петровны would tie and "Kia" would never reach
        Кира, which is not among its candidate spellings.  Column by column (a query
        word at a time, through ``map`` in C) rather than person by person: a pool has hundreds
        of persons and this is the hottest Python of a search."""
        counts = list(map(self._pshortest.__getitem__, pool))  # 0: removed
        persons = list(compress(pool, counts))
        zeros = repeat(0.0)
        total = [0.0] * len(persons)
        position: dict[int, int] | None = None
        incomplete: dict[int, set[int]] = {}
        for i, weight in enumerate(g.weights):
            sims = list(map(g.best[i].get, persons, zeros))
            if g.bigs[i]:
                if position is None:
                    position = dict(zip(persons, range(len(persons)), strict=True))
                for sb, ps in g.bigs[i]:  # a person's best spelling wins, as in g.best
                    for pid in ps & position.keys():
                        j = position[pid]
                        if sims[j] < sb:
                            sims[j] = sb
            total = list(map(add, total, map(mul, repeat(weight), sims)))
            if len(g.weights) > 1:
                missing = set(compress(persons, map(not_, sims)))
                if missing:
                    incomplete[i] = missing
        # A word a person's shortest spelling has beyond the query's costs what the name score
        # charges for it (EXTRA_WORD_FACTOR): without this the many persons tied on a common
        # query (Иван Петров; or one word, Колесникова) are rescored in an arbitrary order and
        # the one named exactly as asked may never be reached.  Still an upper bound of the name
        # score, since a spelling's unmatched words are at least these.
        factor = _extra_word_factors(len(g.weights))
        scale = list(map(factor.__getitem__, filter(None, counts)))
        out = dict(zip(persons, map(mul, total, scale), strict=True))
        if incomplete:
            self._complete(g.qwords, g.weights, incomplete, out, factor)
        return out

    def _complete(self, qwords: list[Word], weights: list[float], incomplete: dict[int, set[int]],
                  out: dict[int, float], factor: Sequence[float]) -> None:
        """Add to the pre-scores of persons who matched only some query words the cheap
        similarity (plain Levenshtein on readings, in C) of each missing query word to the
        person's own words: "Lama Horinōchi" finds the one Лама Хориноти among the persons
        called Лама although Хориноти was not among the spellings tried for "Horinōchi".
        ``incomplete`` maps a query word to the persons missing it."""
        flat, start, vreading = self._pvflat, self._pvstart, self._vreading
        completion = _compiled_completion if _compiled_completion is not None else completion_sims
        extra: dict[int, float] = {}
        for i in sorted(incomplete):
            readings = [r for r, _cost in qwords[i].readings[:COMPLETION_READINGS]]
            weight = weights[i]
            for pid, best in completion(readings, incomplete[i], flat, start, vreading, COMPLETION_CUTOFF).items():
                extra[pid] = extra.get(pid, 0.0) + weight * best
        shortest = self._pshortest
        for pid, more in extra.items():
            out[pid] += more * factor[shortest[pid]]
