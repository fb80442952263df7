"""The demo's deaths on demo-like timelines: death records tied to the ``died`` events already there, graves
located, a completed handover of remains written to the timelines, a planned one, a closed enquiry, and the clock
showing the overdue notification of death and the overdue Art. 121 notice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from polon.deaths.duties import open_duties
from polon.deaths.models import Death, RemainsHandover
from polon.demo.deaths import load_deaths_demo
from polon.registry.models import StatusEvent
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db

NAMES = (("Нурлан Сейткали", "KZ"), ("Шерзод Каримов", "UZ"), ("Фаррух Назаров", "TJ"), ("Данияр Абенов", "KZ"),
         ("Рустам Юсупов", "UZ"), ("Далер Саидов", "TJ"), ("Бекзод Рахимов", "UZ"), ("Асхат Мусин", "KZ"))


def test_the_demo_has_deaths_graves_a_handover_and_overdue_duties(users):
    registrar = users["registrar"]
    today = date.today()
    for n, (name, country) in enumerate(NAMES):
        person = create_person(actor=registrar, category="pow", power_depended="RU",
                               names=[NameInput(text=name)],
                               citizenships=[CitizenshipInput(country=country, provenance="document")])
        add_event(actor=registrar, person_id=person.pk, type="captured", date="2024-05-02", place="Demo sector 1")
        # The last one died too recently for the demo (it takes deaths at least 40 days old).
        died = today - timedelta(days=3 if n == len(NAMES) - 1 else 200 + n)
        add_event(actor=registrar, person_id=person.pk, type="died", date=died.isoformat(),
                  facility="Demo regional hospital")
    counts = load_deaths_demo(actor=users["admin"])
    assert counts == {"deaths": 7, "handovers": 2}  # the seventh recorded and notified
    deaths = list(Death.objects.all())
    assert all(d.died_event.type == "died" and d.died_event.person_id == d.person_id for d in deaths)
    assert StatusEvent.objects.filter(type="died").count() == len(NAMES)  # no second died event written
    assert sum(d.grave_found for d in deaths) == 5  # all but the unnotified one and the seventh
    done = RemainsHandover.objects.get(reference="ПО-ДЕМО-1")
    assert done.status == "handed_over" and done.bodies.count() == 2
    for body in done.bodies.all():
        assert StatusEvent.objects.filter(person_id=body.death.person_id, type="remains_repatriated").exists()
    assert RemainsHandover.objects.get(reference="ПО-ДЕМО-2").status == "planned"
    assert Death.objects.filter(enquiry__status="closed", enquiry__report__isnull=False).count() == 1
    duties = open_duties(user=registrar, today=today)
    overdue = sorted(d.kind for d in duties if d.is_overdue(today))
    # The unnotified death, and the sentry's shooting: neither its notice nor its notification was sent.
    assert overdue == ["deaths.enquiry_notice", "deaths.notification", "deaths.notification"]
    # The recent death left to the clock (no record yet), due soon, not overdue.
    recent = [d for d in duties if d.key.startswith("person:")]
    assert len(recent) == 1 and not recent[0].is_overdue(today)
