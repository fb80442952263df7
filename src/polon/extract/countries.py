"""Country mentions: names, demonyms, adjectives and capitals standing for governments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .gazetteer import AGGLUTINATIVE, KK_LOCATIVE, Gazetteer, Match, suffix
from .text import Token


@dataclass(slots=True)
class CountryMention:
    code: str
    kind: str  # name | demonym | adj | capital | gov
    first: int
    last: int
    start: int
    end: int
    located: bool  # preceded by a locative preposition ("in der Ukraine")


@dataclass(slots=True)
class PlaceMention:
    name: str
    country: str
    first: int
    last: int
    start: int
    end: int


def first_by(countries: Sequence[CountryMention], attr: str) -> dict[int, CountryMention]:
    """The first country mention at each value of ``attr`` ("first": starting at a token, "last": ending there)."""
    out: dict[int, CountryMention] = {}
    for c in countries:
        out.setdefault(getattr(c, attr), c)
    return out


def _preceded_by(tokens: Sequence[Token], first: int, words: set[str], det: set[str]) -> bool:
    """Is there a word from ``words`` just before ``first``, allowing one article in between?"""
    j = first - 1
    if j >= 0 and tokens[j].lower in det and tokens[j].sent == tokens[first].sent:
        j -= 1
    return j >= 0 and tokens[j].sent == tokens[first].sent and tokens[j].lower in words


def find(tokens: Sequence[Token], matches: Sequence[Match], gz: Gazetteer) -> tuple[list[CountryMention], list[PlaceMention]]:
    loc = gz.words("loc")
    det = gz.words("det")
    # "from Karaganda", "aus Osch" name where someone comes from, not where something happened;
    # "between Kyiv and Moscow" names the two governments.
    prep = (gz.words("prep") | loc) - gz.words("from") - gz.words("between")
    republic = gz.words("republic")
    region = gz.words("region")
    attribution = gz.words("attribution")
    countries: list[CountryMention] = []
    places: list[PlaceMention] = []
    for m in matches:
        c = m.get("country")
        p = m.get("place")
        located = _preceded_by(tokens, m.first, loc, det)
        at_place = _preceded_by(tokens, m.first, prep, det)
        if at_place and m.first >= 2 and (tokens[m.first - 2].lower in attribution or tokens[m.first - 1].lower in attribution):
            at_place = False  # "according to Moscow", "по данным Киева": a source, not where it happened
        if p is not None and not at_place:
            # "im Gebiet Kursk", "в районе Покровска"; Kazakh puts the case on the region noun: "Запорожье облысында"
            at_place = (m.first >= 1 and tokens[m.first - 1].lower in region and tokens[m.first - 1].sent == tokens[m.first].sent
                        and _preceded_by(tokens, m.first - 1, prep, det)) or (
                gz.lang in AGGLUTINATIVE and m.last < len(tokens) and tokens[m.last].lower in region)
        if gz.lang in AGGLUTINATIVE and suffix(m, tokens) in KK_LOCATIVE and suffix(m, tokens):
            located = at_place = True  # "Украинада", "Киевте", "Ресейге": the case ending is the preposition
        if c is not None:
            code, kind = c.value
            first, start = m.first, m.start
            # "Республіки Індія", "Kyrgyz Republic", "Republik Kasachstan": the republic word belongs to the name.
            j = first - 1
            if j >= 1 and tokens[j].lower in ("of", "der") and tokens[j].sent == tokens[first].sent:
                j -= 1
            if kind == "name" and j >= 0 and tokens[j].lower in republic and tokens[j].sent == tokens[first].sent:
                first, start = j, tokens[j].start
                located = _preceded_by(tokens, first, loc, det)
            if kind in ("capital",) and (located or at_place):
                # "in Kyiv" is where something happened, "Astana promised" is the government.
                pass
            else:
                countries.append(CountryMention(code, kind, first, m.last, start, m.end, located))
        if p is not None:
            # Only a place after a preposition is where something happened ("near Pokrovsk", "в Москве");
            # "захисники Маріуполя" and datelines ("KYIV, May 14") are not.
            if at_place:
                name, country = p.value
                places.append(PlaceMention(name, country, m.first, m.last, m.start, m.end))
        if c is None and p is None and m.has("org"):
            # Fixed organisation names may contain a country ("Збройні Сили України").
            for sub in gz.matcher.match_all(tokens[m.first:m.last], ""):
                sc = sub.get("country")
                if sc is not None:
                    code, kind = sc.value
                    countries.append(CountryMention(code, kind, m.first + sub.first, m.first + sub.last,
                                                    sub.start, sub.end, False))
    return countries, places


@cache
def english_name(code: str) -> str:
    from babel import Locale

    names = Locale("en").territories
    return str(names.get(code, code))
