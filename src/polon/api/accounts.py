"""API tokens over the API: one's own (an administrator's: everyone's), making one (from a logged-in session
only: a token cannot mint tokens), and revoking one."""

from ninja import Query, Router

from polon.accounts import selectors, services
from polon.accounts.models import ApiToken
from polon.api.auth import SessionAuth, operation_policy
from polon.api.schemas.accounts import TokenCreated, TokenIn, TokenOut
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET, ErrorOut

router = Router(tags=["tokens"])


def token_out(token: ApiToken) -> dict:
    return {"id": token.pk, "user": token.user.username, "name": token.name, "created_at": token.created_at,
            "revoked": token.revoked, "revoked_at": token.revoked_at, "expires_at": token.expires_at,
            "state": token.state}


@router.get("/tokens", response={200: list[TokenOut], **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def list_tokens(request, user: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET),
                limit: int = Query(100, ge=1, le=500)):
    """Your tokens, newest first; an administrator sees everyone's, or one user's with ``user``."""
    owner = selectors.user_by_name(request.auth, user) if user else None
    rows = selectors.tokens(request.auth, owner)
    return [token_out(t) for t in rows[max(offset, 0):max(offset, 0) + limit]]


@router.post("/tokens", auth=[SessionAuth()], response={201: TokenCreated, 401: ErrorOut, **ERRORS_NO_CONFLICT})
@operation_policy("tokens.own")
def create_token(request, payload: TokenIn):
    """Make a token living ``days`` days (the server's default when omitted): your own, or (an administrator)
    ``user``'s. Only from a logged-in web session: a bearer token cannot mint further tokens. The secret is in
    the answer's ``token``, shown this once."""
    owner = selectors.user_by_name(request.auth, payload.user) if payload.user else request.auth
    secret = services.create_api_token(actor=request.auth, user=owner, name=payload.name, days=payload.days)
    token = selectors.tokens(request.auth, owner).get(digest=ApiToken.digest_of(secret))
    return 201, {**token_out(token), "token": secret}


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def revoke_token(request, token_id: int):
    """Revoke one of your tokens (an administrator: anyone's); it stops working at once. Someone else's token is
    404, as if it did not exist."""
    return token_out(services.revoke_api_token(actor=request.auth, token_id=token_id))
