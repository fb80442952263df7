"""Where each role lands after logging in, user administration for administrators, temporary passwords that must
be replaced at the next login, and every user's own password change."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.accounts.models import ApiToken, User
from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def logged_in(user) -> Client:
    client = Client(**EN)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def log_in(client: Client, username: str, password: str, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/" + (f"?next={next_url}" if next_url else ""), data)


@pytest.mark.parametrize(("role", "landing"), [
    ("auditor", "/audit/"), ("registrar", "/duties/"), ("liaison_kz", "/persons/"), ("icrc", "/persons/"),
    ("admin", "/persons/"),
])
def test_each_role_lands_on_a_page_it_may_open(users, role, landing):
    client = Client(**EN)
    response = log_in(client, users[role].username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/")["Location"] == landing


def test_a_next_the_user_may_not_open_does_not_end_on_a_403(users):
    client = Client(**EN)
    assert log_in(client, "auditor", PASSWORD, "/persons/")["Location"] == "/audit/"
    client = Client(**EN)
    assert log_in(client, "registrar", PASSWORD, "/audit/")["Location"] == "/duties/"
    client = Client(**EN)
    assert log_in(client, "admin", PASSWORD, "/audit/")["Location"] == "/audit/"
    client = Client(**EN)
    assert log_in(client, "registrar", PASSWORD, "https://evil.example/")["Location"] == "/duties/"


def test_only_administrators_see_and_open_the_users_pages(users):
    admin_page = logged_in(users["admin"]).get("/persons/").content.decode()
    assert 'href="/users/"' in admin_page and 'href="/account/password/"' in admin_page
    registrar_page = logged_in(users["registrar"]).get("/persons/").content.decode()
    assert 'href="/users/"' not in registrar_page and 'href="/account/password/"' in registrar_page
    for role in ("registrar", "analyst", "liaison_kz", "icrc", "auditor"):
        assert logged_in(users[role]).get("/users/").status_code == 403, role
    page = logged_in(users["admin"]).get("/users/").content.decode()
    for username in ("liaison_kz", "auditor", "icrc"):
        assert f">{username}</a>" in page
    assert "Kazakhstan" in page and "Consular liaison officer" in page and "never" in page


def test_an_administrator_creates_a_liaison_who_must_choose_a_password_at_first_login(users, registry):
    admin = logged_in(users["admin"])
    refused = admin.post("/users/new/", {"username": "Дәурен_Сағынтаев", "role": "liaison"})
    assert refused.status_code == 400
    assert "a consular liaison officer needs at least one country" in refused.content.decode()
    assert 'value="Дәурен_Сағынтаев"' in refused.content.decode()
    assert not User.objects.filter(username="Дәурен_Сағынтаев").exists()

    created = admin.post("/users/new/", {"username": "Дәурен_Сағынтаев", "role": "liaison",
                                         "countries": ["KZ", "TJ"]})
    assert created.status_code == 200
    user = User.objects.get(username="Дәурен_Сағынтаев")
    assert user.countries == ["KZ", "TJ"] and user.must_change_password
    temporary = created.context["temporary_password"]
    assert temporary in created.content.decode() and user.check_password(temporary)
    assert admin.get(f"/users/{user.pk}/").content.decode().count(temporary) == 0  # shown once

    client = Client(**EN)
    response = log_in(client, "Дәурен_Сағынтаев", temporary, "/consular/contacts/")
    assert response["Location"] == "/login/new-password/"
    assert client.get("/persons/").status_code == 302  # not logged in by the temporary password
    refused = client.post("/login/new-password/", {"old_password": temporary, "new_password1": "Шымкент-2025-жаз",
                                                   "new_password2": "Шымкент-2025-күз"})
    assert refused.status_code == 400 and "The two new passwords differ." in refused.content.decode()
    done = client.post("/login/new-password/", {"old_password": temporary, "new_password1": "Шымкент-2025-жаз",
                                                "new_password2": "Шымкент-2025-жаз"})
    assert done.status_code == 302 and done["Location"] == "/consular/contacts/"
    page = client.get("/persons/").content.decode()
    assert "Ермек Болатович Катыренов" in page and "Алишер Турсунов" not in page
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Шымкент-2025-жаз")


def test_deactivation_reset_role_and_token_revocation_from_the_users_page(users, registry):
    admin_user, analyst = users["admin"], users["analyst"]
    admin = logged_in(admin_user)
    own_page = admin.get(f"/users/{admin_user.pk}/").content.decode()
    assert "You cannot deactivate yourself; another administrator can." in own_page
    assert f'action="/users/{admin_user.pk}/deactivate/"' not in own_page
    refused = admin.post(f"/users/{admin_user.pk}/deactivate/")
    assert refused.status_code == 400 and "you cannot deactivate yourself" in refused.content.decode()

    analyst_session = logged_in(analyst)
    secret = create_api_token(actor=analyst, user=analyst, name="Самарқанд desk")
    token = ApiToken.objects.get(user=analyst)
    assert Client().get("/api/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert admin.post(f"/users/{analyst.pk}/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401

    reset = admin.post(f"/users/{analyst.pk}/password/", {"password": ""})
    temporary = reset.context["temporary_password"]
    assert reset.status_code == 200 and temporary in reset.content.decode()
    assert analyst_session.get("/persons/").status_code == 302  # his open session ended with the reset

    changed = admin.post(f"/users/{analyst.pk}/role/", {"role": "liaison", "countries": ["UZ"]})
    assert changed.status_code == 302
    analyst.refresh_from_db()
    assert (analyst.role, analyst.countries) == ("liaison", ["UZ"])

    assert admin.post(f"/users/{analyst.pk}/deactivate/").status_code == 302
    assert not log_in(Client(**EN), "analyst", temporary).status_code == 302
    assert admin.post(f"/users/{analyst.pk}/activate/").status_code == 302
    assert [e.action for e in AuditEvent.objects.filter(object_type="accounts.user", object_id=str(analyst.pk))
            .order_by("sequence")] == ["user.password.reset", "user.role.change", "user.deactivate",
                                                 "login.failed", "user.activate"]


def test_every_user_changes_his_own_password(users):
    client = logged_in(users["auditor"])
    assert client.get("/account/password/").status_code == 200
    refused = client.post("/account/password/", {"old_password": "не-той-пароль", "new_password1": "Бухара-2025-кеч",
                                                  "new_password2": "Бухара-2025-кеч"})
    assert refused.status_code == 400 and "the current password is not correct" in refused.content.decode()
    short = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "Бухара",
                                                "new_password2": "Бухара"})
    assert short.status_code == 400 and "too short" in short.content.decode()
    done = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "Бухара-2025-кеч",
                                               "new_password2": "Бухара-2025-кеч"})
    assert done.status_code == 302
    assert client.get("/audit/").status_code == 200  # still logged in
    assert AuditEvent.objects.filter(action="user.password.change", actor=users["auditor"]).count() == 1
    assert Client().login(username="auditor", password="Бухара-2025-кеч")


def test_every_user_sees_and_revokes_his_own_tokens_on_his_password_page(users):
    icrc, analyst = users["icrc"], users["analyst"]
    secret = create_api_token(actor=icrc, user=icrc, name="Женева ноутбук")
    create_api_token(actor=analyst, user=analyst, name="Toshkent")
    client = logged_in(icrc)
    page = client.get("/account/password/").content.decode()
    assert "Женева ноутбук" in page and "Toshkent" not in page
    mine, theirs = ApiToken.objects.get(user=icrc), ApiToken.objects.get(user=analyst)
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{mine.pk}/revoke/").status_code == 302
    assert Client().get("/api/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    again = client.post(f"/account/tokens/{mine.pk}/revoke/")
    assert again.status_code == 400 and f"token {mine.pk} is already revoked" in again.content.decode()
    assert not ApiToken.objects.get(pk=theirs.pk).revoked
