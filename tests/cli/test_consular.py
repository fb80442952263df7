"""`polon consular contacts|dossier|transmit` (polon.cli.consular): what each prints, and that a liaison officer
sees and writes only within his countries (outside them: "not found", exit code 4, nothing recorded)."""

from __future__ import annotations

import json

import pytest

from polon.cli import main
from polon.consular import services as consular
from polon.consular.models import Transmission
from polon.consular.services import ParticipantInput

pytestmark = pytest.mark.django_db
TRANSMIT = ("--channel", "note verbale", "--date", "2025-05-01", "--content", "capture card", "--legal-basis",
            "GC III Art. 122")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def contacts(registry, users):
    admin = users["admin"]
    kz = consular.create_contact(
        actor=admin, country="KZ", date="2025-04-21", place="Kyiv", person_ids=[registry["kazakh"].pk],
        participants=[ParticipantInput(side="theirs", name="A. Fictional", role="Consul"),
                      ParticipantInput(side="ours", name="B. Fictional")],
        commitments=["will inform the families"])
    uz = consular.create_contact(actor=admin, country="UZ", place="Tashkent", topics=["Uzbek-only topic"],
                                 person_ids=[registry["uzbek"].pk])
    return {"kz": kz, "uz": uz}


def test_contacts_as_text_and_as_json(contacts, capsys):
    code, out, err = run(capsys, "--as", "admin", "consular", "contacts", "--country", "KZ")
    assert code == 0, err
    assert out == (f"{contacts['kz'].pk:>5} KZ 2025-04-21 Kyiv: Consul A. Fictional\n"
                   "        commitment: will inform the families\n")
    code, out, _ = run(capsys, "--as", "admin", "consular", "contacts", "--json")
    data = json.loads(out)
    assert code == 0 and {c["country"] for c in data} == {"KZ", "UZ"}
    kz = next(c for c in data if c["country"] == "KZ")
    assert kz == {"id": contacts["kz"].pk, "country": "KZ", "date": "2025-04-21", "place": "Kyiv",
                  "theirs": ["Consul A. Fictional"], "topics": [], "commitments": ["will inform the families"]}


def test_a_liaison_officer_sees_only_his_countrys_contacts(contacts, capsys):
    code, out, _ = run(capsys, "--as", "liaison_kz", "consular", "contacts", "--json")
    assert code == 0 and [c["id"] for c in json.loads(out)] == [contacts["kz"].pk]
    code, out, _ = run(capsys, "--as", "liaison_kz", "consular", "contacts", "--country", "UZ")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "--as", "liaison_kz", "consular", "contacts")
    assert "Tashkent" not in out and "Kyiv" in out


def test_dossier_is_json_and_refused_outside_the_scope(contacts, registry, capsys):
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "dossier", "kz")
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["country"] == "KZ" and dossier["contacts"] == [contacts["kz"].pk]
    assert {p["id"] for p in dossier["persons"]} == {registry["kazakh"].pk, registry["dual"].pk}
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "dossier", "UZ")
    assert code == 4 and out == "" and "not found" in err and "Турсунов" not in err
    code, out, _ = run(capsys, "--as", "liaison_uz", "consular", "dossier", "UZ")
    assert code == 0 and [p["id"] for p in json.loads(out)["persons"]] == [registry["uzbek"].pk]


def test_transmit_records_warns_and_takes_an_override(registry, capsys):
    kazakh = str(registry["kazakh"].pk)
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", kazakh, "--to", "icrc_cta", *TRANSMIT)
    assert code == 0, err
    first = Transmission.objects.get()
    assert out == f"recorded transmission {first.pk}\n" and first.created_by.username == "liaison_kz"
    # His own state prosecutes citizens who fought abroad: refused until a reason is given, then audited.
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", kazakh, "--to", "state",
                         "--country", "KZ", *TRANSMIT)
    assert code == 2 and out == "" and "may be detrimental" in err and "nothing was written" in err
    assert Transmission.objects.count() == 1
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", kazakh, "--to", "state",
                         "--country", "KZ", *TRANSMIT, "--override-reason", "he asked for it")
    assert code == 0, err
    second = Transmission.objects.latest("id")
    assert out == f"recorded transmission {second.pk} (warning overridden, audited)\n"
    assert second.override_reason == "he asked for it" and second.warnings


def test_transmit_is_refused_outside_the_scope_and_to_a_role_without_it(registry, capsys):
    uzbek = str(registry["uzbek"].pk)
    code, out, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", uzbek, "--to", "icrc_cta", *TRANSMIT)
    assert code == 4 and out == "" and "not found" in err
    code, out, err = run(capsys, "--as", "auditor", "consular", "transmit", uzbek, "--to", "icrc_cta", *TRANSMIT)
    assert code == 2 and out == "" and err.startswith("error: ")
    code, _, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", uzbek, "--to", "pigeon", *TRANSMIT)
    assert code == 2 and "error: recipient:" in err
    assert not Transmission.objects.exists()
