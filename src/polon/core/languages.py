"""Language codes as polon stores them: ISO 639-1 ("en") where the language has one, else ISO 639-3.

Spellings arrive with their language written many ways ("en", "EN", "en-GB", "eng", "English"), and the
demo's Latin spellings carry the transliteration scheme named after a language ("english", "german"):
compared raw, one identical spelling looks like two. ``normalise_language`` is the one reading of a code.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=512)
def normalise_language(value: str | None) -> str:
    """The ISO 639-1 code of ``value`` (a code of two or three letters with or without a region or script
    subtag, or the language's English name), its ISO 639-3 code when it has no two-letter one; ``value``
    lower-cased and stripped when it names no language (kept rather than lost), "" for blank."""
    text = (value or "").strip().lower().replace("_", "-")
    if not text:
        return ""
    base = text.split("-", 1)[0]
    found = None
    if len(base) == 2:
        found = pycountry.languages.get(alpha_2=base)
    elif len(base) == 3:
        found = pycountry.languages.get(alpha_3=base) or pycountry.languages.get(bibliographic=base)
    if found is None:
        try:
            found = pycountry.languages.lookup(text)
        except LookupError:
            return text[:8]
    code = getattr(found, "alpha_2", None) or getattr(found, "alpha_3", "")
    return str(code or text[:8])


def language_of_scheme(scheme: str | None) -> str:
    """The language a transliteration scheme writes for when the scheme is named after one ("english" → "en",
    "german" → "de"); "" for schemes that are standards (ICAO 9303, ISO 9, BGN/PCGN …)."""
    text = (scheme or "").strip().lower()
    if not text or not text.isalpha():
        return ""
    try:
        found = pycountry.languages.lookup(text)
    except LookupError:
        return ""
    if str(getattr(found, "name", "")).lower() != text:
        return ""
    return str(getattr(found, "alpha_2", None) or getattr(found, "alpha_3", ""))


def same_language(a_language: str, a_scheme: str, b_language: str, b_scheme: str) -> bool:
    """Whether two spellings are written for the same language: equal codes once normalised, a scheme named
    after the other's language, or one of them saying nothing (an unspecified language is no difference)."""
    a = normalise_language(a_language) or language_of_scheme(a_scheme)
    b = normalise_language(b_language) or language_of_scheme(b_scheme)
    return not a or not b or a == b
