"""Organisations: fixed names from the gazetteer plus "head word + country" compounds.

Embassies, ministries and armed forces are named by their country in every
language ("Botschaft der Republik Kasachstan", "Kazakh Foreign Ministry",
"МИД Казахстана"), so they are recognised compositionally instead of listing
every country × head combination in the data files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .countries import CountryMention, english_name, first_by
from .gazetteer import AGGLUTINATIVE, Gazetteer, Match
from .model import Organisation
from .text import Token


@dataclass(slots=True)
class OrgMention:
    key: str
    name: str
    kind: str
    country: str | None
    host: str | None
    first: int
    last: int
    start: int
    end: int


def find(tokens: Sequence[Token], matches: Sequence[Match], countries: Sequence[CountryMention],
         gz: Gazetteer) -> list[OrgMention]:
    det = gz.words("det")
    of_words = {"of", "von", "der", "des"}
    out: list[OrgMention] = []
    by_first = {m.first: m for m in matches}
    country_at, country_ending_at = first_by(countries, "first"), first_by(countries, "last")
    for m in matches:
        e = m.get("org")
        if e is not None:
            name, kind, org_country = gz.org_names[e.value]
            out.append(OrgMention(e.value, name, kind, org_country, None, m.first, m.last, m.start, m.end))
            continue
        h = m.get("org_head")
        if h is None:
            continue
        kind, pattern = h.value
        sent = tokens[m.first].sent
        country: CountryMention | None = None
        first, last = m.first, m.last
        # Country before the head: "kasachische Botschaft", "Kazakhstan's embassy", "Russian army".
        before = country_ending_at.get(m.first)
        if before is None and m.first >= 2 and tokens[m.first - 1].lower == "s":
            before = country_ending_at.get(m.first - 1)
        host_before: str | None = None
        if before is not None and before.located and gz.lang in AGGLUTINATIVE:
            # "Қазақстанның Украинадағы елшілігі": the host, in the locative, between the country and the head
            host_before, before = before.code, country_ending_at.get(before.first)
        if before is not None and tokens[before.first].sent == sent and before.kind != "capital":
            country, first = before, before.first
        else:
            # Country after the head, in the genitive: "Botschaft der Republik Kasachstan",
            # "Embassy of Kazakhstan", "посольство Казахстана".
            j = m.last
            while j < len(tokens) and j - m.last < 2 and tokens[j].sent == sent and (
                tokens[j].lower in det or tokens[j].lower in of_words
            ):
                j += 1
            after = country_at.get(j)
            if after is not None and after.kind in ("name", "gov") and not after.located:
                country, last = after, after.last
        if country is None:
            continue
        host: str | None = host_before if kind == "embassy" and host_before != country.code else None
        if kind == "embassy" and host is None:
            # "… in der Ukraine", "… in Ukraine", "… в Украине"
            j = last
            skipped = 0
            while j < len(tokens) and skipped < 3 and tokens[j].sent == sent and j not in country_at:
                if tokens[j].lower not in det and tokens[j].lower not in gz.words("loc"):
                    break
                j += 1
                skipped += 1
            hc = country_at.get(j)
            if hc is not None and hc.located and hc.code != country.code:
                host, last = hc.code, hc.last
            elif hc is None and skipped and (pm := by_first.get(j)) is not None:
                # "посольство Узбекистана в Киеве", "Botschaft in Kiew": the city names the host country.
                pl = pm.get("place")
                cap = pm.get("country")
                code = pl.value[1] if pl is not None else cap.value[0] if cap is not None and cap.value[1] == "capital" else None
                if code and code != country.code:
                    host, last = code, pm.last
        name = pattern.format(country=english_name(country.code))
        if host:
            name += f" in {english_name(host)}"
        key = f"{kind}:{pattern}:{country.code}:{host or ''}"
        out.append(OrgMention(key, name, kind, country.code, host, first, last,
                              tokens[first].start, tokens[last - 1].end))
    return out


def merge(mentions: Sequence[OrgMention], text: str) -> list[Organisation]:
    """One Organisation per real organisation; an embassy named without its host joins the hosted one."""
    orgs: dict[str, Organisation] = {}
    hosted: dict[tuple[str, str], str] = {}
    for om in mentions:
        if om.host:
            hosted.setdefault((om.name.split(" in ")[0], om.country or ""), om.key)
    for om in mentions:
        key = om.key
        if om.kind == "embassy" and not om.host:
            key = hosted.get((om.name, om.country or ""), key)
        org = orgs.get(key)
        if org is None:
            org = orgs[key] = Organisation(om.name, om.kind, om.country, [], om.host, [], key)
        if om.host and not org.host_country:
            org.name, org.host_country = om.name, om.host
        org.spans.append((om.start, om.end))
        surface = text[om.start:om.end]
        if surface not in org.mentions:
            org.mentions.append(surface)
    result = list(orgs.values())
    for o in result:
        o.spans.sort()
    result.sort(key=lambda o: o.spans[0])
    return result
