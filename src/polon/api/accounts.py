"""API tokens over the API: one's own (an administrator's: everyone's), and revoking one."""

from __future__ import annotations

from ninja import Query, Router

from polon.accounts import selectors, services
from polon.accounts.models import ApiToken
from polon.api.auth import operation_policy
from polon.api.schemas.accounts import TokenOut
from polon.api.schemas.common import ERRORS_NO_CONFLICT

router = Router(tags=["tokens"])


def token_out(token: ApiToken) -> dict:
    return {"id": token.pk, "user": token.user.username, "name": token.name, "created_at": token.created_at,
            "revoked": token.revoked, "revoked_at": token.revoked_at}


@router.get("/tokens", response={200: list[TokenOut], **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def list_tokens(request, user: str = "", offset: int = 0, limit: int = Query(100, ge=1, le=500)):
    """Your tokens, newest first; an administrator sees everyone's, or one user's with ``user``."""
    owner = selectors.user_by_name(request.auth, user) if user else None
    rows = selectors.tokens(request.auth, owner)
    return [token_out(t) for t in rows[max(offset, 0):max(offset, 0) + limit]]


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def revoke_token(request, token_id: int):
    """Revoke one of your tokens (an administrator: anyone's); it stops working at once. Someone else's token is
    404, as if it did not exist."""
    return token_out(services.revoke_api_token(actor=request.auth, token_id=token_id))
