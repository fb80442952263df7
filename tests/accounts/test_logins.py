"""Password guessing and login load (issue 24): lockout per account and per address with audited failures and
lockouts, an administrator lifting a lockout (web and CLI), the password rules, and the bound on login work."""

from __future__ import annotations

import json
import threading

import pytest
from django.test import Client

from polon.accounts.logins import login_slot
from polon.accounts.models import User
from polon.audit.models import AuditEvent
from polon.cli import main

pytestmark = pytest.mark.django_db

PASSWORD = "Тараз-көктемі-2025"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def limits(settings, tmp_path):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    settings.POLON_LOGIN_SLOT_DIR = tmp_path / "slots"
    settings.POLON_SECOND_FACTOR = "optional"


@pytest.fixture
def people(db):
    def make(username: str, role: str = "analyst", countries: list[str] | None = None) -> User:
        user = User(username=username, role=role, countries=countries or [])
        user.set_password(PASSWORD)
        user.save()
        return user

    return {"admin": make("Гүлнара_Бекова", "admin"), "analyst": make("Dilshod_Rahimov"),
            "liaison": make("Ерлан_Жақсыбеков", "liaison", ["KZ"]), "tajik": make("Фарҳод_Назаров", "icrc")}


def log_in(username: str, password: str, address: str = "198.51.100.7", **headers) -> object:
    return Client(REMOTE_ADDR=address, **headers).post("/login/", {"username": username, "password": password})


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith="login.", **filters).order_by("sequence")
                .values_list("action", flat=True))


def test_an_account_is_locked_after_the_failure_limit_and_every_step_is_audited(people):
    liaison = people["liaison"]
    for guess in ("Алматы2024", "qwerty-12345"):
        assert log_in(liaison.username, guess).status_code == 200  # the form again, "not correct"
    assert log_in(liaison.username, "Ермек-1991").status_code == 429  # the third failure locks
    # The right password from the same address now: refused without being checked, in Ukrainian by default.
    refused = log_in(liaison.username, PASSWORD)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Забагато невдалих спроб входу" in body and "30" in body
    assert "_auth_user_id" not in refused.wsgi_request.session
    # The same account from another address is locked too (per account).
    assert log_in(liaison.username, PASSWORD, address="203.0.113.50", **EN).status_code == 429

    assert actions() == ["login.failed", "login.failed", "login.failed", "login.lockout", "login.failed",
                         "login.failed"]
    events = list(AuditEvent.objects.filter(action__startswith="login.").order_by("sequence"))
    assert all(e.object_type == "accounts.user" and e.object_id == str(liaison.pk) for e in events)
    changes = [json.loads(e.changes)["after"] for e in events]
    assert changes[0] == {"username": liaison.username, "known_user": True,
                                          "address": "198.51.100.7", "refused_locked_out": False}
    assert changes[3]["failures"] == 3 and changes[3]["minutes"] == 30
    assert changes[4]["refused_locked_out"] is True
    assert PASSWORD not in str(changes)  # never the password


def test_an_address_is_locked_after_failures_against_several_accounts(people):
    address = "192.0.2.44"
    for username in ("Ерлан_Жақсыбеков", "Dilshod_Rahimov"):
        assert log_in(username, "Самарқанд-2023-кузи", address).status_code == 200
    assert log_in("Нурлан_Абенов", "Самарқанд-2023-кузи", address).status_code == 429  # no such user; locks
    # A colleague behind the same address is locked out too, even with the right password …
    assert log_in("Фарҳод_Назаров", PASSWORD, address, **EN).status_code == 429
    # … not from another address.
    assert log_in("Фарҳод_Назаров", PASSWORD, "192.0.2.45").status_code == 302
    unknown = [json.loads(e.changes)["after"] for e in AuditEvent.objects.filter(action="login.failed", object_id="")]
    assert [(row["username"], row["known_user"]) for row in unknown] == [("Нурлан_Абенов", False)]


def test_an_administrator_unlocks_an_account_on_its_page_audited(people):
    liaison, admin = people["liaison"], people["admin"]
    for _ in range(3):
        log_in(liaison.username, "Шымкент-2022-жаз")
    assert log_in(liaison.username, PASSWORD, "203.0.113.9").status_code == 429
    web = Client(**EN)
    web.force_login(admin)
    page = web.get(f"/users/{liaison.pk}/").content.decode()
    assert "Logging in to this account is locked." in page and "198.51.100.7" in page
    assert web.post(f"/users/{liaison.pk}/unlock/", {"address": ""}).status_code == 302
    assert "No failed logins are being counted for this account." in web.get(f"/users/{liaison.pk}/").content.decode()
    assert log_in(liaison.username, PASSWORD, "203.0.113.9").status_code == 302
    unlock = AuditEvent.objects.get(action="login.unlock")
    assert unlock.actor == admin.username and unlock.object_id == str(liaison.pk)
    assert json.loads(unlock.changes)["after"]["counters_removed"] == 1
    # Only administrators: the analyst may not even open the button's address.
    other = Client()
    other.force_login(people["analyst"])
    assert other.post(f"/users/{liaison.pk}/unlock/", {"address": ""}).status_code == 403


def test_polon_user_unlock_lifts_an_address_lockout(people, capsys):
    for username in ("Dilshod_Rahimov", "Фарҳод_Назаров", "Ерлан_Жақсыбеков"):
        log_in(username, "Бухоро-2021-баҳор", "198.51.100.99")
    assert log_in("Dilshod_Rahimov", PASSWORD, "198.51.100.99").status_code == 429
    assert main(["--as", "Dilshod_Rahimov", "user", "unlock", "--address", "198.51.100.99"]) == 2
    capsys.readouterr()
    assert main(["--as", "Гүлнара_Бекова", "user", "unlock", "--address", "198.51.100.99"]) == 0
    assert "198.51.100.99" in capsys.readouterr().out
    assert log_in("Dilshod_Rahimov", PASSWORD, "198.51.100.99").status_code == 302
    assert json.loads(AuditEvent.objects.get(action="login.unlock").changes)["after"]["address"] == "198.51.100.99"


def test_a_login_finding_every_slot_taken_is_answered_busy_without_checking_the_password(people, settings):
    settings.POLON_LOGIN_WAIT_SECONDS = 0.1
    held, release = threading.Event(), threading.Event()

    def hold():
        with login_slot():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(5)
        busy = log_in(people["analyst"].username, "не-той-пароль-2025", **EN)
        assert busy.status_code == 503 and busy["Retry-After"] == "1"
        assert "The server is busy with other logins; try again in a moment." in busy.content.decode()
    finally:
        release.set()
        holder.join()
    assert actions() == []  # not a failure: nothing was checked, nothing counted towards a lockout
    assert log_in(people["analyst"].username, PASSWORD).status_code == 302


@pytest.mark.parametrize("password, message", [
    (" " * 10, "This password is too short. It must contain at least 12 characters."),
    (" " * 14, "This password is mostly spaces."),
    ("а" * 16, "This password repeats too few characters"),
    ("abababab abab", "This password repeats too few characters"),
    ("20251991072014", "This password is entirely numeric."),
    ("password1234", "This password is too common."),
    ("Dilshod_Rahimov1", "The password is too similar to the username."),
])
def test_weak_passwords_are_refused(people, password, message):
    from polon.accounts import services
    from polon.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        services.reset_password(actor=people["admin"], user_id=people["analyst"].pk, password=password)
    assert any(message in text for text in refused.value.errors["password"])


def test_a_passphrase_is_accepted_and_the_rules_speak_ukrainian(people):
    from django.utils import translation

    from polon.accounts import services
    from polon.core.errors import ValidationFailed

    assert services.reset_password(actor=people["admin"], user_id=people["analyst"].pk,
                                   password="Навоий кўчаси 14, Тошкент") == "Навоий кўчаси 14, Тошкент"
    with translation.override("uk"), pytest.raises(ValidationFailed) as refused:
        services.reset_password(actor=people["admin"], user_id=people["analyst"].pk, password=" " * 14)
    assert "Цей пароль складається переважно з пробілів." in refused.value.errors["password"]


def test_a_flood_is_held_to_its_share_of_hashing_time(people, settings):
    """Past its burst, a slot hashes at most POLON_LOGIN_DUTY of the time: the next login is answered busy."""
    settings.POLON_LOGIN_WAIT_SECONDS = 0
    settings.POLON_LOGIN_BURST_SECONDS = 0.01
    settings.POLON_LOGIN_DUTY = 0.001
    assert log_in(people["tajik"].username, PASSWORD).status_code == 302  # the burst: one Argon2 check
    assert log_in(people["analyst"].username, PASSWORD, **EN).status_code == 503
    settings.POLON_LOGIN_DUTY = 1  # no limit
    assert log_in(people["analyst"].username, PASSWORD).status_code == 302
