"""Tracing enquiries: suggestions computed at read time, assignee, replies, days open, and a restricted
person never disclosed in a reply."""

from __future__ import annotations

import datetime as dt

import pytest

from polon.core.errors import NotFound, ValidationFailed
from polon.enquiries import selectors, services
from polon.enquiries.models import Reply
from polon.registry.services import add_name, create_person, update_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db


def enquiry_about(user, name, country="KZ", **extra):
    return services.create_enquiry(actor=user, requester_kind="family", requester_name="Fictional mother",
                                   sought_name=name, sought_country=country, **extra)


def test_suggestions_refresh_as_the_registry_changes(registry, users):
    enquiry = enquiry_about(users["liaison_kz"], "Нурсултан Выдуманов", received_on="2025-01-01")
    assert selectors.suggestions(users["liaison_kz"], enquiry) == []
    person = create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Nursultan Vydumanov")],
                           citizenships=[CitizenshipInput(country="KZ")])
    hits = selectors.suggestions(users["liaison_kz"], enquiry)
    assert [h.person.pk for h in hits] == [person.pk] and hits[0].band in ("likely", "possible")
    assert hits[0].explanation
    add_name(actor=users["registrar"], person_id=person.pk, name=NameInput(text="Нурсултан Выдуманов"))
    assert selectors.suggestions(users["liaison_kz"], enquiry)[0].band == "likely"
    assert enquiry.days_open(dt.date(2025, 1, 31)) == 30


def test_a_restricted_person_is_never_disclosed_in_a_reply(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    update_person(actor=registrar, person_id=kazakh.pk, expected_version=kazakh.version + 1,
                  changes={"restricted": True})
    enquiry = enquiry_about(registrar, "Ermek Katyrenov", sought_birth_date="1991")
    hits = selectors.suggestions(registrar, enquiry)
    assert kazakh.pk in [h.person.pk for h in hits]  # staff see the match, flagged
    draft, named = selectors.draft_reply(registrar, enquiry)
    assert "Катыренов" not in draft and "Ermek Katyrenov" in draft and named == []
    assert "no information" in draft and "T-100001" not in draft and "1991" not in draft
    with pytest.raises(ValidationFailed) as caught:
        services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text="We hold him.", person_ids=[kazakh.pk])
    assert "restricted" in str(caught.value)
    with pytest.raises(ValidationFailed):
        services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text="Ермек Болатович Катыренов is held.")
    assert Reply.objects.count() == 0
    reply = services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text=draft, person_ids=named, close=True)
    assert list(reply.persons.all()) == []
    enquiry.refresh_from_db()
    assert enquiry.status == "closed" and enquiry.closed_on


def test_reply_about_an_unrestricted_person_and_assignment(registry, users):
    registrar = users["registrar"]
    enquiry = enquiry_about(registrar, "Alisher Tursunov", country="UZ")
    draft, named = selectors.draft_reply(registrar, enquiry)
    assert named == [registry["uzbek"].pk] and "Турсунов" in draft
    services.assign_enquiry(actor=registrar, enquiry_id=enquiry.pk, assignee_id=users["liaison_uz"].pk)
    reply = services.add_reply(actor=users["liaison_uz"], enquiry_id=enquiry.pk, text=draft, person_ids=named)
    assert [p.pk for p in reply.persons.all()] == named
    with pytest.raises(ValidationFailed):
        services.assign_enquiry(actor=registrar, enquiry_id=enquiry.pk, assignee_id=users["auditor"].pk)


def test_enquiries_are_scoped_by_citizenship(registry, users):
    uz = enquiry_about(users["registrar"], "Alisher Tursunov", country="UZ")
    kz = enquiry_about(users["registrar"], "Ermek Katyrenov", country="KZ")
    nowhere = enquiry_about(users["registrar"], "Someone Unknown", country="")
    assert set(selectors.enquiries(users["liaison_kz"])) == {kz}
    assert set(selectors.enquiries(users["analyst"])) == {uz, kz, nowhere}
    with pytest.raises(NotFound):
        selectors.get_enquiry(users["liaison_kz"], uz.pk)
    with pytest.raises(NotFound):
        services.add_reply(actor=users["liaison_kz"], enquiry_id=uz.pk, text="x")
    with pytest.raises(ValidationFailed):
        enquiry_about(users["liaison_kz"], "Alisher Tursunov", country="UZ")
    # Her suggestions never include a person outside her scope either.
    assert selectors.suggestions(users["liaison_kz"], uz) == []
