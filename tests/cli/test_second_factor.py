"""The second factor from the command line: an administrator resets a user's (`polon user reset-second-factor`,
audited); `polon serve` refuses a misspelt POLON_SECOND_FACTOR and warns when it is optional; `polon demo` makes
it optional and says so."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from polon.accounts import second_factor
from polon.audit.models import AuditEvent
from polon.cli import main

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def enrol(user) -> None:
    key = second_factor.new_secret()
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time()
    second_factor.enrol(actor=user, key=key, code=f"{totp.token():06d}", verified_session=False)


def test_an_administrator_resets_a_users_second_factor(users, make_user, capsys):
    officer = make_user("Дилноза_Каримова", "liaison", ["UZ"])
    enrol(officer)
    code, _out, err = run(capsys, "--as", "registrar", "user", "reset-second-factor", officer.username)
    assert code != 0 and "error:" in err and TOTPDevice.objects.filter(user=officer).exists()
    listed = {row["username"]: row for row in json.loads(run(capsys, "--as", "admin", "user", "list", "--json")[1])}
    assert listed[officer.username]["second_factor"] is True and listed["registrar"]["second_factor"] is False
    code, out, _err = run(capsys, "--as", "admin", "user", "reset-second-factor", officer.username)
    assert code == 0 and out.strip() == ("reset the second factor of Дилноза_Каримова: he sets up a new one at his "
                                         "next login")
    assert not TOTPDevice.objects.filter(user=officer).exists() and not StaticDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="second_factor.reset")
    assert event.actor == "admin" and json.loads(event.changes)["before"]["recovery_codes"] == 10
    line = next(line for line in run(capsys, "--as", "admin", "user", "list")[1].splitlines()
                if line.startswith("Дилноза_Каримова\tliaison (UZ)"))
    assert line.endswith("\tno second factor")
    # Nothing left: refused with the reason, nothing recorded.
    code, _out, err = run(capsys, "--as", "admin", "user", "reset-second-factor", officer.username)
    assert code == 2 and "has no second factor to reset" in err
    assert AuditEvent.objects.filter(action="second_factor.reset").count() == 1


def _polon(tmp_path, *argv, **env):
    import os

    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "POLON_DEMO", "POLON_SECOND_FACTOR")}
    base.update(POLON_DATA_DIR=str(tmp_path), POLON_SECRET_KEY="s" * 50, POLON_AUDIT_KEY="a" * 40,
                LANGUAGE="en", **env)
    return subprocess.run([sys.executable, "-m", "polon", *argv], env=base, capture_output=True, text=True,
                          timeout=300)


def test_serve_refuses_a_misspelt_setting(tmp_path):
    refused = _polon(tmp_path, "serve", "--no-worker", "--bind", "127.0.0.1:1", POLON_SECOND_FACTOR="off")
    assert refused.returncode != 0
    assert "POLON_SECOND_FACTOR must be 'required' (the default) or 'optional'" in refused.stderr


def test_the_demo_makes_the_second_factor_optional_and_says_so(users, capsys, monkeypatch, settings):
    """`polon demo` (its data generation replaced by nothing: the registry is not what this is about)."""
    from types import SimpleNamespace

    from polon.demo import generate

    settings.POLON_SECOND_FACTOR = "required"
    monkeypatch.setenv("POLON_DEMO", "")
    monkeypatch.setenv("POLON_SECOND_FACTOR", "")
    monkeypatch.delenv("POLON_SECOND_FACTOR")
    monkeypatch.setattr(generate, "load_demo", lambda **kw: SimpleNamespace(captives=0, own_held=0, events=0))
    code, out, _err = run(capsys, "demo", "--no-serve")
    assert code == 0
    assert "the second factor is optional in this demo (POLON_SECOND_FACTOR=optional)" in out
    assert settings.POLON_SECOND_FACTOR == "optional" and not second_factor.is_required()


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "required"),  # `polon serve` as the README runs it
    ({"POLON_DEMO": "1"}, "optional"),  # `polon demo`
    ({"POLON_SECOND_FACTOR": "optional"}, "optional"),
    ({"POLON_DEMO": "1", "POLON_SECOND_FACTOR": "required"}, "required"),
])
def test_the_second_factor_is_required_unless_said_otherwise(tmp_path, env, expected):
    import os

    base = {k: v for k, v in os.environ.items() if k not in ("POLON_DEMO", "POLON_SECOND_FACTOR")}
    shown = subprocess.run([sys.executable, "-c", "from polon import settings; print(settings.POLON_SECOND_FACTOR)"],
                           env={**base, "POLON_DATA_DIR": str(tmp_path), **env}, capture_output=True, text=True,
                           timeout=60)
    assert shown.stdout.strip() == expected, shown.stderr
