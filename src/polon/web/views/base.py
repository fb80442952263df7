"""What the web channel's views share: a form's submission run through a service, on a page of its own or as
one of the action forms of a record's page (a person's consular page, an enquiry, an exchange round)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import render

from polon.web.forms.base import USER_ERRORS, attach_errors

# What `attempt` returns when nothing was done: the form holds why.
REFUSED = object()


def attempt(form, action: Callable[[dict], Any], aliases: dict[str, str] | None = None) -> Any:
    """What `action(form.cleaned_data)` returns; or REFUSED, the form invalid or the service's refusal put on it."""
    if not form.is_valid():
        return REFUSED
    try:
        return action(form.cleaned_data)
    except USER_ERRORS as exc:
        attach_errors(form, exc, aliases)
        return REFUSED


def form_page(request, form, template: str, action: Callable[[dict], HttpResponseBase], *, success: str = "",
              context: dict | None = None, aliases: dict[str, str] | None = None, refused_status: int = 200):
    """A page holding one form: a POST runs `action`, which writes and answers where to go next (after the
    `success` message); otherwise the page with the form, as typed and with why it was refused."""
    if request.method == "POST":
        response = attempt(form, action, aliases)
        if response is not REFUSED:
            if success:
                messages.success(request, success)
            return response
        status = refused_status
    else:
        status = 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


class RecordPage:
    """A record's page holding several action forms (a person's consular page, an enquiry, an exchange round),
    drawn by `template` from `context(request, key)`."""

    def __init__(self, template: str, context: Callable[[Any, Any], dict], back: Callable[[Any], HttpResponseBase]):
        self.template, self.context, self.back = template, context, back

    def show(self, request, key, *, status: int = 200, **forms) -> HttpResponseBase:
        """The page; `forms` are the bound forms of a refused action, shown with their errors in place of the
        blank ones."""
        return render(request, self.template, {**self.context(request, key), **forms}, status=status)

    def act(self, request, key, name: str, form, action: Callable[[dict], Any]) -> HttpResponseBase:
        """Run `action(cleaned_data)` if the form is valid and go `back(key)` to the page, unless the action
        answers itself (a job it started); or show the page (400) with the form, as typed, named `name`."""
        response = attempt(form, action)
        if response is REFUSED:
            return self.show(request, key, status=400, **{name: form})
        return response if isinstance(response, HttpResponseBase) else self.back(key)
