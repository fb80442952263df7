"""Counts of people ("zwei Staatsbürger", "двух казахстанцев", "12 prisoners") and what they count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import morph
from .countries import CountryMention
from .gazetteer import Gazetteer, Match
from .text import Token

_ARTICLES = {"ein", "eine", "eines", "einem", "einen", "einer", "a", "an"}


@dataclass(slots=True)
class CountMention:
    value: int
    noun: str
    country: str | None
    first: int
    last: int
    start: int
    end: int


def _is_adjective(lang: str, tok: Token) -> bool:
    if tok.is_cap and lang in ("de", "en"):
        return False
    if lang in morph.MORPH_LANGS:
        ps = morph.parses(lang, tok.lower)
        return bool(ps) and ps[0].tag.POS in ("ADJF", "PRTF")
    if lang == "de":
        return tok.lower.endswith(("e", "en", "er", "es", "em"))
    return tok.text.islower() and tok.lower not in ("of", "and", "the")


def find(tokens: Sequence[Token], matches: Sequence[Match], countries: Sequence[CountryMention],
         gz: Gazetteer, lang: str) -> list[CountMention]:
    by_first = {m.first: m for m in matches}
    country_at = {c.first: c for c in countries}
    det = gz.words("det")
    out: list[CountMention] = []
    n = len(tokens)
    used_nouns: set[int] = set()

    def noun_phrase(j: int, sent: int) -> tuple[str, str | None, int] | None:
        """From token j: (noun label, country, end token) for "[adj|country]* noun [of|der] [country]"."""
        country: str | None = None
        steps = 0
        while j < n and tokens[j].sent == sent and steps < 4:
            m = by_first.get(j)
            if m is not None and m.has("people"):
                noun = m.get("people").value  # type: ignore[union-attr]
                end = m.last
                k = end
                while k < n and tokens[k].sent == sent and k - end < 2 and (tokens[k].lower in det or tokens[k].lower in ("of", "von", "aus", "from", "из", "з")):
                    k += 1
                c = country_at.get(k)
                if c is not None and c.kind in ("name", "gov", "capital") and tokens[k].sent == sent:
                    country, end = c.code, c.last
                used_nouns.add(m.first)
                return noun, country, end
            c = country_at.get(j)
            if c is not None:
                nxt = by_first.get(c.last)
                if c.kind == "demonym" and not (nxt is not None and nxt.has("people")):
                    return "citizens", c.code, c.last
                country = c.code
                j = c.last
            elif _is_adjective(lang, tokens[j]):
                j += 1
            else:
                return None
            steps += 1
        return None

    for m in matches:
        num = m.get("number")
        if num is None:
            continue
        np = noun_phrase(m.last, tokens[m.first].sent)
        if np is None:
            continue
        noun, country, end = np
        # An indefinite article is only a count when the text says whose citizen it is;
        # "ein Staatsbürger eines zentralasiatischen Landes" is not a number.
        if m.entries[0].pattern[0] in _ARTICLES and country is None:
            continue
        out.append(CountMention(num.value, noun, country, m.first, end, m.start, tokens[end - 1].end))
    for t in tokens:
        if t.is_digit and len(t.text) <= 5 and (t.index + 1 >= n or tokens[t.index + 1].lower not in ("jahre", "years", "лет", "років", "року", "года")):
            nxt_gap = tokens[t.index + 1].start - t.end if t.index + 1 < n else 9
            if nxt_gap > 2:
                continue
            np = noun_phrase(t.index + 1, t.sent)
            if np is not None:
                noun, country, end = np
                out.append(CountMention(int(t.text), noun, country, t.index, end, t.start, tokens[end - 1].end))
    if lang in morph.MORPH_LANGS:
        # A singular "гражданин Кыргызстана" is one person even without a numeral.
        for m in matches:
            pe = m.get("people")
            if pe is None or m.first in used_nouns:
                continue
            ps = morph.parses(lang, tokens[m.first].lower)
            if not ps or "sing" not in ps[0].tag.grammemes:
                continue
            before = next((c for c in countries if c.last == m.first), None)
            after = next((c for c in countries if c.first == m.last and c.kind in ("name", "gov")), None)
            c = after or before
            if c is None:
                continue
            first = before.first if before is not None else m.first
            last = after.last if after is not None else m.last
            out.append(CountMention(1, pe.value, c.code, first, last, tokens[first].start, tokens[last - 1].end))
    out.sort(key=lambda c: c.start)
    return out
