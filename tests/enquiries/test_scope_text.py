"""Free text and links that cross scope (issue 24): an analyst names an Uzbek captive in a reply to an enquiry
about a Kazakh citizen, or a registrar in a contact with Kazakhstan — the Kazakhstan liaison officer reads both,
and may not see Uzbek citizens. Links to persons outside the record's state are refused; names in its text are
refused unless the writer confirms, and the confirmation is audited. A reply to a state follows the "may be
detrimental" rule."""

from __future__ import annotations

import json

import pytest

from polon.audit.models import AuditEvent
from polon.consular import selectors as consular_selectors
from polon.consular import services as consular
from polon.consular.models import ConsularContact, Objection
from polon.core.errors import ValidationFailed
from polon.enquiries import selectors, services
from polon.enquiries.models import Reply
from polon.registry.mentions import NamesNeedConfirmation, persons_named

pytestmark = pytest.mark.django_db


def changes(event: AuditEvent) -> dict:
    return json.loads(event.changes)


def kazakh_enquiry(user, **extra):
    return services.create_enquiry(actor=user, requester_kind=extra.pop("requester_kind", "family"),
                                   requester_name="Fictional mother", sought_name="Ермек Катыренов",
                                   sought_country="KZ", **extra)


def test_an_uzbek_captive_named_in_a_kazakh_reply_is_refused_until_confirmed(registry, users):
    analyst, uzbek = users["analyst"], registry["uzbek"]
    enquiry = kazakh_enquiry(analyst)
    text = ("Regarding your enquiry about Ermek Katyrenov: he is held. Alisher Tursunov (T-100002) "
            "was captured with him.")
    with pytest.raises(NamesNeedConfirmation) as caught:
        services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text)
    assert [n.person_id for n in caught.value.names] == [uzbek.pk]
    assert "Алишер Турсунов" in caught.value.errors["text"][0] and "T-100002" in caught.value.errors["text"][0]
    assert len(caught.value.errors["confirm_names"]) == 1
    assert Reply.objects.count() == 0
    # The Kazakhstan liaison officer reads nothing of it: no reply was recorded.
    assert list(selectors.get_enquiry(users["liaison_kz"], enquiry.pk).replies.all()) == []

    reply = services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text, confirm_names=True)
    event = AuditEvent.objects.get(action="text.names.confirm")
    assert event.object_id == str(reply.pk) and changes(event)["persons"] == [uzbek.pk]
    assert changes(event)["countries"] == ["KZ"] and changes(event)["names"][0]["field"] == "text"
    assert event.actor_id == analyst.pk


def test_names_are_found_inflected_in_another_script_and_by_service_number(registry, users):
    analyst, uzbek = users["analyst"], registry["uzbek"]
    enquiry = kazakh_enquiry(analyst)
    for text in ("Щодо вашого запиту: Ермек Катиренов утримується разом з Алішером Турсуновим.",
                 "Турсунов Алишер также находится в лагере.",
                 "Also held: service number T-100002.",
                 "also held with him: alisher tursunov, captured the same day."):
        with pytest.raises(NamesNeedConfirmation) as caught:
            services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text)
        assert [n.person_id for n in caught.value.names] == [uzbek.pk], text
    # Kazakh citizens (the dual Russian–Kazakh one too) may be named in a Kazakh reply.
    reply = services.add_reply(actor=analyst, enquiry_id=enquiry.pk,
                               text="Ermek Katyrenov and Baurzhan Begalimov (Бауржан Бегалимов) are held.")
    assert reply.pk and not AuditEvent.objects.filter(action="text.names.confirm").exists()


def test_a_writer_is_never_told_of_persons_outside_his_own_scope(registry, users):
    """The search runs in the writer's scope: a Kazakhstan liaison officer typing an Uzbek's name learns
    nothing of him."""
    assert persons_named(users["liaison_kz"], {"text": "Alisher Tursunov T-100002"}, ["KZ"]) == []
    assert [n.person_id for n in persons_named(users["analyst"], {"text": "Alisher Tursunov"}, ["KZ"])] == [
        registry["uzbek"].pk]


def test_linking_an_uzbek_captive_to_a_kazakh_enquiry_or_contact_is_refused(registry, users):
    analyst, registrar, uzbek = users["analyst"], users["registrar"], registry["uzbek"]
    enquiry = kazakh_enquiry(analyst)
    with pytest.raises(ValidationFailed) as caught:
        services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text="We hold them.",
                           person_ids=[registry["kazakh"].pk, uzbek.pk])
    assert list(caught.value.errors) == ["person_ids"] and f"person {uzbek.pk}" in caught.value.errors["person_ids"][0]
    with pytest.raises(ValidationFailed) as caught:
        consular.create_contact(actor=registrar, country="KZ", summary="Meeting on the exchange list.",
                                person_ids=[uzbek.pk])
    assert list(caught.value.errors) == ["person_ids"]
    assert Reply.objects.count() == 0 and ConsularContact.objects.count() == 0
    # His own state's contact, and a Kazakh linked to a Kazakh contact, are accepted.
    consular.create_contact(actor=registrar, country="UZ", person_ids=[uzbek.pk])
    consular.create_contact(actor=registrar, country="KZ", person_ids=[registry["kazakh"].pk, registry["dual"].pk])


def test_an_uzbek_named_in_a_kazakh_contact_summary_is_refused_until_confirmed(registry, users):
    registrar, uzbek = users["registrar"], registry["uzbek"]
    summary = "The consul asked about Ermek Katyrenov; we mentioned Алишер Турсунов, service number T-100002."
    with pytest.raises(NamesNeedConfirmation) as caught:
        consular.create_contact(actor=registrar, country="KZ", kind="meeting", summary=summary)
    assert list(caught.value.errors) == ["summary", "confirm_names"]
    assert ConsularContact.objects.count() == 0
    assert list(consular_selectors.contacts(users["liaison_kz"])) == []
    with pytest.raises(NamesNeedConfirmation):
        consular.create_contact(actor=registrar, country="KZ", commitments=["Will ask about Alisher Tursunov"])
    contact = consular.create_contact(actor=registrar, country="KZ", kind="meeting", summary=summary,
                                      confirm_names=True)
    event = AuditEvent.objects.get(action="text.names.confirm")
    assert event.object_id == str(contact.pk) and changes(event)["persons"] == [uzbek.pk]
    assert changes(event)["names"][0]["field"] == "summary"


def test_an_objection_naming_an_uzbek_on_a_kazakh_record_is_refused_until_confirmed(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    statement = "Не передавати мої дані; так само як Алішера Турсунова."
    with pytest.raises(NamesNeedConfirmation):
        consular.record_objection(actor=registrar, person_id=kazakh.pk, statement=statement)
    assert Objection.objects.count() == 0
    consular.record_objection(actor=registrar, person_id=kazakh.pk, statement=statement, confirm_names=True)
    assert AuditEvent.objects.filter(action="text.names.confirm").count() == 1
    with pytest.raises(NamesNeedConfirmation):
        consular.record_proceeding(actor=registrar, person_id=kazakh.pk, country="KZ",
                                   note="Co-accused: Alisher Tursunov")
    with pytest.raises(NamesNeedConfirmation):
        consular.record_after_return(actor=registrar, person_id=kazakh.pk, note="Lives with Alisher Tursunov")


def test_an_uzbek_named_in_the_details_of_a_kazakh_enquiry_is_refused_until_confirmed(registry, users):
    with pytest.raises(NamesNeedConfirmation):
        kazakh_enquiry(users["analyst"], details="Was held with Alisher Tursunov.")
    enquiry = kazakh_enquiry(users["analyst"], details="Was held with Alisher Tursunov.", confirm_names=True)
    assert AuditEvent.objects.get(action="text.names.confirm").object_id == str(enquiry.pk)


def test_a_reply_to_the_kazakh_consulate_follows_the_detriment_rule(registry, users):
    analyst, kazakh = users["analyst"], registry["kazakh"]
    enquiry = kazakh_enquiry(analyst, requester_kind="consulate")
    assert enquiry.requester_country == "KZ"  # a consulate's state is, by default, the sought person's
    text = "Regarding your enquiry about Ermek Katyrenov: he is held as a prisoner of war."
    for person_ids in ([kazakh.pk], []):  # linked, or only named in the text
        with pytest.raises(ValidationFailed) as caught:
            services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text, person_ids=person_ids)
        assert list(caught.value.errors) == ["override_reason"]
        assert "may be detrimental" in caught.value.errors["override_reason"][0]
    assert Reply.objects.count() == 0
    reply = services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text, person_ids=[kazakh.pk],
                               override_reason="His family asked through the consulate (fictional).")
    assert reply.warnings and reply.override_reason
    event = AuditEvent.objects.get(action="enquiry.reply.override")
    assert changes(event)["after"]["override_reason"].startswith("His family")
    # A family's enquiry goes to no state: the same reply needs no reason.
    family = kazakh_enquiry(analyst)
    assert services.add_reply(actor=analyst, enquiry_id=family.pk, text=text).warnings == []


def test_a_transmission_naming_an_uzbek_on_a_kazakh_record_is_refused_until_confirmed(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    sent = dict(recipient="icrc_cta", channel="ICRC CTA platform", date="2025-03-01", legal_basis="GC III Art. 122",
                content="Capture cards of Ermek Katyrenov and Alisher Tursunov")
    with pytest.raises(NamesNeedConfirmation) as caught:
        consular.record_transmission(actor=registrar, person_id=kazakh.pk, **sent)
    assert list(caught.value.errors) == ["content", "confirm_names"]
    item = consular.record_transmission(actor=registrar, person_id=kazakh.pk, confirm_names=True, **sent)
    assert AuditEvent.objects.get(action="text.names.confirm").object_id == str(item.pk)


def test_a_liaison_for_two_states_is_asked_too(registry, users, make_user):
    """A liaison officer for Kazakhstan and Uzbekistan sees the Uzbek; in a contact with Kazakhstan alone, read by
    officers who do not, his name is asked about like anyone's."""
    both = make_user("liaison_kz_uz", "liaison", ["KZ", "UZ"])
    with pytest.raises(NamesNeedConfirmation):
        consular.create_contact(actor=both, country="KZ", summary="Asked about Alisher Tursunov.")
    with pytest.raises(ValidationFailed):
        consular.create_contact(actor=both, country="KZ", person_ids=[registry["uzbek"].pk])
    consular.create_contact(actor=both, country="UZ", summary="Asked about Alisher Tursunov.",
                            person_ids=[registry["uzbek"].pk])


def test_the_draft_of_a_kazakh_reply_never_names_an_uzbek(registry, users):
    """The Uzbek Alisher Tursunov is a likely match for a Kazakh enquiry about "Alisher Tursunov": the analyst
    sees him among the suggestions, but the draft does not name him (it could not be sent)."""
    analyst = users["analyst"]
    enquiry = services.create_enquiry(actor=analyst, requester_kind="family", requester_name="Fictional mother",
                                      sought_name="Alisher Tursunov", sought_country="KZ")
    assert registry["uzbek"].pk in [h.person.pk for h in selectors.suggestions(analyst, enquiry)]
    text, named = selectors.draft_reply(analyst, enquiry)
    assert named == [] and "no information" in text
    services.add_reply(actor=analyst, enquiry_id=enquiry.pk, text=text, person_ids=named)  # the neutral reply goes


def test_two_words_of_a_kazakh_name_do_not_stand_for_a_namesake_of_another_state(registry, users):
    # "Ермек Болатович" is the first two words of the Kazakh the reply is about; an Uzbek namesake sharing them
    # is not named by it (the demo's drafted replies stopped on exactly this).
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    namesake = create_person(actor=users["registrar"], category="pow", birth_date="1990",
                             names=[NameInput(text="Ермек Болатович Юсупов", given="Ермек", patronymic="Болатович",
                                              surname="Юсупов")],
                             citizenships=[CitizenshipInput(country="UZ", provenance="document")])
    enquiry = kazakh_enquiry(users["analyst"])
    reply = services.add_reply(actor=users["analyst"], enquiry_id=enquiry.pk,
                               text="Ермек Болатович Катыренов утримується; його стан задовільний.")
    assert reply.pk and not AuditEvent.objects.filter(action="text.names.confirm").exists()
    # The namesake named in full is still found.
    with pytest.raises(NamesNeedConfirmation) as caught:
        services.add_reply(actor=users["analyst"], enquiry_id=enquiry.pk,
                           text="Разом з ним утримується Ермек Болатович Юсупов.")
    assert [n.person_id for n in caught.value.names] == [namesake.pk]
