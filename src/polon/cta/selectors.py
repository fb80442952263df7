"""Scoped reads of the lists for the Central Tracing Agency and the Power depended on, and what is pending for
each recipient: every prisoner of war captured and never sent to it (new), and every one whose particulars
differ from what was last sent to it (a change, or a correction when a fixed fact changed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import person_scope, visible_or_not_found
from polon.cta.models import CtaEntry, CtaList, EntryKind, Recipient
from polon.cta.particulars import changed_fields, is_correction, read
from polon.registry.choices import Category
from polon.registry.models import Person, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass
class Pending:
    """A person due on the next list to a recipient: why (``kind``), what changed, his particulars now."""

    person: Person
    kind: str
    values: dict[str, str]
    changed: list[str] = field(default_factory=list)


@dataclass
class RecipientSummary:
    recipient: str
    country: str
    new: int = 0
    changes: int = 0
    corrections: int = 0
    last: CtaList | None = None

    @property
    def total(self) -> int:
        return self.new + self.changes + self.corrections


def prisoners(user: User, *, country: str = "") -> QuerySet[Person]:
    """The prisoners of war held by us in ``user``'s scope (depending on ``country`` if given), with what their
    particulars are read from."""
    persons = person_scope(user, Person.objects.filter(category=Category.POW))
    if country:
        persons = persons.filter(power_depended=country.upper())
    return persons.prefetch_related(
        "names", Prefetch("events", queryset=StatusEvent.objects.select_related("internment_place")))


def last_sent(recipient: str, country: str, person_ids: list[int]) -> dict[int, dict[str, str]]:
    """What was last sent to the recipient of each person: {person id: particulars as sent}."""
    sent: dict[int, dict[str, str]] = {}
    for start in range(0, len(person_ids), 500):
        rows = CtaEntry.objects.filter(
            cta_list__recipient=recipient, cta_list__country=country if recipient == Recipient.POWER else "",
            person_id__in=person_ids[start:start + 500]).order_by("id").values_list("person_id", "values")
        for person_id, values in rows:
            sent[person_id] = values
    return sent


def _current(user: User, country: str = "") -> list[tuple[Person, dict[str, str]]]:
    """The prisoners captured (in scope, depending on ``country`` if given) with their particulars now."""
    found = []
    for person in prisoners(user, country=country):
        captured, values = read(person)
        if captured:
            found.append((person, values))
    return found


def _due(current: list[tuple[Person, dict[str, str]]], recipient: str, country: str) -> list[Pending]:
    sent = last_sent(recipient, country, [p.pk for p, _values in current])
    due: list[Pending] = []
    for person, now in current:
        before = sent.get(person.pk)
        if before is None:
            due.append(Pending(person, EntryKind.NEW, now))
            continue
        changed = changed_fields(before, now)
        if changed:
            due.append(Pending(person, EntryKind.CORRECTION if is_correction(changed) else EntryKind.CHANGE, now,
                               changed))
    order = {EntryKind.NEW: 0, EntryKind.CORRECTION: 1, EntryKind.CHANGE: 2}
    return sorted(due, key=lambda p: (order[EntryKind(p.kind)], p.person.pk))


def pending(user: User, *, recipient: str, country: str = "") -> list[Pending]:
    """Who is due on the next list to ``recipient`` (the CTA; or the Power ``country``), in ``user``'s scope: new
    captures first, then corrections, then changes, each by record number. Nothing sent unchanged is due."""
    country = country.upper() if recipient == Recipient.POWER else ""
    if recipient not in Recipient.values or (recipient == Recipient.POWER and not country):
        return []
    return _due(_current(user, country), recipient, country)


def summaries(user: User) -> list[RecipientSummary]:
    """What is pending for each recipient: the CTA, and each Power on which a prisoner in scope depends (with
    the last list sent to it). Each person's particulars are read once."""
    current = _current(user)
    countries = sorted({p.power_depended for p, _values in current if p.power_depended})
    found = []
    for recipient, country in [(Recipient.CTA, ""), *((Recipient.POWER, c) for c in countries)]:
        mine = current if not country else [(p, v) for p, v in current if p.power_depended == country]
        counts = Counter(p.kind for p in _due(mine, recipient, country))
        found.append(RecipientSummary(
            recipient=recipient, country=country, new=counts[EntryKind.NEW], changes=counts[EntryKind.CHANGE],
            corrections=counts[EntryKind.CORRECTION],
            last=CtaList.objects.filter(recipient=recipient, country=country).order_by("-sent_on", "-id").first()))
    return found


def lists(user: User) -> QuerySet[CtaList]:
    """The lists sent, newest first; a reader whose scope holds none of a list's persons does not see it."""
    visible = person_scope(user, Person.objects.all()).values("pk")
    return CtaList.objects.filter(entries__person__in=visible).distinct().order_by("-sent_on", "-id")


def get_list(user: User, list_id: int | str) -> CtaList:
    return visible_or_not_found(lists(user), list_id, _("list"))


def entries(user: User, cta_list: CtaList) -> list[CtaEntry]:
    """The persons on a list that ``user`` may see, in the list's order."""
    visible = person_scope(user, Person.objects.all()).values("pk")
    return list(cta_list.entries.filter(person__in=visible).select_related("person", "transmission").order_by("id"))
