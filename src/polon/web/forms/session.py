"""What a form sent when it could not be handled — the session had expired, or its CSRF token had gone stale — and
the login on the session-expired page that carries it on (web.views.errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

# The hidden inputs of the session-expired page name the kept fields with this prefix, so that they never collide
# with the login form's own fields.
CARRIED = "carried:"
TARGET = "resume_to"
# Never carried through a page: secrets and the stale CSRF token.
SECRET_WORDS = ("password", "passwd", "secret", "token", "csrf", "otp")


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def _lists(data: Any) -> list[tuple[str, list[str]]]:
    """Each field's values (a QueryDict holds several a field; a plain dict one)."""
    if hasattr(data, "lists"):
        return list(data.lists())
    return [(name, value if isinstance(value, list) else [value]) for name, value in data.items()]


class KeptInputForm(forms.Form):
    """Any form's submission, read only to be kept: its non-secret fields in order (a field may repeat). Files
    cannot be carried through a page; ``had_files`` says some were chosen."""

    def kept(self) -> list[tuple[str, str]]:
        return [(name, value) for name, values in _lists(self.data) if not _is_secret(name) for value in values]

    @property
    def had_files(self) -> bool:
        return bool(self.files)

    def value(self, name: str) -> str:
        return str(self.data.get(name, ""))


class ResumeForm(AuthenticationForm):
    """The session-expired page's login, with the fields it carries (``carried:NAME``) and the address they were
    sent to (``resume_to``)."""

    def __init__(self, data=None, *, request=None, **kwargs):
        super().__init__(request, data=data, **kwargs)

    def kept(self) -> list[tuple[str, str]]:
        if self.data is None:
            return []
        return [(name[len(CARRIED):], value) for name, values in _lists(self.data)
                if name.startswith(CARRIED) and not _is_secret(name[len(CARRIED):]) for value in values]

    def target(self) -> str:
        return str(self.data.get(TARGET, "")) if self.data else ""
