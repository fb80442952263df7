"""Search across scripts and spellings, always on committed data.

Why name keys in an indexed table rather than an in-memory index: the web server, the CLI and several
application servers on one PostgreSQL are separate processes. Keys written in the same transaction as the
name they belong to are visible to every process the moment that transaction commits, so a search can never
be stale and nothing has to follow a change log. polon.matching scores the few candidates the keys fetch.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from polon.accounts.scope import person_scope
from polon.core.batches import in_batches
from polon.matching import query_keys, score_candidate
from polon.registry.models import MatchJudgement, NameKey, Person

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 400


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message says why."""


@dataclass(frozen=True)
class SearchHit:
    person: Person
    score: float
    band: str
    explanation: str
    judged: bool = False


def clean_query(query: str) -> str:
    """Drop control characters and direction marks, collapse spaces; refuse empty or over-long queries."""
    if query is None:
        raise SearchQueryError("the query is empty")
    if len(query) > 10 * MAX_QUERY_LENGTH:
        raise SearchQueryError(f"the query is {len(query)} characters long; at most {MAX_QUERY_LENGTH} are searched")
    visible = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in query)
    text = " ".join(visible.split())
    if not any(ch.isalpha() for ch in text):
        raise SearchQueryError("the query contains no letters")
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY_LENGTH} are searched")
    return text


def _candidates(keys: set[str], scoped) -> list[int]:
    """In-scope persons with a spelling sharing query keys, best first, at least the first
    :data:`MAX_CANDIDATES` of them ranked: by the most keys one spelling shares, then by the fewest
    keys that spelling has beyond them.  Without the second rule a common word (hundreds of
    Анна ... Колесникова) fills the candidates in table order, and the record named exactly as
    asked ("Колесникова" alone, a call sign) may never be scored."""
    shared = Counter(NameKey.objects.filter(key__in=list(keys), person__in=scoped.values("pk"))
                     .values_list("person_id", "name_id"))
    most: dict[int, int] = {}
    for (person, _name), n in shared.items():
        most[person] = max(most.get(person, 0), n)
    if len(most) <= MAX_CANDIDATES:
        return sorted(most, key=lambda person: (-most[person], person))
    cutoff = sorted(most.values(), reverse=True)[MAX_CANDIDATES - 1]
    contenders = sorted(name for (_person, name), n in shared.items() if n >= cutoff)
    total: dict[int, int] = {}
    for batch in in_batches(contenders):
        total.update(NameKey.objects.filter(name_id__in=batch)
                     .values("name_id").annotate(n=Count("id")).values_list("name_id", "n"))
    rank: dict[int, tuple[int, int]] = {}
    for (person, name), n in shared.items():
        if n >= cutoff:
            this = (n, n - total[name])  # more keys shared, then fewer not shared
            if person not in rank or this > rank[person]:
                rank[person] = this
    return sorted(rank, key=lambda person: (-rank[person][0], -rank[person][1], person))


def search_persons(user, query: str, *, birth_date: str | None = None, citizenships: tuple[str, ...] = (),
                   limit: int = 20, persons=None) -> list[SearchHit]:
    text = clean_query(query)
    keys = query_keys(text)
    if not keys:
        return []
    scoped = person_scope(user, persons if persons is not None else Person.objects.all())
    candidate_ids = _candidates(keys, scoped)[:MAX_CANDIDATES]
    judgements = {j.person_id: j for j in MatchJudgement.objects.filter(query=text, person__in=scoped.values("pk"))}
    # A person confirmed for this spelling is a candidate whatever the keys say.
    candidate_ids += [pk for pk, j in judgements.items() if j.same and pk not in candidate_ids]
    hits: list[SearchHit] = []
    for person in Person.objects.filter(pk__in=candidate_ids).prefetch_related("names", "citizenships"):
        judgement = judgements.get(person.pk)
        if judgement is not None and not judgement.same:
            continue  # a person said this is not him: never suggested again
        if judgement is not None:
            hits.append(SearchHit(person, 1.0, "likely", f"confirmed the same person by {judgement.judged_by}",
                                  judged=True))
            continue
        scored = score_candidate(
            text, [n.text for n in person.names.all()], birth_date=birth_date,
            candidate_birth_date=person.birth_date or None, citizenships=citizenships,
            candidate_citizenships=[c.country for c in person.citizenships.all()],
        )
        if scored.band:
            hits.append(SearchHit(person, scored.score, scored.band, scored.explanation))
    hits.sort(key=lambda h: (not h.judged, -h.score, h.person.pk))
    return hits[:limit]
