"""Writes on accounts. Each runs in one transaction with its audit event.

Only administrators (policy ``accounts.admin``) manage users; every user changes his own password and revokes
his own tokens. Two refusals keep the bureau administrable: an administrator cannot deactivate himself, and the
last active administrator can be neither deactivated nor given another role.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import POLICIES, Role, is_administrator_role, is_scoped_by_country, may, require
from polon.accounts import events
from polon.accounts.models import ApiToken, User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.core.validate import Errors


def new_password() -> str:
    """A temporary password an administrator hands over (16 characters, URL-safe)."""
    return secrets.token_urlsafe(12)


def _check_password(errors: Errors, field: str, password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add(field, message)


def _check_role(errors: Errors, role: str, countries: Sequence[str]) -> list[str]:
    """The role checked, and the countries as sorted codes (a liaison officer needs one, no one else has any)."""
    if role not in Role.values:
        errors.add("role", _("'%(value)s' is not a role; choose one of %(choices)s")
                   % {"value": role, "choices": ", ".join(Role.values)})
    codes = [errors.country("country", code, required=True) for code in countries]
    codes = [code for code in codes if code]
    if is_scoped_by_country(role) and not codes:
        errors.add("country", _("a consular liaison officer needs at least one country"))
    if not is_scoped_by_country(role) and codes:
        errors.add("country", _("only consular liaison officers are scoped to countries"))
    return sorted(set(codes))


def _user_for_admin(actor: User, user_id: int) -> User:
    """The user ``user_id``, locked for the change, once ``actor`` is known to administer users."""
    require(actor, "accounts.admin")
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("user"), "id": user_id})
    return user


def _other_active_administrators(user: User) -> bool:
    """Whether an active administrator other than ``user`` remains (the rows locked while we decide)."""
    others = (User.objects.select_for_update().filter(is_active=True, role__in=sorted(POLICIES["accounts.admin"]))
              .exclude(pk=user.pk))
    return others.exists()


@transaction.atomic
def create_user(
    *, actor: User | None, username: str, password: str, role: str, countries: Sequence[str] = (),
    email: str = "", must_change_password: bool = False
) -> User:
    """Create a user with a role (and, for a consular liaison officer, the countries he sees). With
    ``must_change_password`` the password is a temporary one, to be replaced at the first login."""
    # Only an administrator creates users; the very first user (the bootstrap admin) has no actor.
    if actor is None:
        if User.objects.exists():
            raise PermissionDenied(_("users exist already: an administrator must create further users"))
    elif not may(actor, "accounts.admin"):
        raise PermissionDenied(_("only administrators create users"))
    errors = Errors()
    codes = _check_role(errors, role, countries)
    if not username or User.objects.filter(username=username).exists():
        errors.add("username", _("'%(value)s' is empty or already taken") % {"value": username})
    _check_password(errors, "password", password)
    errors.raise_if_any()
    user = User(username=username, role=role, countries=codes, email=email,
                must_change_password=must_change_password)
    user.is_staff = is_administrator_role(role)
    user.set_password(password)
    user.save()
    record(actor=actor, action=Action.USER_CREATE, obj=user, changes=events.user_created(user))
    return user


@transaction.atomic
def set_active(*, actor: User, user_id: int, active: bool) -> User:
    """Deactivate a user (he can no longer log in, his tokens stop working) or reactivate him."""
    user = _user_for_admin(actor, user_id)
    before = user.is_active
    if before == active:
        raise ValidationFailed({"active": _("%(user)s is already active") % {"user": user.username} if active
                                else _("%(user)s is already deactivated") % {"user": user.username}})
    if not active:
        if user.pk == actor.pk:
            raise ValidationFailed({"active": _("you cannot deactivate yourself")})
        if may(user, "accounts.admin") and not _other_active_administrators(user):
            raise ValidationFailed({"active": _("%(user)s is the last active administrator")
                                    % {"user": user.username}})
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(actor=actor, action=Action.USER_ACTIVATE if active else Action.USER_DEACTIVATE, obj=user,
           changes=events.user_active_changed(user, before=before))
    return user


@transaction.atomic
def set_role(*, actor: User, user_id: int, role: str, countries: Sequence[str] = ()) -> User:
    """Give a user another role, or (a consular liaison officer) other countries."""
    user = _user_for_admin(actor, user_id)
    errors = Errors()
    codes = _check_role(errors, role, countries)
    errors.raise_if_any()
    if (user.is_active and may(user, "accounts.admin") and not is_administrator_role(role)
            and not _other_active_administrators(user)):
        raise ValidationFailed({"role": _("%(user)s is the last active administrator: make another user an "
                                          "administrator first") % {"user": user.username}})
    before_role, before_countries = user.role, list(user.countries or [])
    if before_role == role and before_countries == codes:
        raise ValidationFailed({"role": _("nothing to change: %(user)s has this role and these countries already")
                                % {"user": user.username}})
    user.role, user.countries = role, codes
    user.is_staff = is_administrator_role(role)
    user.save(update_fields=["role", "countries", "is_staff"])
    record(actor=actor, action=Action.USER_ROLE_CHANGE, obj=user,
           changes=events.user_role_changed(user, role=before_role, countries=before_countries))
    return user


@transaction.atomic
def reset_password(*, actor: User, user_id: int, password: str = "") -> str:
    """Give a user a temporary password (``password``, or a generated one when empty), which he must change at
    his next login; his open sessions end. Returns the password, to be handed over once (it is not shown again)."""
    user = _user_for_admin(actor, user_id)
    password = password or new_password()
    errors = Errors()
    _check_password(errors, "password", password, user)
    errors.raise_if_any()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(actor=actor, action=Action.USER_PASSWORD_RESET, obj=user, changes=events.password_set(user, temporary=True))
    return password


@transaction.atomic
def change_own_password(*, actor: User, old_password: str, new_password: str) -> User:
    """A user replaces his own password (the temporary one an administrator gave him, or any other)."""
    errors = Errors()
    if not actor.check_password(old_password):
        errors.add("old_password", _("the current password is not correct"))
    elif old_password == new_password:
        errors.add("new_password", _("the new password must differ from the current one"))
    _check_password(errors, "new_password", new_password, actor)
    errors.raise_if_any()
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    record(actor=actor, action=Action.USER_PASSWORD_CHANGE, obj=actor,
           changes=events.password_set(actor, temporary=False))
    return actor


def token_lifetime(days: int | None) -> dt.timedelta:
    """The lifetime of a new token: ``days`` (1 to POLON_TOKEN_MAX_DAYS), or POLON_TOKEN_DAYS when None."""
    if days is None:
        days = int(settings.POLON_TOKEN_DAYS)
    longest = int(settings.POLON_TOKEN_MAX_DAYS)
    if not 1 <= days <= longest:
        raise ValidationFailed({"days": _("a token lives from 1 to %(max)s days") % {"max": longest}})
    return dt.timedelta(days=days)


@transaction.atomic
def create_api_token(*, actor: User, user: User, name: str, days: int | None = None) -> str:
    """Create a token for ``user`` living ``days`` days (POLON_TOKEN_DAYS by default) and return the secret, which
    is never stored. Minting one's own needs the policy ``tokens.own``, another user's ``tokens.others``."""
    require(actor, "tokens.own" if actor is not None and actor.pk == user.pk else "tokens.others")
    lifetime = token_lifetime(days)
    name = (name or "").strip()
    if not name or len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationFailed({"name": _("give the token a name of at most 100 characters")})
    if not user.is_active:
        raise ValidationFailed({"user": _("%(user)s is deactivated") % {"user": user.username}})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(secret),
                                    expires_at=timezone.now() + lifetime)
    record(actor=actor, action=Action.TOKEN_CREATE, obj=token, changes=events.token_created(token))
    return secret


@transaction.atomic
def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    """Revoke a token: its owner or an administrator. Someone else's token is not found, as if it did not exist."""
    if actor is None or not actor.is_active:
        raise PermissionDenied(_("only active users revoke tokens"))
    tokens = ApiToken.objects.select_for_update().select_related("user")
    if not may(actor, "accounts.admin"):
        tokens = tokens.filter(user=actor)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("token"), "id": token_id})
    if token.revoked:
        raise ValidationFailed({"token": _("token %(id)s is already revoked") % {"id": token_id}})
    token.revoked, token.revoked_at = True, timezone.now()
    token.save(update_fields=["revoked", "revoked_at"])
    record(actor=actor, action=Action.TOKEN_REVOKE, obj=token, changes=events.token_revoked(token))
    return token


def _known_user(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


@transaction.atomic
def record_failed_login(*, username: str, address: str, refused: bool) -> None:
    """Audit a failed login (``login.failed``): the name typed, the address, and whether it was refused unchecked
    because of a lockout. Nobody is logged in: the event's actor is the system."""
    user = _known_user(username)
    record(actor=None, action=Action.LOGIN_FAILED, obj=user, object_type="" if user else "accounts.user",
           changes=events.login_failed(username=username, address=address, known=user is not None, refused=refused))


@transaction.atomic
def record_lockout(*, username: str, address: str, failures: int) -> None:
    """Audit the start of a lockout (``login.lockout``): the account and address, and the failures counted."""
    user = _known_user(username)
    record(actor=None, action=Action.LOGIN_LOCKOUT, obj=user, object_type="" if user else "accounts.user",
           changes=events.login_lockout(username=username, address=address, failures=failures,
                                        minutes=lockout_minutes()))


def lockout_minutes() -> int:
    """How long a lockout lasts (settings.AXES_COOLOFF_TIME, hours), in whole minutes."""
    return round(float(settings.AXES_COOLOFF_TIME or 0) * 60)


@transaction.atomic
def unlock_logins(*, actor: User, username: str = "", address: str = "") -> int:
    """Lift a lockout (an administrator): forget the failed logins counted for the account ``username``, or from
    the address ``address``, or both. Returns how many counters were removed; audited (``login.unlock``) even
    when there was nothing to lift, so that the administrator's decision is on record."""
    require(actor, "accounts.admin")
    if not username and not address:
        raise ValidationFailed({"username": _("name an account or an address to unlock")})
    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound(_("no user '%(name)s'") % {"name": username})
    removed = 0
    if username:
        removed += AxesProxyHandler.reset_attempts(username=username)
    if address:
        removed += AxesProxyHandler.reset_attempts(ip_address=address)
    record(actor=actor, action=Action.LOGIN_UNLOCK, obj=user, object_type="" if user else "accounts.user",
           changes=events.login_unlocked(username=username, address=address, removed=removed))
    return removed
