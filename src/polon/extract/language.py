"""Language identification restricted to the languages polon reads.

Building lingua from a handful of languages keeps it fast and stops it from
guessing Serbian or Bulgarian for a short Cyrillic post. Its models are loaded
lazily, only those a text needs: preloading them cost 0.6 s of CPU at the start
of every `polon extract` and gives the same answers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SUPPORTED = ("de", "en", "ru", "uk", "kk")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-zÄÖÜäöüß]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_KK_ONLY = re.compile(r"[әғқңөұүһӘҒҚҢӨҰҮҺ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_SAMPLE = 1500  # characters; more does not change the answer but costs time


@cache
def _detector(script: str) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = (
        [Language.RUSSIAN, Language.UKRAINIAN, Language.KAZAKH]
        if script == "cyrillic"
        else [Language.GERMAN, Language.ENGLISH]
    )
    return LanguageDetectorBuilder.from_languages(*langs).build()


_ISO = {"RUSSIAN": "ru", "UKRAINIAN": "uk", "KAZAKH": "kk", "GERMAN": "de", "ENGLISH": "en"}


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is nothing to go on."""
    sample = text[:_SAMPLE]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if not cyr and not lat:
        return None
    if cyr > lat:
        # Letters unique to one alphabet decide before the statistical model does.
        kk, uk, ru = (len(r.findall(sample)) for r in (_KK_ONLY, _UK_ONLY, _RU_ONLY))
        if kk >= 3 and kk > uk:
            return "kk"
        if uk >= 3 and ru == 0:
            return "uk"
        if ru >= 3 and uk == 0:
            return "ru"
        found = _detector("cyrillic").detect_language_of(sample)
    else:
        found = _detector("latin").detect_language_of(sample)
    return _ISO.get(found.name) if found is not None else None


def rules_language(lang: str | None) -> str:
    """The rule set used for ``lang``: Kyrgyz, close to Kazakh and written alike, is read with Kazakh rules."""
    if lang in ("de", "en", "ru", "uk", "kk"):
        return lang
    if lang == "ky":
        return "kk"
    return "en"
