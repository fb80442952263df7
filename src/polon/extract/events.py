"""Events: a trigger word plus whatever the same sentence says about it.

A trigger only becomes an event when the sentence anchors it to something
concrete (a date, a count, a named person, a place, the two sides of an
exchange). Essayistic text is full of generic talk ("journalists are
detained", "the recruitment of Kazakhs") that must not turn into records.
"""

from __future__ import annotations

import heapq
import itertools
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import morph
from .countries import CountryMention, PlaceMention
from .counts import CountMention
from .dates import DateMention
from .gazetteer import AGGLUTINATIVE, Gazetteer, Match
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
    "expert",
}
_THANKS_FOR = {"für", "for", "за"}
_PROSECUTING = ("Prosecutor General's Office", "Security Service")
_WAR = {"war", "invasion", "army", "forces", "side"}
_TEMPORAL = {"vor", "nach", "seit", "before", "after", "since", "до", "после", "перед", "після", "від"}
_DIPLOMATIC_ROLES = {"ambassador", "consul", "chargé d'affaires"}
_JOURNALISTIC = {"journalist", "blogger"}
# Where these happen is the state that acts (the court's, the police's, the host of a visit, the recruiter's),
# so the country of their location takes part in them; a capture or an exchange merely happens somewhere.
_HOSTED = {"prosecution", "detention_of_journalist", "consular_meeting", "recruitment"}
_UNCOUNTED = {"consular_meeting", "detention_of_journalist", "interview_published"}  # counts nobody
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


def _fought_for(tokens: Sequence[Token], sent: Sentence, gz: Gazetteer, orgs: Sequence[OrgMention],
                countries: Sequence[CountryMention]) -> str | None:
    """Whose forces the counted people served in: the army or country next to "gekämpft"/"воювали за".
    ``orgs`` and ``countries`` are those of the sentence."""
    fought = gz.words("fought")
    v = next((k for k in range(sent.first, sent.last) if tokens[k].lower in fought), None)
    if v is None:
        return None
    forces = [o for o in orgs if o.kind == "armed_forces" and o.country and abs(o.first - v) <= 10]
    if forces:
        return min(forces, key=lambda o: abs(o.first - v)).country
    if gz.lang in AGGLUTINATIVE:  # the verb comes last: "Ресей жағында соғысқан"
        before = [c for c in countries if 0 < v - c.last + 1 <= 4 and not c.located]
        return before[-1].code if before else None
    # "fought for Russia", "fought as mercenaries in Russia's war": the possessive names the side
    after = [c for c in countries if 0 < c.first - v <= 4 and (not c.located or (
        c.last < sent.last and tokens[c.last].lower == "s" and c.last + 1 < sent.last and tokens[c.last + 1].lower in _WAR))]
    return after[0].code if after else None


class _Countries:
    """The country mentions by the token they start and end at (the last mention wins), and by sentence."""

    def __init__(self, tokens: Sequence[Token], countries: Sequence[CountryMention]) -> None:
        self.by_first = {c.first: c for c in countries}
        self.by_last = {c.last: c for c in countries}
        self.by_sent: dict[int, list[CountryMention]] = defaultdict(list)
        for c in countries:
            self.by_sent[tokens[c.first].sent].append(c)


def _parties(tokens: Sequence[Token], trig: Match, countries: _Countries, gz: Gazetteer, text: str) -> list[str]:
    """ "zwischen der Ukraine und Russland", "between Ukraine and Russia", "между Украиной и Россией"."""
    between, and_words, det = gz.words("between"), gz.words("and"), gz.words("det")
    by_first, by_last = countries.by_first, countries.by_last
    sent = tokens[trig.first].sent
    # "Ukraine and Russia exchanged prisoners", "Die Ukraine und Russland haben am Montag … ausgetauscht":
    # the two sides as the subject of the clause.
    for b in sorted((c for c in countries.by_sent.get(sent, ()) if c.last <= trig.first and trig.first - c.last <= 10
                     and c.kind in ("name", "gov", "capital")),
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
        second = by_first.get(j)
        if second is not None and second.code != a.code:
            return [a.code, second.code]
    return []


def _bystanders(tokens: Sequence[Token], sent: Sentence, countries: Sequence[CountryMention], gz: Gazetteer,
                text: str) -> dict[int, str]:
    """Country mentions of a sentence that name no participant, by first token, with the reason: the war's
    target ("gegen die Ukraine", "Украинаға қарсы"), a source ("according to Moscow", "по данным Киева") and
    a clause that only says who reported ("…, the embassy said", "…, повідомив МЗС Узбекистану")."""
    against, attribution, speech = gz.words("against"), gz.words("attribution"), gz.words("speech")
    out: dict[int, str] = {}
    clause_of: list[int] = []  # clause number of each token of the sentence
    clause = 0
    for k in range(sent.first, sent.last):
        if k > sent.first and any(ch in text[tokens[k - 1].end:tokens[k].start] for ch in ",;:–—("):
            clause += 1
        clause_of.append(clause)
    speech_clauses = {clause_of[k - sent.first] for k in range(sent.first, sent.last) if tokens[k].lower in speech}
    fought = gz.words("fought")
    fighting = [k for k in range(sent.first, sent.last) if tokens[k].lower in fought]
    for c in countries:
        j = c.first - 1
        while j >= sent.first and tokens[j].lower in gz.words("det"):
            j -= 1
        if (j >= sent.first and tokens[j].lower in against) or (c.last < sent.last and tokens[c.last].lower in against):
            out[c.first] = "against"
            continue
        cl = clause_of[c.first - sent.first]
        if c.located and any(clause_of[k - sent.first] == cl and -4 <= c.first - k <= 6 for k in fighting):
            out[c.first] = "war"  # "воевавшего на стороне России в Украине", "in der Ukraine gekämpft": where they fought
            continue
        if any(tokens[k].lower in attribution and clause_of[k - sent.first] == cl
               for k in range(max(sent.first, c.first - 5), min(sent.last, c.last + 1))):
            out[c.first] = "attribution"
        elif cl in speech_clauses:
            out[c.first] = "speech"
    return out


def _mediator(tokens: Sequence[Token], sent: Sentence, countries: Sequence[CountryMention], gz: Gazetteer) -> str | None:
    """ "unter Vermittlung der Vereinigten Arabischen Emirate", "mediated by the UAE", "UAE-brokered",
    "при посредничестве ОАЭ", "за посередництва ОАЕ"."""
    words = gz.words("mediation")
    for k in range(sent.first, sent.last):
        if tokens[k].lower not in words:
            continue
        # "mediated by the UAE"; "dankte den Emiraten für die Vermittlung", "thanked the UAE for mediating"
        near = [c for c in countries if 0 < c.first - k <= 5 or c.last == k or (
            0 < k - c.last <= 2 and all(tokens[j].lower in _THANKS_FOR or tokens[j].lower in gz.words("det")
                                        for j in range(c.last, k)))]
        if near:
            return min(near, key=lambda c: abs(c.first - k)).code
    return None


def _participle_noun(lang: str, tokens: Sequence[Token], trig: Match) -> bool:
    """A one-word ru/uk trigger read as a full participle that no noun follows: "засудженого", "осужденного"."""
    if lang not in morph.MORPH_LANGS or trig.last - trig.first != 1:
        return False
    ps = morph.parses(lang, tokens[trig.first].lower)
    if not ps or ps[0].tag.POS not in ("PRTF", "ADJF"):
        return False
    nxt = tokens[trig.last] if trig.last < len(tokens) and tokens[trig.last].sent == tokens[trig.first].sent else None
    return nxt is None or nxt.is_cap or not any(p.tag.POS == "NOUN" for p in morph.parses(lang, nxt.lower)[:1])


def _written_about(tokens: Sequence[Token], sent: Sentence, trig: Match, gz: Gazetteer) -> bool:
    """ "журналист, писавший о вербовке граждан", "a reporter who wrote about the recruitment": the topic of
    someone's writing, not an event; Kazakh puts "туралы жазған" after it."""
    topic, wrote = gz.words("topic"), gz.words("wrote")
    k = trig.first - 1
    while k >= sent.first and tokens[k].lower in gz.words("det"):
        k -= 1
    if k > sent.first and tokens[k].lower in topic and tokens[k - 1].lower in wrote:
        return True
    after = [tokens[j].lower for j in range(trig.last, min(sent.last, trig.last + 4))]
    return any(w == "туралы" for w in after) and any(w in wrote for w in after)


def _trigger_countries(tokens: Sequence[Token], trig: Match, gz: Gazetteer) -> list[str]:
    """ "in ukrainische Gefangenschaft", "из российского плена": a country inside the trigger words is the side
    holding the prisoners."""
    if trig.last - trig.first < 2:
        return []
    out: list[str] = []
    for k in range(trig.first, trig.last):  # word by word: the whole phrase would only match the trigger again
        out.extend(gz.countries_of_word(tokens[k]))
    return out


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
    starts = [t.start for t in tokens]
    # (person, first token of the mention, its sentence, where the mention ends)
    person_spans: list[tuple[PersonMention, int, int, int]] = []
    for pm in persons:
        ends: dict[int, int] = {}  # span start -> end of the person's first span starting there
        for s, e in pm.person.spans:
            ends.setdefault(s, e)
        for s, e in pm.person.spans:
            first = bisect_left(starts, s)
            if first < len(tokens) and tokens[first].start < e:
                person_spans.append((pm, first, tokens[first].sent, ends.get(tokens[first].start, tokens[first].start)))
    speech = gz.words("speech")
    speakers: set[int] = set()
    for _pm, first, _s, end in person_spans:
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].start < end:
            last += 1
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        before = tokens[first - 1] if first > 0 else None
        if (after is not None and after.sent == tokens[first].sent and after.lower in speech) or (
                before is not None and before.sent == tokens[first].sent and before.lower in speech):
            speakers.add(first)
    # Everything a sentence holds, filed by sentence once, in text order.
    s_matches = _by_sentence(tokens, matches)
    s_all_dates, s_all_counts = _by_sentence(tokens, dates), _by_sentence(tokens, counts)
    s_all_places, s_all_orgs = _by_sentence(tokens, places), _by_sentence(tokens, orgs)
    country_index = _Countries(tokens, countries)
    s_all_person_hits: dict[int, list[tuple[PersonMention, int]]] = defaultdict(list)
    for pm, first, s, _end in person_spans:
        if "author" not in pm.person.roles:
            s_all_person_hits[s].append((pm, first))
    # Persons holding each role with a span, in order of their first span (as ``persons`` is sorted).
    by_role: dict[str, list[PersonMention]] = defaultdict(list)
    for pm in persons:
        if pm.person.spans:
            for r in dict.fromkeys(pm.person.roles):
                by_role[r].append(pm)
    _carry_nationality(tokens, sentences, text, s_all_counts, s_all_person_hits)
    drafts: list[_Draft] = []
    told_types: set[str] = set()  # types of the events told so far in the body
    for si, sent in enumerate(sentences):
        trigs = [m for m in s_matches.get(si, ()) if m.has("trigger")]
        if not trigs:
            continue
        sent_text = text[sent.start:sent.end].rstrip()
        hypothetical = sent_text.endswith("?") or any(tokens[k].lower in modal and k not in date_tokens
                                                      for k in range(sent.first, sent.last))
        intents = [k for k in range(sent.first, sent.last) if tokens[k].lower in intent]
        headline = sent.start < max(meta_end, headline_end)
        on_video = bool(_PLATFORM.search(raw, sent.start, sent.end))
        s_dates = s_all_dates.get(si, [])
        s_counts = s_all_counts.get(si, [])
        s_places = s_all_places.get(si, [])
        s_orgs = s_all_orgs.get(si, [])
        s_mentions = country_index.by_sent.get(si, [])
        bystanders = _bystanders(tokens, sent, s_mentions, gz, text) if s_mentions else {}
        s_located = [c for c in s_mentions if c.located and c.first not in bystanders]
        s_named = [c for c in s_mentions if not c.located and c.first not in bystanders]
        mediator = _mediator(tokens, sent, s_mentions, gz) if s_mentions else None
        s_person_hits = s_all_person_hits.get(si, [])
        types: dict[str, Match] = {}
        released_thing = gz.words("released_thing")
        for t in trigs:
            ttype = t.get("trigger").value  # type: ignore[union-attr]
            if _written_about(tokens, sent, t, gz):
                continue
            if ttype == "release" and t.first > sent.first and tokens[t.first - 1].lower in released_thing:
                continue  # "a video released by …", "Video veröffentlicht" is no release of a person
            types.setdefault(ttype, t)
        exch = types.get("prisoner_exchange")
        rel = types.get("release")
        if exch is not None and rel is not None:
            parties = _parties(tokens, exch, country_index, gz, text)
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
            if cnt is not None and etype not in _UNCOUNTED:
                ev.count, ev.counted, ev.nationality = cnt.value, cnt.noun, cnt.country
                ev.count_approximate = cnt.approximate
            elif cnt is not None and etype == "interview_published":
                ev.nationality = cnt.country  # whose citizen speaks; an interview counts no one
            pl = closest(mine(s_places, trig), trig)
            if pl is not None:
                ev.place = pl.name
                ev.location = pl.country
            else:
                loc = closest(mine(s_located, trig), trig)
                ev.location = loc.code if loc is not None else None
            if ev.location is None and etype in ("prosecution", "detention_of_journalist"):
                # "Kyrgyzstan's security service has opened criminal cases": a state's prosecutors act at home
                acting = [o.country for o in s_orgs if o.country and o.name.startswith(_PROSECUTING)]
                ev.location = acting[0] if len(set(acting)) == 1 else None
            if etype == "prisoner_exchange":
                ev.parties = _parties(tokens, trig, country_index, gz, text)
                ev.mediator = mediator
            if ev.count is not None:
                ev.fought_for = _fought_for(tokens, sent, gz, s_orgs, country_index.by_sent.get(si, []))
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
                for m in s_matches.get(si, ()):
                    r = m.get("role")
                    if r is None or r.value not in _DIPLOMATIC_ROLES:
                        continue
                    holders = by_role.get(r.value, [])
                    k = bisect_left(holders, m.start, key=lambda pm: pm.person.spans[0][0])
                    if k and all(holders[k - 1] is not q for q in ps):
                        ps.append(holders[k - 1])
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
            ev.countries = _participants(ev, etype, [c.code for c in mine(s_named, trig)], ps, s_orgs,
                                         _trigger_countries(tokens, trig, gz))
            # "За словами матері засудженого …": a participle standing for the person of an event already told
            # names that person; it tells of no new event.
            referring = etype in told_types and _participle_noun(gz.lang, tokens, trig)
            for pm in ([] if referring else ps):
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
            anchored = not hypothetical and not wished and not referring and bool(
                ev.date or ev.count is not None or ev.persons or ev.place or ev.parties
                or (etype == "interview_published" and on_video and _one_interview(tokens, trig, raw))
                # "Консулы посольства … посетили … четырех граждан республики": the visited people are counted
                or (etype == "consular_meeting" and cnt is not None and cnt.country is not None)
            )
            if (hypothetical or wished) and not ev.persons:
                continue
            drafts.append(_Draft(ev, anchored, trig.first, si, headline))
            if anchored and not headline:
                told_types.add(etype)
    _continue_events(tokens, sentences, text, gz, drafts, s_matches, s_all_counts)
    events = _merge(drafts)
    # "Selenskyj dankte den Vereinigten Arabischen Emiraten für die Vermittlung": mediation told in a sentence
    # of its own belongs to the one exchange of the text.
    exchanges = [e for e in events if e.type == "prisoner_exchange"]
    if len(exchanges) == 1 and exchanges[0].mediator is None:
        loose = {m for si, sent in enumerate(sentences) if si not in s_matches or not any(
                     x.has("trigger") for x in s_matches[si])
                 for m in [_mediator(tokens, sent, country_index.by_sent.get(si, []), gz)] if m}
        if len(loose) == 1:
            ev = exchanges[0]
            ev.mediator = loose.pop()
            if ev.mediator not in ev.countries:
                ev.countries.append(ev.mediator)
    return events


# Events whose people later sentences go on to count: the sides' numbers, the nationalities among them.
_CONTINUED = {"prisoner_exchange", "release", "capture"}


def _new_paragraph(text: str, sentences: Sequence[Sentence], si: int) -> bool:
    return si > 0 and "\n" in text[sentences[si - 1].end:sentences[si].start]


def _opens_with(tokens: Sequence[Token], sent: Sentence, words: set[str], within: int = 2) -> bool:
    return any(tokens[k].lower in words for k in range(sent.first, min(sent.last, sent.first + within)))


def _continue_events(tokens: Sequence[Token], sentences: Sequence[Sentence], text: str, gz: Gazetteer,
                     drafts: list[_Draft], s_matches: dict[int, list], s_counts: dict[int, list]) -> None:
    """The discourse step: the sentences after an exchange, a release or a capture, up to the next sentence with
    an event word or the end of the paragraph, go on telling of the same people ("Kyjiw erhielt 205 Soldaten
    zurück, Moskau ebenfalls 205."). A count there is the event's when it has none; a count of another
    nationality in a sentence opening with "among" ("Among those returned to Russia were four citizens of
    Kazakhstan", "Среди вернувшихся — трое граждан Казахстана") is a group among its people: their state takes
    part and the group is kept in ``among``. Such a sentence may open the next paragraph; its own release
    words ("Unter den Freigelassenen …") are the same people coming home, not another event."""
    among = gz.words("among")
    by_sent: dict[int, list[_Draft]] = defaultdict(list)
    for d in drafts:
        by_sent[d.sent].append(d)
    current: _Draft | None = None
    dropped: set[int] = set()
    for si, sent in enumerate(sentences):
        opens_among = _opens_with(tokens, sent, among)
        if _new_paragraph(text, sentences, si) and not opens_among:
            current = None
        if any(m.has("trigger") for m in s_matches.get(si, ())):
            own = by_sent.get(si, [])
            if current is not None and opens_among and current.event.type == "prisoner_exchange" and own \
                    and all(d.event.type == "release" for d in own):
                dropped.update(id(d) for d in own)  # the returnees of the exchange just told
            else:
                told = [d for d in own if d.anchored and not d.headline and d.event.type in _CONTINUED]
                current = told[0] if len(told) == 1 else None
                continue
        if current is None:
            continue
        ev = current.event
        for cnt in s_counts.get(si, ()):
            if opens_among or (cnt.country is not None and ev.nationality is not None and cnt.country != ev.nationality):
                if cnt.country is None:
                    continue
                group = {"count": cnt.value, "count_approximate": cnt.approximate, "counted": cnt.noun,
                         "nationality": cnt.country}
                if group not in ev.among:
                    ev.among.append(group)
                if cnt.country not in ev.countries:
                    ev.countries.append(cnt.country)
            elif ev.count is None:
                ev.count, ev.count_approximate, ev.counted = cnt.value, cnt.approximate, cnt.noun
                # "kehrten 84 ukrainische Soldaten zurück": a side's number, not whose citizens were counted
                if cnt.country is not None and cnt.country not in ev.parties:
                    ev.nationality = ev.nationality or cnt.country
                    if cnt.country not in ev.countries:
                        ev.countries.append(cnt.country)
            ev.spans.append((cnt.start, cnt.end))
    if dropped:
        drafts[:] = [d for d in drafts if id(d) not in dropped]


def _carry_nationality(tokens: Sequence[Token], sentences: Sequence[Sentence], text: str,
                       s_counts: dict[int, list], s_person_hits: dict[int, list]) -> None:
    """ "… einen 34-jährigen Kirgisen verurteilt. Nach Angaben der Staatsanwaltschaft war Almasbek Testaliew …":
    one unnamed person of a stated nationality, and in the next sentence of the paragraph a single newly named
    person the text ties to no state and gives no role: he is that person, and of that nationality."""
    for si in range(len(sentences) - 1):
        ones = [c for c in s_counts.get(si, ()) if c.value == 1 and not c.approximate and c.country]
        if len(ones) != 1 or s_person_hits.get(si) or _new_paragraph(text, sentences, si + 1):
            continue
        new = {id(pm): pm for pm, first in s_person_hits.get(si + 1, ())
               if not pm.person.roles and pm.person.spans and tokens[first].start == pm.person.spans[0][0]}
        if len(new) == 1:
            pm = next(iter(new.values()))
            if not pm.person.countries:
                pm.person.countries.append(ones[0].country)


def _participants(ev: Event, etype: str, named: list[str], persons: Sequence[PersonMention],
                  orgs: Sequence[OrgMention], held_by: list[str]) -> list[str]:
    """The states taking part: those the sentence names other than as a location, a source or the war's
    target; the persons' states; whose citizens are counted and whom they fought for; the two sides and the
    mediator of an exchange; the state where a court, a police force, a recruiter or a visit's host acted."""
    out = list(named) + held_by
    for pm in persons:
        out.extend(pm.person.countries)
    out.extend(c for c in (ev.nationality, ev.fought_for, ev.mediator) if c)
    out.extend(ev.parties)
    if etype == "consular_meeting":
        for o in orgs:
            if o.kind in ("embassy", "coordination_headquarters", "ministry") and o.country:
                out.append(o.country)
            if o.host:
                out.append(o.host)
    if etype in ("recruitment", "capture"):
        # "recruited by the Russian army", "Ukrainische Spezialkräfte haben … gefangen genommen"
        out.extend(o.country for o in orgs if o.kind == "armed_forces" and o.country)
    if etype in _HOSTED and ev.location:
        out.append(ev.location)
    return list(dict.fromkeys(out))


def _by_sentence(tokens: Sequence[Token], items: Sequence) -> dict[int, list]:  # type: ignore[type-arg]
    """Mentions (anything with a first token) filed by the sentence of that token, in their order."""
    out: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for it in items:
        out[tokens[it.first].sent].append(it)
    return out


def _one_interview(tokens: Sequence[Token], trig: Match, raw: str) -> bool:
    """ "Full interview on our YouTube channel": one interview, with the platform right after it.
    Talk about interviews in general ("Interviews …, die bereits auf YouTube veröffentlicht wurden") is no event."""
    word = tokens[trig.last - 1].lower
    if word in ("interviews", "videointerviews"):
        return False
    last = tokens[min(len(tokens) - 1, trig.last + 10)]
    return bool(_PLATFORM.search(raw, tokens[trig.first].start, last.end))


_FIELDS = ("count", "date", "nationality", "place")  # each unknown on one side or equal in compatible events


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    for f in _FIELDS:
        va, vb = getattr(a, f), getattr(b, f)
        if va is not None and vb is not None and va != vb:
            return False
    return not (a.persons and b.persons and not set(a.persons) & set(b.persons))


def _absorb(a: Event, b: Event) -> None:
    if a.count is None and b.count is not None:
        a.count, a.count_approximate = b.count, b.count_approximate
    for f in ("counted", "nationality", "place", "fought_for", "location", "mediator"):
        if getattr(a, f) is None:
            setattr(a, f, getattr(b, f))
    if a.date is None and b.date is not None:
        a.date, a.date_approximate, a.date_relation = b.date, b.date_approximate, b.date_relation
    for f in ("countries", "parties", "persons", "organisations"):
        lst = getattr(a, f)
        for v in getattr(b, f):
            if v not in lst:
                lst.append(v)
    for g in b.among:
        if g not in a.among:
            a.among.append(g)
    a.spans.extend(b.spans)


_ALL, _NOBODY = ("all",), ("nobody",)  # person keys: any event; an event that names no one
_BITS = [tuple(k for k in range(len(_FIELDS)) if q >> k & 1) for q in range(1 << len(_FIELDS))]  # fields in a set
_SUBSETS = [[q for q in range(1 << len(_FIELDS)) if q & p == q] for p in range(1 << len(_FIELDS))]


class _Compatibles:
    """Events filed so that those compatible with a draft (``_compatible``) are found by lookups, never by
    comparing the draft with every event of the text.

    An event whose known fields (``_FIELDS``) are the set P is filed, for every subset Q of P, under its
    values on Q, once for any persons, once per person it names, and once as naming no one when it does
    not. A draft knowing the fields A is compatible with an event knowing P exactly when they agree on
    Q = P & A, so it looks up the (P, Q) pairs of the sets P filed for its type: under "any persons" when it
    names no one, else under "no one" and under each of its persons. Filing keeps (event number, version)
    heaps; an event whose known fields grow is filed again under a new version, and stale entries are
    dropped when met.
    """

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.version: list[int] = []
        self.mask: list[int] = []
        self.filed_persons: list[set[str]] = []
        self.masks: dict[str, set[int]] = defaultdict(set)  # type -> the sets of known fields filed
        self.heaps: dict[tuple, list[tuple[int, int]]] = {}  # type: ignore[type-arg]

    @staticmethod
    def _known(e: Event) -> tuple[int, tuple]:  # type: ignore[type-arg]
        values = (e.count, e.date, e.nationality, e.place)  # in the order of _FIELDS
        mask = 0
        for k, v in enumerate(values):
            if v is not None:
                mask |= 1 << k
        return mask, values

    def _file(self, i: int, persons: Iterable[str], *, whole: bool) -> None:
        """File event ``i`` under ``persons``; ``whole``: also under any persons, and no one if it names no one."""
        e, (p, values) = self.events[i], self._known(self.events[i])
        whos: list[tuple[str, ...]] = [("person", name) for name in dict.fromkeys(persons)]
        if whole:
            whos += [_ALL] + ([] if e.persons else [_NOBODY])
        self.masks[e.type].add(p)
        entry = (i, self.version[i])
        for q in _SUBSETS[p]:
            proj = tuple(values[k] for k in _BITS[q])
            for who in whos:
                heapq.heappush(self.heaps.setdefault((e.type, p, q, proj, who), []), entry)
        self.filed_persons[i].update(persons)

    def add(self, e: Event) -> None:
        self.events.append(e)
        self.version.append(0)
        self.mask.append(self._known(e)[0])
        self.filed_persons.append(set())
        self._file(len(self.events) - 1, e.persons, whole=True)

    def changed(self, i: int) -> None:
        """Event ``i`` has absorbed a draft: file it again where what it knows has grown."""
        e = self.events[i]
        mask = self._known(e)[0]
        if mask != self.mask[i]:
            self.mask[i] = mask
            self.version[i] += 1
            self.filed_persons[i] = set()
            self._file(i, e.persons, whole=True)
        else:
            new = [name for name in e.persons if name not in self.filed_persons[i]]
            if new:
                self._file(i, new, whole=False)

    def _valid(self, entry: tuple[int, int], who: tuple) -> bool:  # type: ignore[type-arg]
        i, version = entry
        return version == self.version[i] and not (who is _NOBODY and self.events[i].persons)

    def _heaps(self, d: Event) -> list[tuple[tuple, list[tuple[int, int]]]]:  # type: ignore[type-arg]
        a, values = self._known(d)
        whos: list[tuple[str, ...]] = (
            [_ALL] if not d.persons else [_NOBODY] + [("person", name) for name in dict.fromkeys(d.persons)])
        out = []
        for p in self.masks.get(d.type, ()):
            q = p & a
            proj = tuple(values[k] for k in _BITS[q])
            for who in whos:
                heap = self.heaps.get((d.type, p, q, proj, who))
                if heap:
                    out.append((who, heap))
        return out

    def first(self, d: Event) -> int | None:
        """The number of the first event compatible with ``d``, if any."""
        best: int | None = None
        for who, heap in self._heaps(d):
            while heap and not self._valid(heap[0], who):
                heapq.heappop(heap)
            if heap and (best is None or heap[0][0] < best):
                best = heap[0][0]
        return best

    def each(self, d: Event) -> Iterator[Event]:
        """Every event compatible with ``d``, once each, in no particular order."""
        seen: set[int] = set()
        for who, heap in self._heaps(d):
            for entry in heap:
                if entry[0] not in seen and self._valid(entry, who):
                    seen.add(entry[0])
                    yield self.events[entry[0]]


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
    index = _Compatibles()
    for d in drafts:
        if not d.anchored or d.headline:
            continue
        i = index.first(d.event)
        if i is None:
            events.append(d.event)
            index.add(d.event)
        else:
            _absorb(events[i], d.event)
            index.changed(i)
    for d in drafts:
        if d.headline and d.event.type in body_types:
            target = next((e for e in events if e.type == d.event.type and _compatible(e, d.event)), None)
            target = target or next(e for e in events if e.type == d.event.type)
            if target.count is None and d.anchored and d.event.count is not None:
                target.count, target.counted, target.nationality = d.event.count, d.event.counted, d.event.nationality
            elif d.anchored and d.event.count is not None and d.event.nationality not in (None, target.nationality) \
                    and d.event.nationality not in target.parties and target.type in _CONTINUED:
                # "Gefangenenaustausch: Auch zwei Kasachen kommen frei" over an exchange of 84 for 84
                group: dict[str, Any] = {"count": d.event.count, "count_approximate": d.event.count_approximate,
                         "counted": d.event.counted, "nationality": d.event.nationality}
                if all(g["nationality"] != group["nationality"] for g in target.among):
                    target.among.append(group)
                if group["nationality"] not in target.countries:
                    target.countries.append(group["nationality"])
            target.spans.extend(d.event.spans)
    events = lead + events
    final = _Compatibles()
    for e in events:
        final.add(e)
    # Unanchored mentions ("dieses Treffens") only add evidence to an event already found.
    for d in drafts:
        if d.anchored or d.headline:
            continue
        countries = set(d.event.countries)
        same = list(itertools.islice((e for e in final.each(d.event)
                                      if not countries or not e.countries or countries.intersection(e.countries)), 2))
        if len(same) == 1:
            same[0].spans.extend(d.event.spans)
    for e in events:
        e.spans = sorted(set(e.spans))
    return events
