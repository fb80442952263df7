"""The one search service: every feature that finds a person (search box, API, CLI, duplicate warnings,
list reconciliation, enquiry suggestions, review proposals, the disclosure gate) calls
:func:`search_persons`, which runs polon.matching's NameIndex held by this process
(:mod:`polon.registry.search_index`), caught up with every committed write before it searches.

The user's scope is applied inside the index before ranking, so a liaison's top ten are the best ten
of the persons she may see; the records shown are then read through :func:`person_scope` as every
other read is. Registrars' judgements ("this is him" / "not him") beat any score.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from polon.access.scope import person_scope, scope_of
from polon.core.batches import in_batches
from polon.matching import Judgements, Match, QueryError, Within, key_id, name_id
from polon.names import NameInputError, clean
from polon.registry.explain import translate_explanation
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
            return gettext("confirmed the same person by %(user)s") % {"user": self.judged_by}
        # In the user's language: the pure library explains in a fixed English grammar (registry.explain).
        return translate_explanation(self.match.explanation) if self.match is not None else ""


def clean_query(query: str) -> str:
    """The query as names are stored (polon.names.clean), which judgements are recorded and looked up by;
    refuse empty, letterless or over-long queries."""
    if query is None:
        raise SearchQueryError(gettext("the query is empty"))
    if len(query) > 10 * MAX_QUERY_LENGTH:
        raise SearchQueryError(gettext("the query is %(n)s characters long; at most %(max)s are searched")
                               % {"n": len(query), "max": MAX_QUERY_LENGTH})
    try:
        text = clean(query)  # NFC, control characters and direction marks gone, one apostrophe, single spaces
    except NameInputError:
        raise SearchQueryError(gettext("the query is %(n)s characters long; at most %(max)s are searched")
                               % {"n": len(query), "max": MAX_QUERY_LENGTH}) from None
    if not any(ch.isalpha() for ch in text):
        raise SearchQueryError(gettext("the query contains no letters"))
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(gettext("the query is %(n)s characters long; at most %(max)s are searched")
                               % {"n": len(text), "max": MAX_QUERY_LENGTH})
    return text


@dataclass(frozen=True)
class PersonQuery:
    """One search of :func:`search_many`: a name as written, with the evidence that came with it."""

    text: str
    birth_date: str | None = None
    citizenships: tuple[str, ...] = ()


@dataclass
class Found:
    """What :func:`search_many` found for one query: its hits, or why it could not be searched."""

    hits: list[SearchHit] = field(default_factory=list)
    error: SearchQueryError | None = None


def search_persons(user, query: str, *, birth_date: str | None = None, citizenships: Collection[str] = (),
                   limit: int = 20, categories: Collection[str] | None = None,
                   restricted_only: bool = False, likely_only: bool = False) -> list[SearchHit]:
    """The persons in ``user``'s scope that may be the one named ``query``, best first: likely and
    possible matches only (``likely_only``: likely ones). ``categories`` and ``restricted_only`` narrow
    the persons searched (before ranking, like the scope). Raises :class:`SearchQueryError` for a query
    or date that cannot be read."""
    found = search_many(user, [PersonQuery(query, birth_date, tuple(citizenships))], limit=limit,
                        categories=categories, restricted_only=restricted_only, likely_only=likely_only)[0]
    if found.error is not None:
        raise found.error
    return found.hits


def search_many(user, queries: Sequence[PersonQuery], *, limit: int = 20,
                categories: Collection[str] | None = None, restricted_only: bool = False,
                likely_only: bool = False, related: Sequence[str] = ("names", "citizenships")) -> list[Found]:
    """:func:`search_persons` for each of ``queries`` (a list being reconciled, a file being imported),
    in its order: one catch-up of the engine, and the hits' records and judgements read for all of
    them at once rather than a few queries each. ``related``: what is read with each hit's record (a
    caller showing only names saves reading citizenships)."""
    scope = scope_of(user)
    out = [Found() for _ in queries]
    texts: list[str | None] = []
    for found, q in zip(out, queries, strict=True):
        text = None
        try:
            text = clean_query(q.text)
        except SearchQueryError as error:
            found.error = error
        texts.append(text)
    if limit <= 0 or not (scope.everyone or scope.countries):
        return out
    within = Within(citizenships=None if scope.everyone else scope.countries,
                    any_tags=None if categories is None else frozenset(map(category_tag, categories)),
                    all_tags=frozenset({RESTRICTED_TAG}) if restricted_only else frozenset())
    judged: dict[str, dict[int, tuple[bool, str]]] = {}
    wanted = {t for t in texts if t is not None}
    for batch in in_batches(sorted(wanted)):
        for text, pk, same, by in MatchJudgement.objects.filter(query__in=batch).values_list(
                "query", "person_id", "same", "judged_by__username"):
            judged.setdefault(text, {})[pk] = (same, by)
    matches: list[list[Match]] = [[] for _ in queries]
    with ENGINE.searching() as index:
        for i, (q, text) in enumerate(zip(queries, texts, strict=True)):
            if text is None:
                continue
            verdicts = Judgements((name_id(text), key_id(str(pk)), same)
                                  for pk, (same, _by) in judged.get(text, {}).items())
            try:
                matches[i] = index.search(text, birth_date=q.birth_date or None, citizenships=q.citizenships,
                                          limit=limit, judgements=verdicts, within=within,
                                          likely_only=likely_only)
            except QueryError as error:
                out[i].error = SearchQueryError(str(error))
    ids = sorted({int(m.key) for found in matches for m in found})
    persons: dict[int, Person] = {}
    for id_batch in in_batches(ids):
        persons.update((p.pk, p) for p in person_scope(user, Person.objects.filter(pk__in=id_batch))
                       .prefetch_related(*related))
    for found, text, found_matches in zip(out, texts, matches, strict=True):
        for m in found_matches:
            person = persons.get(int(m.key))
            if person is None:
                continue  # out of scope by the database's reading: never shown
            judged_same, by = judged.get(text or "", {}).get(person.pk, (False, ""))
            found.hits.append(SearchHit(person, m.score, m.band, m, judged_by=by if judged_same else ""))
    return out
