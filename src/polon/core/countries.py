"""Countries and their names, from pycountry (ISO 3166-1) and babel (CLDR), never from a hand-typed list."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import icu
import pycountry
from babel import Locale
from django.utils.translation import get_language, gettext

# The Detaining Power whose information bureau this is: its own nationals are "own held", it is the "us" of
# exchange rounds and of the documents the bureau signs.
OWN_COUNTRY = "UA"


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


def country_label(code: str, language: str | None = None) -> str:
    """A country code as a reader reads it: its name in ``language`` (the active language by default), or the
    code itself where it names no country."""
    if not code:
        return code
    try:
        return country_name(code, language or (get_language() or "en").split("-")[0])
    except (ValueError, LookupError):
        return code


def collation_key(language: str = "en") -> Callable[[str], bytes]:
    """A sort key ordering texts as ``language``'s alphabet does (ICU collation): Ukrainian "Єгипет" after
    "Ефіопія" and "Ірландія" after "Зімбабве", where code points would put both first."""
    try:
        collator = icu.Collator.createInstance(icu.Locale(language or "en"))
    except icu.ICUError:  # an unknown locale: ICU's root collation, still alphabetical across scripts
        collator = icu.Collator.createInstance(icu.Locale.getRoot())
    return collator.getSortKey


# The languages a recipient is written in at the bureau (its users', the captives' states', the commentary's).
_NAMING_LANGUAGES = ("en", "uk", "ru", "de", "kk", "uz", "tg", "ky", "fr")


@lru_cache(maxsize=1)
def _name_stems() -> list[tuple[str, str]]:
    """(lower-cased name or its stem, code) for every country in every naming language. A one-word name loses
    its last letter so that inflected forms still match ("Казахстану", "Kasachstans"); longer names match whole."""
    stems: set[tuple[str, str]] = set()
    for country in pycountry.countries:
        for language in _NAMING_LANGUAGES:
            try:
                name = country_name(country.alpha_2, language).lower()
            except (ValueError, LookupError):
                continue
            if " " not in name and len(name) > 5:
                name = name[:-1]
            if len(name) >= 4:
                stems.add((name, country.alpha_2))
    return sorted(stems)


def countries_named_in(text: str) -> list[str]:
    """The countries whose name, in one of the bureau's languages, a free text such as an export's recipient
    ("Embassy of Kazakhstan", "Посольство Республіки Узбекистан") contains at the start of a word, as sorted
    codes. Used to ask the writer to choose the state explicitly, never to decide it for him."""
    words = " " + " ".join(re.sub(r"[\W_]+", " ", str(icu.UnicodeString(text or "").foldCase())).split())
    found = set()
    for stem, code in _name_stems():
        start = words.find(" " + stem)
        if start >= 0:
            found.add(code)
    return sorted(found)


@lru_cache(maxsize=8)
def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as (alpha-2 code, name in ``language``), in that language's alphabetical order."""
    choices = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    key = collation_key(language)
    return sorted(choices, key=lambda pair: key(pair[1]))
