"""Scoped reads: contacts by state, transmissions and post-return records by person. The dossier of a state,
which also reads exchanges and enquiries, is polon.exports.dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import country_scope, person_scope, scope_via_person, visible_or_not_found
from polon.consular.models import AfterReturn, ConsularContact, Objection, Proceeding, Transmission
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User


def contacts(user: User | None, country: str = "") -> QuerySet[ConsularContact]:
    qs = country_scope(user, ConsularContact.objects.all())
    if country:
        qs = qs.filter(country=country.upper())
    visible = person_scope(user, Person.objects.all()).prefetch_related("names")
    return qs.prefetch_related("participants", "sources", Prefetch("persons", queryset=visible))


def get_contact(user: User | None, contact_id: int | str) -> ConsularContact:
    return visible_or_not_found(contacts(user), contact_id, _("consular contact"))


def transmissions(user: User | None) -> QuerySet[Transmission]:
    return scope_via_person(user, Transmission.objects.select_related("person", "created_by"))


def objections(user: User | None) -> QuerySet[Objection]:
    return scope_via_person(user, Objection.objects.select_related("person"))


def after_return(user: User | None) -> QuerySet[AfterReturn]:
    return scope_via_person(user, AfterReturn.objects.select_related("person").prefetch_related("sources"))


def proceedings(user: User | None) -> QuerySet[Proceeding]:
    return scope_via_person(user, Proceeding.objects.select_related("person").prefetch_related("sources"))
