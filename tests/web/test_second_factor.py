"""The second factor on the web (POLON_SECOND_FACTOR=required, as `polon serve` runs): enrolment with a QR code and
the secret as text, the second step of every login, recovery codes (once each, shown once, replaceable), nothing
else open to a session that has not passed it (pages, the API, token creation), and an administrator's reset."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from polon.accounts import second_factor
from polon.accounts.models import ApiToken, User
from polon.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def required(settings):
    settings.POLON_SECOND_FACTOR = "required"
    # These tests log in by password a few dozen times in a row: the bound on login work (its own tests in
    # tests/accounts) would answer some of them "busy" on a loaded machine.
    settings.POLON_LOGIN_SLOTS = 0


@pytest.fixture
def officer(make_user):
    """A Kazakh liaison officer whose login is written in Cyrillic."""
    return make_user("Жанар_Сейтқали", "liaison", ["KZ"])


def code(key: str, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app holding ``key`` shows now (or ``steps_ahead`` 30-s steps later)."""
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_login(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD, **({"next": next_url} if next_url else {})}
    return client.post("/login/", data)


def enrolled(user: User) -> tuple[str, list[str]]:
    """``user`` with an app set up (the key it holds) and his recovery codes."""
    key = second_factor.new_secret()
    _device, codes = second_factor.enrol(actor=user, key=key, code=code(key), verified_session=False)
    return key, codes


def pending_key(client: Client) -> str:
    return client.session[second_factor_view_key()]


def second_factor_view_key() -> str:
    from polon.web.views.second_factor import PENDING_KEY

    return PENDING_KEY


def test_a_password_alone_opens_nothing_but_the_set_up_of_an_app(officer, registry):
    client = Client(**EN)
    response = password_login(client, officer.username, "/persons/")
    assert response.status_code == 302 and response["Location"].startswith("/account/second-factor/setup/")
    # Every other page sends him to the set-up and back afterwards; the API answers this session 403 in JSON.
    assert client.get("/persons/")["Location"] == "/account/second-factor/setup/?next=%2Fpersons%2F"
    assert client.get(f"/persons/{registry['kazakh'].pk}/").status_code == 302
    assert client.get("/account/password/").status_code == 302
    api = client.get("/api/persons")
    assert api.status_code == 403 and "second factor" in api.json()["detail"]
    assert client.post("/api/tokens", {"name": "script"}, content_type="application/json").status_code == 403
    assert not ApiToken.objects.filter(user=officer).exists()
    # A made-up bearer token beside this session does not let the session through.
    assert client.get("/api/persons", HTTP_AUTHORIZATION="Bearer polon_not-a-token").status_code == 401
    # Logging out still works.
    assert client.post("/logout/").status_code == 302


def test_enrolment_shows_a_qr_code_and_the_secret_then_ten_recovery_codes_once(officer, registry):
    client = Client(**EN)
    password_login(client, officer.username)
    page = client.get("/account/second-factor/setup/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "<svg" in html and 'class="qr"' in html and "QR code to scan with an authenticator app" in html
    key = pending_key(client)
    secret = second_factor.secret_for_typing(key)
    assert secret in html and len(secret.replace(" ", "")) == 32
    # The QR code's address names polon and the officer (his Cyrillic login, quoted).
    assert second_factor.provisioning_uri(officer, key).startswith("otpauth://totp/polon%3A%D0%96")
    # A wrong code: refused, nothing stored, still not through.
    wrong = client.post("/account/second-factor/setup/", {"code": "000000" if code(key) != "000000" else "111111"})
    assert wrong.status_code == 400 and "does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert client.get("/persons/").status_code == 302
    # The code the app shows: set up, the codes shown once (not cached), the session through.
    done = client.post("/account/second-factor/setup/", {"code": code(key), "next": "/persons/"})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    codes = re.findall(r'<code class="secret">([a-z2-7]{8})</code>', done.content.decode())
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.filter(device__user=officer)
                                                  .values_list("token", flat=True))
    assert 'href="/persons/"' in done.content.decode()
    assert client.get("/persons/").status_code == 200
    assert second_factor_view_key() not in client.session
    event = AuditEvent.objects.get(action="second_factor.enrol")
    assert event.object_id == str(officer.pk) and not any(c in event.changes for c in codes) and key not in event.changes
    # The page of his second factor never shows the codes again.
    overview = client.get("/account/second-factor/").content.decode()
    assert "10 unused recovery codes" in overview and not any(c in overview for c in codes)


def test_every_login_asks_for_the_apps_code_and_records_a_wrong_one(officer, registry):
    key, _codes = enrolled(officer)
    client = Client(**EN)
    response = password_login(client, officer.username, "/persons/")
    assert response["Location"] == "/login/second-factor/?next=%2Fpersons%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Main menu" not in page.content.decode()
    assert client.get("/persons/").status_code == 302
    bad = client.post("/login/second-factor/", {"code": "123456" if code(key, 1) != "123456" else "654321",
                                                "next": "/persons/"})
    assert bad.status_code == 400
    assert AuditEvent.objects.filter(action="second_factor.failed", object_id=str(officer.pk)).count() == 1
    # django-otp now makes the next attempt wait a second, even with the right code.
    TOTPDevice.objects.filter(user=officer).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    ok = client.post("/login/second-factor/", {"code": code(key, 1), "next": "/persons/"})
    assert ok.status_code == 302 and ok["Location"] == "/persons/"
    kazakh = registry["kazakh"]
    assert client.get(f"/persons/{kazakh.pk}/").status_code == 200
    # The same code does not open a second session (it was used).
    other = Client(**EN)
    password_login(other, officer.username)
    assert other.post("/login/second-factor/", {"code": code(key, 1)}).status_code == 400


def test_wrong_codes_make_the_next_attempt_wait(officer):
    key, _codes = enrolled(officer)
    client = Client(**EN)
    password_login(client, officer.username)
    wrong = [c for c in ("000001", "000002", "000003", "000004") if c not in (code(key), code(key, 1))][:2]
    for attempt in wrong:
        assert client.post("/login/second-factor/", {"code": attempt}).status_code == 400
    refused = client.post("/login/second-factor/", {"code": code(key, 1)})
    assert refused.status_code == 400 and "too many wrong codes" in refused.content.decode()
    events = AuditEvent.objects.filter(action="second_factor.failed").order_by("sequence")
    assert json.loads(events.last().changes)["after"]["throttled"] is True and events.count() == 3


def test_a_recovery_code_logs_in_once_and_new_ones_replace_the_old(officer):
    _key, codes = enrolled(officer)
    client = Client(**EN)
    password_login(client, officer.username)
    ok = client.post("/login/second-factor/", {"code": codes[0].upper()[:4] + " " + codes[0][4:]})
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(action="second_factor.recovery_use").count() == 1
    assert "9 unused recovery codes" in client.get("/account/second-factor/").content.decode()
    again = Client(**EN)
    password_login(again, officer.username)
    assert again.post("/login/second-factor/", {"code": codes[0]}).status_code == 400
    # New codes from the verified session: shown once, the old ones stop working.
    fresh = client.post("/account/second-factor/")
    assert fresh.status_code == 200 and fresh["Cache-Control"] == "no-store"
    new = re.findall(r'<code class="secret">([a-z2-7]{8})</code>', fresh.content.decode())
    assert len(new) == 10 and not set(new) & set(codes)
    assert again.post("/login/second-factor/", {"code": codes[1]}).status_code == 400
    # Two wrong codes: the next attempt waits (django-otp's throttling); past the wait, a new code works.
    assert "too many wrong codes" in again.post("/login/second-factor/", {"code": new[5]}).content.decode()
    StaticDevice.objects.filter(user=officer).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    assert again.post("/login/second-factor/", {"code": new[5]}).status_code == 302
    assert AuditEvent.objects.filter(action="second_factor.recovery_codes").count() == 1


def test_a_password_alone_cannot_move_the_second_factor_to_another_phone(officer):
    enrolled(officer)
    client = Client(**EN)
    password_login(client, officer.username)
    assert client.get("/account/second-factor/setup/")["Location"].startswith("/login/second-factor/")
    assert client.post("/account/second-factor/")["Location"].startswith("/login/second-factor/")
    from polon.core.errors import PermissionDenied

    key = second_factor.new_secret()
    with pytest.raises(PermissionDenied):
        second_factor.enrol(actor=officer, key=key, code=code(key), verified_session=False)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_api_tokens_are_made_only_from_a_session_that_passed_the_second_factor(officer):
    key, _codes = enrolled(officer)
    client = Client(**EN)
    password_login(client, officer.username)
    assert client.post("/api/tokens", {"name": "Астана script"}, content_type="application/json").status_code == 403
    assert client.get("/account/password/").status_code == 302  # where one's own tokens are listed and made
    assert client.post("/account/tokens/new/", {"name": "Астана script"})["Location"].startswith(
        "/login/second-factor/")
    assert not ApiToken.objects.filter(user=officer).exists()
    client.post("/login/second-factor/", {"code": code(key, 1)})
    made = client.post("/api/tokens", {"name": "Астана script"}, content_type="application/json")
    assert made.status_code == 201, made.content
    assert ApiToken.objects.filter(user=officer).count() == 1


def test_an_administrator_resets_a_lost_second_factor_and_the_user_enrols_anew(users, officer):
    key, codes = enrolled(officer)
    admin_key, _admin_codes = enrolled(users["admin"])
    admin = Client(**EN)
    password_login(admin, "admin")
    admin.post("/login/second-factor/", {"code": code(admin_key, 1)})
    page = admin.get(f"/users/{officer.pk}/").content.decode()
    assert "10 unused recovery codes" in page and "Reset the second factor" in page
    # Not an administrator's: 403, nothing removed.
    registrar_key, _registrar_codes = enrolled(users["registrar"])
    registrar = Client(**EN)
    password_login(registrar, "registrar")
    assert registrar.post("/login/second-factor/", {"code": code(registrar_key, 1)}).status_code == 302
    assert registrar.post(f"/users/{officer.pk}/second-factor/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()
    done = admin.post(f"/users/{officer.pk}/second-factor/reset/")
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists() and not StaticDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="second_factor.reset")
    assert event.actor == "admin" and event.object_id == str(officer.pk)
    # Nothing left to reset: said so on his page.
    again = admin.post(f"/users/{officer.pk}/second-factor/reset/")
    assert again.status_code == 400
    html = again.content.decode()
    assert 'role="alert"' in html and "has no second factor to reset" in html and "Not set up yet" in html
    assert AuditEvent.objects.filter(action="second_factor.reset").count() == 1
    # His old recovery codes no longer work; his next login sets up a new app.
    client = Client(**EN)
    assert password_login(client, officer.username)["Location"].startswith("/account/second-factor/setup/")
    assert client.post("/login/second-factor/", {"code": codes[0]}).status_code == 302  # → the set-up, not in
    assert client.get("/persons/").status_code == 302


def test_where_it_is_optional_the_login_page_says_so_and_only_enrolled_users_are_asked(settings, users, officer):
    settings.POLON_SECOND_FACTOR = "optional"
    page = Client(**EN).get("/login/").content.decode()
    assert "the second factor is optional" in page
    client = Client(**EN)
    landing = password_login(client, "registrar")["Location"]  # his first page, whichever it is: not the second factor
    assert landing.startswith("/") and "second-factor" not in landing and client.get(landing).status_code == 200
    assert client.get("/persons/").status_code == 200
    key, _codes = enrolled(officer)
    client = Client(**EN)
    assert password_login(client, officer.username)["Location"].startswith("/login/second-factor/")
    assert client.get("/persons/").status_code == 302
    settings.POLON_SECOND_FACTOR = "required"
    assert "the second factor is optional" not in Client(**EN).get("/login/").content.decode()


def test_an_unknown_setting_counts_as_required(settings):
    settings.POLON_SECOND_FACTOR = "off"
    assert second_factor.is_required()
    settings.POLON_SECOND_FACTOR = "Optional "
    assert not second_factor.is_required()
