"""Reads on accounts: users for administrators, tokens for their owners (and administrators)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.policies import may, require
from polon.accounts.models import ApiToken, User
from polon.core.errors import NotFound


def users(actor: User) -> QuerySet[User]:
    """Every user, with the number of his live tokens (``live_tokens``), by name: for administrators only."""
    require(actor, "accounts.admin")
    return User.objects.annotate(live_tokens=Count("api_tokens", filter=Q(api_tokens__revoked=False))).order_by(
        "username")


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
