from __future__ import annotations

import os


def polon_context(request) -> dict:
    return {"polon_demo": os.environ.get("POLON_DEMO") == "1"}
