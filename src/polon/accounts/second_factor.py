"""The second factor: a time-based one-time code from an authenticator app (TOTP, RFC 6238) and single-use
recovery codes, kept as django-otp's devices (``TOTPDevice``, ``StaticDevice``); its writes and reads.

``settings.POLON_SECOND_FACTOR`` says who must pass it: ``"required"`` (the default, `polon serve`) every user of
every role, who enrols at his first login; ``"optional"`` (`polon demo`, the test suite) only users who enrolled.
Any other value is taken as ``"required"``: a typo must not turn the second factor off.

Enrolment writes nothing until the user proves his app holds the secret (the first code): the secret waits in
his session meanwhile (polon.web.views.second_factor). Enrolling gives ten recovery codes, shown once; each logs
in once, instead of a code from the app. A wrong code is recorded in the audit log (``second_factor.failed``);
django-otp's throttling makes each further attempt on the same device wait twice as long (1, 2, 4 … s).
Recovery codes are stored as django-otp stores them (the codes themselves, like the TOTP secret the server
must keep to check a code); neither ever appears in the audit log.
"""

from __future__ import annotations

import binascii
import time
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from polon.access.policies import require
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed

MODES = ("required", "optional")
RECOVERY_CODES = 10
APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"
TOTP_DIGITS = 6


def mode() -> str:
    """``"required"`` or ``"optional"`` (anything else counts as required)."""
    value = str(getattr(settings, "POLON_SECOND_FACTOR", "required")).strip().lower()
    return value if value in MODES else "required"


def is_required() -> bool:
    return mode() == "required"


def is_enrolled(user: User) -> bool:
    """Whether ``user`` has set up an authenticator app."""
    return bool(user.pk) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(user: User) -> bool:
    """Whether ``user``'s session must pass the second factor before anything else: always where it is required,
    and for a user who enrolled one where it is optional."""
    return is_required() or is_enrolled(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- enrolment ----------------------------------------------------------------------------------------------------

def new_secret() -> str:
    """A new TOTP secret: 20 random bytes, hex-encoded as django-otp stores it."""
    return str(random_hex(20))


def _key_bytes(key: str) -> bytes:
    try:
        raw = binascii.unhexlify(key.encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 20:
        raise ValidationFailed({"code": _("the set-up has expired: start it again")})
    return raw


def secret_for_typing(key: str) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four letters."""
    text = b32encode(_key_bytes(key)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: User, key: str) -> str:
    """The ``otpauth://totp/…`` address a QR code carries (issuer ``settings.OTP_TOTP_ISSUER``, the user's name)."""
    return str(TOTPDevice(user=user, key=key, digits=TOTP_DIGITS).config_url)


def qr_svg(uri: str) -> str:
    """``uri`` as an inline SVG QR code (segno), with a title for screen readers."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True,
                                                 title=_("QR code to scan with an authenticator app"),
                                                 svgclass="qr", lineclass=None)
    return out.getvalue().decode()


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(key: str, code: str) -> TOTP | None:
    """The TOTP state that accepts ``code`` now (one step of tolerance either side), or None."""
    code = _normalised(code)
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    totp = TOTP(_key_bytes(key), step=30, t0=0, digits=TOTP_DIGITS, drift=0)
    totp.time = time.time()
    return totp if totp.verify(int(code), tolerance=1) else None


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enrol(*, actor: User, key: str, code: str, verified_session: bool) -> tuple[TOTPDevice, list[str]]:
    """Set up ``actor``'s authenticator app with ``key`` once ``code`` shows the app holds it, replacing any earlier
    one and its recovery codes. Returns the device and the new recovery codes (to be shown once).

    A user who already has a second factor replaces it only from a session that passed it (``verified_session``):
    a password alone must not move the second factor to another phone."""
    if not actor.is_active:
        raise PermissionDenied(_("only active users set up a second factor"))
    replacing = is_enrolled(actor)
    if replacing and not verified_session:
        raise PermissionDenied(_("enter a code from your authenticator app first; to set up a new one after losing "
                                 "it, ask an administrator to reset your second factor"))
    step = _matching_step(key, code)
    if step is None:
        raise ValidationFailed({"code": _("this code does not match: type the six digits your authenticator app "
                                          "shows now for polon")})
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment at a time per user
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    device = TOTPDevice.objects.create(user=actor, name=APP_DEVICE, key=key, digits=TOTP_DIGITS, confirmed=True,
                                       last_t=step.t(), drift=step.drift)
    codes = _new_recovery_codes(StaticDevice.objects.create(user=actor, name=RECOVERY_DEVICE, confirmed=True))
    record(actor=actor, action=Action.SECOND_FACTOR_ENROL, obj=actor,
           changes={"after": {"username": actor.username, "authenticator_app": True,
                              "recovery_codes": RECOVERY_CODES, "replaced_earlier": replacing}})
    return device, codes


@transaction.atomic
def new_recovery_codes(*, actor: User) -> list[str]:
    """Replace ``actor``'s recovery codes by ten new ones (the old ones stop working); returns them, to be shown
    once."""
    if not is_enrolled(actor):
        raise ValidationFailed({"second_factor": _("set up an authenticator app first")})
    device = StaticDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        device = StaticDevice.objects.create(user=actor, name=RECOVERY_DEVICE, confirmed=True)
    left = device.token_set.count()
    codes = _new_recovery_codes(device)
    record(actor=actor, action=Action.SECOND_FACTOR_RECOVERY_CODES, obj=actor,
           changes={"before": {"recovery_codes": left}, "after": {"recovery_codes": len(codes)}})
    return codes


# --- at login -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verified:
    """A code accepted: the device that accepted it, and (a recovery code) how many codes are left."""

    device: Device
    recovery_code: bool
    recovery_codes_left: int


def verify(*, actor: User, code: str) -> Verified:
    """Check the second step of ``actor``'s login: six digits from his app, or one of his recovery codes (used up
    by it). A wrong code is recorded (``second_factor.failed``) and refused with ValidationFailed on ``code``;
    after several, django-otp makes the next attempt wait (1, 2, 4 … seconds)."""
    text = _normalised(code)
    app = len(text) == TOTP_DIGITS and text.isdigit()
    with transaction.atomic():
        model: type[TOTPDevice] | type[StaticDevice] = TOTPDevice if app else StaticDevice
        device = model.objects.select_for_update().filter(user=actor, confirmed=True).first()
        if device is None:
            raise ValidationFailed({"code": _("you have no second factor: set one up first") if app
                                    else _("this is not a code of yours: type the six digits your app shows, or "
                                           "one of your recovery codes")})
        allowed, why = device.verify_is_allowed()
        accepted = allowed and bool(text) and device.verify_token(text)
        if accepted:
            left = recovery_codes_left(actor) if not app else 0
            if not app:
                record(actor=actor, action=Action.SECOND_FACTOR_RECOVERY_USE, obj=actor,
                       changes={"after": {"recovery_codes": left}})
            return Verified(device=device, recovery_code=not app, recovery_codes_left=left)
        record(actor=actor, action=Action.SECOND_FACTOR_FAILED, obj=actor,
               changes={"after": {"kind": "authenticator app" if app else "recovery code",
                                  "failures": device.throttling_failure_count, "throttled": not allowed}})
    if not allowed and why and why.get("locked_until"):
        wait = max(1, int((why["locked_until"] - timezone.now()).total_seconds() + 0.999))
        raise ValidationFailed({"code": _("too many wrong codes: wait %(seconds)s seconds, then try again")
                                % {"seconds": wait}})
    raise ValidationFailed({"code": _("this code is not right (or was used already): try the code your app shows "
                                      "now, or a recovery code")})


# --- an administrator's reset ---------------------------------------------------------------------------------------

@transaction.atomic
def reset(*, actor: User, user_id: int) -> User:
    """Remove a user's second factor (a lost phone): his app and recovery codes stop working, his sessions that
    passed the second factor no longer count, and he sets up a new one at his next login."""
    require(actor, "accounts.admin")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("user"), "id": user_id})
    apps = TOTPDevice.objects.filter(user=user).count()
    codes = recovery_codes_left(user)
    if not apps and not StaticDevice.objects.filter(user=user).exists():
        raise ValidationFailed({"second_factor": _("%(user)s has no second factor to reset")
                                % {"user": user.username}})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(actor=actor, action=Action.SECOND_FACTOR_RESET, obj=user,
           changes={"before": {"username": user.username, "authenticator_app": bool(apps), "recovery_codes": codes},
                    "after": {"authenticator_app": False, "recovery_codes": 0}})
    return user
