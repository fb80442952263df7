"""Reads of sources, their extraction and what is left to review. Sources are seen whole by the roles that
may read them (admin, registrar, analyst) and not at all by anyone else; proposed person links come from the
reviewer's own scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from polon.access import fields
from polon.access.policies import may, require
from polon.access.scope import visible_or_not_found
from polon.core.errors import NotFound, ValidationFailed
from polon.core.validate import Errors
from polon.registry.search import SearchHit, SearchQueryError, search_persons
from polon.sources.models import Decision, ReviewDecision, Source, SourceExtraction

if TYPE_CHECKING:
    from polon.accounts.models import User

# Extracted event types that accepting turns into a status event of each linked person.
STATUS_EVENTS = {"capture": "captured", "release": "released", "prisoner_exchange": "exchanged"}


def visible_sources(user: User | None) -> QuerySet[Source]:
    if not may(user, "sources.read"):
        return Source.objects.none()
    # Internal-only sources go to the roles access.fields lets see them (today every role that reads sources).
    hidden = fields.hidden_source_marks(user)
    return Source.objects.exclude(restriction__in=sorted(hidden)) if hidden else Source.objects.all()


def get_source(user: User | None, source_id: int | str) -> Source:
    return visible_or_not_found(visible_sources(user), source_id, _("source"))


def latest_extraction(source: Source) -> SourceExtraction | None:
    return source.extractions.order_by("-id").first()


def person_key(person: dict[str, Any]) -> str:
    return f"person:{person.get('name', '')}"


def event_key(event: dict[str, Any], index: int) -> str:
    spans = event.get("spans") or []
    where = f"{spans[0][0]}-{spans[0][1]}" if spans else f"#{index}"
    return f"event:{event.get('type', '')}:{where}"


def item_keys(data: dict[str, Any] | None) -> list[str]:
    """The keys of an extraction's reviewable items (its persons, then its events), each once."""
    if not data:
        return []
    keys = [person_key(p) for p in data.get("persons") or []]
    keys += [event_key(e, i) for i, e in enumerate(data.get("events") or [])]
    return list(dict.fromkeys(keys))


def count_undecided(source: Source) -> int:
    """How many items of the source's latest extraction wait for a decision (what Source.undecided keeps)."""
    extraction = latest_extraction(source)
    if extraction is None:
        return 0
    decided = set(source.review_decisions.values_list("item", flat=True))
    return len([k for k in item_keys(extraction.data) if k not in decided])


def review_queue(user: User | None, *, state: str = "", q: str = "", kind: str = "") -> QuerySet[Source]:
    """Sources for the review queue: those with undecided items first, then the rest, each newest first. ``state`` "undecided" keeps the sources with items left, "reviewed" those without;
    ``q`` finds a part of the title, the file's name or the author; ``kind`` a kind of source."""
    sources = visible_sources(user)
    if state == "undecided":
        sources = sources.filter(undecided__gt=0)
    elif state == "reviewed":
        sources = sources.filter(undecided=0)
    text = " ".join((q or "").split())
    if text:
        sources = sources.filter(Q(title__icontains=text) | Q(original_name__icontains=text)
                                 | Q(author__icontains=text))
    if kind:
        sources = sources.filter(kind=kind)
    return sources.annotate(has_undecided=Case(When(undecided__gt=0, then=Value(1)), default=Value(0),
                                               output_field=IntegerField())).order_by("-has_undecided", "-id")


@dataclass
class ReviewItem:
    key: str
    kind: str  # "person" or "event"
    data: dict[str, Any]
    decision: ReviewDecision | None = None
    proposals: list[SearchHit] = field(default_factory=list)  # in the reviewer's scope
    linked: dict[str, int] = field(default_factory=dict)  # event: person name -> person id accepted in this source
    anchor: str = ""

    @property
    def label(self) -> str:
        label: str = self.data.get("name") or self.data.get("type", "")
        return label

    @property
    def pending(self) -> bool:
        return self.decision is None

    @property
    def status(self) -> str:
        return self.decision.decision if self.decision else "pending"

    @property
    def status_event(self) -> str:
        return STATUS_EVENTS.get(self.data.get("type", ""), "")


def review_items(user: User | None, source: Source, *, with_proposals: bool = True) -> list[ReviewItem]:
    """Every reviewable item of the source's latest extraction: its persons, then its events."""
    extraction = latest_extraction(source)
    if extraction is None:
        return []
    decisions = {d.item: d for d in source.review_decisions.select_related("decided_by")}
    data = extraction.data
    items: list[ReviewItem] = []
    linked_persons: dict[str, int] = {}
    for index, person in enumerate(data.get("persons") or []):
        item = ReviewItem(person_key(person), "person", person, decisions.get(person_key(person)),
                          anchor=f"p{index}")
        if item.decision and item.decision.decision == Decision.ACCEPTED and item.decision.created.get("person"):
            linked_persons[person.get("name", "")] = item.decision.created["person"]
        items.append(item)
    for index, event in enumerate(data.get("events") or []):
        key = event_key(event, index)
        item = ReviewItem(key, "event", event, decisions.get(key), anchor=f"e{index}")
        item.linked = {n: linked_persons[n] for n in event.get("persons") or [] if n in linked_persons}
        items.append(item)
    if with_proposals:
        for item in items:
            if item.kind == "person" and item.pending:
                try:
                    item.proposals = search_persons(user, item.data.get("name", ""), limit=5)
                except SearchQueryError:
                    item.proposals = []
    return items


def find_item(user: User | None, source: Source, key: str) -> ReviewItem:
    for item in review_items(user, source, with_proposals=False):
        if item.key == key:
            return item
    raise NotFound(_("source %(id)s has no item %(item)s to review") % {"id": source.pk, "item": repr(key)})


# Which highlight wins where spans overlap.
_PRIORITY = {"person": 0, "organisation": 1, "event": 2, "country": 3}


def spans_of(data: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, label) of every highlighted mention."""
    found: list[tuple[int, int, str, str]] = []
    for p in data.get("persons") or []:
        found += [(s, e, "person", p.get("name", "")) for s, e in p.get("spans") or []]
    for o in data.get("organisations") or []:
        found += [(s, e, "organisation", o.get("name", "")) for s, e in o.get("spans") or []]
    for ev in data.get("events") or []:
        found += [(s, e, "event", ev.get("type", "")) for s, e in ev.get("spans") or []]
    for c in data.get("countries") or []:
        found += [(s, e, "country", c.get("code", "")) for s, e in c.get("spans") or []]
    return found


class Segment(NamedTuple):
    """A run of a source's text: a mention of ``kind`` (person, organisation, event, country) named
    ``label``, or plain text when ``kind`` is ""."""

    text: str
    kind: str = ""
    label: str = ""


def segments(text: str, data: dict[str, Any] | None) -> list[Segment]:
    """The source text cut into plain runs and mentions; overlaps resolved by kind, then length. Plain data:
    the web layer (the ``highlight`` template filter) renders it."""
    if not data:
        return [Segment(text)] if text else []
    chosen: list[tuple[int, int, str, str]] = []
    candidates = sorted(spans_of(data), key=lambda m: (_PRIORITY[m[2]], -(m[1] - m[0]), m[0]))
    for start, end, kind, label in candidates:
        if not (0 <= start < end <= len(text)):
            continue
        if any(start < e and s < end for s, e, _k, _l in chosen):
            continue
        chosen.append((start, end, kind, label))
    chosen.sort()
    parts: list[Segment] = []
    pos = 0
    for start, end, kind, label in chosen:
        if start > pos:
            parts.append(Segment(text[pos:start]))
        parts.append(Segment(text[start:end], kind, label))
        pos = end
    if pos < len(text):
        parts.append(Segment(text[pos:]))
    return parts


def cited_sources(actor: User | None, source_ids: Iterable[int] | None) -> list[Source]:
    """The sources `actor` cites by id, read through visible_sources.

    Only roles that may read sources (sources.read) may cite them: anyone else could attach an internal
    source to a record of their own and read its title and URL there. Citing none needs no permission. A
    source the actor may not see and one that does not exist get the same answer, so ids cannot be probed.
    """
    errors = Errors()
    ids = errors.ids("sources", source_ids)
    errors.raise_if_any()
    if not ids:
        return []
    require(actor, "sources.read")
    sources = list(visible_sources(actor).filter(pk__in=ids))
    missing = sorted(set(ids) - {s.pk for s in sources})
    if missing:
        raise ValidationFailed({"sources": _("no source with id %(ids)s") % {"ids": ", ".join(map(str, missing))}})
    return sources
