"""Events: a trigger word plus whatever the same sentence says about it.

A trigger only becomes an event when the sentence anchors it to something
concrete (a date, a count, a named person, a place, the two sides of an
exchange). Essayistic text is full of generic talk ("journalists are
detained", "the recruitment of Kazakhs") that must not turn into records.
"""

from __future__ import annotations

import re
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
# An interview the sentence points to on a video platform has been published.
_PLATFORM = re.compile(r"youtube|youtu\.be|ютуб|rutube|тікток|tiktok", re.I)
# These types already demand a participant with the right role, so the whole sentence counts.
_ROLE_GATED = {"consular_meeting", "detention_of_journalist"}
_COMMENTATORS = {
    "lawyer", "spokesperson", "ambassador", "consul", "chargé d'affaires", "diplomat", "president", "prime minister",
    "minister", "foreign minister", "ombudsman", "head", "representative", "author", "human rights defender",
}
_TEMPORAL = {"vor", "nach", "seit", "before", "after", "since", "до", "после", "перед", "після", "від"}
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
    headline: bool = False
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


def _parties(tokens: Sequence[Token], trig: Match, countries: Sequence[CountryMention], gz: Gazetteer,
             text: str) -> list[str]:
    """ "zwischen der Ukraine und Russland", "between Ukraine and Russia", "между Украиной и Россией"."""
    between, and_words, det = gz.words("between"), gz.words("and"), gz.words("det")
    by_first = {c.first: c for c in countries}
    sent = tokens[trig.first].sent
    by_last = {c.last: c for c in countries}
    # "Ukraine and Russia exchanged prisoners", "Die Ukraine und Russland haben am Montag … ausgetauscht":
    # the two sides as the subject of the clause.
    for b in sorted((c for c in countries if c.last <= trig.first and trig.first - c.last <= 10
                     and tokens[c.first].sent == sent and c.kind in ("name", "gov", "capital")),
                    key=lambda c: -c.first):
        if "," in text[tokens[b.last - 1].end:tokens[trig.first].start] or b.first < 2:
            continue
        j = b.first - 1
        while j > 0 and tokens[j].lower in det:
            j -= 1
        if tokens[j].lower not in and_words:
            continue
        a = by_last.get(j)
        if a is not None and a.code != b.code and tokens[a.first].sent == sent and a.kind in ("name", "gov", "capital"):
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
         dates: Sequence[DateMention], counts: Sequence[CountMention], persons: Sequence[PersonMention], *,
         raw: str | None = None, meta_end: int = 0, headline_end: int = 0) -> list[Event]:
    modal = gz.words("modal")
    intent = gz.words("intent")
    raw = text if raw is None else raw
    # The date of a "Title | Author. 22.04.2025." line or front matter is the publication date, not an event's.
    dates = [d for d in dates if d.start >= meta_end]
    date_tokens = {k for d in dates for k in range(d.first, d.last)}  # "May 14" is not the modal "may"
    person_spans: list[tuple[PersonMention, int, int]] = []
    for pm in persons:
        for s, e in pm.person.spans:
            first = next((t.index for t in tokens if t.start >= s), None)
            if first is not None and tokens[first].start < e:
                person_spans.append((pm, first, tokens[first].sent))
    speech = gz.words("speech")
    speakers: set[int] = set()
    for _pm, first, _s in person_spans:
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].start < _span_end(_pm, tokens[first].start):
            last += 1
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        before = tokens[first - 1] if first > 0 else None
        if (after is not None and after.sent == tokens[first].sent and after.lower in speech) or (
                before is not None and before.sent == tokens[first].sent and before.lower in speech):
            speakers.add(first)
    drafts: list[_Draft] = []
    for si, sent in enumerate(sentences):
        trigs = [m for m in matches if m.has("trigger") and tokens[m.first].sent == si]
        if not trigs:
            continue
        sent_text = text[sent.start:sent.end].rstrip()
        hypothetical = sent_text.endswith("?") or any(tokens[k].lower in modal and k not in date_tokens
                                                      for k in range(sent.first, sent.last))
        intents = [k for k in range(sent.first, sent.last) if tokens[k].lower in intent]
        headline = sent.start < max(meta_end, headline_end)
        on_video = bool(_PLATFORM.search(raw, sent.start, sent.end))
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
        released_thing = gz.words("released_thing")
        for t in trigs:
            ttype = t.get("trigger").value  # type: ignore[union-attr]
            if ttype == "release" and t.first > sent.first and tokens[t.first - 1].lower in released_thing:
                continue  # "a video released by …", "Video veröffentlicht" is no release of a person
            types.setdefault(ttype, t)
        exch = types.get("prisoner_exchange")
        rel = types.get("release")
        if exch is not None and rel is not None:
            parties = _parties(tokens, exch, countries, gz, text)
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
        rivals = [t for ty, t in types.items() if ty not in _ROLE_GATED]

        def gap_to(it, t: Match) -> int:  # type: ignore[no-untyped-def]
            # tokens in between, and a clause boundary (comma, semicolon, dash) counts as ten
            if it.last <= t.first:
                lo, hi, d = tokens[it.last - 1].end, tokens[t.first].start, t.first - it.last + 1
            elif it.first >= t.last:
                lo, hi, d = tokens[t.last - 1].end, tokens[it.first].start, it.first - t.last + 1
            else:
                return 0
            return d + 10 * sum(text.count(ch, lo, hi) for ch in ",;–—")

        def mine(items: Sequence, trig: Match, rivals: list[Match] = rivals) -> list:  # type: ignore[type-arg]
            """Dates and places closer to another trigger of the sentence belong to that one
            ("Im Dezember geriet er bei Awdijiwka in Gefangenschaft, im März kam er … frei")."""
            if len(rivals) < 2 or trig not in rivals:
                return list(items)
            return [it for it in items if all(gap_to(it, trig) <= gap_to(it, t) for t in rivals)]

        def closest(items: Sequence, trig: Match):  # type: ignore[no-untyped-def,type-arg]
            """The nearest item in clause-aware distance; on a tie the one after the trigger."""
            if len(items) == 1:
                return _nearest(items, trig.first)  # the only one in the sentence, clauses aside
            scored = [(gap_to(it, trig), 0 if it.first > trig.first else 1, it) for it in items]
            scored = [x for x in scored if x[0] <= 60]
            return min(scored, key=lambda x: x[:2])[2] if scored else None

        for etype, trig in types.items():
            # Only people named close to the trigger take part in it; a head of state
            # quoted in the same long sentence is not the one being prosecuted.
            s_persons: list[PersonMention] = []
            near_hits = [(pm, first) for pm, first in s_person_hits
                         if etype in _ROLE_GATED or abs(first - trig.first) <= _PERSON_WINDOW]
            # "Sita Testgurung said her husband, Bikash Testgurung, was captured": when someone else is named,
            # the speaker only tells of the event ("Bishal said he was recruited" keeps Bishal).
            told = etype not in ("interview_published", "consular_meeting") and any(
                f not in speakers for _, f in near_hits)
            for pm, first in near_hits:
                if told and first in speakers:
                    continue
                if all(pm is not q for q in s_persons):
                    s_persons.append(pm)
            ev = Event(type=etype)
            ev.spans.append((trig.start, trig.end))
            d = closest(mine(s_dates, trig), trig)
            if d is not None:
                ev.date, ev.date_approximate, ev.date_relation = d.value, d.approximate, d.relation
            cnt = _nearest(s_counts, trig.first)
            if cnt is not None and etype not in ("consular_meeting", "detention_of_journalist"):
                ev.count, ev.counted, ev.nationality = cnt.value, cnt.noun, cnt.country
            pl = closest(mine(s_places, trig), trig)
            if pl is not None:
                ev.place = pl.name
            ev.countries = list(s_countries)
            if etype == "prisoner_exchange":
                ev.parties = _parties(tokens, trig, countries, gz, text)
            if ev.count is not None:
                ev.fought_for = _fought_for(tokens, si, gz, s_orgs, countries)
            ev.organisations = list(dict.fromkeys(o.name for o in s_orgs if o.kind != "armed_forces"))
            if etype == "detention_of_journalist":
                ps = [pm for pm in s_persons if set(pm.person.roles) & _JOURNALISTIC]
                if not ps:
                    continue
            elif etype == "consular_meeting":
                # The diplomats and the people they visit; not whoever reports the visit.
                ps = [pm for pm in s_persons if is_diplomat(pm.person)
                      or not set(pm.person.roles) & (_COMMENTATORS | _JOURNALISTIC)]
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
            elif etype in ("interview_published", "prosecution"):
                # Officials, lawyers and spokespeople comment on captures and trials; they are not their subjects.
                ps = [pm for pm in s_persons if not set(pm.person.roles) & _COMMENTATORS]
            else:
                # … and the journalist who interviewed a prisoner was not captured or recruited with him.
                ps = [pm for pm in s_persons if not set(pm.person.roles) & (_COMMENTATORS | _JOURNALISTIC)]
            ev.persons = [pm.person.name for pm in ps]
            for pm in ps:
                st = _STATUS.get(etype)
                if st and st not in pm.person.statuses:
                    pm.person.statuses.append(st)
            # "promised to secure the return of …", "urged Moscow to stop recruiting": what is promised or
            # demanded has not happened.
            wished = any(k < trig.first for k in intents)
            # "vor dem Austausch", "after the swap", "после обмена": a time reference to an event told elsewhere.
            j = trig.first - 1
            while j >= sent.first and tokens[j].lower in gz.words("det"):
                j -= 1
            wished = wished or (j >= sent.first and tokens[j].lower in _TEMPORAL and etype == "prisoner_exchange")
            anchored = not hypothetical and not wished and bool(
                ev.date or ev.count is not None or ev.persons or ev.place or ev.parties
                or (etype == "interview_published" and on_video and _one_interview(tokens, trig, raw))
            )
            if (hypothetical or wished) and not ev.persons:
                continue
            drafts.append(_Draft(ev, anchored, trig.first, si, headline))
    return _merge(drafts)


def _span_end(pm: PersonMention, start: int) -> int:
    return next((e for s, e in pm.person.spans if s == start), start)


def _one_interview(tokens: Sequence[Token], trig: Match, raw: str) -> bool:
    """ "Full interview on our YouTube channel": one interview, with the platform right after it.
    Talk about interviews in general ("Interviews …, die bereits auf YouTube veröffentlicht wurden") is no event."""
    word = tokens[trig.last - 1].lower
    if word in ("interviews", "videointerviews"):
        return False
    last = tokens[min(len(tokens) - 1, trig.last + 10)]
    return bool(_PLATFORM.search(raw, tokens[trig.first].start, last.end))


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
    # A headline summarises the story below it: its event is the body's event of the same type when there is one.
    body_types = {d.event.type for d in drafts if d.anchored and not d.headline}
    # "… kommen frei", "вернулись домой после обмена": a headline release is the body's exchange.
    for d in drafts:
        if d.headline and d.event.type == "release" and "release" not in body_types and "prisoner_exchange" in body_types:
            d.event.type = "prisoner_exchange"
    lead: list[Event] = []
    for d in drafts:
        if d.headline and d.event.type not in body_types and d.anchored:
            if all(not _compatible(e, d.event) for e in lead):
                lead.append(d.event)
                continue
    for d in drafts:
        if not d.anchored or d.headline:
            continue
        for e in events:
            if _compatible(e, d.event):
                _absorb(e, d.event)
                break
        else:
            events.append(d.event)
    for d in drafts:
        if d.headline and d.event.type in body_types:
            target = next((e for e in events if e.type == d.event.type and _compatible(e, d.event)), None)
            target = target or next(e for e in events if e.type == d.event.type)
            if target.count is None and d.anchored and d.event.count is not None:
                target.count, target.counted, target.nationality = d.event.count, d.event.counted, d.event.nationality
            target.spans.extend(d.event.spans)
    events = lead + events
    # Unanchored mentions ("dieses Treffens") only add evidence to an event already found.
    for d in drafts:
        if d.anchored or d.headline:
            continue
        same = [e for e in events if e.type == d.event.type and _compatible(e, d.event)
                and (not d.event.countries or not e.countries or set(d.event.countries) & set(e.countries))]
        if len(same) == 1:
            same[0].spans.extend(d.event.spans)
    for e in events:
        e.spans = sorted(set(e.spans))
    return events
