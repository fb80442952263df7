"""Exchange safeguards and the round's pages: analysts prepare rounds, a person whose registry status does not
fit a list needs a confirmed warning, executing asks for confirmation on every channel, persons are chosen by
name (and in bulk from the list of persons), lines that cannot be read are corrected on the page, and the
mediator's list prints as a PDF in the reader's language."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.core.errors import ValidationFailed
from polon.exchanges import services
from polon.exchanges.models import ExchangeRound, ListRow
from polon.exchanges.reconcile import reconcile_list
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def round_(users):
    return services.create_round(actor=users["registrar"], number=31, title="Весняний обмін", mediator="AE",
                                 agreed_on="2025-04-10", place="Demo border crossing")


@pytest.fixture
def tajik(users):
    """A Tajik captive with a Cyrillic name only (his Latin spelling is the ICAO transliteration)."""
    person = create_person(actor=users["registrar"], category="pow", birth_date="1995-02-17",
                           names=[NameInput(text="Шерзод Рахмонович Назаров")],
                           citizenships=[CitizenshipInput(country="TJ")], internment_number="UA-PW-000417")
    add_event(actor=users["registrar"], person_id=person.pk, type="captured", date="2024-08-03")
    return person


def test_an_analyst_records_a_round_and_prepares_its_lists_but_does_not_execute_it(registry, users):
    client = login(users["analyst"])
    assert 'href="/exchanges/new/"' in client.get("/exchanges/").content.decode()
    assert client.get("/exchanges/new/").status_code == 200
    response = client.post("/exchanges/new/", {"number": 40, "parties": ["UA", "RU"], "formula": "n_for_n"})
    assert response.status_code == 302
    r = ExchangeRound.objects.get(number=40)
    client.post(f"/exchanges/{r.pk}/entries/", {"person": "Alisher Tursunov", "side": "hand_over",
                                                "status": "agreed", "consent": "consents"})
    assert r.entries.get().person_id == registry["uzbek"].pk
    page = client.get(f"/exchanges/{r.pk}/").content.decode()
    assert f"/exchanges/{r.pk}/execute/" not in page
    assert client.post(f"/exchanges/{r.pk}/execute/", {"date": "2025-06-01", "confirmed": "True"}).status_code == 403
    assert r.entries.get().status == "agreed"
    assert login(users["icrc"]).post("/exchanges/new/", {"number": 41}).status_code == 403


def test_a_person_the_list_does_not_expect_needs_a_confirmed_warning(registry, round_, users):
    registrar = users["registrar"]
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    add_event(actor=registrar, person_id=uzbek.pk, type="died", date="2025-01-10")
    with pytest.raises(ValidationFailed) as caught:
        services.add_entry(actor=registrar, round_id=round_.pk, side="hand_over", person_id=uzbek.pk)
    assert "Dead" in " ".join(caught.value.errors["confirm"])
    assert not round_.entries.exists()
    # Our own man held by the adversary can never be on the list we hand over: refused outright.
    ours = create_person(actor=registrar, category="own_held", names=[NameInput(text="Тарас Вигаданий")])
    with pytest.raises(ValidationFailed) as caught:
        services.add_entry(actor=registrar, round_id=round_.pk, side="hand_over", person_id=ours.pk,
                           confirm_warnings=True)
    assert "person" in caught.value.errors

    client = login(registrar)
    url = f"/exchanges/{round_.pk}/entries/"
    refused = client.post(url, {"person": "Алишер Турсунов", "side": "hand_over"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "not held by us" in refused.content.decode()
    assert not round_.entries.exists()
    client.post(url, {"person": "Алишер Турсунов", "side": "hand_over", "confirm": "on"})
    client.post(url, {"person": f"№ {kazakh.pk}", "side": "hand_over"})
    assert round_.entries.count() == 2
    added = AuditEvent.objects.filter(action="exchange.entry.add").order_by("sequence").first()
    assert "не утримується нами" in str(json.loads(added.changes)["warnings"])  # as the registrar read it
    page = client.get(f"/exchanges/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dead" in page and "Held" in page and "not held by us" in page  # each person's registry status


def test_execute_is_refused_without_confirmation_on_api_and_cli(registry, round_, users, capsys):
    from polon.cli import main

    services.add_entry(actor=users["registrar"], round_id=round_.pk, side="hand_over",
                       person_id=registry["kazakh"].pk, status="agreed")
    client = login(users["registrar"])
    url = f"/api/exchanges/{round_.pk}/execute"
    refused = client.post(url, {"date": "2025-06-01"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "confirm" in refused.json()["errors"]
    assert "1 events on 1 persons" in refused.json()["errors"]["confirm"][0]
    assert main(["--as", "registrar", "exchange", "execute", "31", "--date", "2025-06-01"]) == 2
    assert "--yes" in capsys.readouterr().err
    round_.refresh_from_db()
    assert round_.status == "negotiating" and round_.entries.get().status == "agreed"
    assert client.post(url, {"date": "2025-06-01", "confirm": True},
                       content_type="application/json").status_code == 200


def test_the_confirmation_page_names_whom_the_registry_would_refuse(registry, round_, users):
    registrar = users["registrar"]
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="released", date="2025-01-10")
    for person in (registry["kazakh"], registry["uzbek"]):
        services.add_entry(actor=registrar, round_id=round_.pk, side="hand_over", person_id=person.pk,
                           status="agreed", confirm_warnings=True)
    page = login(registrar).post(f"/exchanges/{round_.pk}/execute/", {"date": "2025-06-01"},
                                 HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "would refuse" in page and "Алишер Турсунов" in page and "Released" in page


def test_persons_selected_elsewhere_are_confirmed_and_added_in_bulk(registry, round_, users):
    client = login(users["registrar"])
    ids = f"{registry['kazakh'].pk},{registry['uzbek'].pk}"
    chooser = client.get(f"/exchanges/entries/?persons={ids}", HTTP_ACCEPT_LANGUAGE="en")
    assert chooser.status_code == 200 and "Весняний обмін" in chooser.content.decode()
    chosen = client.get(f"/exchanges/entries/?persons={ids}&round={round_.pk}")
    assert chosen.status_code == 302 and chosen["Location"].startswith(f"/exchanges/{round_.pk}/entries/?persons=")
    page = client.get(chosen["Location"]).content.decode()
    assert "Ермек Болатович Катыренов" in page and "Алишер Турсунов" in page  # the persons, to confirm
    assert not round_.entries.exists()  # a GET writes nothing
    response = client.post(f"/exchanges/{round_.pk}/entries/bulk/", {
        "persons": f"№ {registry['kazakh'].pk}\n№ {registry['uzbek'].pk}", "side": "hand_over",
        "status": "proposed"})
    assert response.status_code == 302
    assert sorted(round_.entries.values_list("person_id", flat=True)) == sorted(
        [registry["kazakh"].pk, registry["uzbek"].pk])


def test_a_bad_line_is_corrected_on_the_round_page(registry, round_, users):
    reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", file_name="their.csv",
                   content=b"name,birth_date\nAlischer Tursunow,1988-13-14\nBakhtiyor Karimov,1993\n")
    client = login(users["analyst"])
    page = client.get(f"/exchanges/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = ListRow.objects.get(line=2)
    assert "Alischer Tursunow, 1988-13-14" in page and "month 13" in page
    assert f"/exchanges/rows/{row.pk}/correct/" in page and 'value="1988-13-14"' in page
    only_bad = client.get(f"/exchanges/{round_.pk}/?outcome=invalid", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Alischer Tursunow" in only_bad and "Bakhtiyor Karimov" not in only_bad
    refused = client.post(f"/exchanges/rows/{row.pk}/correct/", {"name": "Alischer Tursunow",
                                                                  "birth_date": "1988-14-07"})
    assert refused.status_code == 400 and 'value="1988-14-07"' in refused.content.decode()
    client.post(f"/exchanges/rows/{row.pk}/correct/", {"name": "Alischer Tursunow", "birth_date": "1988-07-14"})
    row.refresh_from_db()
    assert (row.outcome, row.person_id) == ("matched", registry["uzbek"].pk)
    unknown = ListRow.objects.get(line=3)
    assert unknown.outcome == "unknown"
    registrar = login(users["registrar"])
    form = registrar.get(f"/exchanges/rows/{unknown.pk}/new-person/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="1993"' in form and "Prisoner of war held by us" in form
    assert "Own national held by the adversary" not in form  # the list we hand over holds no own nationals
    registrar.post(f"/exchanges/rows/{unknown.pk}/new-person/", {
        "names": "Бахтиёр Каримов", "birth_date": "1993", "citizenship": "UZ", "category": "pow"})
    unknown.refresh_from_db()
    assert unknown.outcome == "matched" and unknown.person.citizenships.get().country == "UZ"


def test_candidates_show_birth_date_citizenship_status_and_a_rounded_score(registry, round_, users):
    for born in ("1985-01-02", "1993-09-30"):
        create_person(actor=users["registrar"], category="pow", birth_date=born, names=[NameInput(text="Иван Петров")],
                      citizenships=[CitizenshipInput(country="KZ")])
    reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", file_name="l.csv",
                   content=b"name\nIwan Petrow\n")
    (row,) = ListRow.objects.all()
    assert row.outcome == "ambiguous"
    page = login(users["analyst"]).get(f"/exchanges/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "born 1985-01-02" in page and "born 1993-09-30" in page and "Kazakhstan" in page
    assert "No status recorded" in page
    for c in row.candidates:
        assert f"{round(c['score'] * 100)}%" in page
        assert f"{c['score']:.4f}".rstrip("0") not in page or c["score"] == 1.0


def test_the_mediators_list_prints_in_the_readers_language(registry, tajik, round_, users, tmp_path):
    registrar = users["registrar"]
    services.add_entry(actor=registrar, round_id=round_.pk, side="hand_over", person_id=tajik.pk, status="agreed")
    services.add_entry(actor=registrar, round_id=round_.pk, side="hand_over", person_id=registry["kazakh"].pk)
    client = login(users["analyst"])
    page = client.get(f"/exchanges/{round_.pk}/").content.decode()
    assert f"/exchanges/{round_.pk}/lists.pdf" in page
    response = client.get(f"/exchanges/{round_.pk}/lists.pdf")  # Ukrainian, the bureau's default
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (tmp_path / "list.pdf").write_bytes(response.content)
    import os
    if os.environ.get("POLON_KEEP_PDF"):
        open(os.environ["POLON_KEEP_PDF"], "wb").write(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for part in ("Весняний обмін", "Арабські Емірати", "Шерзод Рахмонович Назаров",
                 "Sherzod Rakhmonovich Nazarov", "1995-02-17", "Таджикистан", "UA-PW-000417",
                 "Ермек Болатович Катыренов", "Ermek Bolatovich Katyrenov", "Утримується", "сторінка 1 з 1"):
        assert part in text, part
    english = client.get(f"/api/exchanges/{round_.pk}/lists.pdf?side=hand_over&lang=en")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(english.content)).pages)
    assert "United Arab Emirates" in text and "Tajikistan" in text and "page 1 of 1" in text
    assert AuditEvent.objects.filter(action="exchange.list.print").count() == 2
