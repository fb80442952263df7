from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from polon.core.countries import country_name
from polon.sources.selectors import highlighted

register = template.Library()


@register.filter
def highlight(text: str, data: dict | None):
    return highlighted(text or "", data)


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
