from __future__ import annotations

from django import template

from polon.access import policies
from polon.core.links import safe_http_url
from polon.registry.choices import EventType, Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


@register.filter
def event_label(value: str) -> str:
    try:
        return EventType(value).label
    except ValueError:
        return value


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
