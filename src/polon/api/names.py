"""The API's answer when free text names persons outside the record's states (registry.mentions): 422, with
the names found under ``errors.confirm_names``; the client sends the same body again with
``"confirm_names": true`` to record it anyway (audited)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from ninja import Status

from polon.api.schemas.common import ErrorOut
from polon.registry.mentions import NamesNeedConfirmation

#: Spread into an operation's ``response`` with the common ERRORS.
NAMES_TO_CONFIRM = {422: ErrorOut}


def confirming_names(view: Callable[..., Any]) -> Callable[..., Any]:
    """An operation answering 422 with the names found, instead of 400, when the service asks to confirm
    them."""
    @wraps(view)
    def answer(request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except NamesNeedConfirmation as exc:
            return Status(422, {"detail": str(exc), "errors": exc.errors})

    return answer
