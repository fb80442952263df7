"""Thin, cached access to pymorphy3 for Russian and Ukrainian.

Analysers are created lazily: German and English documents never pay for
loading the dictionaries, and each word is parsed at most once per process.
"""

from __future__ import annotations

import importlib
import os
from functools import cache, lru_cache
from typing import Any

MORPH_LANGS = ("ru", "uk")


@cache
def analyzer(lang: str) -> Any:
    import pymorphy3

    if os.environ.get(pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE):
        return pymorphy3.MorphAnalyzer(lang=lang)
    # The dictionary package names its own path; pymorphy3 would find the same one through the entry points of
    # every installed distribution, which costs a start of `polon extract` 25 ms.
    dicts = importlib.import_module(f"pymorphy3_dicts_{lang}")
    return pymorphy3.MorphAnalyzer(path=dicts.get_path(), lang=lang)


@lru_cache(maxsize=200_000)
def parses(lang: str, word: str) -> tuple[Any, ...]:
    return tuple(analyzer(lang).parse(word))


@cache
def lexeme(lang: str, lemma: str) -> tuple[str, ...]:
    """All forms of ``lemma``; the lemma itself when the dictionary does not know it."""
    a = analyzer(lang)
    forms: set[str] = {lemma}
    low = lemma.lower()
    found = False
    for p in a.parse(low):
        if p.normal_form == low or p.word == low and p.tag.POS in {"NOUN", "ADJF", "NUMR"}:
            if found and type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
                continue
            # Surnames have an indeclinable feminine and a declined masculine reading ("Лубінець"):
            # every dictionary reading of the same word contributes its forms.
            if not found or p.tag.POS == "NOUN":
                forms.update(f.word for f in p.lexeme)
            found = True
            if p.tag.POS != "NOUN" or "Surn" not in p.tag.grammemes:
                break
    return tuple(sorted(forms))


def name_tags(lang: str, word: str) -> set[str]:
    """Which of Name/Surn/Patr the dictionary (not its guesser) gives ``word``."""
    out: set[str] = set()
    for p in parses(lang, word.lower()):
        if p.methods_stack and type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
            continue
        for g in ("Name", "Surn", "Patr"):
            if g in p.tag.grammemes:
                out.add(g)
    return out


def is_common_word(lang: str, word: str) -> bool:
    """True when the dictionary knows the word and its best reading is not a name."""
    ps = parses(lang, word.lower())
    if not ps:
        return False
    best = ps[0]
    # Only a plain dictionary hit counts; "выдумкин" parsed as prefix + "кин" is a guess.
    if len(best.methods_stack) != 1 or type(best.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
        return False
    return not best.tag.grammemes & {"Name", "Surn", "Patr", "Geox", "Orgn"}


def to_nominative(lang: str, word: str) -> str:
    """Best-effort nominative for a name token, keeping its capitalisation."""
    for p in parses(lang, word.lower()):
        if not p.tag.grammemes & {"Name", "Surn", "Patr"}:
            continue
        if p.tag.case == "nomn":
            return word
        gender = p.tag.gender
        want = {"nomn", "sing"} | ({gender} if gender else set())
        inf = p.inflect(want) or p.inflect({"nomn", "sing"})
        if inf:
            w = inf.word
            return w[:1].upper() + w[1:] if word[:1].isupper() else w
        return word
    return word
