"""The obligation clock on the web (the registrar's landing page, the dashboard), the API and the command line,
with the day frozen (polon.duties.selectors.today): overdue and due-soon duties first, scoped, reads audited."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.duties import providers, selectors
from polon.enquiries import services as enquiries
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The registry fixture's captures are of 2024-11-02: their capture cards were due on 2024-11-09.
TODAY = date(2024, 11, 12)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The day frozen, and only the clock's own providers (capture cards, enquiry replies): the other apps'
    duties on the same captives (the CTA lists, …) are their tests' business."""
    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    monkeypatch.setattr(providers, "PROVIDERS", tuple(
        (name, provider) for name, provider in providers.PROVIDERS if name.startswith("polon.duties.")))


@pytest.fixture
def enquiry(registry, users):
    return enquiries.create_enquiry(actor=users["registrar"], requester_kind="family",
                                    requester_name="Гульнара Турсунова", sought_name="Алишер Турсунов",
                                    sought_country="UZ", received_on="2024-11-01")


def web(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def duty_reads(**match) -> list[dict]:
    return [json.loads(e.changes) for e in AuditEvent.objects.filter(action="persons.read", **match)
            if json.loads(e.changes).get("view") == "duties.list"]


def test_the_registrar_lands_on_the_overdue_and_due_soon_duties(registry, users, enquiry):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/login/", {"username": "registrar", "password": PASSWORD})
    assert response["Location"] == "/duties/"
    page = client.get("/duties/").content.decode()
    assert "As of 2024-11-12: 3 duties overdue, 1 due within 3 days" in page
    assert "overdue by 3 days" in page and "Ермек Болатович Катыренов" in page
    assert f'href="/persons/{registry["kazakh"].pk}/"' in page and "GC III Art. 70" in page
    assert "due in 3 days" in page and f'href="/enquiries/{enquiry.pk}/"' in page  # due 2024-11-15
    # An analyst lands where he did; the clock is in his navigation.
    analyst = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert analyst.post("/login/", {"username": "analyst", "password": PASSWORD})["Location"] == "/persons/"
    assert 'href="/duties/"' in analyst.get("/persons/").content.decode()
    assert 'href="/duties/"' not in web(users["auditor"]).get("/audit/").content.decode()
    assert web(users["auditor"]).get("/duties/").status_code == 403


def test_the_page_filters_by_kind_state_and_day_and_audits_the_persons_shown(registry, users, enquiry):
    registrar = users["registrar"]
    page = web(registrar).get("/duties/?kind=enquiries.reply&show=all").content.decode()
    assert "Алишер Турсунов" in page and "Ермек" not in page
    page = web(registrar).get("/duties/?show=overdue&on=2024-11-08").content.decode()
    assert "Nothing to show." in page and "As of 2024-11-08: 0 duties overdue" in page
    web(registrar).get("/duties/")
    shown = duty_reads()[-1]
    assert set(shown["persons"]) == {p.pk for p in registry.values()} and shown["channel"] == "web"


def test_a_liaison_officer_sees_only_her_states_duties_in_ukrainian(registry, users, enquiry):
    page = web(users["liaison_kz"], "uk").get("/duties/").content.decode()
    assert "Ермек Болатович Катыренов" in page and "Бауржан Бегалимов" in page
    assert "Алишер Турсунов" not in page and f"/enquiries/{enquiry.pk}/" not in page
    assert "Обов'язки і строки" in page and "Картка полоненого" in page and "ЖК III, ст. 70" in page
    assert "прострочено на 3 дні" in page and "Станом на 2024-11-12: прострочено 2 обов'язки" in page


def test_the_dashboard_opens_with_the_duties_overdue(registry, users, enquiry):
    page = web(users["analyst"]).get("/dashboard/").content.decode()
    assert "3 duties overdue, 1 due within 3 days." in page
    assert 'href="/duties/?kind=exports.capture_card&amp;show=overdue"' in page


def test_the_api_lists_duties_most_overdue_first_within_the_scope(registry, users, enquiry):
    secret = create_api_token(actor=users["admin"], user=users["liaison_uz"], name="clock test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    answer = api.get("/api/duties").json()
    assert (answer["today"], answer["overdue"], answer["due_soon"]) == ("2024-11-12", 1, 1)
    assert [(d["kind"], d["status"], d["due"], d["days_left"]) for d in answer["items"]] == [
        ("exports.capture_card", "overdue", "2024-11-09", -3), ("enquiries.reply", "due_soon", "2024-11-15", 3)]
    card = answer["items"][0]
    assert card["person_id"] == registry["uzbek"].pk and card["subject"] == "Алишер Турсунов"
    assert card["anchor"] == "2024-11-02" and card["anchor_label"] == "capture" and card["article"] == "GC III Art. 70"
    overdue = api.get("/api/duties?overdue=true&on=2024-11-20").json()
    assert [d["kind"] for d in overdue["items"]] == ["exports.capture_card", "enquiries.reply"]
    assert api.get("/api/duties?kind=nothing").status_code == 400
    paged = api.get("/api/duties?offset=1&limit=1").json()
    assert paged["total"] == 2 and [d["kind"] for d in paged["items"]] == ["enquiries.reply"]
    assert api.get("/api/duties?on=2024-13-01").json()["errors"]["on"]
    assert api.get("/api/duties?on=9999-12-31").json()["errors"]["on"]  # outside 1900–2100: refused, not a 500
    rules = {r["kind"]: r for r in api.get("/api/duties/rules").json()}
    assert rules["proceedings.trial_notice"]["days"] == -21 and rules["exports.capture_card"]["article"] == \
        "GC III Art. 70"
    assert duty_reads()[-1]["channel"] == "api"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_prints_overdue_duties_and_the_rules(registry, users, enquiry, capsys):
    code, out, err = run(capsys, "--as", "registrar", "duties", "--overdue")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "As of 2024-11-12: 3 overdue, 1 due within 3 days, 0 later."
    assert len(lines) == 4 and all("overdue by 3 d" in line and "[GC III Art. 70]" in line for line in lines[1:])
    code, out, _ = run(capsys, "--as", "liaison_kz", "duties", "--all", "--json", "--on", "2024-11-20")
    data = json.loads(out)
    assert code == 0 and data["today"] == "2024-11-20"
    assert {d["person_id"] for d in data["items"]} == {registry["kazakh"].pk, registry["dual"].pk}
    code, out, _ = run(capsys, "--as", "registrar", "duties", "--rules")
    assert code == 0 and "proceedings.trial_notice" in out and "GC III Art. 104" in out and "-21" in out
    code, _, err = run(capsys, "--as", "registrar", "duties", "--kind", "nothing")
    assert code == 2 and "polon duties --rules" in err
    code, _, err = run(capsys, "--as", "auditor", "duties")
    assert code == 2 and "may not see the duties due" in err


def test_the_landing_page_runs_a_bounded_number_of_queries(registry, users, enquiry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from polon.registry.services import add_event, create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    def grow(n: int) -> None:
        for i in range(n):
            person = create_person(actor=users["registrar"], category="pow", power_depended="RU",
                                   names=[NameInput(text=f"Шерзод Каримов {i}"), NameInput(text=f"Sherzod Karimov {i}")],
                                   citizenships=[CitizenshipInput(country="UZ", provenance="document")])
            add_event(actor=users["registrar"], person_id=person.pk, type="captured", date="2024-11-05")

    def queries(url: str) -> int:
        client = web(users["registrar"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/duties/", "/duties/?show=all", "/duties/?kind=exports.capture_card&show=overdue"]
    before = {url: queries(url) for url in urls}
    grow(15)
    assert {url: queries(url) for url in urls} == before
