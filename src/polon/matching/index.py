"""In-memory name index: add records, search by a name in any script or spelling."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from polon.matching.evidence import parse_date
from polon.matching.judgements import Judgements, key_id, name_id
from polon.matching.keys import word_keys
from polon.matching.scoring import POSSIBLE, Scored, score_words
from polon.matching.similarity import word_similarity
from polon.matching.words import Word, name_words

#: Vocabulary words kept per query word after the cheap edit-distance pass.
WORD_CANDIDATES = 40
#: Word similarity below which a vocabulary word is not considered a spelling of a query word.
MIN_WORD_SIM = 0.55
#: Persons gathered from postings before exact scoring; bounds the work of a common-name query.
SEED_BUDGET = 6_000
#: Persons re-scored with :func:`score_candidate` per result wanted.
RESCORE_FACTOR = 4


@dataclass(frozen=True)
class Match:
    """One search hit: record ``key``, ``score`` 0..1, ``band`` "likely"/"possible" and
    ``explanation``, a sentence per contribution (built when first read, because naming the
    transliteration scheme behind each word costs more than the search itself)."""

    key: str
    score: float
    band: str
    scored: Scored = field(repr=False, compare=False)

    @property
    def explanation(self) -> str:
        return self.scored.explanation

    def __repr__(self) -> str:
        return f"Match(key={self.key!r}, score={self.score}, band={self.band!r}, explanation={self.explanation!r})"


class NameIndex:
    """Records (a key, one or more name spellings, optional birth date and citizenships)
    searchable by name.

    Words are interned into a vocabulary; blocking keys (:func:`polon.matching.index_keys`'s
    per-word keys) point at vocabulary words, and each vocabulary word at the persons that
    use it, so a million persons with a few hundred thousand distinct words stay compact.
    """

    def __init__(self) -> None:
        self._vocab: dict[str, int] = {}
        self._vwords: list[Word] = []
        self._vreading: list[str] = []
        self._keys: dict[str, array] = {}
        self._postings: list[array] = []
        self._pkey: list[str] = []
        self._pnames: list[tuple[str, ...]] = []
        self._pvids: list[tuple[int, ...]] = []
        self._pdate: list[str | None] = []
        self._pcit: list[tuple[str, ...]] = []
        self._pserv: list[str | None] = []
        self._alive = bytearray()
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
            self._vreading.append(w.readings[0][0])
            self._postings.append(array("i"))
            for k in word_keys(w, 1 if w.is_cyrillic else 2):
                bucket = self._keys.get(k)
                if bucket is None:
                    self._keys[k] = array("i", (vid,))
                else:
                    bucket.append(vid)
        return vid

    def add(self, key: str, names: list[str], birth_date: str | None = None,
            citizenships: Sequence[str] = (), service_number: str | None = None) -> None:
        """Add or replace the record ``key`` with its name spellings and evidence.

        Raises :class:`~polon.matching.QueryError` if no spelling has letters or the birth
        date is not ``YYYY[-MM[-DD]]``.
        """
        if isinstance(names, str):
            names = [names]
        parse_date(birth_date)
        vids: list[int] = []
        for name in names:
            for w in name_words(name, strict=False):
                vid = self._vid(w)
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
        self._pvids.append(tuple(vids))
        self._pdate.append(birth_date or None)
        self._pcit.append(tuple(citizenships))
        self._pserv.append(service_number)
        self._alive.append(1)
        self._by_key[key] = pid
        for vid in vids:
            self._postings[vid].append(pid)

    def remove(self, key: str) -> None:
        """Remove record ``key`` (a no-op if absent).  Postings are cleaned lazily."""
        pid = self._by_key.pop(key, None)
        if pid is not None:
            self._alive[pid] = 0

    def judge(self, query_key_or_name: str, key: str, same: bool) -> None:
        """Record a registrar's verdict between a record key or query name and record ``key``.

        Verdicts beat scores: ``same=True`` puts ``key`` first for that query with score 1;
        ``same=False`` means ``key`` is never suggested for it again.
        """
        a = key_id(query_key_or_name) if query_key_or_name in self._by_key else name_id(query_key_or_name)
        self.judgements.record(a, key_id(key), same)

    # --- searching -------------------------------------------------------------------------

    def _word_candidates(self, w: Word) -> dict[int, float]:
        """Vocabulary words that may be spellings of ``w``, with their similarity."""
        found: set[int] = set()
        for k in word_keys(w, len(w.readings)):
            bucket = self._keys.get(k)
            if bucket is not None:
                found.update(bucket)
        exact = self._vocab.get(w.text)
        if exact is not None:
            found.add(exact)
        if not found:
            return {}
        cand = list(found)
        top: set[int] = set()
        if len(cand) <= WORD_CANDIDATES:
            top.update(cand)
        else:
            choices = [self._vreading[v] for v in cand]
            for r, _cost in w.readings[:4]:
                for _, _score, j in process.extract(r, choices, scorer=Levenshtein.normalized_similarity,
                                                    limit=WORD_CANDIDATES, score_cutoff=0.4):
                    top.add(cand[j])
        out: dict[int, float] = {}
        for v in top:
            s = word_similarity(w, self._vwords[v])[0]
            if s >= MIN_WORD_SIM:
                out[v] = s
        return out

    def search(self, query: str, *, birth_date: str | None = None, citizenships: Sequence[str] = (),
               limit: int = 10, service_number: str | None = None, query_key: str | None = None,
               judgements: Judgements | None = None) -> list[Match]:
        """Records that may be the person named ``query``, best first, at most ``limit``.

        Only "likely" and "possible" matches are returned.  Registrar verdicts (from
        :meth:`judge`, or ``judgements`` passed in, looked up by the query name and by
        ``query_key``) override scores.  Raises :class:`~polon.matching.QueryError` (a
        ``ValueError``) for a query without letters, one that is too long, or a bad date.
        """
        qwords = name_words(query)
        parse_date(birth_date)
        if limit <= 0:
            return []
        stores = [self.judgements] + ([judgements] if judgements is not None else [])
        qids = [name_id(query)] + ([key_id(query_key)] if query_key else [])

        per_word = [self._word_candidates(w) for w in qwords]
        weights = [float(max(3, min(10, len(w.readings[0][0])))) for w in qwords]
        seeds = self._gather(per_word, weights)
        ranked = sorted(seeds.items(), key=lambda kv: -kv[1])[: max(limit * RESCORE_FACTOR, 20)]

        results: list[Match] = []
        confirmed: list[Match] = []
        seen: set[int] = set()
        for pid, _pre in ranked:
            seen.add(pid)
            m = self._score(pid, qwords, birth_date, citizenships, service_number, stores, qids)
            if m is not None:
                (confirmed if m.scored.judged else results).append(m)
        # Confirmed pairs are shown even if their names no longer look alike.
        for store in stores:
            for key in store.confirmed_keys(qids):
                pid = self._by_key.get(key)
                if pid is not None and pid not in seen:
                    seen.add(pid)
                    m = self._score(pid, qwords, birth_date, citizenships, service_number, stores, qids)
                    if m is not None:
                        confirmed.append(m)
        results.sort(key=lambda m: (-m.score, m.key))
        return (confirmed + results)[:limit]

    def _score(self, pid: int, qwords: list[Word], birth_date: str | None, citizenships: Sequence[str],
               service_number: str | None, stores: list[Judgements], qids: list[str]) -> Match | None:
        key = self._pkey[pid]
        verdict = None
        for store in stores:
            v = store.verdict(qids, key)
            if v is not None:
                verdict = v if verdict is None else (verdict and v)
        if verdict is False:
            return None
        sc = score_words(qwords, [self._pwords(pid, n) for n in self._pnames[pid]], birth_date=birth_date,
                             candidate_birth_date=self._pdate[pid], citizenships=citizenships,
                             candidate_citizenships=self._pcit[pid], service_number=service_number,
                             candidate_service_number=self._pserv[pid], judged=verdict)
        if sc.band is None or sc.score < POSSIBLE:
            return None
        return Match(key, sc.score, sc.band, sc)

    def _pwords(self, pid: int, name: str) -> tuple[str, list[Word]]:
        return name, name_words(name, strict=False)

    def _gather(self, per_word: list[dict[int, float]], weights: list[float]) -> dict[int, float]:
        """Persons worth exact scoring, with a cheap pre-score (weighted best word sims)."""
        sizes = [sum(len(self._postings[v]) for v in cands) for cands in per_word]
        order = sorted(range(len(per_word)), key=lambda i: sizes[i])
        best: list[dict[int, float]] = [{} for _ in per_word]
        budget = SEED_BUDGET
        seeded: list[int] = []
        for i in order:
            if not per_word[i]:
                continue
            if sizes[i] > budget and seeded:
                continue
            # spend the budget on the most similar spellings first ...
            chosen = []
            for v, s in sorted(per_word[i].items(), key=lambda kv: -kv[1]):
                n = len(self._postings[v])
                if n > budget:
                    continue
                chosen.append((s, v))
                budget -= n
            # ... then fill ascending, so that a person's best spelling of this word wins
            for s, v in sorted(chosen):
                best[i].update(dict.fromkeys(self._postings[v], s))
            seeded.append(i)
        alive = self._alive
        pvids = self._pvids
        out: dict[int, float] = {}
        pool: set[int] = set()
        for i in seeded:
            pool.update(best[i])
        for pid in pool:
            if not alive[pid]:
                continue
            total = 0.0
            vids = pvids[pid]
            for i, cands in enumerate(per_word):
                s = best[i].get(pid)
                if s is None:
                    s = 0.0
                    for v in vids:
                        x = cands.get(v)
                        if x is not None and x > s:
                            s = x
                total += weights[i] * s
            out[pid] = total
        return out
