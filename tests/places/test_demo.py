"""The demo's places of internment and visits, on a small demo registry: events linked to places with two
texts left unmatched for the report, a visit carried out with its list, a refusal and an overdue follow-up."""

from __future__ import annotations

from datetime import date

import pytest

from polon.places.models import Place
from polon.places.services import match_facilities
from polon.registry.models import StatusEvent
from polon.visits.duties import open_duties
from polon.visits.models import Visit

pytestmark = pytest.mark.django_db


def test_the_demo_has_places_visits_and_an_overdue_follow_up(users):
    from polon.demo.generate import load_demo

    load_demo(actor=users["admin"], captives=120, own_held=10)
    assert Place.objects.filter(kind="camp").count() == 19 and Place.objects.filter(closed__isnull=False).exists()
    assert StatusEvent.objects.filter(internment_place__isnull=False).count() > 100
    report = match_facilities(actor=users["registrar"], apply=False)
    assert {row["text"] for row in report.unmatched} <= {"Demo internment camp No. 19", "Demo internment camp No. 20"}
    assert set(Visit.objects.values_list("status", flat=True)) == {"carried_out", "refused", "planned"}
    assert Visit.objects.get(status="carried_out").persons.exists()
    assert any(d.is_overdue(date.today()) for d in open_duties(user=users["registrar"], today=date.today()))
