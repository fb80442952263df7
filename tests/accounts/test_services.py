"""User administration: deactivate, reactivate, role and countries, temporary passwords, token revocation; each
audited, each refusal translatable, the bureau never left without an active administrator."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from polon.accounts import selectors, services
from polon.accounts.models import ApiToken, User
from polon.audit.models import AuditEvent
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_deactivate_and_reactivate_are_audited(users):
    admin, liaison = users["admin"], users["liaison_kz"]
    services.set_active(actor=admin, user_id=liaison.pk, active=False)
    liaison.refresh_from_db()
    assert not liaison.is_active
    services.set_active(actor=admin, user_id=liaison.pk, active=True)
    liaison.refresh_from_db()
    assert liaison.is_active
    assert list(AuditEvent.objects.filter(object_id=str(liaison.pk), action__startswith="user.")
                .order_by("sequence").values_list("action", flat=True)) == ["user.deactivate", "user.activate"]


def test_an_administrator_cannot_deactivate_himself_nor_the_last_administrator(users):
    admin = users["admin"]
    with pytest.raises(ValidationFailed) as refused:
        services.set_active(actor=admin, user_id=admin.pk, active=False)
    assert refused.value.errors == {"active": ["you cannot deactivate yourself"]}
    second = User.objects.create(username="Айгерим", role="admin")
    # With two administrators one may deactivate the other; the one left keeps his role and his access.
    services.set_active(actor=second, user_id=admin.pk, active=False)
    with pytest.raises(ValidationFailed) as refused:
        services.set_role(actor=second, user_id=second.pk, role="registrar")
    assert "last active administrator" in refused.value.errors["role"][0]
    with translation.override("uk"), pytest.raises(ValidationFailed) as refused:
        services.set_active(actor=second, user_id=second.pk, active=False)
    assert refused.value.errors["active"][0] == "ви не можете деактивувати себе"


def test_role_and_countries_change_with_the_liaison_rules(users):
    admin, analyst = users["admin"], users["analyst"]
    with pytest.raises(ValidationFailed) as refused:
        services.set_role(actor=admin, user_id=analyst.pk, role="liaison", countries=[])
    assert refused.value.errors == {"country": ["a consular liaison officer needs at least one country"]}
    with pytest.raises(ValidationFailed) as refused:
        services.set_role(actor=admin, user_id=analyst.pk, role="registrar", countries=["KZ"])
    assert "country" in refused.value.errors
    services.set_role(actor=admin, user_id=analyst.pk, role="liaison", countries=["TJ", "kz"])
    analyst.refresh_from_db()
    assert (analyst.role, analyst.countries) == ("liaison", ["KZ", "TJ"])
    changes = json.loads(AuditEvent.objects.get(action="user.role.change").changes)
    assert changes["before"] == {"role": "analyst", "countries": []}
    assert changes["after"] == {"role": "liaison", "countries": ["KZ", "TJ"]}
    with pytest.raises(PermissionDenied):
        services.set_role(actor=users["registrar"], user_id=analyst.pk, role="analyst")


def test_a_reset_password_is_temporary_and_its_change_is_audited(users):
    admin, registrar = users["admin"], users["registrar"]
    temporary = services.reset_password(actor=admin, user_id=registrar.pk)
    registrar.refresh_from_db()
    assert len(temporary) >= 12 and registrar.check_password(temporary) and registrar.must_change_password
    with pytest.raises(ValidationFailed) as refused:
        services.change_own_password(actor=registrar, old_password=temporary, new_password=temporary)
    assert "new_password" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        services.change_own_password(actor=registrar, old_password=PASSWORD, new_password="Жетісу-2025-таң")
    assert refused.value.errors == {"old_password": ["the current password is not correct"]}
    services.change_own_password(actor=registrar, old_password=temporary, new_password="Жетісу-2025-таң")
    registrar.refresh_from_db()
    assert registrar.check_password("Жетісу-2025-таң") and not registrar.must_change_password
    assert [e.action for e in AuditEvent.objects.order_by("sequence")][-2:] == [
        "user.password.reset", "user.password.change"]
    assert temporary not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    with pytest.raises(ValidationFailed) as refused:
        services.reset_password(actor=admin, user_id=registrar.pk, password="short")
    assert "password" in refused.value.errors


def test_tokens_are_revoked_by_their_owner_or_an_administrator(users):
    admin, icrc, analyst = users["admin"], users["icrc"], users["analyst"]
    services.create_api_token(actor=icrc, user=icrc, name="Жаңа токен")
    own = ApiToken.objects.get(user=icrc)
    with pytest.raises(NotFound):
        services.revoke_api_token(actor=analyst, token_id=own.pk)
    services.revoke_api_token(actor=icrc, token_id=own.pk)
    own.refresh_from_db()
    assert own.revoked and own.revoked_at is not None
    with pytest.raises(ValidationFailed):
        services.revoke_api_token(actor=admin, token_id=own.pk)
    services.create_api_token(actor=admin, user=analyst, name="Tashkent desk")
    other = ApiToken.objects.get(user=analyst)
    services.revoke_api_token(actor=admin, token_id=other.pk)
    assert AuditEvent.objects.filter(action="token.revoke").count() == 2
    assert {t.pk for t in selectors.tokens(icrc)} == {own.pk}
    assert {t.pk for t in selectors.tokens(admin)} == {own.pk, other.pk}


def test_only_administrators_list_users(users):
    ApiToken.objects.create(user=users["icrc"], name="a", digest="x" * 64)
    listed = {u.username: u.live_tokens for u in selectors.users(users["admin"])}
    assert listed["icrc"] == 1 and listed["auditor"] == 0
    with pytest.raises(PermissionDenied):
        selectors.users(users["auditor"])
