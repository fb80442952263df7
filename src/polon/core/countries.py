"""Countries and their names, from pycountry (ISO 3166-1) and babel (CLDR), never from a hand-typed list."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale
from django.utils.translation import gettext


class UnknownCountryError(ValueError):
    """A code that is not an ISO 3166-1 country."""


def normalise_country(code: str) -> str:
    """The ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code; raise UnknownCountryError otherwise."""
    value = (code or "").strip().upper()
    country = None
    if len(value) == 2:
        country = pycountry.countries.get(alpha_2=value)
    elif len(value) == 3:
        country = pycountry.countries.get(alpha_3=value)
    if country is None:
        raise UnknownCountryError(gettext("'%(code)s' is not an ISO 3166-1 country code") % {"code": code})
    return country.alpha_2


@lru_cache(maxsize=4096)
def country_name(code: str, language: str = "en") -> str:
    """The country's name in one of uk/en/de/ru/kk (CLDR via babel), falling back to the ISO English name."""
    alpha_2 = normalise_country(code)
    try:
        name = Locale.parse(language).territories.get(alpha_2)
    except (ValueError, TypeError):
        name = None
    if name:
        return name
    country = pycountry.countries.get(alpha_2=alpha_2)
    assert country is not None  # normalise_country returned a known code
    return country.name


@lru_cache(maxsize=8)
def country_choices(language: str = "en") -> list[tuple[str, str]]:
    choices = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(choices, key=lambda pair: pair[1])
