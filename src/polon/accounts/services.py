"""Writes on accounts. Each runs in one transaction with its audit event."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from polon.access.policies import Role, is_administrator_role, is_scoped_by_country, may
from polon.accounts.models import ApiToken, User
from polon.audit.log import record
from polon.core.countries import UnknownCountryError, normalise_country
from polon.core.errors import PermissionDenied, ValidationFailed


def create_user(
    *, actor: User | None, username: str, password: str, role: str, countries: list[str] = (), email: str = ""
) -> User:
    # Only an administrator creates users; the very first user (the bootstrap admin) has no actor.
    if actor is None:
        if User.objects.exists():
            raise PermissionDenied("users exist already: an administrator must create further users")
    elif not may(actor, "accounts.admin"):
        raise PermissionDenied("only administrators create users")
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [f"'{role}' is not a role; choose one of {', '.join(Role.values)}"]
    codes: list[str] = []
    for code in countries:
        try:
            codes.append(normalise_country(code))
        except UnknownCountryError as exc:
            errors.setdefault("country", []).append(str(exc))
    if is_scoped_by_country(role) and not codes:
        errors.setdefault("country", []).append("a consular liaison officer needs at least one country")
    if not is_scoped_by_country(role) and codes:
        errors.setdefault("country", []).append("only consular liaison officers are scoped to countries")
    if not username or User.objects.filter(username=username).exists():
        errors["username"] = [f"'{username}' is empty or already taken"]
    try:
        validate_password(password)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = User(username=username, role=role, countries=sorted(set(codes)), email=email)
        user.is_staff = is_administrator_role(role)
        user.set_password(password)
        user.save()
        record(actor=actor, action="user.create", obj=user,
               changes={"after": {"username": username, "role": role, "countries": user.countries}})
    return user


def create_api_token(*, actor: User, user: User, name: str) -> str:
    """Create a token for `user` and return the secret, which is never stored."""
    if actor is None or not actor.is_active or (not may(actor, "accounts.admin") and actor.pk != user.pk):
        raise PermissionDenied("only administrators create tokens for other users")
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(secret))
        record(actor=actor, action="token.create", obj=token, changes={"after": {"user": user.username, "name": name}})
    return secret
