"""`polon user …` and `polon token list|revoke`: user administration from the command line, as --as an
administrator; `createuser` and `token create` as the README shows them."""

from __future__ import annotations

import io
import json

import pytest

from polon.accounts.models import ApiToken, User
from polon.audit.models import AuditEvent
from polon.cli import main

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_readme_commands_still_work(db, capsys, monkeypatch):
    monkeypatch.setenv("POLON_PASSWORD", "Алматы-2025-көктем")
    assert run(capsys, "createuser", "alice", "--role", "admin")[0] == 0
    code, out, _ = run(capsys, "--as", "alice", "createuser", "bob", "--role", "liaison", "--country", "KZ")
    assert code == 0 and out.strip() == "created bob (liaison for KZ)"
    code, out, _ = run(capsys, "--as", "alice", "token", "create", "--user", "bob")
    assert code == 0 and out.startswith("polon_")


def test_user_list_deactivate_and_activate(users, capsys):
    code, out, _ = run(capsys, "--as", "admin", "user", "list", "--json")
    listed = {row["username"]: row for row in json.loads(out)}
    assert code == 0 and listed["liaison_kz"]["countries"] == ["KZ"] and listed["auditor"]["role"] == "auditor"
    code, out, _ = run(capsys, "--as", "admin", "user", "list")
    assert "liaison_kz\tliaison (KZ)\tactive" in out
    code, _, err = run(capsys, "--as", "registrar", "user", "list")
    assert code == 2 and "error:" in err
    code, out, _ = run(capsys, "--as", "admin", "user", "deactivate", "liaison_uz")
    assert code == 0 and not User.objects.get(username="liaison_uz").is_active
    code, _, err = run(capsys, "--as", "liaison_uz", "person", "list")
    assert code == 2 and "no active user" in err
    code, _, err = run(capsys, "--as", "admin", "user", "deactivate", "admin")
    assert code == 2 and "you cannot deactivate yourself" in err and "nothing was written" in err
    assert run(capsys, "--as", "admin", "user", "activate", "liaison_uz")[0] == 0
    assert User.objects.get(username="liaison_uz").is_active
    code, _, err = run(capsys, "--as", "admin", "user", "activate", "Зарина")
    assert code == 4 and "Зарина" in err


def test_set_password_from_stdin_or_generated_is_temporary(users, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Хуҷанд-2025-тирамоҳ\n"))
    code, _, err = run(capsys, "--as", "admin", "user", "set-password", "icrc", "--password-stdin")
    icrc = User.objects.get(username="icrc")
    assert code == 0 and icrc.check_password("Хуҷанд-2025-тирамоҳ") and icrc.must_change_password
    assert "must change" in err
    code, out, _ = run(capsys, "--as", "admin", "user", "set-password", "icrc", "--generate")
    icrc.refresh_from_db()
    assert code == 0 and icrc.check_password(out.strip())
    monkeypatch.setattr("sys.stdin", io.StringIO("qwerty\n"))
    code, _, err = run(capsys, "--as", "admin", "user", "set-password", "icrc", "--password-stdin")
    assert code == 2 and "error: password:" in err
    assert AuditEvent.objects.filter(action="user.password.reset").count() == 2


def test_set_role_with_countries(users, capsys):
    code, out, _ = run(capsys, "--as", "admin", "user", "set-role", "analyst", "--role", "liaison",
                       "--country", "TJ", "--country", "UZ")
    assert code == 0 and out.strip() == "analyst is now liaison for TJ, UZ"
    code, _, err = run(capsys, "--as", "admin", "user", "set-role", "registrar", "--role", "liaison")
    assert code == 2 and "error: country: a consular liaison officer needs at least one country" in err
    code, _, err = run(capsys, "--as", "admin", "user", "set-role", "admin", "--role", "registrar")
    assert code == 2 and "last active administrator" in err
    assert User.objects.get(username="admin").role == "admin"


def test_token_list_and_revoke(users, capsys):
    assert run(capsys, "--as", "icrc", "token", "create", "--user", "icrc", "--name", "Душанбе")[0] == 0
    assert run(capsys, "--as", "admin", "token", "create", "--user", "analyst", "--name", "Tashkent")[0] == 0
    mine = ApiToken.objects.get(user__username="icrc")
    code, out, _ = run(capsys, "--as", "icrc", "token", "list", "--json")
    assert code == 0 and [row["name"] for row in json.loads(out)] == ["Душанбе"]
    code, out, _ = run(capsys, "--as", "admin", "token", "list", "--user", "analyst")
    assert "Tashkent" in out and "Душанбе" not in out
    other = ApiToken.objects.get(user__username="analyst")
    code, _, err = run(capsys, "--as", "icrc", "token", "revoke", str(other.pk))
    assert code == 4 and not ApiToken.objects.get(pk=other.pk).revoked
    code, out, _ = run(capsys, "--as", "icrc", "token", "revoke", str(mine.pk))
    assert code == 0 and "revoked token" in out and ApiToken.objects.get(pk=mine.pk).revoked
    code, out, _ = run(capsys, "--as", "admin", "token", "list", "--user", "icrc")
    assert "\trevoked " in out


def test_help_of_the_new_commands(capsys):
    for argv in (["user", "--help"], ["user", "set-password", "--help"], ["token", "revoke", "--help"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
