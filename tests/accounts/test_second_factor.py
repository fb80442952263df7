"""polon.accounts.second_factor: enrolment writes nothing until the app's first code matches, replaces an earlier
app only from a session that passed it, never puts a secret or a code in the audit log; a code is used once; only
an administrator resets a user's second factor."""

from __future__ import annotations

import json
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from polon.accounts import second_factor
from polon.audit.models import AuditEvent
from polon.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def code(key: str, steps_ahead: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.fixture
def analyst(make_user):
    return make_user("Фарход_Назаров", "analyst")


def test_enrolment_needs_the_apps_code_and_keeps_secrets_out_of_the_audit_log(analyst):
    key = second_factor.new_secret()
    wrong = "000000" if code(key) != "000000" else "999999"
    with pytest.raises(ValidationFailed) as refused:
        second_factor.enrol(actor=analyst, key=key, code=wrong, verified_session=False)
    assert "does not match" in str(refused.value)
    with pytest.raises(ValidationFailed):
        second_factor.enrol(actor=analyst, key="not-hex", code=code(key), verified_session=False)
    assert not TOTPDevice.objects.exists() and not AuditEvent.objects.filter(action__startswith="second_factor").exists()
    device, codes = second_factor.enrol(actor=analyst, key=key, code=code(key), verified_session=False)
    assert device.confirmed and device.key == key and len(set(codes)) == second_factor.RECOVERY_CODES
    assert second_factor.is_enrolled(analyst) and second_factor.recovery_codes_left(analyst) == 10
    changes = AuditEvent.objects.get(action="second_factor.enrol").changes
    assert key not in changes and not any(c in changes for c in codes)
    assert json.loads(changes)["after"] == {"username": "Фарход_Назаров", "authenticator_app": True,
                                            "recovery_codes": 10, "replaced_earlier": False}
    # The code that confirmed the set-up does not log in again.
    with pytest.raises(ValidationFailed):
        second_factor.verify(actor=analyst, code=code(key))


def test_another_app_replaces_the_first_only_from_a_verified_session(analyst):
    first = second_factor.new_secret()
    second_factor.enrol(actor=analyst, key=first, code=code(first), verified_session=False)
    other = second_factor.new_secret()
    with pytest.raises(PermissionDenied):
        second_factor.enrol(actor=analyst, key=other, code=code(other), verified_session=False)
    _device, codes = second_factor.enrol(actor=analyst, key=other, code=code(other), verified_session=True)
    assert list(TOTPDevice.objects.filter(user=analyst).values_list("key", flat=True)) == [other]
    assert set(StaticToken.objects.filter(device__user=analyst).values_list("token", flat=True)) == set(codes)
    assert json.loads(AuditEvent.objects.filter(action="second_factor.enrol").last().changes)["after"][
        "replaced_earlier"] is True


def test_verification_by_app_and_by_recovery_code(analyst):
    key = second_factor.new_secret()
    _device, codes = second_factor.enrol(actor=analyst, key=key, code=code(key), verified_session=False)
    assert second_factor.verify(actor=analyst, code=code(key, 1)).recovery_code is False
    used = second_factor.verify(actor=analyst, code=f" {codes[0][:4]}-{codes[0][4:].upper()} ")
    assert used.recovery_code and used.recovery_codes_left == 9
    with pytest.raises(ValidationFailed):
        second_factor.verify(actor=analyst, code=codes[0])
    assert AuditEvent.objects.filter(action="second_factor.recovery_use").count() == 1
    assert AuditEvent.objects.filter(action="second_factor.failed").count() == 1


def test_only_an_administrator_resets(users, analyst):
    key = second_factor.new_secret()
    second_factor.enrol(actor=analyst, key=key, code=code(key), verified_session=False)
    with pytest.raises(PermissionDenied):
        second_factor.reset(actor=users["registrar"], user_id=analyst.pk)
    second_factor.reset(actor=users["admin"], user_id=analyst.pk)
    assert not second_factor.is_enrolled(analyst) and second_factor.recovery_codes_left(analyst) == 0


def test_who_must_pass_it(settings, analyst):
    settings.POLON_SECOND_FACTOR = "optional"
    assert not second_factor.needs_verification(analyst)
    key = second_factor.new_secret()
    second_factor.enrol(actor=analyst, key=key, code=code(key), verified_session=False)
    assert second_factor.needs_verification(analyst)
    settings.POLON_SECOND_FACTOR = "required"
    assert second_factor.needs_verification(analyst)
