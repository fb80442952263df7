"""GET /api/tokens and POST /api/tokens/{id}/revoke: a user sees and revokes his own tokens, an administrator
anyone's; a revoked token stops working at once."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.accounts.models import ApiToken
from polon.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_own_tokens_are_listed_and_revoked_over_the_api(users):
    icrc, analyst, admin = users["icrc"], users["analyst"], users["admin"]
    laptop = create_api_token(actor=icrc, user=icrc, name="Женева ноутбук")
    script = create_api_token(actor=icrc, user=icrc, name="Geneva script")
    theirs = create_api_token(actor=admin, user=analyst, name="Toshkent")
    client = Client()
    listed = client.get("/api/tokens", **bearer(laptop)).json()
    assert sorted(t["name"] for t in listed) == ["Geneva script", "Женева ноутбук"]
    assert all(t["user"] == "icrc" and not t["revoked"] for t in listed)

    other = ApiToken.objects.get(user=analyst)
    assert client.post(f"/api/tokens/{other.pk}/revoke", **bearer(laptop)).status_code == 404
    assert client.get("/api/persons", **bearer(theirs)).status_code == 200

    own = ApiToken.objects.get(name="Geneva script")
    answer = client.post(f"/api/tokens/{own.pk}/revoke", **bearer(laptop))
    assert answer.status_code == 200 and answer.json()["revoked"] and answer.json()["revoked_at"]
    assert client.get("/api/persons", **bearer(script)).status_code == 401
    again = client.post(f"/api/tokens/{own.pk}/revoke", **bearer(laptop))
    assert again.status_code == 400 and "already revoked" in again.json()["detail"]

    admin_secret = create_api_token(actor=admin, user=admin, name="ops")
    everyone = client.get("/api/tokens", **bearer(admin_secret)).json()
    assert {t["user"] for t in everyone} == {"icrc", "analyst", "admin"}
    assert [t["name"] for t in client.get("/api/tokens?user=analyst", **bearer(admin_secret)).json()] == ["Toshkent"]
    assert client.post(f"/api/tokens/{other.pk}/revoke", **bearer(admin_secret)).status_code == 200
    assert client.get("/api/persons", **bearer(theirs)).status_code == 401
    assert client.get("/api/tokens?user=analyst", **bearer(laptop)).status_code == 403
