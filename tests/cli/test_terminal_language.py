"""The command line speaks the terminal's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): its own refusals and
notices, not only the services' messages, are in Ukrainian where the environment asks for Ukrainian."""

from __future__ import annotations

import pytest

from polon.cli import main
from polon.registry.models import StatusEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def terminal(monkeypatch):
    def speak(lang: str) -> None:
        for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", lang)
    return speak


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unknown_acting_user_is_refused_in_ukrainian(users, capsys, terminal):
    terminal("uk_UA.UTF-8")
    code, out, err = run(capsys, "--as", "Ерлан.Жумабеков", "person", "list")
    assert code == 2 and out == ""
    assert err.strip() == "помилка: активного користувача «Ерлан.Жумабеков» немає"
    terminal("C.UTF-8")
    code, _, err = run(capsys, "--as", "Ерлан.Жумабеков", "person", "list")
    assert code == 2 and err.strip() == "error: no active user 'Ерлан.Жумабеков'"


def test_a_refused_event_says_in_ukrainian_that_nothing_was_written(registry, users, capsys, terminal):
    terminal("uk_UA.UTF-8")
    before = StatusEvent.objects.count()
    code, _, err = run(capsys, "--as", "registrar", "event", "add", str(registry["kazakh"].pk), "--type",
                       "captured", "--date", "2024-02-31")
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("помилка: date: ") and lines[-1] == "нічого не записано"
    assert "error" not in err and "nothing" not in err
    assert StatusEvent.objects.count() == before


def test_a_missing_acting_user_is_asked_for_in_ukrainian(users, capsys, terminal, monkeypatch):
    terminal("uk_UA.UTF-8")
    monkeypatch.delenv("POLON_USER", raising=False)
    code, _, err = run(capsys, "person", "show", "1")
    assert code == 2 and "зазначте, від імені якого користувача діяти: --as" in err


def test_what_a_command_did_is_said_in_ukrainian_and_its_json_stays_as_is(users, capsys, terminal):
    terminal("uk_UA.UTF-8")
    code, out, err = run(capsys, "--as", "registrar", "person", "add", "--name", "Дильноза Рахимова",
                         "--name", "Dilnoza Rahimova", "--category", "pow", "--citizenship", "UZ:document")
    assert code == 0, err
    assert out.startswith("особу ") and "зареєстровано: Дильноза Рахимова" in out
    person_id = int(out.split()[1])
    code, out, _ = run(capsys, "--as", "registrar", "person", "show", str(person_id), "--json")
    assert code == 0 and '"citizenships"' in out and '"country": "UZ"' in out
