from __future__ import annotations

from functools import wraps

from ninja.security import APIKeyCookie, HttpBearer

from polon.access.policies import POLICIES, require
from polon.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        row = (ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token), revoked=False)
               .first())
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The web session; unsafe methods need the CSRF token like any form post."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


def operation_policy(name: str):
    """Declare and enforce the policy of one API operation (a test checks every operation has one)."""
    if name not in POLICIES:
        raise KeyError(f"unknown policy {name!r}")

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            require(request.auth, name)
            return view(request, *args, **kwargs)

        guarded.polon_policy = name
        return guarded

    return decorate
