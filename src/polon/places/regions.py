"""Regions as ISO 3166-2 subdivision codes (UA-46, RU-ROS), validated and named from pycountry's data and its
translations (the iso3166-2 catalogue), never from a hand-typed list."""

from __future__ import annotations

import gettext as gettext_module
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


class UnknownRegionError(ValueError):
    """A code that is not an ISO 3166-2 subdivision."""


def normalise_region(code: str) -> str:
    """The ISO 3166-2 code as pycountry spells it; UnknownRegionError for any other text."""
    value = (code or "").strip().upper()
    subdivision = pycountry.subdivisions.get(code=value) if "-" in value else None
    if subdivision is None:
        raise UnknownRegionError(value)
    return str(subdivision.code)


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)


@lru_cache(maxsize=4096)
def region_name(code: str, language: str = "en") -> str:
    """The region's name in ``language`` (pycountry's translations), or its ISO name, or the code itself."""
    subdivision = pycountry.subdivisions.get(code=code) if code and "-" in code else None
    if subdivision is None:
        return code
    return _catalogue(language).gettext(subdivision.name)


def region_label(code: str, language: str | None = None) -> str:
    """``UA-46 Львівська область``: the code and its name in the active language."""
    name = region_name(code, language or (get_language() or "en").split("-")[0])
    return code if name == code else f"{name} ({code})"
