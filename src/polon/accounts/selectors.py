"""Reads on accounts: users for administrators, tokens for their owners (and administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import may, require
from polon.accounts.models import ApiToken, User
from polon.core.errors import NotFound


def users(actor: User) -> QuerySet[User]:
    """Every user, with the number of his live tokens (``live_tokens``), by name: for administrators only."""
    require(actor, "accounts.admin")
    live = Q(api_tokens__revoked=False, api_tokens__expires_at__gt=timezone.now())
    return User.objects.annotate(live_tokens=Count("api_tokens", filter=live)).order_by("username")


def get_user(actor: User, user_id: int) -> User:
    """One user, for an administrator; NotFound when there is none."""
    user = users(actor).filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("user"), "id": user_id})
    return user


def user_by_name(actor: User, username: str) -> User:
    """One user by name, for an administrator; NotFound when there is none."""
    user = users(actor).filter(username=username).first()
    if user is None:
        raise NotFound(_("no user '%(name)s'") % {"name": username})
    return user


def tokens(actor: User, user: User | None = None) -> QuerySet[ApiToken]:
    """API tokens, newest first: an administrator's view of everyone's (or ``user``'s), anyone else's own."""
    rows = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if not may(actor, "accounts.admin"):
        return rows.filter(user=actor)
    return rows.filter(user=user) if user is not None else rows


@dataclass(frozen=True)
class LoginFailures:
    """Failed logins django-axes counts for an account (within the cool-off time), per address."""

    address: str
    failures: int
    last_at: datetime
    locked: bool


def login_failures(actor: User, user: User) -> list[LoginFailures]:
    """The failures counted for ``user``'s account, by address, newest first, and whether each locks him out (an
    administrator's view: what ``polon user unlock`` would lift)."""
    require(actor, "accounts.admin")
    limit = int(settings.AXES_FAILURE_LIMIT)
    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME or 0))
    rows = AccessAttempt.objects.filter(username=user.username)
    if settings.AXES_COOLOFF_TIME:
        rows = rows.filter(attempt_time__gt=since)
    total = sum(row.failures_since_start for row in rows)
    return [LoginFailures(address=row.ip_address or "", failures=row.failures_since_start, last_at=row.attempt_time,
                          locked=total >= limit) for row in rows.order_by("-attempt_time")]
