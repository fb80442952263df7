"""The obligation clock's providers and collector on a frozen day: the capture card (GC III Art. 70) due a week
after capture and done by a capture card export, enquiry replies (Art. 122), scope, and a failing provider."""

from __future__ import annotations

from datetime import date

import pytest

from polon.core.duties import Duty
from polon.duties import providers, selectors
from polon.duties.capture_card import open_duties as capture_cards
from polon.duties.enquiry_replies import open_duties as enquiry_replies
from polon.enquiries import services as enquiries
from polon.exports import services as exports
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db

@pytest.fixture
def only_mine(monkeypatch):
    """Only the clock's own providers (the other apps' duties on the same captives are their tests' business)."""
    monkeypatch.setattr(providers, "PROVIDERS", tuple(
        (name, provider) for name, provider in providers.PROVIDERS if name.startswith("polon.duties.")))


# The registry fixture's three prisoners were captured on 2024-11-02: their cards are due on 2024-11-09.
DUE = date(2024, 11, 9)


def cards(user, today) -> dict[int, Duty]:
    return {d.person_id: d for d in capture_cards(user=user, today=today)}


def test_capture_card_due_a_week_after_capture_and_overdue_the_day_after(registry, users):
    registrar = users["registrar"]
    owed = cards(registrar, DUE)
    assert set(owed) == {p.pk for p in registry.values()}
    kazakh = owed[registry["kazakh"].pk]
    assert (kazakh.due, kazakh.anchor, kazakh.article, kazakh.kind) == (DUE, date(2024, 11, 2), "GC III Art. 70",
                                                                         "exports.capture_card")
    assert kazakh.subject == "Ермек Болатович Катыренов" and kazakh.url_name == "web:person-detail"
    clock = selectors.clock(registrar, on=DUE, kinds=["exports.capture_card"])
    assert len(clock.due_soon) == 3 and not clock.overdue
    clock = selectors.clock(registrar, on=date(2024, 11, 10), kinds=["exports.capture_card"])
    assert len(clock.overdue) == 3 and all(d.days_left(clock.today) == -1 for d in clock.overdue)


def test_a_capture_card_export_naming_him_is_the_card_sent(registry, users):
    exports.export_persons(actor=users["registrar"], kind="capture_card", recipient="ICRC Central Tracing Agency",
                           legal_basis="GC III Art. 70", person_ids=[registry["kazakh"].pk])
    owed = cards(users["registrar"], date(2024, 12, 1))
    assert set(owed) == {registry["uzbek"].pk, registry["dual"].pk}
    # A CSV of him is not a capture card.
    exports.export_persons(actor=users["registrar"], kind="csv", recipient="ICRC Central Tracing Agency",
                           legal_basis="GC III Art. 122", person_ids=[registry["uzbek"].pk])
    assert registry["uzbek"].pk in cards(users["registrar"], date(2024, 12, 1))


def test_only_prisoners_still_in_our_custody_owe_a_card(registry, users):
    registrar = users["registrar"]
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="released", date="2024-11-05")
    own = create_person(actor=registrar, category="own_held", power_depended="UA",
                        names=[NameInput(text="Тарас Мельник")],
                        citizenships=[CitizenshipInput(country="UA", provenance="document")])
    add_event(actor=registrar, person_id=own.pk, type="captured", date="2024-11-01")
    assert set(cards(registrar, DUE)) == {registry["kazakh"].pk, registry["dual"].pk}


def test_a_partial_capture_date_counts_from_its_first_day_and_a_correction_moves_it(registry, users):
    registrar = users["registrar"]
    tajik = create_person(actor=registrar, category="pow", power_depended="RU",
                          names=[NameInput(text="Фарҳод Шарифович Раҳимов"), NameInput(text="Farhod Rahimov")],
                          citizenships=[CitizenshipInput(country="TJ", provenance="document")])
    first = add_event(actor=registrar, person_id=tajik.pk, type="captured", date="2024-10")
    card = cards(registrar, DUE)[tajik.pk]
    assert (card.anchor, card.due) == (date(2024, 10, 1), date(2024, 10, 8))
    add_event(actor=registrar, person_id=tajik.pk, type="corrected", corrects_id=first.pk,
              corrected_type="captured", date="2024-10-20", note="the camp's register gives the day")
    card = cards(registrar, DUE)[tajik.pk]
    assert (card.anchor, card.due) == (date(2024, 10, 20), date(2024, 10, 27))


def test_a_liaison_officer_sees_the_cards_of_her_states_citizens_only(registry, users):
    assert set(cards(users["liaison_kz"], DUE)) == {registry["kazakh"].pk, registry["dual"].pk}
    assert set(cards(users["liaison_uz"], DUE)) == {registry["uzbek"].pk}
    assert cards(users["auditor"], DUE) == {}


def test_enquiry_reply_due_fourteen_days_after_receipt_until_answered(registry, users):
    registrar = users["registrar"]
    kz = enquiries.create_enquiry(actor=registrar, requester_kind="family", requester_name="Айгүл Катыренова",
                                  sought_name="Ермек Катыренов", sought_country="KZ", received_on="2024-11-01")
    uz = enquiries.create_enquiry(actor=registrar, requester_kind="consulate", requester_name="Consulate (demo)",
                                  sought_name="Alisher Tursunov", sought_country="UZ", received_on="2024-11-10")
    due = {d.key: d for d in enquiry_replies(user=registrar, today=date(2024, 11, 16))}
    assert {k: (d.due, d.anchor) for k, d in due.items()} == {
        f"enquiry:{kz.pk}": (date(2024, 11, 15), date(2024, 11, 1)),
        f"enquiry:{uz.pk}": (date(2024, 11, 24), date(2024, 11, 10))}
    assert due[f"enquiry:{kz.pk}"].url_name == "enquiries:detail"
    assert [d.key for d in enquiry_replies(user=users["liaison_uz"], today=date(2024, 11, 16))] == [f"enquiry:{uz.pk}"]
    clock = selectors.clock(registrar, on=date(2024, 11, 16), kinds=["enquiries.reply"])
    assert [d.key for d in clock.overdue] == [f"enquiry:{kz.pk}"] and not clock.due_soon
    enquiries.add_reply(actor=registrar, enquiry_id=kz.pk, text="He is recorded as a prisoner of war.",
                        person_ids=[registry["kazakh"].pk])
    assert [d.key for d in enquiry_replies(user=registrar, today=date(2024, 11, 16))] == [f"enquiry:{uz.pk}"]


def test_the_clock_sorts_by_due_date_counts_by_kind_and_filters_overdue(registry, users, only_mine):
    registrar = users["registrar"]
    enquiries.create_enquiry(actor=registrar, requester_kind="family", requester_name="Дилноза Турсунова",
                             sought_name="Алишер Турсунов", sought_country="UZ", received_on="2024-10-20")
    clock = selectors.clock(registrar, on=date(2024, 11, 7))
    assert [d.kind for d in clock.duties] == ["enquiries.reply"] + ["exports.capture_card"] * 3
    assert [d.due for d in clock.duties] == [date(2024, 11, 3)] + [DUE] * 3
    counts = {c.kind: (c.overdue, c.due_soon, c.later) for c in clock.counts() if c.total}
    assert counts == {"exports.capture_card": (0, 3, 0), "enquiries.reply": (1, 0, 0)}
    assert [d.kind for d in selectors.clock(registrar, on=date(2024, 11, 7), overdue_only=True).duties] == [
        "enquiries.reply"]


def test_a_duty_about_a_person_outside_the_scope_is_dropped_and_a_failing_provider_is_reported(
        registry, users, monkeypatch, only_mine):
    uzbek = registry["uzbek"].pk

    def careless(*, user, today):  # a provider that forgot to scope its query
        return [Duty(kind="deaths.notification", article="GC III Art. 120", title="Notification of death",
                     due=today, subject="Алишер Турсунов", person_id=uzbek, key=f"person:{uzbek}")]

    def broken(*, user, today):
        raise RuntimeError("a bug in another app")

    monkeypatch.setattr(providers, "PROVIDERS", providers.PROVIDERS + (
        ("tests.careless", careless), ("tests.broken", broken)))
    kz = selectors.clock(users["liaison_kz"], on=DUE)
    assert uzbek not in {d.person_id for d in kz.duties} and len(kz.duties) == 2
    assert kz.failed == ["tests.broken"]
    registrar = selectors.clock(users["registrar"], on=DUE)
    assert ("deaths.notification", uzbek) in {(d.kind, d.person_id) for d in registrar.duties}


def test_every_provider_landed_is_wired_in():
    """Every app's duties.py with open_duties (the contract of polon.core.duties) is one of the clock's providers."""
    import importlib
    import pkgutil

    import polon

    names = [name for name, _provider in providers.PROVIDERS]
    assert len(names) == len(set(names))
    assert "polon.duties.capture_card" in names and "polon.duties.enquiry_replies" in names
    channels = {"api", "cli", "web", "demo", "core", "duties"}
    for app in pkgutil.iter_modules(polon.__path__):
        if not app.ispkg or app.name in channels:
            continue
        if importlib.util.find_spec(f"polon.{app.name}.duties") is None:
            continue
        module = importlib.import_module(f"polon.{app.name}.duties")
        if hasattr(module, "open_duties"):
            assert f"polon.{app.name}.duties" in names, f"polon.{app.name}.duties is not in PROVIDERS"
