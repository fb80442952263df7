"""Events: a trigger word plus whatever the same sentence says about it.

A trigger only becomes an event when the sentence anchors it to something
concrete (a date, a count, a named person, a place, the two sides of an
exchange). Essayistic text is full of generic talk ("journalists are
detained", "the recruitment of Kazakhs") that must not turn into records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .countries import CountryMention, PlaceMention
from .counts import CountMention
from .dates import DateMention
from .gazetteer import Gazetteer, Match
from .model import Event
from .organisations import OrgMention
from .persons import PersonMention, is_diplomat
from .text import Sentence, Token

_PERSON_WINDOW = 15  # tokens
# These types already demand a participant with the right role, so the whole sentence counts.
_ROLE_GATED = {"consular_meeting", "detention_of_journalist"}
_COMMENTATORS = {
    "lawyer", "spokesperson", "ambassador", "consul", "chargé d'affaires", "diplomat", "president", "prime minister",
    "minister", "foreign minister", "ombudsman", "head", "representative", "author", "human rights defender",
}
_DIPLOMATIC_ROLES = {"ambassador", "consul", "chargé d'affaires"}
_JOURNALISTIC = {"journalist", "blogger"}
_STATUS = {
    "detention_of_journalist": "detained",
    "release": "released",
    "prisoner_exchange": "released",
    "capture": "captured",
    "prosecution": "prosecuted",
}


@dataclass
class _Draft:
    event: Event
    anchored: bool
    trigger_first: int
    sent: int
    extra_spans: list[tuple[int, int]] = field(default_factory=list)


def _nearest(items: Sequence, idx: int, limit: int = 30):  # type: ignore[no-untyped-def]
    """The item closest to token ``idx``; on a tie the one after it ("recruited in X and captured near Y")."""
    best, dist = None, (limit + 1, 0)
    for it in items:
        d = (min(abs(it.first - idx), abs(it.last - 1 - idx)), 0 if it.first > idx else 1)
        if d < dist:
            best, dist = it, d
    return best


def _fought_for(tokens: Sequence[Token], si: int, gz: Gazetteer, orgs: Sequence[OrgMention],
                countries: Sequence[CountryMention]) -> str | None:
    """Whose forces the counted people served in: the army or country next to "gekämpft"/"воювали за"."""
    verbs = [t.index for t in tokens if t.sent == si and t.lower in gz.words("fought")]
    if not verbs:
        return None
    v = verbs[0]
    forces = [o for o in orgs if o.kind == "armed_forces" and o.country and abs(o.first - v) <= 10]
    if forces:
        return min(forces, key=lambda o: abs(o.first - v)).country
    after = [c for c in countries if tokens[c.first].sent == si and 0 < c.first - v <= 4 and not c.located]
    return after[0].code if after else None


def _parties(tokens: Sequence[Token], trig: Match, countries: Sequence[CountryMention], gz: Gazetteer) -> list[str]:
    """ "zwischen der Ukraine und Russland", "between Ukraine and Russia", "между Украиной и Россией"."""
    between, and_words, det = gz.words("between"), gz.words("and"), gz.words("det")
    by_first = {c.first: c for c in countries}
    sent = tokens[trig.first].sent
    by_last = {c.last: c for c in countries}
    # "Ukraine and Russia exchanged prisoners": the two sides as the subject.
    for end in range(trig.first, max(0, trig.first - 3), -1):
        b = by_last.get(end)
        if b is None or b.first < 2 or tokens[b.first - 1].lower not in and_words:
            continue
        a = by_last.get(b.first - 1)
        if a is not None and a.code != b.code and tokens[a.first].sent == sent:
            return [a.code, b.code]
    for k in range(max(0, trig.first - 8), min(len(tokens), trig.last + 8)):
        if tokens[k].lower not in between or tokens[k].sent != sent:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].lower in det:
            j += 1
        a = by_first.get(j)
        if a is None or a.last >= len(tokens) or tokens[a.last].lower not in and_words:
            continue
        j = a.last + 1
        while j < len(tokens) and tokens[j].lower in det:
            j += 1
        b = by_first.get(j)
        if b is not None and b.code != a.code:
            return [a.code, b.code]
    return []


def find(tokens: Sequence[Token], sentences: Sequence[Sentence], matches: Sequence[Match], text: str, gz: Gazetteer,
         countries: Sequence[CountryMention], places: Sequence[PlaceMention], orgs: Sequence[OrgMention],
         dates: Sequence[DateMention], counts: Sequence[CountMention], persons: Sequence[PersonMention]) -> list[Event]:
    modal = gz.words("modal")
    person_spans: list[tuple[PersonMention, int, int]] = []
    for pm in persons:
        for s, e in pm.person.spans:
            first = next((t.index for t in tokens if t.start >= s), None)
            if first is not None and tokens[first].start < e:
                person_spans.append((pm, first, tokens[first].sent))
    drafts: list[_Draft] = []
    for si, sent in enumerate(sentences):
        trigs = [m for m in matches if m.has("trigger") and tokens[m.first].sent == si]
        if not trigs:
            continue
        sent_text = text[sent.start:sent.end].rstrip()
        hypothetical = sent_text.endswith("?") or any(tokens[k].lower in modal for k in range(sent.first, sent.last))
        s_dates = [d for d in dates if tokens[d.first].sent == si]
        s_counts = [c for c in counts if tokens[c.first].sent == si]
        s_places = [p for p in places if tokens[p.first].sent == si]
        s_orgs = [o for o in orgs if tokens[o.first].sent == si]
        s_countries: list[str] = []
        for c in countries:
            if tokens[c.first].sent == si and c.code not in s_countries:
                s_countries.append(c.code)
        s_person_hits = [(pm, first) for pm, first, s in person_spans if s == si and "author" not in pm.person.roles]
        types: dict[str, Match] = {}
        for t in trigs:
            types.setdefault(t.get("trigger").value, t)  # type: ignore[union-attr]
        exch = types.get("prisoner_exchange")
        rel = types.get("release")
        if exch is not None and rel is not None:
            parties = _parties(tokens, exch, countries, gz)
            exch_date = _nearest(s_dates, exch.first)
            rel_date = _nearest(s_dates, rel.first)
            specific = bool(parties) or (exch_date is not None and exch_date is not rel_date) or (
                exch_date is not None and abs(exch_date.first - exch.first) < abs(exch_date.first - rel.first)
            )
            # "im Rahmen des kürzlich durchgeführten Gefangenenaustauschs zwischen …" is the exchange itself;
            # "die Freilassung eines Kirgisen im Rahmen eines Gefangenenaustauschs" is a release.
            if specific:
                del types["release"]
            else:
                del types["prisoner_exchange"]
        for etype, trig in types.items():
            # Only people named close to the trigger take part in it; a head of state
            # quoted in the same long sentence is not the one being prosecuted.
            s_persons: list[PersonMention] = []
            for pm, first in s_person_hits:
                near = etype in _ROLE_GATED or abs(first - trig.first) <= _PERSON_WINDOW
                if near and all(pm is not q for q in s_persons):
                    s_persons.append(pm)
            ev = Event(type=etype)
            ev.spans.append((trig.start, trig.end))
            d = _nearest(s_dates, trig.first)
            if d is not None:
                ev.date, ev.date_approximate, ev.date_relation = d.value, d.approximate, d.relation
            cnt = _nearest(s_counts, trig.first)
            if cnt is not None and etype not in ("consular_meeting", "detention_of_journalist"):
                ev.count, ev.counted, ev.nationality = cnt.value, cnt.noun, cnt.country
            pl = _nearest(s_places, trig.first)
            if pl is not None:
                ev.place = pl.name
            ev.countries = list(s_countries)
            if etype == "prisoner_exchange":
                ev.parties = _parties(tokens, trig, countries, gz)
            if ev.count is not None:
                ev.fought_for = _fought_for(tokens, si, gz, s_orgs, countries)
            ev.organisations = list(dict.fromkeys(o.name for o in s_orgs if o.kind != "armed_forces"))
            if etype == "detention_of_journalist":
                ps = [pm for pm in s_persons if set(pm.person.roles) & _JOURNALISTIC]
                if not ps:
                    continue
            elif etype == "consular_meeting":
                ps = [pm for pm in s_persons if is_diplomat(pm.person) or pm.person.roles]
                # "Посол встретился с ними": a bare diplomatic title refers back to the
                # last person introduced with that title.
                for m in matches:
                    r = m.get("role")
                    if r is None or tokens[m.first].sent != si or r.value not in _DIPLOMATIC_ROLES:
                        continue
                    earlier = [pm for pm in persons if r.value in pm.person.roles
                               and pm.person.spans and pm.person.spans[0][0] < m.start]
                    if earlier and all(earlier[-1] is not q for q in ps):
                        ps.append(earlier[-1])
                if not ps and not any(o.kind in ("embassy", "ministry") for o in s_orgs):
                    continue
                if not any(is_diplomat(pm.person) for pm in ps) and not any(o.kind == "embassy" for o in s_orgs):
                    continue
            else:
                # Officials, lawyers and spokespeople comment on captures and trials; they are not their subjects.
                ps = [pm for pm in s_persons if not set(pm.person.roles) & _COMMENTATORS]
            ev.persons = [pm.person.name for pm in ps]
            for pm in ps:
                st = _STATUS.get(etype)
                if st and st not in pm.person.statuses:
                    pm.person.statuses.append(st)
            anchored = not hypothetical and bool(ev.date or ev.count is not None or ev.persons or ev.place or ev.parties)
            if hypothetical and not ev.persons:
                continue
            drafts.append(_Draft(ev, anchored, trig.first, si))
    return _merge(drafts)


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    for f in ("count", "date", "nationality", "place"):
        va, vb = getattr(a, f), getattr(b, f)
        if va is not None and vb is not None and va != vb:
            return False
    return not (a.persons and b.persons and not set(a.persons) & set(b.persons))


def _absorb(a: Event, b: Event) -> None:
    for f in ("count", "counted", "nationality", "place", "fought_for"):
        if getattr(a, f) is None:
            setattr(a, f, getattr(b, f))
    if a.date is None and b.date is not None:
        a.date, a.date_approximate, a.date_relation = b.date, b.date_approximate, b.date_relation
    for f in ("countries", "parties", "persons", "organisations"):
        lst = getattr(a, f)
        for v in getattr(b, f):
            if v not in lst:
                lst.append(v)
    a.spans.extend(b.spans)


def _merge(drafts: list[_Draft]) -> list[Event]:
    events: list[Event] = []
    for d in drafts:
        if not d.anchored:
            continue
        for e in events:
            if _compatible(e, d.event):
                _absorb(e, d.event)
                break
        else:
            events.append(d.event)
    # Unanchored mentions ("dieses Treffens") only add evidence to an event already found.
    for d in drafts:
        if d.anchored:
            continue
        same = [e for e in events if e.type == d.event.type and _compatible(e, d.event)
                and (not d.event.countries or not e.countries or set(d.event.countries) & set(e.countries))]
        if len(same) == 1:
            same[0].spans.extend(d.event.spans)
    for e in events:
        e.spans = sorted(set(e.spans))
    return events
