"""API tokens (issue 24): an expiry chosen at creation and refused once past, shown as expired on every channel;
a temporary-password user's tokens refused until he changes it; who may mint tokens for whom, from the policy
table, on the service, web, API and CLI (an auditor may not; a bearer token cannot mint another)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from polon.accounts import services
from polon.accounts.models import ApiToken
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **EN)


def test_a_token_lives_the_days_chosen_and_is_refused_and_shown_expired_after(users, settings, capsys):
    icrc = users["icrc"]
    settings.POLON_TOKEN_DAYS = 30
    default = services.create_api_token(actor=icrc, user=icrc, name="Женева ноутбук")
    short = services.create_api_token(actor=icrc, user=icrc, name="Dushanbe script", days=2)
    made = {t.name: t for t in ApiToken.objects.all()}
    now = timezone.now()
    assert abs(made["Женева ноутбук"].expires_at - now - dt.timedelta(days=30)) < dt.timedelta(minutes=1)
    assert abs(made["Dushanbe script"].expires_at - now - dt.timedelta(days=2)) < dt.timedelta(minutes=1)
    assert json.loads(AuditEvent.objects.filter(action="token.create").last().changes)["after"]["expires_at"]
    assert bearer(short).get("/api/tokens").status_code == 200

    ApiToken.objects.filter(name="Dushanbe script").update(expires_at=now - dt.timedelta(seconds=1))
    assert bearer(short).get("/api/persons").status_code == 401
    listed = {row["name"]: row for row in bearer(default).get("/api/tokens").json()}
    assert listed["Dushanbe script"]["state"] == "expired" and listed["Женева ноутбук"]["state"] == "valid"
    web = Client(**EN)
    web.force_login(icrc)
    page = web.get("/account/password/").content.decode()
    row = re.search(r"<tr><td>\d+</td><td>Dushanbe script</td>.*?</tr>", page, re.S).group(0)
    assert ">expired<" in row and "Revoke" not in row
    capsys.readouterr()
    assert main(["--as", "icrc", "token", "list", "--json"]) == 0
    assert {row["name"]: row["state"] for row in json.loads(capsys.readouterr().out)} == {
        "Dushanbe script": "expired", "Женева ноутбук": "valid"}
    assert main(["--as", "icrc", "token", "list"]) == 0
    lines = {line.split("\t")[2]: line.split("\t")[-1] for line in capsys.readouterr().out.splitlines()}
    assert lines["Dushanbe script"].startswith("expired ") and lines["Женева ноутбук"].startswith("valid until ")


@pytest.mark.parametrize("days", [0, -3, 366, 10**12])
def test_a_lifetime_outside_the_allowed_days_is_refused(users, days):
    with pytest.raises(ValidationFailed) as refused:
        services.create_api_token(actor=users["analyst"], user=users["analyst"], name="Toshkent", days=days)
    assert refused.value.errors["days"] == ["a token lives from 1 to 365 days"]
    assert not ApiToken.objects.exists()


def test_the_tokens_of_a_user_with_a_temporary_password_are_refused_until_he_changes_it(users):
    analyst = users["analyst"]
    secret = services.create_api_token(actor=analyst, user=analyst, name="Самарқанд desk")
    assert bearer(secret).get("/api/tokens").status_code == 200
    temporary = services.reset_password(actor=users["admin"], user_id=analyst.pk)
    assert bearer(secret).get("/api/tokens").status_code == 401
    analyst.refresh_from_db()
    services.change_own_password(actor=analyst, old_password=temporary, new_password="Регистон майдони 1420")
    assert bearer(secret).get("/api/tokens").status_code == 200


def test_an_auditor_may_not_mint_a_token_on_any_channel(users, capsys):
    auditor = users["auditor"]
    with pytest.raises(PermissionDenied):
        services.create_api_token(actor=auditor, user=auditor, name="Ревизия")
    web = Client(**EN)
    web.force_login(auditor)
    assert web.post("/account/tokens/new/", {"name": "Ревизия"}).status_code == 403
    assert "New API token" not in web.get("/account/password/").content.decode()
    assert web.post("/api/tokens", {"name": "Ревизия"}, content_type="application/json").status_code == 403
    assert main(["--as", "auditor", "token", "create", "--user", "auditor"]) != 0
    assert not ApiToken.objects.exists()


def test_only_an_administrator_mints_for_another_user(users, capsys):
    analyst, liaison, admin = users["analyst"], users["liaison_kz"], users["admin"]
    with pytest.raises(PermissionDenied):
        services.create_api_token(actor=analyst, user=liaison, name="Астана")
    web = Client(**EN)
    web.force_login(admin)
    page = web.post(f"/users/{liaison.pk}/tokens/new/", {"name": "Астана консулдығы", "days": "7"})
    assert page.status_code == 200
    secret = re.search(r'<code class="secret">(polon_[^<]+)</code>', page.content.decode()).group(1)
    assert bearer(secret).get("/api/tokens").json()[0]["user"] == "liaison_kz"
    assert main(["--as", "admin", "token", "create", "--user", "liaison_kz", "--days", "1", "--name", "Алматы"]) == 0
    assert capsys.readouterr().out.startswith("polon_")
    assert ApiToken.objects.filter(user=liaison).count() == 2


def test_a_token_is_minted_over_the_api_from_a_session_never_with_a_bearer_token(users):
    registrar = users["registrar"]
    web = Client(**EN)
    web.force_login(registrar)
    made = web.post("/api/tokens", {"name": "Хуҷанд import", "days": 14}, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert body["token"].startswith("polon_") and body["state"] == "valid" and body["user"] == "registrar"
    # With that token alone, no further token.
    again = bearer(body["token"]).post("/api/tokens", {"name": "second"}, content_type="application/json")
    assert again.status_code == 401
    assert ApiToken.objects.count() == 1
