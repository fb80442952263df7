"""Counts of people ("zwei Staatsbürger", "двух казахстанцев", "12 prisoners") and what they count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import morph
from .countries import CountryMention, first_by
from .gazetteer import AGGLUTINATIVE, Gazetteer, Match
from .text import Token

_ARTICLES = {"ein", "eine", "eines", "einem", "einen", "einer", "a", "an"}
_EN_ADJ = {"more", "other", "further", "young", "old", "foreign", "local", "former", "new", "fellow", "male",
           "female", "civilian", "military", "alleged", "ethnic", "wounded", "missing", "captured", "detained", "freed"}
_EN_ADJ_SUFFIX = ("ian", "ese", "ish", "ic", "al", "ive", "ous", "ful", "less", "able", "ible", "ary", "ern", "ed", "ing")
_AGE = ("річн", "літн", "летн", "jähr", "year", "years")
_FOR = {"на", "for", "gegen", "für", "zu", "to"}
_AND = {"and", "und", "и", "і", "й", "та"}


def _compound(numbers: Sequence[Match], k: int, tokens: Sequence[Token], gz: Gazetteer) -> tuple[int, int, int]:
    """Value and end token of the number phrase starting at numbers[k], and the index of the next one."""
    total, current = 0, numbers[k].get("number").value  # type: ignore[union-attr]
    last = numbers[k].last
    j = k + 1
    while j < len(numbers):
        nxt = numbers[j]
        gap = nxt.first - last
        if gap > 1 or (gap == 1 and tokens[last].lower not in _AND) or tokens[nxt.first].sent != tokens[last - 1].sent:
            break
        v = nxt.get("number").value  # type: ignore[union-attr]
        if nxt.entries[0].pattern[0] in _ARTICLES or v == current:
            break
        if v in (100, 1000) and current < v:
            current *= v
        elif v < current and (current >= 100 or (current >= 10 and v < 10)):  # "он екі" is twelve
            if current >= 1000:
                total, current = total + current, v
            else:
                current += v
        else:
            break
        last = nxt.last
        j += 1
    return total + current, last, j



@dataclass(slots=True)
class CountMention:
    value: int
    noun: str
    country: str | None
    first: int
    last: int
    start: int
    end: int
    approximate: bool = False


_GROUP_SEP = {",", ".", " ", "\u00a0", "\u202f", "'", "’"}


def digits(tokens: Sequence[Token], i: int, text: str) -> tuple[int, int]:
    """Value and end token of the number written with digits at token ``i``: "1,200", "1.500", "1 400" are one
    number (groups of three digits after a separator), "2024" is one token."""
    value, j = int(tokens[i].text), i + 1
    if len(tokens[i].text) > 3:
        return value, j
    while j < len(tokens) and len(tokens[j].text) == 3 and tokens[j].is_digit and tokens[j].sent == tokens[i].sent \
            and text[tokens[j - 1].end:tokens[j].start] in _GROUP_SEP:
        value, j = value * 1000 + int(tokens[j].text), j + 1
    return value, j


def _approx_before(tokens: Sequence[Token], first: int, approx: set[str]) -> bool:
    """"more than 1,200", "rund 1.500", "щонайменше 1 400": a word or two before the number."""
    if first >= 1 and tokens[first - 1].lower in approx and tokens[first - 1].sent == tokens[first].sent:
        return True
    return first >= 2 and f"{tokens[first - 2].lower} {tokens[first - 1].lower}" in approx \
        and tokens[first - 2].sent == tokens[first].sent


def _approx_after(tokens: Sequence[Token], last: int, approx: set[str]) -> bool:
    """Kazakh puts it after the number: "1200-ден астам"."""
    return any(k < len(tokens) and tokens[k].lower in approx for k in (last, last + 1))


def _is_adjective(lang: str, tok: Token) -> bool:
    if tok.is_cap and lang in ("de", "en"):
        return False
    if lang in morph.MORPH_LANGS:
        ps = morph.parses(lang, tok.lower)
        return bool(ps) and ps[0].tag.POS in ("ADJF", "PRTF")
    if lang == "de":
        return tok.lower.endswith(("e", "en", "er", "es", "em"))
    # English has no inflection to go by: only words shaped like adjectives or participles.
    return tok.text.islower() and (tok.lower in _EN_ADJ or tok.lower.endswith(_EN_ADJ_SUFFIX))


def find(tokens: Sequence[Token], matches: Sequence[Match], countries: Sequence[CountryMention],
         gz: Gazetteer, lang: str, text: str = "") -> list[CountMention]:
    by_first = {m.first: m for m in matches}
    country_at = {c.first: c for c in countries}
    country_last = {c.last: c for c in countries}
    det = gz.words("det")
    approx = gz.words("approx")
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
            if tokens[j].is_digit and j + 1 < n and tokens[j + 1].lower.startswith(_AGE):
                # "einen 34-jährigen Kirgisen", "a 29-year-old Nepali": the age describes the person counted
                j += 3 if tokens[j + 1].lower == "year" and j + 2 < n and tokens[j + 2].lower == "old" else 2
                steps += 1
                continue
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

    numbers = [m for m in matches if m.has("number")]
    k = 0
    while k < len(numbers):
        m = numbers[k]
        # Compound number words: "two hundred and six", "сто пятьдесят", "двісті шість".
        value, last, k = _compound(numbers, k, tokens, gz)
        np = noun_phrase(last, tokens[m.first].sent)
        if np is None:
            continue
        noun, country, end = np
        if country is None and lang in AGGLUTINATIVE:
            # "Қазақстанның екі азаматы": the genitive country stands before the number
            before = country_last.get(m.first)
            country = before.code if before is not None and before.kind == "name" else None
        # An indefinite article is only a count when the text says whose citizen it is;
        # "ein Staatsbürger eines zentralasiatischen Landes" is not a number.
        if m.entries[0].pattern[0] in _ARTICLES and country is None and last == m.last:
            continue
        out.append(CountMention(value, noun, country, m.first, end, m.start, tokens[end - 1].end,
                                _approx_before(tokens, m.first, approx)))
    # "dozens of Indian nationals", "mehrere usbekische Kriegsgefangene", "нескольких узбекистанцев"
    for m in matches:
        vague = m.get("vague")
        if vague is None:
            continue
        np = noun_phrase(m.last, tokens[m.first].sent)
        if np is not None:
            noun, country, end = np
            out.append(CountMention(vague.value, noun, country, m.first, end, m.start, tokens[end - 1].end, True))
    # "обмен 95 на 95", "150 for 150", "84 gegen 84": both sides of an exchange, counted once.
    counted = {k for c in out for k in range(c.first, c.last)}
    for t in tokens:
        if not t.is_digit or t.index + 2 >= n or tokens[t.index + 2].text != t.text or tokens[t.index + 2].sent != t.sent:
            continue
        if tokens[t.index + 1].lower not in _FOR or t.index in counted:
            continue
        last_token = tokens[t.index + 2]
        out.append(CountMention(int(t.text), "prisoners of war", None, t.index, t.index + 3, t.start, last_token.end))
        counted.update(range(t.index, t.index + 3))
    i = 0
    while i < n:
        t = tokens[i]
        if not t.is_digit or len(t.text) > 5:
            i += 1
            continue
        value, j = digits(tokens, i, text)
        i = j  # the groups of "1 400" are one number, never "400" on its own
        if j < n and tokens[j].lower in ("jahre", "years", "лет", "років", "року", "года"):
            continue
        nxt = tokens[j] if j < n else None
        between = text[tokens[j - 1].end:nxt.start] if nxt is not None else ","
        if len(between) > 2 or (between.strip() and between.strip() != "-") or (
                nxt is not None and nxt.lower.startswith(_AGE)):
            continue  # "Bikash, 32, was …", "35-річного кубинця" are ages, not counts
        np = noun_phrase(j, t.sent)
        if np is not None:
            noun, country, end = np
            out.append(CountMention(value, noun, country, t.index, end, t.start, tokens[end - 1].end,
                                    _approx_before(tokens, t.index, approx) or _approx_after(tokens, j, approx)))
    if lang in morph.MORPH_LANGS or lang in AGGLUTINATIVE:
        # A singular "гражданин Кыргызстана", "Қазақстан азаматы" is one person even without a numeral.
        ending_at = first_by(countries, "last")
        named_at = first_by([c for c in countries if c.kind in ("name", "gov")], "first")
        for m in matches:
            pe = m.get("people")
            if pe is None or m.first in used_nouns:
                continue
            if lang in AGGLUTINATIVE:
                if any(x in tokens[m.last - 1].lower for x in ("лар", "лер", "дар", "дер", "тар", "тер")):
                    continue  # the plural suffix
            else:
                ps = morph.parses(lang, tokens[m.first].lower)
                # the Ukrainian dictionary leaves the number of singular nouns unmarked
                if not ps or "plur" in ps[0].tag.grammemes:
                    continue
            before = ending_at.get(m.first)
            after = named_at.get(m.last)
            c = after or before
            if c is None:
                continue
            first = before.first if before is not None else m.first
            last = after.last if after is not None else m.last
            out.append(CountMention(1, pe.value, c.code, first, last, tokens[first].start, tokens[last - 1].end))
    out.sort(key=lambda c: c.start)
    return out
