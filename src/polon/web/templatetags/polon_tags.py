from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from polon.access import fields, policies
from polon.core.countries import country_label, country_name
from polon.core.links import safe_http_url
from polon.registry import explain
from polon.registry.choices import EventType, Status
from polon.sources.selectors import segments

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()


def _label(choices: type[Status] | type[EventType], value: str) -> StrOrPromise:
    """The label of a stored choice; a value that is not among the choices, as it is."""
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def status_label(value: str) -> StrOrPromise:
    return _label(Status, value)


@register.filter
def event_label(value: str) -> StrOrPromise:
    return _label(EventType, value)


register.filter("country_label", country_label)


@register.filter
def sees(user, field: str) -> bool:
    """Whether ``user`` sees a sensitive field (access.fields): ``{% if user|sees:"person.notes" %}``."""
    return fields.sees(user, field)


@register.filter
def band_label(value: str | None) -> str:
    """A match band ("likely", "possible") in the user's language."""
    return explain.band_label(value)


@register.filter
def explanation(value: str | None) -> str:
    """A stored match explanation or reconciliation note (exchanges' list rows) in the user's language."""
    return explain.translate_explanation(value)


@register.filter
def percent(value: float) -> str:
    return f"{round(float(value) * 100)}%"


@register.filter
def may(user, policy: str) -> bool:
    """{% if user|may:"sources.read" %}: whether the user's role allows a policy (for showing links and actions
    only; every view enforces its own policy). A policy not in POLICIES fails the page for every user."""
    if policy not in policies.POLICIES:
        raise template.TemplateSyntaxError(f"unknown policy {policy!r}")
    return policies.may(user, policy)


@register.filter
def safe_url(url: str) -> str:
    """For href attributes: the URL only if it is http(s); "" otherwise, so no javascript: link is rendered."""
    return safe_http_url(url)

@register.filter
def highlight(text: str, data: dict | None) -> SafeString:
    """A source's text, escaped, with <mark class="hl hl-KIND" title="LABEL"> around each mention the
    selector found (sources.selectors.segments)."""
    return mark_safe("".join(
        format_html('<mark class="hl hl-{}" title="{}">{}</mark>', part.kind, part.label, part.text)
        if part.kind else conditional_escape(part.text)
        for part in segments(text or "", data)))


EVENT_LABELS = {
    "prisoner_exchange": _("Prisoner exchange"),
    "release": _("Release"),
    "capture": _("Capture"),
    "consular_meeting": _("Consular meeting"),
    "detention_of_journalist": _("Detention of a journalist"),
    "prosecution": _("Prosecution"),
    "interview_published": _("Interview published"),
    "recruitment": _("Recruitment"),
}


@register.filter
def countries(codes, language: str = "en") -> str:
    names = []
    for code in codes or []:
        try:
            names.append(f"{country_name(code, language or 'en')} ({code})")
        except Exception:
            names.append(str(code))
    return ", ".join(names)


@register.filter
def event_type_label(value: str) -> str:
    return str(EVENT_LABELS.get(value, (value or "").replace("_", " ")))
