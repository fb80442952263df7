"""Writes on accounts. Each runs in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from polon.access.policies import Role, is_administrator_role, is_scoped_by_country, may
from polon.accounts import events
from polon.accounts.models import ApiToken, User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import PermissionDenied
from polon.core.validate import Errors


@transaction.atomic
def create_user(
    *, actor: User | None, username: str, password: str, role: str, countries: Sequence[str] = (),
    email: str = ""
) -> User:
    """Create a user with a role (and, for a consular liaison officer, the countries he sees)."""
    # Only an administrator creates users; the very first user (the bootstrap admin) has no actor.
    if actor is None:
        if User.objects.exists():
            raise PermissionDenied(_("users exist already: an administrator must create further users"))
    elif not may(actor, "accounts.admin"):
        raise PermissionDenied(_("only administrators create users"))
    errors = Errors()
    if role not in Role.values:
        errors.add("role", _("'%(value)s' is not a role; choose one of %(choices)s")
                   % {"value": role, "choices": ", ".join(Role.values)})
    codes = [errors.country("country", code, required=True) for code in countries]
    codes = [code for code in codes if code]
    if is_scoped_by_country(role) and not codes:
        errors.add("country", _("a consular liaison officer needs at least one country"))
    if not is_scoped_by_country(role) and codes:
        errors.add("country", _("only consular liaison officers are scoped to countries"))
    if not username or User.objects.filter(username=username).exists():
        errors.add("username", _("'%(value)s' is empty or already taken") % {"value": username})
    try:
        validate_password(password)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("password", message)
    errors.raise_if_any()
    user = User(username=username, role=role, countries=sorted(set(codes)), email=email)
    user.is_staff = is_administrator_role(role)
    user.set_password(password)
    user.save()
    record(actor=actor, action=Action.USER_CREATE, obj=user, changes=events.user_created(user))
    return user


@transaction.atomic
def create_api_token(*, actor: User, user: User, name: str) -> str:
    """Create a token for `user` and return the secret, which is never stored."""
    if actor is None or not actor.is_active or (not may(actor, "accounts.admin") and actor.pk != user.pk):
        raise PermissionDenied(_("only administrators create tokens for other users"))
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(secret))
    record(actor=actor, action=Action.TOKEN_CREATE, obj=token, changes=events.token_created(token))
    return secret
