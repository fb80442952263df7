"""Visits of the ICRC and the Protecting Power (GC III Art. 126): a visit's lifecycle from planning to its
follow-up items, the list of persons to be visited generated from the place's population, who was seen or why
not, a refused visit, scope, audit, and the clock's follow-up duty."""

from __future__ import annotations

import json
from datetime import date

import pytest

from polon.audit.models import AuditEvent
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.places import services as places
from polon.registry.services import add_event
from polon.visits import selectors, services
from polon.visits.duties import open_duties
from polon.visits.models import Outcome, VisitPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(registry, users):
    registrar = users["registrar"]
    place = places.create_place(actor=registrar, kind="camp", name="Табір № 4 «Демо-Річковий»", region="UA-56")
    other = places.create_place(actor=registrar, kind="camp", name="Camp No. 9 Demo-Klenovyi", region="UA-61")
    for person in registry.values():
        add_event(actor=registrar, person_id=person.pk, type="interned", date="2024-11-20",
                  internment_place_id=place.pk)
    # The Uzbek was moved away before the visit; he is not to be visited there.
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="transferred", date="2025-01-10",
              internment_place_id=other.pk)
    return place


def test_a_visit_from_planning_to_its_follow_up(camp, registry, users):
    icrc = users["icrc"]
    visit = services.create_visit(actor=icrc, place_id=camp.pk, visitor="icrc", starts="2025-02-03",
                                  ends="2025-02-04", delegates="Demo delegate Aigerim S.\nDemo doctor Timur K.")
    assert visit.status == "planned"
    added = services.generate_list(actor=icrc, visit_id=visit.pk, today=date(2025, 3, 1))
    # As the place's population stood on the first day: the Kazakh and the dual citizen, not the Uzbek.
    assert sorted(line.person_id for line in added) == sorted([registry["kazakh"].pk, registry["dual"].pk])
    assert {line.status_at_listing for line in added} == {"held"}
    generated = AuditEvent.objects.get(action="visit.list.generate")
    assert sorted(json.loads(generated.changes)["after"]["added"]) == sorted(line.person_id for line in added)
    # Generating again adds no one twice.
    assert services.generate_list(actor=icrc, visit_id=visit.pk, today=date(2025, 3, 1)) == []

    services.record_outcome(actor=icrc, visit_id=visit.pk, person_id=registry["kazakh"].pk, outcome="seen")
    with pytest.raises(ValidationFailed) as refused:
        services.record_outcome(actor=icrc, visit_id=visit.pk, person_id=registry["dual"].pk,
                                outcome="access_refused")
    assert "note" in refused.value.errors  # who refused and why must be said
    services.record_outcome(actor=icrc, visit_id=visit.pk, person_id=registry["dual"].pk, outcome="access_refused",
                            note="Адміністрація послалася на слідчі дії")
    # The delegates asked to see the Uzbek too: he is added to the list with what became of it.
    services.record_outcome(actor=icrc, visit_id=visit.pk, person_id=registry["uzbek"].pk, outcome="not_present",
                            note="Переведений до табору № 9")
    outcomes = dict(VisitPerson.objects.filter(visit=visit).values_list("person_id", "outcome"))
    assert outcomes == {registry["kazakh"].pk: Outcome.SEEN, registry["dual"].pk: Outcome.ACCESS_REFUSED,
                        registry["uzbek"].pk: Outcome.NOT_PRESENT}
    visit = services.update_visit(actor=icrc, visit_id=visit.pk, status="carried_out",
                                  report="Умови задовільні; листування з родинами затримується.")
    listed = selectors.get_visit(users["admin"], visit.pk)
    assert (listed.listed, listed.seen, listed.refused) == (3, 1, 1)

    item = services.add_follow_up(actor=icrc, visit_id=visit.pk, person_id=registry["dual"].pk,
                                  text="Надати доступ до Бауржана Бегалимова", due="2025-03-01")
    general = services.add_follow_up(actor=icrc, visit_id=visit.pk, text="Передати перелік недоставлених листів")
    duties = {d.key: d for d in open_duties(user=users["registrar"], today=date(2025, 3, 10))}
    assert duties[f"follow_up:{item.pk}"].is_overdue(date(2025, 3, 10))
    assert duties[f"follow_up:{item.pk}"].article == "GC III Art. 126"
    assert duties[f"follow_up:{general.pk}"].due == date(2025, 3, 6)  # 30 days after the visit's last day
    services.close_follow_up(actor=icrc, follow_up_id=item.pk, outcome="Доступ надано 2025-03-12",
                             done_on="2025-03-12")
    still_open = {d.key for d in open_duties(user=users["registrar"], today=date(2025, 3, 13))}
    assert f"follow_up:{item.pk}" not in still_open
    with pytest.raises(ValidationFailed):
        services.close_follow_up(actor=icrc, follow_up_id=item.pk, outcome="again")
    actions = list(AuditEvent.objects.filter(action__startswith="visit.").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["visit.create", "visit.list.generate", "visit.person.record", "visit.person.record",
                       "visit.person.record", "visit.update", "visit.followup.add", "visit.followup.add",
                       "visit.followup.close"]


def test_a_refused_visit_carries_its_reason_and_has_no_one_to_visit(camp, users):
    registrar = users["registrar"]
    with pytest.raises(ValidationFailed) as refused:
        services.create_visit(actor=registrar, place_id=camp.pk, visitor="protecting_power", starts="2025-02-10")
    assert "protecting_power" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        services.create_visit(actor=registrar, place_id=camp.pk, visitor="protecting_power", protecting_power="CH",
                              starts="2025-02-10", status="refused")
    assert "refusal_reason" in refused.value.errors
    visit = services.create_visit(actor=registrar, place_id=camp.pk, visitor="protecting_power",
                                  protecting_power="che", starts="2025-02-10", status="refused",
                                  refusal_reason="Тимчасово: імперативна військова необхідність")
    assert visit.protecting_power == "CH"
    with pytest.raises(ValidationFailed):
        services.generate_list(actor=registrar, visit_id=visit.pk)
    with pytest.raises(ValidationFailed):
        services.create_visit(actor=registrar, place_id=camp.pk, visitor="icrc", starts="2025-02-10",
                              ends="2025-02-01")
    with pytest.raises(PermissionDenied):
        services.create_visit(actor=users["analyst"], place_id=camp.pk, visitor="icrc", starts="2025-02-10")


def test_a_liaison_sees_the_visit_but_only_her_citizens_on_its_list(camp, registry, users):
    admin = users["admin"]
    visit = services.create_visit(actor=admin, place_id=camp.pk, visitor="icrc", starts="2025-02-03")
    services.generate_list(actor=admin, visit_id=visit.pk, today=date(2025, 3, 1))
    item = services.add_follow_up(actor=admin, visit_id=visit.pk, person_id=registry["kazakh"].pk,
                                  text="Огляд лікаря для Ермека Катыренова", due="2025-02-20")
    services.add_follow_up(actor=admin, visit_id=visit.pk, text="Загальний захід без особи", due="2025-02-20")
    uz = users["liaison_uz"]
    assert selectors.get_visit(uz, visit.pk).listed == 0
    assert list(selectors.visit_persons(uz, visit.pk)) == []
    assert list(selectors.follow_ups(uz)) == []
    assert open_duties(user=uz, today=date(2025, 3, 1)) == []
    kz = users["liaison_kz"]
    assert {line.person_id for line in selectors.visit_persons(kz, visit.pk)} == {registry["kazakh"].pk,
                                                                                   registry["dual"].pk}
    assert [f.pk for f in selectors.follow_ups(kz)] == [item.pk]
    with pytest.raises(NotFound):
        services.record_outcome(actor=users["icrc"], visit_id=visit.pk, person_id=999999, outcome="seen")


def test_the_list_as_pdf_for_the_delegates_is_scoped_and_audited(camp, registry, users):
    import io

    from django.test import Client
    from pypdf import PdfReader

    from tests.conftest import PASSWORD

    admin = users["admin"]
    visit = services.create_visit(actor=admin, place_id=camp.pk, visitor="protecting_power", protecting_power="CH",
                                  starts="2025-02-03", delegates="Demo representative Dilnoza R.")
    services.generate_list(actor=admin, visit_id=visit.pk, today=date(2025, 3, 1))
    services.record_outcome(actor=admin, visit_id=visit.pk, person_id=registry["kazakh"].pk, outcome="seen")
    client = Client()
    assert client.login(username="liaison_kz", password=PASSWORD)
    response = client.get(f"/visits/{visit.pk}/list.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Words wrapped inside a column come out on lines of their own: compare with the spaces folded.
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in ("Persons to be visited", "Табір № 4 «Демо-Річковий»", "Protecting Power (Switzerland)",
                     "Demo representative Dilnoza R.", "Катыренов", "Ermek Katyrenov", "Kazakhstan",
                     "Seen, interviewed without witnesses", "Бегалимов", "To be visited"):
        assert expected in text, expected
    read = AuditEvent.objects.filter(action="persons.read").order_by("-id").first()
    assert json.loads(read.changes)["view"] == "visits.list.pdf"
    assert client.logout() is None and client.login(username="liaison_uz", password=PASSWORD)
    text = PdfReader(io.BytesIO(client.get(f"/visits/{visit.pk}/list.pdf").content)).pages[0].extract_text()
    assert "Катыренов" not in text and "Бегалимов" not in text
