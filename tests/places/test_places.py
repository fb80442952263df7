"""Places of internment (GC III Arts. 22, 23, 56): recording them, the population derived from the timeline
(by status, citizenship and category, within the reader's scope), the facility-text matching with its report,
the event's place, and the Art. 23 document."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.places import services
from polon.places.models import Place
from polon.registry.models import StatusEvent
from polon.registry.population import population, populations, present_persons
from polon.registry.services import add_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def camps(users):
    registrar = users["registrar"]
    olenivka = services.create_place(actor=registrar, kind="camp", name="Табір № 7 «Степовий»", region="UA-46",
                                     address="вул. Польова, 1, Демо-село", capacity=400, opened="2023-03-01",
                                     aliases=["Demo internment camp No. 7"])
    north = services.create_place(actor=registrar, kind="camp", name="Camp No. 12 Pivnichnyi", region="ua-63",
                                  capacity=250)
    hospital = services.create_place(actor=registrar, kind="hospital", name="Demo regional hospital",
                                     region="UA-46")
    detachment = services.create_place(actor=registrar, kind="labour", name="Labour detachment 7/2",
                                       region="UA-46", parent_id=olenivka.pk)
    return {"camp7": olenivka, "camp12": north, "hospital": hospital, "detachment": detachment}


def test_a_place_is_recorded_with_its_region_validated_and_audited(camps, users):
    assert camps["camp12"].region == "UA-63"
    assert camps["detachment"].parent_id == camps["camp7"].pk
    event = AuditEvent.objects.filter(action="place.create", object_id=str(camps["camp7"].pk)).get()
    assert json.loads(event.changes)["after"]["name"] == "Табір № 7 «Степовий»"
    with pytest.raises(ValidationFailed) as refused:
        services.create_place(actor=users["registrar"], kind="camp", name="Nowhere", region="UA-99")
    assert "region" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        services.create_place(actor=users["registrar"], kind="labour", name="Detachment of a hospital",
                              region="UA-46", parent_id=camps["hospital"].pk)
    assert "parent_id" in refused.value.errors
    with pytest.raises(ValidationFailed):
        services.create_place(actor=users["registrar"], kind="camp", name="Camp No. 12 Pivnichnyi", region="UA-63")
    with pytest.raises(PermissionDenied):
        services.create_place(actor=users["analyst"], kind="camp", name="Camp 3", region="UA-46")


def test_closing_a_place_is_an_update_and_refuses_closing_before_opening(camps, users):
    place = services.update_place(actor=users["registrar"], place_id=camps["camp7"].pk, closed="2025-12-31")
    assert place.closed == date(2025, 12, 31)
    assert AuditEvent.objects.filter(action="place.update", object_id=str(place.pk)).exists()
    with pytest.raises(ValidationFailed):
        services.update_place(actor=users["registrar"], place_id=place.pk, closed="2020-01-01")


def test_population_is_derived_from_the_timeline_by_status_citizenship_and_category(camps, registry, users):
    registrar = users["registrar"]
    kazakh, uzbek, dual = registry["kazakh"], registry["uzbek"], registry["dual"]
    for person in (kazakh, uzbek, dual):
        add_event(actor=registrar, person_id=person.pk, type="interned", date="2024-11-10",
                  internment_place_id=camps["camp7"].pk)
    # The Uzbek is moved to camp 12; the dual citizen goes to hospital and is discharged without a place
    # named (back to camp 7); the Kazakh is exchanged (formerly at camp 7).
    add_event(actor=registrar, person_id=uzbek.pk, type="transferred", date="2025-01-05",
              internment_place_id=camps["camp12"].pk)
    add_event(actor=registrar, person_id=dual.pk, type="hospitalised", date="2025-02-01",
              internment_place_id=camps["hospital"].pk)
    on_hospital = population(users["admin"], camps["hospital"].pk)
    assert on_hospital.present == [dual.pk] and on_hospital.by_status == {"hospitalised": 1}
    add_event(actor=registrar, person_id=dual.pk, type="discharged", date="2025-02-20")
    add_event(actor=registrar, person_id=kazakh.pk, type="exchanged", date="2025-04-19")

    everyone = populations(users["admin"])
    camp7 = everyone[camps["camp7"].pk]
    assert camp7.present == [dual.pk]
    assert camp7.by_status == {"held": 1}
    assert camp7.by_citizenship == {"KZ": 1, "RU": 1}  # a dual citizen is counted under each citizenship
    assert camp7.by_category == {"pow": 1}
    assert camp7.former_by_status == {"exchanged": 1, "held": 1}  # the Kazakh, and the Uzbek now at camp 12
    assert everyone[camps["camp12"].pk].present == [uzbek.pk]
    assert everyone[camps["hospital"].pk].present == []
    # As it stood on a past date: all three were at camp 7 in December 2024.
    assert population(users["admin"], camps["camp7"].pk, on=date(2024, 12, 1)).present == sorted(
        [kazakh.pk, uzbek.pk, dual.pk])
    # Scope: the Uzbekistan liaison officer counts only Uzbek citizens, wherever they are.
    liaison = users["liaison_uz"]
    assert population(liaison, camps["camp7"].pk).present == []
    assert population(liaison, camps["camp7"].pk).former_by_status == {"held": 1}
    assert list(present_persons(liaison, camps["camp12"].pk)) == [uzbek]
    assert list(present_persons(users["liaison_kz"], camps["camp12"].pk)) == []


def test_an_event_names_its_place_fills_the_facility_and_refuses_a_closed_place(camps, registry, users):
    registrar = users["registrar"]
    event = add_event(actor=registrar, person_id=registry["kazakh"].pk, type="interned", date="2024-11-10",
                      internment_place_id=camps["camp12"].pk)
    assert event.internment_place_id == camps["camp12"].pk and event.facility == "Camp No. 12 Pivnichnyi"
    audit = AuditEvent.objects.filter(action="event.add", object_id=str(event.pk)).get()
    assert json.loads(audit.changes)["after"]["internment_place"] == camps["camp12"].pk
    services.update_place(actor=registrar, place_id=camps["camp7"].pk, closed="2025-01-31")
    with pytest.raises(ValidationFailed) as refused:
        add_event(actor=registrar, person_id=registry["uzbek"].pk, type="interned", date="2025-03-01",
                  internment_place_id=camps["camp7"].pk)
    assert "internment_place" in refused.value.errors
    with pytest.raises(ValidationFailed):
        add_event(actor=registrar, person_id=registry["uzbek"].pk, type="interned", date="2024-12-01",
                  internment_place_id=999999)


def test_facility_texts_are_matched_with_a_report_of_what_was_not(camps, registry, users):
    registrar = users["registrar"]
    kazakh, uzbek, dual = registry["kazakh"], registry["uzbek"], registry["dual"]
    add_event(actor=registrar, person_id=kazakh.pk, type="interned", date="2024-11-10",
              facility="Demo internment camp No. 7")  # another name of camp 7
    add_event(actor=registrar, person_id=uzbek.pk, type="interned", date="2024-11-10",
              facility="camp no 12 pivnichnyi, barrack 4")  # contains camp 12's name
    add_event(actor=registrar, person_id=dual.pk, type="interned", date="2024-11-10",
              facility="Demo internment camp No. 19")  # no such place
    dry = services.match_facilities(actor=registrar, apply=False)
    assert not dry.applied and dry.linked == 0
    assert not StatusEvent.objects.filter(internment_place__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="place.facilities.match").exists()

    report = services.match_facilities(actor=registrar)
    assert report.linked == 2
    assert {(row["text"], row["place"], row["how"]) for row in report.matched} == {
        ("Demo internment camp No. 7", camps["camp7"].pk, "exact"),
        ("camp no 12 pivnichnyi, barrack 4", camps["camp12"].pk, "contained")}
    assert report.unmatched == [{"text": "Demo internment camp No. 19", "candidates": [], "events": 1}]
    assert StatusEvent.objects.get(person=kazakh, type="interned").internment_place_id == camps["camp7"].pk
    audit = AuditEvent.objects.get(action="place.facilities.match")
    assert json.loads(audit.changes)["after"]["unmatched"][0]["text"] == "Demo internment camp No. 19"

    # The unmatched text is decided by hand: it becomes another name of camp 12 and its event is linked.
    assigned = services.assign_facility_text(actor=registrar, text="Demo internment camp No. 19",
                                             place_id=camps["camp12"].pk)
    assert assigned.linked == 1
    assert "Demo internment camp No. 19" in Place.objects.get(pk=camps["camp12"].pk).aliases
    assert services.match_facilities(actor=registrar).unmatched == []
    assert population(users["admin"], camps["camp12"].pk).present == sorted([uzbek.pk, dual.pk])


def test_the_art_23_document_lists_each_place_and_its_location(camps, users):
    services.update_place(actor=users["registrar"], place_id=camps["camp12"].pk, closed="2025-06-30")
    content = services.print_places_document(actor=users["icrc"], recipient="CH", language="en",
                                             today=date(2026, 1, 15))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in ("Places of internment of prisoners of war and their location", "Article 23",
                     "Detaining Power", "Ukraine", "Switzerland", "Табір № 7 «Степовий»", "вул. Польова, 1",
                     "Lviv", "UA-46", "Labour detachment", "Labour detachment 7/2", "Depends on camp",
                     "2023-03-01", "2026-01-15"):
        assert expected in text, expected
    assert "Pivnichnyi" not in text  # closed: listed only when asked
    with_closed = services.print_places_document(actor=users["icrc"], include_closed=True, language="uk")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(with_closed)).pages)
    assert "Pivnichnyi" in text and "2025-06-30" in text and "Харківська область" in text
    printed = AuditEvent.objects.filter(action="place.list.print").order_by("id")
    assert printed.count() == 2 and json.loads(printed.first().changes)["after"]["recipient"] == "CH"
