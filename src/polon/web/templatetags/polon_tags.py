from __future__ import annotations

from django import template

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
