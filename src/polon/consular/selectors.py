"""Scoped reads: contacts by state, transmissions and post-return records by person, and the dossier."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from polon.accounts.scope import person_scope, scope_via_person
from polon.consular.legal_notes import notes_for
from polon.consular.models import AfterReturn, ConsularContact, Objection, Proceeding, Transmission
from polon.consular.scope import country_scope, require_country
from polon.core.countries import country_name
from polon.core.errors import NotFound
from polon.registry import selectors as registry_selectors
from polon.registry.choices import Status
from polon.registry.models import Person


def contacts(user, country: str = "") -> QuerySet[ConsularContact]:
    qs = country_scope(user, ConsularContact.objects.all())
    if country:
        qs = qs.filter(country=country.upper())
    visible = person_scope(user, Person.objects.all()).prefetch_related("names")
    return qs.prefetch_related("participants", "sources", Prefetch("persons", queryset=visible))


def get_contact(user, contact_id) -> ConsularContact:
    try:
        return contacts(user).get(pk=contact_id)
    except (ConsularContact.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"consular contact {contact_id} not found") from None


def transmissions(user) -> QuerySet[Transmission]:
    return scope_via_person(user, Transmission.objects.select_related("person", "created_by"))


def objections(user) -> QuerySet[Objection]:
    return scope_via_person(user, Objection.objects.select_related("person"))


def after_return(user) -> QuerySet[AfterReturn]:
    return scope_via_person(user, AfterReturn.objects.select_related("person").prefetch_related("sources"))


def proceedings(user) -> QuerySet[Proceeding]:
    return scope_via_person(user, Proceeding.objects.select_related("person").prefetch_related("sources"))


@dataclass
class Dossier:
    country: str
    name: str
    persons: list
    by_status: list[tuple[str, int]]
    rounds: list
    contacts: list
    transmissions: list
    enquiries: list
    after_return: list
    proceedings: list
    legal_notes: dict | None
    charts: dict = field(default_factory=dict)


def dossier(user, country: str, language: str = "en") -> Dossier:
    """Everything the bureau holds about one state's citizens, within the reader's scope."""
    from polon.enquiries.selectors import enquiries
    from polon.exchanges.models import EntryStatus, ExchangeRound
    from polon.exchanges.selectors import entries
    from polon.exports.charts import bar_chart, column_chart

    code = require_country(user, country)
    try:
        name = country_name(code, language)
    except ValueError:
        raise NotFound(f"country {country} not found") from None
    persons = list(registry_selectors.person_list(user, registry_selectors.PersonFilters(citizenship=code)))
    counts = Counter(p.status for p in persons)
    by_status = [(Status(s).label, counts[s]) for s in Status.values if counts.get(s)]
    person_ids = [p.pk for p in persons]
    released = list(entries(user).filter(person_id__in=person_ids, status=EntryStatus.EXCHANGED))
    round_ids = sorted({e.round_id for e in released})
    rounds = []
    for r in ExchangeRound.objects.filter(pk__in=round_ids).order_by("executed_on", "number"):
        r.released = [e.person for e in released if e.round_id == r.pk]
        rounds.append(r)
    transmitted = list(transmissions(user).filter(person_id__in=person_ids).order_by("-date", "-id"))
    returned = list(after_return(user).filter(person_id__in=person_ids))
    proceeded = list(proceedings(user).filter(person_id__in=person_ids))
    charts = {
        "status": bar_chart(by_status, title=f"{name}: citizens by status"),
        "exchanges": column_chart([(r.executed_on[:7] or f"#{r.number}", len(r.released)) for r in rounds],
                                  title=f"{name}: citizens released per exchange"),
    }
    return Dossier(
        country=code, name=name, persons=persons, by_status=by_status, rounds=rounds,
        contacts=list(contacts(user, code)), transmissions=transmitted,
        enquiries=list(enquiries(user).filter(sought_country=code)), after_return=returned,
        proceedings=proceeded, legal_notes=notes_for(code), charts=charts)
