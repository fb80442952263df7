"""Person.status is lifecycle.derive over the stored timeline after every path that writes events."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polon.registry.models import Person
from polon.registry.selectors import timeline

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "polon"


def assert_stored_status_is_derived() -> int:
    persons = list(Person.objects.order_by("pk"))
    wrong = {p.pk: (p.status, timeline(p).status) for p in persons if p.status != timeline(p).status}
    assert not wrong, f"person: (stored, derived) differ: {dict(list(wrong.items())[:10])}"
    return len(persons)


def test_demo_generator_rounds_and_all(users):
    """create_person with a timeline, exchange rounds executed (events on both sides), the demo's enquiries."""
    from polon.demo.generate import load_demo

    load_demo(actor=users["admin"], captives=260, own_held=90)
    assert assert_stored_status_is_derived() >= 350
    assert Person.objects.exclude(status="not_recorded").exists()
    assert Person.objects.filter(status="exchanged").exists() and Person.objects.filter(status="held").exists()


def test_event_add_correct_and_void(registry, users):
    from polon.registry.services import add_event, create_person
    from polon.registry.services.events import EventInput
    from polon.registry.services.names import NameInput

    registrar = users["registrar"]
    kazakh, uzbek, dual = registry["kazakh"], registry["uzbek"], registry["dual"]
    assert_stored_status_is_derived()
    assert Person.objects.get(pk=kazakh.pk).status == "held"
    hospital = add_event(actor=registrar, person_id=kazakh.pk, type="hospitalised", date="2025-01")
    assert Person.objects.get(pk=kazakh.pk).status == "hospitalised"
    # An earlier event inserted into the past leaves the status to the latest one.
    add_event(actor=registrar, person_id=kazakh.pk, type="transferred", date="2024-12")
    assert Person.objects.get(pk=kazakh.pk).status == "hospitalised"
    add_event(actor=registrar, person_id=kazakh.pk, type="corrected", corrects_id=hospital.pk,
              corrected_type="escaped")
    assert Person.objects.get(pk=kazakh.pk).status == "escaped"
    died = add_event(actor=registrar, person_id=uzbek.pk, type="died", date="2025-02-01")
    assert Person.objects.get(pk=uzbek.pk).status == "dead"
    add_event(actor=registrar, person_id=uzbek.pk, type="corrected", corrects_id=died.pk)  # void it
    assert Person.objects.get(pk=uzbek.pk).status == "held"
    add_event(actor=registrar, person_id=dual.pk, type="captured", date="2024-11-05", note="second account")
    assert Person.objects.get(pk=dual.pk).status == "held"
    new = create_person(actor=registrar, category="pow", names=[NameInput(text="Олег Вигаданий")],
                        events=[EventInput(type="captured", date="2024-05"), EventInput(type="released",
                                                                                     date="2024-09")])
    assert new.status == Person.objects.get(pk=new.pk).status == "released"
    assert_stored_status_is_derived()


def test_refused_event_leaves_status_alone(registry, users):
    from polon.core.errors import ValidationFailed
    from polon.registry.services import add_event

    with pytest.raises(ValidationFailed):
        add_event(actor=users["registrar"], person_id=registry["kazakh"].pk, type="repatriated", date="2025-01")
    assert Person.objects.get(pk=registry["kazakh"].pk).status == "held"


def test_round_completion(registry, users):
    from polon.exchanges import services

    registrar = users["registrar"]
    r = services.create_round(actor=registrar, number=1, title="Round", proposed_on="2025-03-01", mediator="AE",
                              formula="n_for_n", formula_n=2)
    out = services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=registry["kazakh"].pk,
                             status="agreed", consent="consents")
    ours = services.add_new_person_entry(actor=registrar, round_id=r.pk, name="Тарас Вигаданий", birth_date="1990",
                                         held_since="2024-05")
    services.update_round(actor=registrar, round_id=r.pk, changes={"status": "agreed", "agreed_on": "2025-04-10"})
    services.update_entry(actor=registrar, entry_id=ours.pk, status="agreed", consent="consents")
    services.execute_round(actor=registrar, round_id=r.pk, date="2025-04-19")
    assert Person.objects.get(pk=out.person_id).status == "exchanged"
    assert Person.objects.get(pk=ours.person_id).status == "repatriated"
    assert_stored_status_is_derived()


def test_migration_fills_the_column_with_derive(registry, users):
    """0004_person_status computes the column for rows that existed before it."""
    import importlib

    from django.apps import apps

    from polon.registry.services import add_event

    add_event(actor=users["registrar"], person_id=registry["uzbek"].pk, type="exchanged", date="2025-04-15")
    Person.objects.update(status="not_recorded")
    importlib.import_module("polon.registry.migrations.0004_person_status").fill_status(apps, None)
    assert assert_stored_status_is_derived() == 3
    assert Person.objects.get(pk=registry["uzbek"].pk).status == "exchanged"


def test_only_insert_events_creates_status_events():
    """Every event row is written by registry.services.events.insert_events, which stores the status in the
    same transaction: a new path that wrote StatusEvent rows itself would leave Person.status stale."""
    writes = re.compile(r"StatusEvent\.objects\.(create|bulk_create|get_or_create|update_or_create)"
                        r"|(?<!class )StatusEvent\(|\.events\.(create|bulk_create)"
                        r"|Person\.objects\b[^\n]*\.update\([^)\n]*\bstatus=")
    allowed = {SRC / "registry" / "services" / "events.py"}
    found = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
             if "migrations" not in p.parts and p not in allowed and writes.search(p.read_text(encoding="utf-8"))]
    assert not found, f"StatusEvent rows or Person.status written outside registry.services.events: {found}"
