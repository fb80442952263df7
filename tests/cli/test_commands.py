"""The CLI in-process against the test database: argument parsing, handlers, scope and errors."""

from __future__ import annotations

import json

import pytest

from polon.cli import main
from polon.registry.models import Person, StatusEvent

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_liaison_cannot_see_uzbek_through_the_cli(registry, users, capsys):
    code, out, err = run(capsys, "--as", "liaison_kz", "person", "show", str(registry["uzbek"].pk))
    assert code == 4 and "not found" in err and "Турсунов" not in out
    code, out, _ = run(capsys, "--as", "liaison_kz", "person", "list", "--json")
    assert {row["id"] for row in json.loads(out)} == {registry["kazakh"].pk, registry["dual"].pk}
    code, out, _ = run(capsys, "--as", "liaison_kz", "search", "Alisher Tursunov", "--json")
    assert registry["uzbek"].pk not in {hit["person_id"] for hit in json.loads(out)}


def test_person_add_show_and_event_add(users, capsys):
    code, out, err = run(capsys, "--as", "registrar", "person", "add", "--name", "Нурлан Сейтказиев",
                         "--name", "Nurlan Seitkaziev", "--category", "pow", "--citizenship", "KZ:document",
                         "--birth-date", "1993-02", "--power-depended", "RU")
    assert code == 0, err
    person = Person.objects.get(names__text="Нурлан Сейтказиев")
    code, out, err = run(capsys, "--as", "registrar", "event", "add", str(person.pk), "--type", "captured",
                         "--date", "2025-01-17", "--place", "Demo sector 9")
    assert code == 0, err
    code, out, _ = run(capsys, "--as", "icrc", "person", "show", str(person.pk), "--json")
    shown = json.loads(out)
    assert shown["status"] == "held"
    assert [n["text"] for n in shown["names"]] == ["Нурлан Сейтказиев", "Nurlan Seitkaziev"]
    assert shown["citizenships"] == [{"country": "KZ", "provenance": "document"}]


def test_bad_input_names_the_field_and_writes_nothing(registry, users, capsys):
    before = StatusEvent.objects.count()
    code, _, err = run(capsys, "--as", "registrar", "event", "add", str(registry["kazakh"].pk), "--type",
                       "captured", "--date", "2024-02-31")
    assert code == 2 and "error: date:" in err and "nothing was written" in err
    code, _, err = run(capsys, "--as", "registrar", "person", "add", "--name", "Иван Петров", "--category", "pow",
                       "--citizenship", "ZZ")
    assert code == 2 and "citizenships[0]" in err and "ZZ" in err
    assert StatusEvent.objects.count() == before


def test_malformed_json_names_file_and_line(users, capsys, tmp_path):
    bad = tmp_path / "person.json"
    bad.write_text('{\n  "category": "pow",\n  "names": ["Иван Петров",]\n}\n', encoding="utf-8")
    code, _, err = run(capsys, "--as", "registrar", "person", "add", "--from-json", str(bad))
    assert code == 2 and str(bad) in err and "line 3" in err
    assert not Person.objects.exists()


def test_acting_user_is_required_and_roles_apply(registry, users, capsys):
    code, _, err = run(capsys, "person", "list")
    assert code == 2 and "--as" in err
    code, _, err = run(capsys, "--as", "analyst", "event", "add", str(registry["kazakh"].pk), "--type", "died")
    assert code == 2 and "may not" in err


def test_audit_verify(registry, users, capsys):
    code, out, _ = run(capsys, "--as", "auditor", "audit", "verify")
    assert code == 0 and out.startswith("OK:")
    code, _, err = run(capsys, "--as", "analyst", "audit", "verify")
    assert code == 2


def test_help_everywhere(capsys):
    for argv in (["--help"], ["person", "--help"], ["person", "add", "--help"], ["event", "add", "--help"],
                 ["audit", "verify", "--help"], ["demo", "--help"], ["createuser", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
        assert "usage: polon" in capsys.readouterr().out


def test_person_add_records_and_shows_the_prisoner_number(users, capsys):
    code, out, err = run(capsys, "--as", "registrar", "person", "add", "--name", "Жасур Тошматов",
                         "--category", "pow", "--internment-number", "UA-UZ-000019")
    assert code == 0, err
    person = Person.objects.get(names__text="Жасур Тошматов")
    assert person.internment_number == "UA-UZ-000019"
    code, out, _ = run(capsys, "--as", "icrc", "person", "show", str(person.pk), "--json")
    assert json.loads(out)["internment_number"] == "UA-UZ-000019"
    code, _, err = run(capsys, "--as", "registrar", "person", "add", "--name", "Jasur Toshmatov",
                       "--category", "pow", "--internment-number", "UA-UZ-000019")
    assert code != 0 and "UA-UZ-000019" in err
