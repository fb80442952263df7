"""Person names, with the roles and countries the text gives them.

A capitalised word is cheap evidence in English and none at all in German,
where every noun is capitalised. A run of capitalised words therefore only
becomes a person when something else vouches for it: a role word next to it,
a known-person or given-name gazetteer entry, a surname ending, a verb of
saying, pymorphy's name tags (ru/uk), or an earlier full mention of the same
person (then a lone surname is enough).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from polon.names import patronymic_particles

from . import morph
from .countries import CountryMention
from .gazetteer import Gazetteer, Match
from .model import Person, Span
from .organisations import OrgMention
from .text import Token

_SURNAME_LAT = re.compile(
    r"(?:ov|ova|ow|owa|ev|eva|ew|ewa|yev|yeva|jew|enko|chuk|czuk|yuk|iuk|sky|ski|skyi|skiy|ska|uly|uulu|kyzy|bekov|"
    r"bekova|baev|bayev|yan|ian|dze|shvili|ovich|evich|ovych|ovna|evna|uddin|ullah|ullo|zoda|zade|yar|jar)s?$"
)
_SURNAME_CYR = re.compile(
    r"(?:ов|ев|ёв|єв|ин|їн|енко|ук|юк|чук|ск|цк|улы|уулу|ян|дзе|швили|ович|евич|ович|зода|заде|яр)"
    r"(?:а|у|ым|ом|е|ой|ою|ых|ы|ого|ому|им|ий|ая|ої|ій|ього|ім|их|і|и|" + "|".join(
        ("қа", "ке", "ға", "ге", "ты", "ті", "ды", "ді", "тың", "тің", "ның", "нің", "пен", "бен", "мен", "та", "те",
         "тан", "тен", "нан", "нен")) + r")?$"
)
# Kazakh case suffixes written on a surname ("Тестбаевқа", "Мысалбековпен"), stripped for the nominative.
_KK_SURNAME_CASE = re.compile(r"^(.+(?:ов|ев|ин|ова|ева|ина|ұлы|қызы))(?:қа|ке|ға|ге|ты|ті|ды|ді|тың|тің|ның|нің|пен|"
                              r"бен|мен|та|те|тан|тен|нан|нен|ны|ні)$")
# ru/uk given names in an oblique case whose nominative ends differently: "Олени" → "Олена", "Марії" → "Марія".
_GIVEN_ENDINGS = (("ою", "а"), ("ею", "я"), ("ої", "а"), ("ей", "я"), ("и", "а"), ("і", "а"), ("ї", "я"), ("у", "а"),
                  ("ю", "я"), ("е", "а"), ("ы", "а"), ("ой", "а"))
# German nouns that are never names; a cheap morphology for the language pymorphy does not cover.
_DE_NOUN_SUFFIX = re.compile(
    r"(?:ung|ungen|heit|keit|schaft|tion|tionen|tät|ismus|ium|chen|ment|ments|nis|ling|ei|eien|ik|ur|anz|enz|"
    r"ität|sten|stabs|amt|amts|rat|rats|recht|krieg|kriegs|land|landes|gebiet|staat|staaten|ssen|ungs|leute)$"
)
_REGION_NOUNS = ("област", "облыс", "район", "краю", "край", "губерн")
_TOKENS = re.compile(r"[^\W\u02bc]+")
_DIPLOMATIC = {"ambassador", "consul", "chargé d'affaires", "diplomat"}
# Kazakh/Kyrgyz/Uzbek/Azerbaijani patronymic words that follow the name they belong to (polon.names' list).
_PATRONYMIC_PARTICLES = patronymic_particles()


@dataclass
class _Candidate:
    first: int
    last: int
    evidence: str = ""
    roles: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    posted_in: str | None = None
    known: str | None = None
    known_pattern: tuple[str, ...] | None = None


@dataclass(slots=True)
class PersonMention:
    person: Person
    first: int
    last: int


class _Context:
    def __init__(self, tokens: Sequence[Token], matches: Sequence[Match], countries: Sequence[CountryMention],
                 gz: Gazetteer, lang: str, text: str) -> None:
        self.tokens, self.gz, self.lang, self.text = tokens, gz, lang, text
        self.covered: dict[int, Match] = {}
        self.known: dict[int, Match] = {}
        for m in matches:
            for i in range(m.first, m.last):
                if m.has("known_person"):
                    self.known[i] = m
                elif not m.has("number") and not m.has("reldate"):
                    self.covered[i] = m
        self.country_first = {c.first: c for c in countries}
        self.country_last = {c.last: c for c in countries}
        self.country_tokens = {i for c in countries for i in range(c.first, c.last)}
        self.roles = [m for m in matches if m.has("role")]
        # Matches never overlap, so both ends of the roles are sorted: a role next to a run is a bisection away.
        self.role_firsts = [r.first for r in self.roles]
        self.role_lasts = [r.last for r in self.roles]
        self.stop: set[str] = set().union(*gz.function_words.values()) if gz.function_words else set()
        self.det = gz.words("det")
        self.particles = gz.words("name_particle")
        self.speech = gz.words("speech")
        self.from_words = gz.words("from")
        self.by_first = {m.first: m for m in matches}
        self.embassies: dict[int, OrgMention] = {}  # sentence -> its first embassy with a country

    def set_orgs(self, orgs: Sequence[OrgMention]) -> None:
        for o in orgs:
            if o.kind == "embassy" and o.country:
                self.embassies.setdefault(self.tokens[o.first].sent, o)

    def name_like(self, i: int) -> bool:
        t = self.tokens[i]
        if i in self.known:
            return True
        if i in self.covered or not t.is_cap or any(ch.isdigit() for ch in t.text):
            return False
        if len(t.text) < 2 or (t.is_upper and len(t.text) > 1):
            return False
        low = t.lower
        if low in self.gz.not_names or (low in self.stop and low not in self.particles):
            return False
        if self.lang == "de" and _DE_NOUN_SUFFIX.search(low) and low not in self.gz.given_names:
            return False
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        if nxt is not None and nxt.lower.startswith(_REGION_NOUNS) and nxt.text.islower():
            return False  # "во Львовской области", "Запорізької області": a region, never a name
        if self.lang in morph.MORPH_LANGS and low not in self.gz.given_names:
            # Mid-sentence capitals are proper nouns in Russian and Ukrainian; only a
            # sentence-initial word has to prove it is not a common word.
            sent_start = i == 0 or self.tokens[i - 1].sent != t.sent
            if sent_start and morph.is_common_word(self.lang, t.text) and not morph.name_tags(self.lang, t.text) \
                    and not self.surname_shaped(t):
                return False
        return True

    def surname_shaped(self, t: Token) -> bool:
        if len(t.text) < 5:
            return False
        return bool(_SURNAME_CYR.search(t.lower) if re.match(r"[\u0400-\u04FF]", t.lower) else _SURNAME_LAT.search(t.lower))


def _runs(ctx: _Context) -> list[_Candidate]:
    tokens, text = ctx.tokens, ctx.text
    runs: list[_Candidate] = []
    i, n = 0, len(tokens)
    while i < n:
        if not ctx.name_like(i) or (tokens[i].lower in ctx.particles and tokens[i].is_cap):
            i += 1  # "Der Militärexperte …": a particle ("der", "van") only continues a name
            continue
        j = i + 1
        while j < n and tokens[j].sent == tokens[i].sent and j - i < 5:
            between = text[tokens[j - 1].end:tokens[j].start]
            if between not in (" ", "-", "'", "’", "\u00a0"):
                break
            if ctx.name_like(j):
                j += 1
            elif between == "-" and tokens[j].text.islower() and tokens[j].text.isalpha() and (
                    f"{tokens[j - 1].lower}-{tokens[j].lower}" in ctx.gz.given_names
                    or (j - i >= 2 and len(tokens[j - 1].text) <= 5 and len(tokens[j].text) <= 4)):
                j += 1  # a Korean given name: "Ri Chol-jun", "Kim Jong-un" (a short syllable after the hyphen)
            elif tokens[j].lower in ctx.particles and j + 1 < n and ctx.name_like(j + 1) and tokens[j + 1].sent == tokens[i].sent:
                j += 2
            elif tokens[j].lower in _PATRONYMIC_PARTICLES:
                j += 1  # "Nurbek Mustar uulu", "Айбек Тестов уулу"
                break
            else:
                break
        runs.append(_Candidate(i, j))
        i = j
    return runs


def _split(ctx: _Context, runs: list[_Candidate]) -> list[_Candidate]:
    """ "Der Militärexperte Markus Probemann" starts at the given name; "Ивана Шаблонова Айгуль Тестова" is two
    people side by side: a given name after a surname starts another name."""
    tokens, out = ctx.tokens, []
    for c in runs:
        if c.last - c.first >= 3 and ctx.lang in ("de", "en") and c.first not in ctx.known \
                and not _given_name(ctx, tokens[c.first]):
            k = next((k for k in range(c.first + 1, c.last - 1) if _given_name(ctx, tokens[k])), None)
            if k is not None:
                c = _Candidate(k, c.last)
        k = next((k for k in range(c.first + 2, c.last - 1) if _given_name(ctx, tokens[k], True)
                  and ctx.surname_shaped(tokens[k - 1]) and k not in ctx.known), None) if c.last - c.first >= 4 else None
        if k is not None:
            out += [_Candidate(c.first, k), _Candidate(k, c.last)]
        else:
            out.append(c)
    return out


def _role_before(ctx: _Context, c: _Candidate) -> Match | None:
    """A role word shortly before the run with only articles, countries and commas in between."""
    tokens = ctx.tokens
    k = bisect_right(ctx.role_lasts, c.first)
    if not k:
        return None
    r = ctx.roles[k - 1]  # the last role ending at or before the run
    if tokens[r.first].sent != tokens[c.first].sent or c.first - r.last > 8:
        return None
    commas = ctx.text[tokens[r.last - 1].end:tokens[c.first].start].count(",")
    if commas > 2:
        return None
    for k in range(r.last, c.first):
        t = tokens[k]
        if k in ctx.country_tokens or t.lower in ctx.det or t.lower in ctx.gz.words("prep"):
            continue
        m = ctx.covered.get(k)
        if m is not None and (m.has("poss_country") or m.has("role") or m.has("org") or m.has("org_head")
                              or m.has("place") or m.has("country")):
            continue
        if t.lower in ctx.gz.not_names and t.lower not in ctx.speech and t.is_cap and ctx.lang in morph.MORPH_LANGS:
            continue  # "представника Штабу Олександра …"
        if t.lower in ctx.gz.words("and") or (t.text.islower() and t.lower not in ctx.speech
                                             and t.lower not in ctx.gz.words("conj")):
            continue
        return None
    return r


def _role_after(ctx: _Context, c: _Candidate) -> Match | None:
    """Apposition: "Ermek Katyrenow, Kazakhstan's chargé d'affaires"."""
    tokens = ctx.tokens
    if c.last >= len(tokens) or ctx.text[tokens[c.last - 1].end:tokens[c.last].start].strip() not in (",", "(", "—", "–", "-"):
        return None
    k = bisect_left(ctx.role_firsts, c.last)
    if k == len(ctx.roles):
        return None
    r = ctx.roles[k]  # the first role starting after the run
    if r.first - c.last > 4 or tokens[r.first].sent != tokens[c.first].sent:
        return None
    for k in range(c.last, r.first):
        t = tokens[k]
        if k in ctx.country_tokens or t.lower in ctx.det or t.lower == "s" or t.lower in ("former", "ehemalige", "ehemaliger", "бывший", "колишній"):
            continue
        if t.text.islower() and ctx.lang != "en" and t.lower not in ctx.gz.words("prep"):
            continue  # adjectives in de/ru/uk
        return None
    return r


def _role_countries(ctx: _Context, role: Match, lo: int, hi: int) -> tuple[list[str], str | None]:
    """Countries qualifying a role: an adjective before it, a genitive after it, "in X" as the posting."""
    tokens = ctx.tokens
    nationality: list[str] = []
    posted: str | None = None
    sent = tokens[role.first].sent
    # Before the role: "der kasachische Journalist", "Kazakhstan's ambassador", "the Kazakh consul".
    k = role.first
    # "Kazakhstan's Foreign Ministry spokesperson": step back over the organisation to its country.
    while k - 1 >= 0 and (om := ctx.covered.get(k - 1)) is not None and (om.has("org_head") or om.has("org")) \
            and k - 1 not in ctx.country_tokens and tokens[om.first].sent == sent:
        k = om.first
    if k - 1 in ctx.country_tokens or (k - 2 >= 0 and tokens[k - 1].lower == "s" and k - 2 in ctx.country_tokens):
        end = k if k - 1 in ctx.country_tokens else k - 1
        c = ctx.country_last.get(end)
        if c is not None and tokens[c.first].sent == sent:
            nationality.append(c.code)
    for idx in range(max(role.last, lo), hi):
        c = ctx.country_first.get(idx)
        if c is None:
            continue
        if c.located:
            posted = posted or c.code
        elif c.code not in nationality:
            nationality.append(c.code)
    return nationality, posted


def _has_poss_country(ctx: _Context, lo: int, hi: int) -> bool:
    return any((m := ctx.covered.get(k)) is not None and m.has("poss_country") for k in range(lo, hi))


def _citizen_of(ctx: _Context, first: int, last: int | None = None) -> list[str]:
    """ "гражданина Кыргызстана Тилека Образцова", "Kazakh national Serik Sampleuly", "Узбек Жасур Тестімов",
    "The Cuban, Yoandri Pérez", "Aibek Testbekow aus Osch", "Yerlan Mockbekov, 41, from Karaganda"."""
    tokens = ctx.tokens
    if last is not None and last < len(tokens):
        j = last
        gap = ctx.text[tokens[last - 1].end:tokens[j].start]
        if gap.strip() == "," and tokens[j].is_digit and j + 1 < len(tokens):
            j += 1  # the age: ", 41, from …"
            gap = ctx.text[tokens[j - 1].end:tokens[j].start]
        if gap.strip() in ("", ",") and tokens[j].lower in ctx.from_words and j + 1 < len(tokens) \
                and tokens[j + 1].sent == tokens[first].sent:
            m = ctx.by_first.get(j + 1)
            if m is not None:
                pl, co = m.get("place"), m.get("country")
                if pl is not None:
                    return [pl.value[1]]
                if co is not None and co.value[1] in ("name", "capital"):
                    return [co.value[0]]
    if first == 0 or tokens[first - 1].sent != tokens[first].sent:
        return []
    c = ctx.country_last.get(first)
    if c is not None and c.kind == "demonym" and ctx.text[tokens[first - 1].end:tokens[first].start].strip() in ("", ","):
        return [c.code]
    c = ctx.country_last.get(first)
    if c is not None and c.kind in ("name", "gov"):
        m = ctx.covered.get(c.first - 1)
        if m is not None and m.has("people") and m.last == c.first:
            return [c.code]
    m = ctx.covered.get(first - 1)
    if m is not None and m.has("people") and m.last == first:
        c = ctx.country_last.get(m.first)
        if c is not None:
            return [c.code]
    return []


def _given_name(ctx: _Context, t: Token, inflected: bool = False) -> bool:
    if t.lower in ctx.gz.given_names:
        return True
    if inflected and ctx.lang in morph.MORPH_LANGS:
        if any(t.lower.endswith(e) and t.lower[: -len(e)] in ctx.gz.given_names for e in _CASE_ENDINGS):
            return True
    return ctx.lang in morph.MORPH_LANGS and "Name" in morph.name_tags(ctx.lang, t.text)


def _speech_adjacent(ctx: _Context, c: _Candidate) -> bool:
    tokens = ctx.tokens
    before = tokens[c.first - 1] if c.first > 0 else None
    after = tokens[c.last] if c.last < len(tokens) else None
    return bool(
        (before is not None and before.sent == tokens[c.first].sent and before.lower in ctx.speech)
        or (after is not None and after.sent == tokens[c.first].sent and after.lower in ctx.speech)
    )


def _core(toks: Sequence[Token]) -> Sequence[Token]:
    """The name without a trailing patronymic particle ("Mustar uulu" → "Mustar")."""
    k = len(toks)
    while k > 1 and toks[k - 1].lower in _PATRONYMIC_PARTICLES:
        k -= 1
    return toks[:k]


def same_name(a: str, b: str) -> bool:
    """Whether two surname spellings are one name inflected (Katyrenow/Katyrenows, Катыренов/Катыренова)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or len(long_) - len(short) > 3:
        return False
    stem = short[:-1] if short[-1] in "аяоеиіыуюьй" else short
    return long_.startswith(stem) and len(stem) >= 4


def find(tokens: Sequence[Token], matches: Sequence[Match], countries: Sequence[CountryMention], gz: Gazetteer,
         lang: str, text: str, author: str | None = None, author_span: Span | None = None,
         orgs: Sequence[OrgMention] = ()) -> list[PersonMention]:
    ctx = _Context(tokens, matches, countries, gz, lang, text)
    ctx.set_orgs(orgs)
    accepted: list[_Candidate] = []
    pending: list[_Candidate] = []
    used_roles: set[int] = set()
    last_country: str | None = None
    for c in _split(ctx, _runs(ctx)):
        known = next((ctx.known[i] for i in range(c.first, c.last) if i in ctx.known), None)
        if known is not None:
            # "an deren Beispiel Putin": the known name, plus only given names in front of it.
            first = known.first
            while first > c.first and _given_name(ctx, tokens[first - 1]):
                first -= 1
            c.first, c.last = first, max(known.last, min(c.last, known.last))
        toks = tokens[c.first:c.last]
        sent_start = c.first == 0 or tokens[c.first - 1].sent != toks[0].sent
        prev = tokens[c.first - 1] if c.first > 0 else None
        after_det = prev is not None and prev.sent == toks[0].sent and prev.lower in ctx.det
        rb = _role_before(ctx, c)
        ra = None if rb is not None else _role_after(ctx, c)
        multi = len(toks) >= 2
        if known is not None:
            c.evidence, c.known = "known", known.entries[0].value
            c.known_pattern = known.entries[0].pattern
        elif author and " ".join(t.text for t in toks) == author:
            c.evidence = "author"
        elif rb is not None and rb.first not in used_roles and (
            multi or (lang != "de" and rb.last == c.first) or ctx.surname_shaped(toks[0])
        ):
            c.evidence = "role"
        elif ra is not None and ra.first not in used_roles and multi:
            c.evidence = "role"
        elif multi and not after_det and _given_name(ctx, toks[0]) and not (
                sent_start and lang in ("de", "en") and toks[0].lower not in gz.listed_given_names
                and not ctx.surname_shaped(toks[-1])):
            # The packaged list holds words too ("Mein", "Will"): at the start of a sentence it vouches alone
            # only with a surname-shaped last word.
            c.evidence = "given"
        elif multi and not after_det and lang in morph.MORPH_LANGS and (
            _given_name(ctx, toks[0], True) or _given_name(ctx, toks[-1], True)
        ):
            c.evidence = "given"  # "Айбека Вигаданова", official order "Примеркали Ержана"
        elif multi and not after_det and ctx.surname_shaped(toks[-1]) and not (sent_start and lang in ("de", "en")):
            c.evidence = "surname"
        elif multi and not after_det and _speech_adjacent(ctx, c):
            c.evidence = "speech"
        elif (multi and lang in morph.MORPH_LANGS and not after_det
              and all(morph.name_tags(lang, t.text) & {"Name", "Surn", "Patr"} for t in toks)):
            c.evidence = "morph"
        if not c.evidence:
            pending.append(c)
            continue
        role = rb if c.evidence == "role" and rb is not None else ra if c.evidence == "role" else None
        if role is None and rb is not None and rb.first not in used_roles and c.evidence in ("given", "surname", "known", "morph", "speech"):
            role = rb
        if role is None and ra is not None and ra.first not in used_roles:
            role = ra
        if role is not None:
            used_roles.add(role.first)
            c.roles.append(role.get("role").value)  # type: ignore[union-attr]
            if role.first < c.first:
                lo, hi = role.last, c.first
            else:
                lo = role.last
                hi = lo
                while hi < len(tokens) and hi - lo < 5 and tokens[hi].sent == tokens[lo - 1].sent and text[tokens[hi - 1].end:tokens[hi].start].strip() != ",":
                    hi += 1
            nat, posted = _role_countries(ctx, role, lo, hi)
            if not nat and _has_poss_country(ctx, min(lo, role.first), hi) and last_country:
                nat = [last_country]  # "des Konsuls seines Landes" — the country of the person just named
            c.countries.extend(nat)
            c.posted_in = posted
            if not c.countries and c.roles[-1] in _DIPLOMATIC:
                # "посольство Узбекистана в Киеве сообщало, что консул Бахтиёр Тестов …"
                emb = ctx.embassies.get(tokens[c.first].sent)
                if emb is not None:
                    assert emb.country is not None  # set_orgs keeps the embassies with a country
                    c.countries.append(emb.country)
                    c.posted_in = c.posted_in or emb.host
        if not c.countries:
            c.countries.extend(_citizen_of(ctx, c.first, c.last))
        if not c.countries and accepted and not c.roles:
            # "казахстанцев Тестбекова Азамата и Примеркали Ержана": a name joined by "and" shares the country.
            prev_c = accepted[-1]
            if prev_c.last + 1 == c.first and tokens[prev_c.last].lower in ctx.gz.words("and") \
                    and prev_c.countries and not prev_c.roles and tokens[prev_c.last].sent == tokens[c.first].sent:
                c.countries.extend(prev_c.countries)
        if c.countries:
            last_country = c.countries[0]
        accepted.append(c)

    # Lone surnames and inflected repeats of a person already named: the earliest accepted mention whose
    # surname is one of the words of the run, inflected or not.
    surnames = _SurnameIndex()
    for position, a in enumerate(accepted):
        surnames.add(_core(tokens[a.first:a.last])[-1].text, position)
    for c in pending:
        toks = _core(tokens[c.first:c.last])
        k = min((items[0] for t in toks for items in surnames.same(t.text)), default=None)
        if k is not None:
            a = accepted[k]
            c.evidence = "coref"
            accepted.append(_Candidate(c.first, c.last, "coref", known=a.known))
            surnames.add(toks[-1].text, len(accepted) - 1)
            c.known = f"@{a.first}"

    return _merge(ctx, accepted, author, author_span)


class _SurnameIndex:
    """Items (positions in a list) filed under a word, found again by any spelling ``same_name`` accepts.

    Two spellings of one name share at least their first four letters (or are equal), so a lookup
    compares the few words filed under those letters instead of every person named so far."""

    def __init__(self) -> None:
        self.items: dict[str, list[int]] = {}  # word (lower case) -> its items, in the order added
        self.by_stem: dict[str, list[str]] = {}  # first four letters -> the words filed

    def add(self, word: str, item: int) -> None:
        low = word.lower()
        items = self.items.get(low)
        if items is None:
            self.items[low] = items = []
            self.by_stem.setdefault(low[:4], []).append(low)
        items.append(item)

    def same(self, word: str) -> list[list[int]]:
        """The item lists of every word filed that is ``same_name`` as ``word``."""
        return [self.items[w] for w in self.by_stem.get(word.lower()[:4], ()) if same_name(word, w)]


def _display_name(ctx: _Context, cands: list[_Candidate]) -> str:
    """The longest mention as written; for ru/uk a nominative one, or the mention put into the nominative."""
    tokens = ctx.tokens
    best = max(cands, key=lambda c: (c.last - c.first, -c.first))
    toks = tokens[best.first:best.last]
    if ctx.lang in morph.MORPH_LANGS:
        kp = next((c.known_pattern for c in cands if c.known_pattern and c.last - c.first == best.last - best.first), None)
        base = ctx.gz.known_base.get(kp) if kp else None
        noms = [c for c in cands if c.last - c.first == best.last - best.first
                and _mention_nominative(ctx, tokens[c.first:c.last])]
        if base and len(_TOKENS.findall(base)) == best.last - best.first:
            return base  # a known person declined: "Дмитра Лубінця" → "Дмитро Лубінець"
        if noms:
            toks = tokens[noms[0].first:noms[0].last]
        elif toks[0].lower in ctx.gz.given_names:
            pass  # an uninflected given name means the mention is nominative ("Рустам Примерзода")
        else:
            words = [_nominative(ctx, t.text) for t in toks]
            given = next((k for k, t in enumerate(toks) if words[k] != t.text and words[k].lower() in ctx.gz.given_names), None)
            if given is not None:
                # The given name was declined, so the other words are in the same case: put them back too.
                ending = toks[given].text[len(words[given]):]
                feminine = any(p.tag.gender == "femn" and "Name" in p.tag
                               for p in morph.parses(ctx.lang, words[given].lower()))
                for k, t in enumerate(toks):
                    if k == given or words[k] != t.text or t.lower in _PATRONYMIC_PARTICLES:
                        continue
                    fem = _FEMININE_SURNAME.match(t.text) if feminine else None
                    # "Олени Тестенової", "Ирины Примеровой": a woman's surname keeps its -а
                    words[k] = fem.group(1) + "а" if fem else _decline_back(ctx, t.text, ending)
                return _join(ctx, toks, words)
            inst = _SURNAME_OBLIQUE.match(words[-1]) if len(toks) >= 2 else None
            if inst and words[0] == toks[0].text:
                # Instrumental/dative surnames are unambiguous ("з послом Олжасом Прикладовим"):
                # put both words back into the nominative even when the given name is unknown.
                words[-1] = inst.group(1)
                words[0] = re.sub(r"(?:ом|ем|ові|еві)$", "", words[0]) or words[0]
            elif len(toks) >= 2 and words[0] != toks[0].text and words[-1] == toks[-1].text:
                # The given name was inflected, so the surname is too: "Тимуром Вигадановим".
                m = _SURNAME_CASE.match(words[-1])
                if m:
                    words[-1] = m.group(1)
            return _join(ctx, toks, words)
        # … unless the surname is a woman's in an oblique case, never a nominative ("Айгерим Тестовой")
        fem = _FEMININE_OBLIQUE.match(toks[-1].text) if len(toks) >= 2 and toks[0].lower in ctx.gz.given_names else None
        if fem:
            return _join(ctx, toks, [t.text for t in toks[:-1]] + [fem.group(1) + "а"])
    name = ctx.text[toks[0].start:toks[-1].end]
    if ctx.lang == "kk" and (m := _KK_SURNAME_CASE.match(toks[-1].text)):
        name = ctx.text[toks[0].start:toks[-1].start] + m.group(1)  # "Ерболат Тестбаевқа" → "Ерболат Тестбаев"
    if ctx.lang == "de" and name.endswith("s") and any(
        ctx.text[tokens[c.first].start:tokens[c.last - 1].end] == name[:-1] for c in cands
    ):
        name = name[:-1]
    return name


_SURNAME_CASE = re.compile(r"^(.+(?:ов|ев|ёв|єв|ин|ін|їн))(?:а|у|ым|им|ом|е|ові|ым|ої|ою)$")
_FEMININE_SURNAME = re.compile(r"^(.+(?:ов|ев|ёв|єв|ин|ін|їн))(?:ої|ою|ой|у|ій)$")
_FEMININE_OBLIQUE = re.compile(r"^(.+(?:ов|ев|ёв|єв|ин|ін|їн))(?:ої|ою|ой)$")
_SURNAME_OBLIQUE = re.compile(r"^(.+(?:ов|ев|ёв|єв|ин|ін|їн))(?:им|ым|ому|ові)$")
_CASE_ENDINGS = ("ом", "ым", "ем", "ові", "еві", "у", "а", "е", "ю", "я", "і")


def _join(ctx: _Context, toks: Sequence[Token], words: list[str]) -> str:
    """Words joined with the separators the text used ("Касым-Жомарт Токаев" keeps its hyphen)."""
    out = words[0]
    for k in range(1, len(toks)):
        gap = ctx.text[toks[k - 1].end:toks[k].start]
        out += (gap if gap in ("-", "'", "’") else " ") + words[k]
    return out


def _mention_nominative(ctx: _Context, toks: Sequence[Token]) -> bool:
    """A listed given name decides the case of the whole mention ("Мария Вымыслова" vs "Тилека Образцова");
    so does a role or people noun right before it, which the name agrees with ("Правозащитник Азиза …")."""
    i = toks[0].index
    m = ctx.covered.get(i - 1) if i > 0 else None
    if m is not None and (m.has("role") or m.has("people")) and m.last == i:
        cases = {str(p.tag.case) for p in morph.parses(ctx.lang, ctx.tokens[m.last - 1].lower) if p.tag.case}
        if cases == {"nomn"}:
            return True
        if cases and "nomn" not in cases:
            return False
    if any(t.lower in ctx.gz.given_names for t in toks):
        return True
    if any(any(t.lower.endswith(e) and t.lower[: -len(e)] in ctx.gz.given_names for e in _CASE_ENDINGS) for t in toks):
        return False
    return all(_maybe_nominative(ctx, t) for t in toks)


def _maybe_nominative(ctx: _Context, t: Token) -> bool:
    """Whether some reading of the word is nominative (or the dictionary has no case for it)."""
    if t.lower in ctx.gz.given_names or t.lower in _PATRONYMIC_PARTICLES:
        return True
    ps = morph.parses(ctx.lang, t.lower)
    cases = {str(p.tag.case) for p in ps if p.tag.case}
    return not cases or "nomn" in cases


def _decline_back(ctx: _Context, word: str, ending: str) -> str:
    """Nominative of a surname or patronymic whose given name lost ``ending``."""
    m = _SURNAME_CASE.match(word)
    if m:
        return m.group(1)
    for p in morph.parses(ctx.lang, word.lower()):
        # adjectival surnames: "Олександра Вигаданого" → "Вигаданий"
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case not in (None, "nomn"):
            gender = p.tag.gender if p.tag.gender in ("masc", "femn") else "masc"
            inf = p.inflect({"nomn", "sing", gender}) or p.inflect({"nomn", gender})
            if inf:
                return inf.word[:1].upper() + inf.word[1:]
    nom = morph.to_nominative(ctx.lang, word)
    if nom != word:
        return nom
    # foreign surnames declined like nouns: "Рамеша Тестанга" → "Тестанг"
    if ending and word.lower().endswith(ending) and len(word) - len(ending) >= 3 \
            and word[-len(ending) - 1].lower() not in "аеєиіїоуюяыэё":
        return word[: -len(ending)]
    return word


def _nominative(ctx: _Context, word: str) -> str:
    """Nominative of a name token: strip a case ending when that yields a known given name."""
    low = word.lower()
    if low in ctx.gz.given_names:
        return word
    for end in _CASE_ENDINGS:
        if low.endswith(end) and low[: -len(end)] in ctx.gz.given_names:
            return word[: -len(end)]
    for end, nom in _GIVEN_ENDINGS:
        if low.endswith(end) and low[: -len(end)] + nom in ctx.gz.given_names:
            return word[: -len(end)] + nom
    return morph.to_nominative(ctx.lang, word)


def _merge(ctx: _Context, cands: list[_Candidate], author: str | None, author_span: Span | None) -> list[PersonMention]:
    tokens = ctx.tokens
    groups: list[list[_Candidate]] = []
    # A mention joins the first group whose head is the same known person, or has its surname (and its
    # given name, when the mention has one); both are looked up, not searched for.
    by_known: dict[str, int] = {}
    by_surname = _SurnameIndex()
    heads: list[Sequence[Token]] = []  # the core words of each group's first mention
    for c in sorted(cands, key=lambda c: (-(c.last - c.first), c.first)):
        toks = _core(tokens[c.first:c.last])
        known = c.known if c.known and not c.known.startswith("@") else None
        found = [by_known[known]] if known is not None and known in by_known else []
        for items in by_surname.same(toks[-1].text):
            k = next((k for k in items if len(toks) == 1 or same_name(toks[0].text, heads[k][0].text)), None)
            if k is not None:
                found.append(k)
        if found:
            groups[min(found)].append(c)
            continue
        if known:
            by_known.setdefault(known, len(groups))
        by_surname.add(toks[-1].text, len(groups))
        heads.append(toks)
        groups.append([c])
    out: list[PersonMention] = []
    for g in groups:
        g.sort(key=lambda c: c.first)
        name = _display_name(ctx, g)
        p = Person(name=name)
        for c in g:
            p.spans.append((tokens[c.first].start, tokens[c.last - 1].end))
            for r in c.roles:
                if r not in p.roles:
                    p.roles.append(r)
            for cc in c.countries:
                if cc not in p.countries:
                    p.countries.append(cc)
            p.posted_in = p.posted_in or c.posted_in
            surface = ctx.text[tokens[c.first].start:tokens[c.last - 1].end]
            if surface not in p.mentions:
                p.mentions.append(surface)
        if author and (p.name == author or any(m == author for m in p.mentions)) and "author" not in p.roles:
            p.roles.insert(0, "author")
        out.append(PersonMention(p, g[0].first, g[0].last))
    if author and not any("author" in pm.person.roles for pm in out) and _looks_like_person(author, ctx.gz.not_names):
        p = Person(name=author, roles=["author"], spans=[author_span] if author_span else [], mentions=[author])
        out.append(PersonMention(p, -1, -1))
    for pm in out:
        pm.person.spans.sort()
    out.sort(key=lambda pm: pm.person.spans[0] if pm.person.spans else (10**9, 0))
    return out


def _looks_like_person(name: str, not_names: set[str]) -> bool:
    """Bylines are often desks or services ("Staff Reporter", "Пресс-служба"), not people."""
    parts = name.split()
    return 2 <= len(parts) <= 4 and all(
        p[:1].isupper() and p.replace("-", "").replace("'", "").isalpha() and p.lower() not in not_names for p in parts
    )


def is_diplomat(p: Person) -> bool:
    return any(r in _DIPLOMATIC for r in p.roles)
