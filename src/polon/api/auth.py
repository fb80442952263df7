from __future__ import annotations

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from polon.access.policies import declare_policy, require
from polon.access.scope import OutOfScope
from polon.accounts.models import ApiToken
from polon.audit import reads
from polon.core.errors import PermissionDenied


class TokenAuth(HttpBearer):
    """A bearer token that is neither revoked nor expired, of an active user who is not waiting to replace a
    temporary password (his tokens work again once he has changed it); anything else is 401."""

    def authenticate(self, request, token: str):
        row = (ApiToken.objects.select_related("user")
               .filter(digest=ApiToken.digest_of(token), revoked=False, expires_at__gt=timezone.now()).first())
        if row is None or not row.user.is_active or row.user.must_change_password:
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

    def enforce(view, request, *args, **kwargs):
        try:
            require(request.auth, name)
            return view(request, *args, **kwargs)
        except OutOfScope as exc:  # it exists, outside the user's scope: answered as absent, audited
            reads.out_of_scope(request.auth, object_type=exc.object_type, object_id=exc.object_id, channel="api",
                               method=request.method, path=request.path)
            raise
        except PermissionDenied as exc:
            reads.denied(request.auth, policy=name, channel="api", method=request.method, path=request.path,
                         reason=str(exc))
            raise

    return declare_policy(name, enforce)
