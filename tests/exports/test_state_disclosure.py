"""The detriment rule wherever person data leaves for a state: a transmission to any recipient naming a state
(the Protecting Power acting for Kazakhstan, the Central Tracing Agency forwarding to it), and an export (CSV,
FollowTheMoney, capture cards, the country report, a reconciled list) addressed to a state's body. Persons it may
harm are left out (asked for by number: refused) unless a reason is given, which is audited with the persons it
let through — on the page, the API and the command line alike."""

from __future__ import annotations

import csv
import io
import json

import pytest

from polon.audit.models import AuditEvent
from polon.consular import services as consular
from polon.consular.models import Transmission
from polon.core.errors import ValidationFailed
from polon.exports.models import ExportRecord
from polon.exports.services import export_country_report, export_persons
from polon.registry.services import create_person, update_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db

# The recipient's text names no state the code could read; the state is the structured field.
EMBASSY = {"recipient": "Посольство Республики Таджикистан / Embassy", "legal_basis": "GC III Art. 122"}


def tajik(actor, cyrillic: str, latin: str, number: str, *, restricted: bool = False):
    person = create_person(actor=actor, category="pow", birth_date="1993-02", power_depended="RU", army="RU-demo",
                           service_number=number, names=[NameInput(text=cyrillic), NameInput(text=latin)],
                           citizenships=[CitizenshipInput(country="TJ", provenance="self_declared")])
    if restricted:
        update_person(actor=actor, person_id=person.pk, expected_version=person.version,
                      changes={"restricted": True})
    return person


@pytest.fixture
def tajiks(users):
    registrar = users["registrar"]
    return {"open": tajik(registrar, "Фирӯз Раҳимов", "Firuz Rahimov", "T-200001"),
            "restricted": tajik(registrar, "Ҷамшед Назаров", "Jamshed Nazarov", "T-200002", restricted=True)}


def ids_in(content: bytes) -> set[int]:
    return {int(r["id"]) for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}


def overrides() -> list[dict]:
    return [json.loads(e.changes)["after"] for e in AuditEvent.objects.filter(action="export.override")]


# Transmissions

@pytest.mark.parametrize("recipient", ["protecting_power", "icrc_cta"])
def test_a_transmission_to_anyone_naming_kazakhstan_needs_a_reason(registry, users, recipient):
    """Before: only recipient "state" was checked; the Protecting Power "for Kazakhstan" went through silently."""
    liaison, kazakh = users["liaison_kz"], registry["kazakh"]
    send = {"recipient": recipient, "country": "KZ", "channel": "note verbale", "date": "2025-05-02",
            "content": "capture card of Ермек Катыренов", "legal_basis": "GC III Art. 122"}
    with pytest.raises(ValidationFailed) as caught:
        consular.record_transmission(actor=liaison, person_id=kazakh.pk, **send)
    assert "Kazakhstan prosecutes its citizens" in str(caught.value) and "Art. 170" in str(caught.value)
    assert not Transmission.objects.exists()
    item = consular.record_transmission(actor=liaison, person_id=kazakh.pk, override_reason="he asked in writing",
                                        **send)
    event = AuditEvent.objects.get(action="transmission.override")
    assert json.loads(event.changes)["after"]["override_reason"] == "he asked in writing"
    assert item.warnings and item.country == "KZ"


def test_a_restricted_person_or_an_objection_to_his_state_holds_a_transmission_to_a_protecting_power(
        users, tajiks):
    registrar = users["registrar"]
    send = {"recipient": "protecting_power", "country": "TJ", "channel": "letter", "date": "2025-05-02",
            "content": "notification", "legal_basis": "GC III Art. 122"}
    assert consular.transmission_warnings(tajiks["open"], "protecting_power", "TJ") == []
    with pytest.raises(ValidationFailed, match="restricted"):
        consular.record_transmission(actor=registrar, person_id=tajiks["restricted"].pk, **send)
    consular.record_objection(actor=registrar, person_id=tajiks["open"].pk, scope="state",
                              statement="не сообщайте Таджикистану")
    with pytest.raises(ValidationFailed, match="objected"):
        consular.record_transmission(actor=registrar, person_id=tajiks["open"].pk, **send)
    # Without a state named, an objection to his state does not hold a transmission to the CTA.
    consular.record_transmission(actor=registrar, person_id=tajiks["open"].pk, recipient="icrc_cta",
                                 channel="CTA", date="2025-05-02", content="card", legal_basis="GC III Art. 123")


# Exports: the service

def test_a_csv_to_a_states_embassy_leaves_the_restricted_out_unless_a_reason_is_given(registry, users, tajiks):
    """Before: a persons CSV "for the Embassy" carried restricted persons."""
    icrc = users["icrc"]
    exported = export_persons(actor=icrc, kind="csv", citizenship="TJ", state="TJ", **EMBASSY)
    assert ids_in(exported.content) == {tajiks["open"].pk}
    assert exported.record.state == "TJ" and exported.record.withheld_ids == [tajiks["restricted"].pk]
    assert exported.record.override_reason == "" and not overrides()
    created = json.loads(AuditEvent.objects.get(action="export.create").changes)["after"]
    assert created["withheld"] == [tajiks["restricted"].pk] and created["state"] == "TJ"

    reason = "the embassy issues his travel document for the exchange"
    exported = export_persons(actor=icrc, kind="csv", citizenship="TJ", state="tj", override_reason=reason,
                              **EMBASSY)
    assert ids_in(exported.content) == {tajiks["open"].pk, tajiks["restricted"].pk}
    assert exported.record.overridden_ids == [tajiks["restricted"].pk] and exported.record.withheld_ids == []
    [override] = overrides()
    assert override["override_reason"] == reason and override["state"] == "TJ"
    assert [p["person"] for p in override["persons"]] == [tajiks["restricted"].pk]
    assert "restricted" in override["persons"][0]["warnings"][0]


def test_without_a_state_nothing_changes(users, tajiks):
    to_the_cta = {"recipient": "ICRC Central Tracing Agency, Geneva", "legal_basis": "GC III Art. 123"}
    exported = export_persons(actor=users["icrc"], kind="csv", citizenship="TJ", **to_the_cta)
    assert ids_in(exported.content) == {tajiks["open"].pk, tajiks["restricted"].pk}
    assert exported.record.withheld_ids == []


@pytest.mark.parametrize("recipient", ["Embassy of Kazakhstan", "Посольство Республіки Казахстан в Україні",
                                       "Botschaft Kasachstans in Kyjiw", "Protecting Power (Switzerland) for KZ"])
def test_a_recipient_naming_a_state_needs_that_state_chosen(registry, users, recipient):
    # The case: 201 persons, restricted ones included, went to "Embassy of Kazakhstan" with no state.
    with pytest.raises(ValidationFailed) as caught:
        export_persons(actor=users["icrc"], kind="csv", recipient=recipient, legal_basis="GC III Art. 122")
    assert "state" in caught.value.errors and "choose the state" in str(caught.value)
    assert not ExportRecord.objects.exists()
    with pytest.raises(ValidationFailed, match="choose the state"):
        export_country_report(actor=users["admin"], country="KZ", recipient=recipient, legal_basis="GC III Art. 122")


def test_kazakh_citizens_asked_for_by_number_are_refused_naming_why(registry, users):
    icrc, kazakh = users["icrc"], registry["kazakh"]
    purpose = {"recipient": "Генеральное консульство Казахстана", "legal_basis": "GC III Art. 122", "state": "KZ"}
    for kind in ("csv", "capture_card", "ftm"):
        with pytest.raises(ValidationFailed) as caught:
            export_persons(actor=icrc, kind=kind, person_ids=[kazakh.pk], **purpose)
        text = str(caught.value)
        assert "Ермек Болатович Катыренов" in text and "Kazakhstan prosecutes its citizens" in text
    assert not ExportRecord.objects.exists()
    exported = export_persons(actor=icrc, kind="capture_card", person_ids=[kazakh.pk],
                              override_reason="consular access agreed in writing", **purpose)
    assert exported.record.person_ids == [kazakh.pk] and overrides()[0]["persons"][0]["person"] == kazakh.pk


def test_a_filter_whose_every_person_is_flagged_is_refused_not_an_empty_file(registry, users):
    with pytest.raises(ValidationFailed, match="needs an explicit reason"):
        export_persons(actor=users["liaison_kz"], kind="csv", state="KZ", recipient="МИД РК",
                       legal_basis="GC III Art. 122")
    assert not ExportRecord.objects.exists()


def test_restricted_never_go_to_aleph_even_with_a_reason(users, tajiks):
    exported = export_persons(actor=users["icrc"], kind="ftm", citizenship="TJ", state="TJ",
                              override_reason="asked by the embassy", **EMBASSY)
    text = exported.content.decode()
    assert "Фирӯз Раҳимов" in text and "Назаров" not in text
    assert not overrides()  # nobody was let through, so no override is recorded


def test_a_country_report_to_the_state_is_refused_without_a_reason(registry, users):
    admin = users["admin"]
    purpose = {"recipient": "Embassy of Kazakhstan in Kyiv", "legal_basis": "GC III Art. 122"}
    with pytest.raises(ValidationFailed, match="Катыренов"):
        export_country_report(actor=admin, country="KZ", state="KZ", **purpose)
    exported = export_country_report(actor=admin, country="KZ", state="KZ", override_reason="agreed exchange",
                                     **purpose)
    assert {p["person"] for p in overrides()[0]["persons"]} == set(exported.record.person_ids)


def test_a_large_export_by_a_job_leaves_them_out_too(users, tajiks, monkeypatch):
    from polon.exports import services
    from polon.jobs.runner import run_pending_jobs

    monkeypatch.setattr(services, "INLINE_PERSONS", 1)
    job = services.start_export_persons(actor=users["icrc"], kind="csv", citizenship="TJ", state="TJ", **EMBASSY)
    run_pending_jobs()
    job.refresh_from_db()
    record = ExportRecord.objects.get(pk=job.result["export_id"])
    assert record.person_ids == [tajiks["open"].pk] and record.withheld_ids == [tajiks["restricted"].pk]
    assert job.result["withheld"] == 1
    from polon.exports.jobs import summary

    assert ("Persons left out (it may harm them)", 1) in [(str(label), n) for label, n in summary(job)]


# Exports: the channels

def test_the_page_the_api_and_the_cli_take_the_state(users, tajiks, client, capsys, tmp_path):
    from django.test import Client

    from polon.accounts.services import create_api_token
    from polon.cli import main

    icrc = users["icrc"]
    client.force_login(icrc)
    page = client.post("/exports/", {"kind": "csv", "country": "TJ", "state": "TJ", **EMBASSY})
    assert page.status_code == 200 and page["X-Polon-Withheld"] == "1"
    assert ids_in(page.content) == {tajiks["open"].pk}
    refused = client.post("/exports/", {"kind": "csv", "persons": str(tajiks["restricted"].pk), "state": "TJ",
                                        **EMBASSY}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "text/csv" not in refused["Content-Type"]
    assert "Ҷамшед Назаров" in refused.content.decode() and "needs an explicit reason" in refused.content.decode()

    secret = create_api_token(actor=users["admin"], user=icrc, name="exports")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    answer = api.post("/api/exports", {"kind": "csv", "country": "TJ", "state": "TJ", **EMBASSY},
                      content_type="application/json")
    assert answer.status_code == 200 and answer["X-Polon-Withheld"] == "1"
    assert ids_in(answer.content) == {tajiks["open"].pk}
    answer = api.post("/api/exports", {"kind": "csv", "person_ids": [tajiks["restricted"].pk], "state": "TJ",
                                       "override_reason": "his own request", **EMBASSY},
                      content_type="application/json")
    assert answer.status_code == 200 and ids_in(answer.content) == {tajiks["restricted"].pk}
    history = api.get("/api/exports").json()
    assert history[0]["state"] == "TJ" and history[0]["overridden"] == 1 and history[1]["withheld"] == 1

    out = tmp_path / "tj.csv"
    code = main(["--as", "icrc", "export", "csv", "--citizenship", "TJ", "--state", "TJ", "--recipient",
                 EMBASSY["recipient"], "--legal-basis", "GC III Art. 122", "-o", str(out)])
    assert code == 0 and "1 person left out" in capsys.readouterr().err
    assert ids_in(out.read_bytes()) == {tajiks["open"].pk}
    assert ExportRecord.objects.filter(state="TJ").count() == 4
    assert main(["--as", "icrc", "export", "history", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["state"] == "TJ" and listed[0]["withheld"] == 1 and listed[1]["overridden"] == 1
    history = client.get("/exports/history/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tajikistan" in history and "1 person left out" in history and "1 sent despite warnings" in history


def test_a_transmission_to_the_protecting_power_for_kazakhstan_on_the_page_the_api_and_the_cli(
        registry, users, client, capsys):
    from django.test import Client

    from polon.accounts.services import create_api_token
    from polon.cli import main

    kazakh = registry["kazakh"]
    send = {"recipient": "protecting_power", "country": "KZ", "channel": "note verbale", "date": "2025-05-02",
            "content": "capture card", "legal_basis": "GC III Art. 122"}
    client.force_login(users["liaison_kz"])
    posted = client.post(f"/consular/persons/{kazakh.pk}/transmissions/", send, HTTP_ACCEPT_LANGUAGE="en")
    assert posted.status_code == 302
    page = client.get(posted["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kazakhstan prosecutes its citizens" in page

    secret = create_api_token(actor=users["admin"], user=users["liaison_kz"], name="consular")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    answer = api.post(f"/api/consular/persons/{kazakh.pk}/transmissions", send, content_type="application/json")
    assert answer.status_code == 400 and "override_reason" in answer.json()["errors"]
    warned = api.get(f"/api/consular/persons/{kazakh.pk}/transmission-warnings",
                     {"recipient": "protecting_power", "country": "KZ"}).json()
    assert len(warned) == 1 and "may be detrimental" in warned[0]

    code = main(["--as", "liaison_kz", "consular", "transmit", str(kazakh.pk), "--to", "protecting_power",
                 "--country", "KZ", "--channel", "note verbale", "--date", "2025-05-02", "--content", "card",
                 "--legal-basis", "GC III Art. 122"])
    assert code != 0 and "may be detrimental" in capsys.readouterr().err
    assert not Transmission.objects.exists()
    assert main(["--as", "liaison_kz", "consular", "transmit", str(kazakh.pk), "--to", "protecting_power",
                 "--country", "KZ", "--channel", "note verbale", "--date", "2025-05-02", "--content", "card",
                 "--legal-basis", "GC III Art. 122", "--override-reason", "he asked for it in writing"]) == 0
    assert Transmission.objects.get().override_reason == "he asked for it in writing"


def test_a_reconciled_list_for_uzbekistan_is_refused_without_a_reason(registry, users):
    from polon.exchanges import services as exchanges
    from polon.exchanges.models import ListRow
    from polon.exports.services import export_reconciliation

    registrar, uzbek = users["registrar"], registry["uzbek"]
    r = exchanges.create_round(actor=registrar, number=7, title="Обмін через Абу-Дабі")
    ListRow.objects.create(round=r, side="hand_over", row_key="u1", line=2, name="Alisher Tursunov",
                           birth_date="1988-07-14", outcome="matched", person=uzbek, score=0.97)
    purpose = {"recipient": "Посольство Узбекистану", "legal_basis": "GC III Art. 118", "state": "UZ"}
    with pytest.raises(ValidationFailed, match="Алишер Турсунов"):
        export_reconciliation(actor=users["analyst"], round_id=r.pk, **purpose)
    exported = export_reconciliation(actor=users["analyst"], round_id=r.pk, override_reason="the list of the "
                                     "exchange agreed with Uzbekistan's consent", **purpose)
    assert exported.record.overridden_ids == [uzbek.pk] and overrides()[0]["persons"][0]["person"] == uzbek.pk


def test_the_rule_reads_objections_once_for_many_persons(registry, users, tajiks, django_assert_num_queries):
    from polon.consular.detriment import warnings_by_person
    from polon.registry.models import Person

    consular.record_objection(actor=users["registrar"], person_id=registry["uzbek"].pk, scope="all")
    persons = list(Person.objects.prefetch_related("citizenships", "names"))
    with django_assert_num_queries(1):
        flagged = warnings_by_person(persons, "TJ")
    assert set(flagged) == {tajiks["restricted"].pk, registry["uzbek"].pk}
