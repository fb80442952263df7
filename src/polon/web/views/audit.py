"""The audit log, searchable: by person (record number or name: the events about him and about the rows that
belong to him), actor, action and date range; a page at a time newest first, the filter kept from page to
page; each event's object named and linked, its change shown readably; the filtered events as CSV.

Every filter is an indexed lookup (migrations 0004 and 0005 of polon.audit): action, actor, object and time,
each with the sequence; a page is one range scan by sequence (core.pages.keyset_page), never an OFFSET, and
nothing counts the whole log (its length is the chain head's sequence)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.accounts.models import User
from polon.audit.labels import action_label, object_label
from polon.audit.log import verify
from polon.audit.models import AuditEvent, AuditHead
from polon.core.pages import keyset_page
from polon.registry.models import Person, PersonName
from polon.registry.search import SearchQueryError, search_persons
from polon.web.forms.audit import AuditFilterForm
from polon.web.policy import policy

PAGE_SIZE = 100
PERSON = "registry.person"
# A filtered view counts its events only up to this many (a bounded count, never the whole log).
COUNT_LIMIT = 1000
# How many persons a name may stand for before the user is asked which one.
CANDIDATES = 10

# The pages objects link to: URL name, its argument, the policy that may open it.
PAGES: dict[str, tuple[str, str]] = {
    "exchanges.exchangeround": ("exchanges:round-detail", "exchanges.read"),
    "enquiries.enquiry": ("enquiries:detail", "enquiries.read"),
    "sources.source": ("web:source-review", "sources.read"),
    "consular.consularcontact": ("consular:contact-detail", "consular.read"),
    "actors.actor": ("web:actor-detail", "actors.read"),
    "accounts.user": ("accounts:user-detail", "accounts.admin"),
    "jobs.job": ("web:job-detail", "work.everyone"),
}
# Rows that belong to another object with a page of its own: the field naming it, and its type.
PARENTS: dict[str, tuple[str, str]] = {
    "exchanges.listrow": ("round_id", "exchanges.exchangeround"),
    "enquiries.reply": ("enquiry_id", "enquiries.enquiry"),
    "sources.reviewdecision": ("source_id", "sources.source"),
    "actors.actorname": ("actor_id", "actors.actor"),
    "actors.actormention": ("actor_id", "actors.actor"),
    "actors.actorcontact": ("actor_id", "actors.actor"),
    "accounts.apitoken": ("user_id", "accounts.user"),
}


@cache
def person_rows() -> dict[str, type[Model]]:
    """The models whose rows belong to one person (a ``person`` foreign key): names, citizenships, events,
    documents, round entries, list lines, transmissions, objections, …, by their audit object type."""
    return {model._meta.label_lower: model for model in apps.get_models()
            if any(f.name == "person" and f.is_relation and f.related_model is Person for f in model._meta.fields)}


def about_persons(person_ids: list[int]) -> Q:
    """The events about these persons: their own records and every row that belongs to them (one indexed
    lookup of object type and id per kind of row)."""
    ids = [str(pk) for pk in person_ids]
    condition = Q(object_type=PERSON, object_id__in=ids)
    for label, model in person_rows().items():
        rows = [str(pk) for pk in model._default_manager.filter(person_id__in=person_ids).values_list("pk", flat=True)]
        if rows:
            condition |= Q(object_type=label, object_id__in=rows)
    return condition


@dataclass
class PersonFilter:
    ids: list[int] = field(default_factory=list)
    candidates: list[tuple[int, str]] = field(default_factory=list)  # several persons the name may be
    error: str = ""


def find_persons(user: User, text: str) -> PersonFilter:
    """A record number (9, #9, №9) is that person; a name is looked up by the search engine in the user's
    scope, or, for a role that sees no persons (the auditor), among the stored spellings (the log names them
    anyway): one person, or the few it may be."""
    number = re.fullmatch(r"\s*[#№]?\s*(\d+)\s*", text)
    if number:
        return PersonFilter(ids=[int(number.group(1))])
    found: list[tuple[int, str]] = []
    if may(user, "registry.read"):
        try:
            hits = search_persons(user, text, limit=CANDIDATES)
        except SearchQueryError as exc:
            return PersonFilter(error=str(exc))
        likely = [h for h in hits if h.judged or h.band == "likely"]
        chosen = likely if len(likely) == 1 else hits
        found = [(h.person.pk, str(h.person)) for h in chosen]
    else:
        rows = (PersonName.objects.filter(text__icontains=text.strip()).order_by("person_id")
                .values_list("person_id", flat=True).distinct()[:CANDIDATES])
        names = _names(list(rows))
        found = [(pk, names.get(pk, "")) for pk in rows]
    if not found:
        return PersonFilter(error=_("nobody found under “%(text)s”") % {"text": text})
    if len(found) == 1:
        return PersonFilter(ids=[found[0][0]])
    return PersonFilter(candidates=found)


def _names(person_ids: list[int]) -> dict[int, str]:
    """Each person's primary name, read together (one query)."""
    names: dict[int, str] = {}
    for pk, text in (PersonName.objects.filter(person_id__in=person_ids).order_by("person_id", "-is_primary", "pk")
                     .values_list("person_id", "text")):
        names.setdefault(pk, text)
    return names


@dataclass
class ObjectLink:
    label: str
    url: str = ""
    detail: str = ""  # the row within the object: "spelling #45"


def _url(user: User, object_type: str, object_id: str) -> str:
    if object_type == PERSON:
        return reverse("web:person-detail", args=[int(object_id)]) if may(user, "registry.read") else ""
    page = PAGES.get(object_type)
    if page is None or not may(user, page[1]) or not object_id.isdigit():
        return ""
    try:
        return reverse(page[0], args=[int(object_id)])
    except NoReverseMatch:
        return ""


def describe_objects(user: User, events: list[AuditEvent]) -> dict[int, ObjectLink]:
    """Each event's object as a person reads it — "Person 9: Ерлан Тулегенов" linking to the person's page
    (the rows that belong to a person name him too), a round, an enquiry, a source, … — with a few queries
    for the whole page."""
    ids_by_type: dict[str, set[int]] = {}
    for e in events:
        if e.object_id.isdigit():
            ids_by_type.setdefault(e.object_type, set()).add(int(e.object_id))
    owner: dict[tuple[str, int], tuple[str, int]] = {}  # (type, id) -> (type, id) of the object it belongs to
    for label, model in person_rows().items():
        for pk, person_id in model._default_manager.filter(pk__in=ids_by_type.get(label, ())).values_list(
                "pk", "person_id"):
            if person_id is not None:
                owner[(label, pk)] = (PERSON, person_id)
    for label, (name, parent) in PARENTS.items():
        if ids_by_type.get(label):
            model = apps.get_model(label)
            for pk, parent_id in model._default_manager.filter(pk__in=ids_by_type[label]).values_list("pk", name):
                owner[(label, pk)] = (parent, parent_id)
    person_ids = set(ids_by_type.get(PERSON, set())) | {pk for (t, pk) in owner.values() if t == PERSON}
    names = _names(sorted(person_ids))
    out: dict[int, ObjectLink] = {}
    for e in events:
        pk = int(e.object_id) if e.object_id.isdigit() else None
        kind, key = owner.get((e.object_type, pk), (e.object_type, pk)) if pk is not None else (e.object_type, None)
        detail = "" if kind == e.object_type else f"{object_label(e.object_type)} #{e.object_id}"
        if kind == PERSON and key is not None:
            label = _("Person %(id)s: %(name)s") % {"id": key, "name": names.get(key, "—")}
        elif key is not None:
            label = f"{object_label(kind)} #{key}"
        else:
            label = f"{object_label(e.object_type)} {e.object_id}".strip()
        out[e.sequence] = ObjectLink(label, _url(user, kind, str(key)) if key is not None else "", detail)
    return out


def _compact(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Change:
    """An event's change as it is read: the fields that changed (before → after; a new record's filled-in fields
    with no before), its other facts, and the whole JSON pretty-printed."""

    fields: list[tuple[str, str, str]]
    facts: list[tuple[str, str]]
    pretty: str


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def read_change(text: str) -> Change:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return Change([], [], text)
    pretty = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    if not isinstance(data, dict):
        return Change([], [], pretty)
    before: dict[str, Any] = data["before"] if isinstance(data.get("before"), dict) else {}
    after: dict[str, Any] = data["after"] if isinstance(data.get("after"), dict) else {}
    fields = [(k, "" if _empty(before.get(k)) else _compact(before.get(k)),
               "" if _empty(after.get(k)) else _compact(after.get(k)))
              for k in sorted(set(before) | set(after))
              if before.get(k) != after.get(k) and not (_empty(before.get(k)) and _empty(after.get(k)))]
    facts = [(k, _compact(v)) for k, v in sorted(data.items())
             if not (k in ("before", "after") and isinstance(v, dict)) and not _empty(v)]
    return Change(fields, facts, pretty)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def filtered(form: AuditFilterForm, people: PersonFilter | None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    data = form.cleaned_data
    if data.get("actor"):
        events = events.filter(actor=data["actor"])
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("since"):
        events = events.filter(at__gte=_day_start(data["since"]))
    if data.get("until"):
        events = events.filter(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
    if people is not None:
        events = events.filter(about_persons(people.ids)) if people.ids else events.none()
    return events


def _sequence(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _actors() -> list[str]:
    return sorted({*User.objects.values_list("username", flat=True), "system"})


@policy("audit.read")
def audit_log(request):
    """The log newest first, a page at a time by sequence number (?before= / ?after=), searched by the filter
    form; ?format=csv downloads the filtered events."""
    params = request.GET.copy()
    # The old links' and the API's spelling of a filter: ?action=…&actor=… keep working.
    form = AuditFilterForm(params, actors=_actors())
    valid = form.is_valid()
    people = None
    if valid and form.cleaned_data.get("person"):
        people = find_persons(request.user, form.cleaned_data["person"])
        if people.error:
            form.add_error("person", people.error)
            valid = False
    events = filtered(form, people) if valid else AuditEvent.objects.none()
    if valid and request.GET.get("format") == "csv":
        return _csv(request.user, events)
    page = keyset_page(events, "sequence", before=_sequence(request.GET.get("before")),
                       after=_sequence(request.GET.get("after")), size=PAGE_SIZE)
    head = AuditHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
    searching = any(form.cleaned_data.get(k) for k in ("person", "actor", "action", "since", "until")) \
        if valid else bool(request.GET)
    matching = events[:COUNT_LIMIT + 1].count() if searching and valid else None
    objects = describe_objects(request.user, page.rows)
    rows = [{"event": e, "action": action_label(e.action), "object": objects[e.sequence],
             "change": read_change(e.changes)} for e in page.rows]
    verification = verify() if request.GET.get("verify") else None
    return render(request, "polon/audit/log.html", {
        "form": form, "page": page, "rows": rows, "total": head, "searching": searching, "matching": matching,
        "count_limit": COUNT_LIMIT, "candidates": people.candidates if people else [],
        "verification": verification})


def _csv(user: User, events: QuerySet[AuditEvent]) -> StreamingHttpResponse:
    """The filtered events, newest first, streamed in batches (the whole log at 100,000 events too)."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["sequence", "time_utc", "actor", "action", "action_label", "object_type",
                               "object_id", "object", "changes"])
        batch: list[AuditEvent] = []
        for event in events.order_by("-sequence").iterator(chunk_size=2000):
            batch.append(event)
            if len(batch) == 500:
                yield from _csv_rows(writer, user, batch)
                batch = []
        yield from _csv_rows(writer, user, batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="polon-audit.csv"'
    return response


def _csv_rows(writer: Any, user: User, batch: list[AuditEvent]) -> Iterator[str]:
    if not batch:
        return
    objects = describe_objects(user, batch)
    for e in batch:
        obj = objects[e.sequence]
        yield writer.writerow([e.sequence, e.at.astimezone(dt.UTC).isoformat(timespec="seconds"), e.actor,
                               e.action, action_label(e.action), e.object_type, e.object_id,
                               f"{obj.label} ({obj.detail})" if obj.detail else obj.label, e.changes])
