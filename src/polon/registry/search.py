"""The one search service: every feature that finds a person (search box, API, CLI, duplicate warnings,
list reconciliation, enquiry suggestions, review proposals, the disclosure gate) calls
:func:`search_persons`, which runs polon.matching's NameIndex held by this process
(:mod:`polon.registry.search_index`), caught up with every committed write before it searches.

The user's scope is applied inside the index before ranking, so a liaison's top ten are the best ten
of the persons she may see; the records shown are then read through :func:`person_scope` as every
other read is. Registrars' judgements ("this is him" / "not him") beat any score.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from polon.accounts.scope import person_scope, scope_of
from polon.matching import Judgements, Match, QueryError, Within, key_id, name_id
from polon.registry.models import MatchJudgement, Person
from polon.registry.search_index import ENGINE, RESTRICTED_TAG, category_tag

MAX_QUERY_LENGTH = 200


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message says why."""


@dataclass(frozen=True)
class SearchHit:
    person: Person
    score: float
    band: str
    match: Match | None = field(default=None, repr=False, compare=False)
    judged_by: str = ""

    @property
    def judged(self) -> bool:
        return bool(self.judged_by)

    @property
    def explanation(self) -> str:
        """Why this person was found (worked out when first read: it costs more than the search)."""
        if self.judged_by:
            return f"confirmed the same person by {self.judged_by}"
        return self.match.explanation if self.match is not None else ""


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


def search_persons(user, query: str, *, birth_date: str | None = None, citizenships: Collection[str] = (),
                   limit: int = 20, categories: Collection[str] | None = None,
                   restricted_only: bool = False) -> list[SearchHit]:
    """The persons in ``user``'s scope that may be the one named ``query``, best first: likely and
    possible matches only. ``categories`` and ``restricted_only`` narrow the persons searched (before
    ranking, like the scope). Raises :class:`SearchQueryError` for a query or date that cannot be read."""
    text = clean_query(query)
    scope = scope_of(user)
    if limit <= 0 or not (scope.everyone or scope.countries):
        return []
    within = Within(citizenships=None if scope.everyone else scope.countries,
                    any_tags=None if categories is None else frozenset(map(category_tag, categories)),
                    all_tags=frozenset({RESTRICTED_TAG}) if restricted_only else frozenset())
    judged = {pk: (same, by) for pk, same, by in
              MatchJudgement.objects.filter(query=text).values_list("person_id", "same", "judged_by__username")}
    verdicts = Judgements((name_id(text), key_id(str(pk)), same) for pk, (same, _by) in judged.items())
    try:
        with ENGINE.searching() as index:
            matches = index.search(text, birth_date=birth_date or None, citizenships=tuple(citizenships),
                                   limit=limit, judgements=verdicts, within=within)
    except QueryError as error:
        raise SearchQueryError(str(error)) from None
    ids = [int(m.key) for m in matches]
    persons = person_scope(user, Person.objects.filter(pk__in=ids)).prefetch_related("names", "citizenships")
    found = {p.pk: p for p in persons}
    hits = []
    for m in matches:
        person = found.get(int(m.key))
        if person is None:
            continue  # out of scope by the database's reading: never shown
        same, by = judged.get(person.pk, (None, ""))
        hits.append(SearchHit(person, m.score, m.band, m, judged_by=by if same else ""))
    return hits
