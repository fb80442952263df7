"""A reply never discloses a restricted person: only the neutral reply when he may be the one sought, and
otherwise nothing of his next to his name, in any word order or script. Enquiries go only to users who may
handle them and see them."""

from __future__ import annotations

import pytest

from polon.core.errors import ValidationFailed
from polon.enquiries import selectors, services
from polon.enquiries.disclosure import date_written, dates_in, neutral_reply
from polon.enquiries.models import Reply
from polon.registry.services import update_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_uzbek(registry, users):
    uzbek = registry["uzbek"]
    update_person(actor=users["registrar"], person_id=uzbek.pk, expected_version=None,
                  changes={"restricted": True})
    return uzbek


def enquiry_about(user, name, country, **extra):
    return services.create_enquiry(actor=user, requester_kind="family", requester_name="Fictional mother",
                                   sought_name=name, sought_country=country, **extra)


def test_when_a_restricted_person_may_be_sought_only_the_neutral_reply_is_allowed(registry, users,
                                                                                restricted_uzbek):
    registrar = users["registrar"]
    enquiry = enquiry_about(registrar, "Tursunov Alisher", "UZ")
    draft, named = selectors.draft_reply(registrar, enquiry)
    assert draft == neutral_reply(enquiry) and named == []
    for text in ("Tursunov Alisher is alive.", "We have news of your son; please call us.",
                 "He was exchanged in April."):
        with pytest.raises(ValidationFailed) as caught:
            services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text=text)
        assert set(caught.value.errors) == {"text"}
        message = str(caught.value)
        assert "restricted" in message and "no information it can share" in message
        # The reason never names him beyond the requester's own words.
        assert "Турсунов" not in message and "1988" not in message and str(restricted_uzbek.pk) not in message
    # Naming anyone at all is refused too, even an unrestricted person.
    with pytest.raises(ValidationFailed) as caught:
        services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text=draft, person_ids=[registry["kazakh"].pk])
    assert set(caught.value.errors) == {"persons"}
    assert Reply.objects.count() == 0
    # The neutral reply, whatever its spacing and case, is accepted.
    reply = services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text="  " + draft.upper().replace(" ", "  "))
    assert list(reply.persons.all()) == []


def test_other_replies_never_carry_a_restricted_persons_name_or_facts(registry, users, restricted_uzbek):
    registrar = users["registrar"]
    enquiry = enquiry_about(registrar, "Ermek Katyrenov", "KZ")
    kazakh = registry["kazakh"].pk
    refused = (
        "Ermek Katyrenov is held. So is Tursunov Alisher.",  # another order
        "Ermek Katyrenov is held, and so is Алишер Турсунов.",  # another script
        "Ermek Katyrenov is held, and so is Турсунову's comrade born 14.07.1988.",  # his surname and birth date
        "Ermek Katyrenov is held; Alisher was captured on 2 November 2024 as well.",  # a name and an event date
        "Ermek Katyrenov is held; Tursunov too, in Demo sector 3.",  # a name and an event place
        "Ermek Katyrenov is held; so is the holder of service number T 100002.",
    )
    for text in refused:
        with pytest.raises(ValidationFailed) as caught:
            services.add_reply(actor=registrar, enquiry_id=enquiry.pk, text=text, person_ids=[kazakh])
        assert set(caught.value.errors) == {"text"}, text
        assert "Турсунов" not in str(caught.value) and "Tursunov" not in str(caught.value)
    # Facts the restricted person shares with the one the reply is about are no disclosure without his name.
    reply = services.add_reply(
        actor=registrar, enquiry_id=enquiry.pk, person_ids=[kazakh],
        text="Ermek Katyrenov, born March 1991, is held as a prisoner of war since 2024-11-02 (Demo sector 3).")
    assert [p.pk for p in reply.persons.all()] == [kazakh]


def test_dates_are_read_in_the_usual_forms():
    dates = dates_in("born 14.07.1988; captured 2 November 2024, seen July 5, 2023, 5 липня 2023, "
                     "in 1999-03 and 07/08/1990")
    assert {"1988-07-14", "2024-11-02", "2023-07-05", "1990-07-08", "1990-08-07"} <= dates.days
    assert dates.months == {"1999-03"}  # "November 2024" is part of a full date, not a month of its own
    assert date_written("1988-07-14", dates) and date_written("1999-03", dates)
    assert not date_written("2024-11-20", dates) and not date_written("1988", dates)
    assert date_written("1988", dates, year=True)



def test_month_names_come_from_the_extractor_data_with_its_date_only_abbreviations():
    dates = dates_in("seen 12 Aug 1988 and Sep. 3, 2001; в январе 2024, у січні 2023, 1 июня 2020")
    assert dates.days == {"1988-08-12", "2001-09-03", "2020-06-01"}
    assert dates.months == {"2024-01", "2023-01"}

def test_an_enquiry_goes_only_to_users_who_may_handle_it_and_see_it(registry, users):
    registrar = users["registrar"]
    kz = enquiry_about(registrar, "Ermek Katyrenov", "KZ")
    for who in ("liaison_uz", "auditor"):
        with pytest.raises(ValidationFailed) as caught:
            services.assign_enquiry(actor=registrar, enquiry_id=kz.pk, assignee_id=users[who].pk)
        assert set(caught.value.errors) == {"assignee"}
    with pytest.raises(ValidationFailed):
        enquiry_about(registrar, "Ermek Katyrenov", "KZ", assignee_id=users["liaison_uz"].pk)
    for who in ("liaison_kz", "icrc", "analyst"):
        assert services.assign_enquiry(actor=registrar, enquiry_id=kz.pk,
                                       assignee_id=users[who].pk).assignee == users[who]
    names = {u.username for u in selectors.possible_assignees(kz)}
    assert "liaison_kz" in names and "liaison_uz" not in names and "auditor" not in names
    # An enquiry whose citizenship is unknown is seen by no liaison officer, so none is offered it.
    nowhere = enquiry_about(registrar, "Someone Unknown", "")
    assert not {"liaison_kz", "liaison_uz"} & {u.username for u in selectors.possible_assignees(nowhere)}
    with pytest.raises(ValidationFailed):
        services.assign_enquiry(actor=registrar, enquiry_id=nowhere.pk, assignee_id=users["liaison_kz"].pk)
