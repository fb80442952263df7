"""The demo's proceedings on a small demo registry: two Art. 5 determinations, a sentence being served, an
overdue Art. 107 notice of a death sentence, an overdue Art. 104 notice, an Art. 119 list communicated and
acknowledged that a case charged since makes out of date."""

from __future__ import annotations

from datetime import date

import pytest

from polon.proceedings import selectors
from polon.proceedings.duties import open_duties
from polon.proceedings.models import HeldBackList, Prosecution, StatusDetermination

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_lists_and_overdue_notices(registry, users):
    """On the three persons of the fixture and three more held (the demo loader runs in load_demo after the
    generated persons; here it is run alone, so a failure elsewhere in the demo does not hide its own)."""
    from polon.demo.proceedings import load_proceedings_demo
    from polon.registry.services import add_event, create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    for n, (name, latin, country) in enumerate((("Фарход Рахимов", "Farkhod Rakhimov", "TJ"),
                                                 ("Нурлан Сейткали", "Nurlan Seitkali", "KZ"),
                                                 ("Шерзод Каримов", "Sherzod Karimov", "UZ"))):
        person = create_person(actor=users["registrar"], category="pow", power_depended="RU", army="RU-demo",
                               service_number=f"T-20000{n}", names=[NameInput(text=name), NameInput(text=latin)],
                               citizenships=[CitizenshipInput(country=country, provenance="document")])
        add_event(actor=users["registrar"], person_id=person.pk, type="captured", date="2024-11-02")
    assert load_proceedings_demo(actor=users["admin"])["cases"] == 4
    assert StatusDetermination.objects.count() == 2
    assert set(Prosecution.objects.values_list("stage", flat=True)) == {"charged", "judged"}
    today = date.today()
    overdue = {d.kind for d in open_duties(user=users["registrar"], today=today) if d.is_overdue(today)}
    assert overdue == {"proceedings.trial_notice", "proceedings.judgment_notice"}
    held = HeldBackList.objects.get()
    assert held.status == "acknowledged" and held.entries.count() == 2
    changes = selectors.changes_since(users["registrar"], held, today)
    assert [c.case_number for c in changes["added"]] == ["ВП-ДЕМО/003", "ВП-ДЕМО/004"]
