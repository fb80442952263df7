from __future__ import annotations

import os

from polon.accounts.roles import role_allows


def polon_context(request) -> dict:
    user = getattr(request, "user", None)
    can = {}
    if user is not None and user.is_authenticated:
        can = {p: role_allows(user.role, p) for p in ("registry.read", "registry.write", "audit.read",
                                                       "sources.read")}
    return {"polon_demo": os.environ.get("POLON_DEMO") == "1", "can": can}
