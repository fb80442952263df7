"""What a reply to a tracing enquiry may say: never anything that discloses a restricted person.

Two rules, checked on every reply before it is recorded:

1. When a restricted person is a likely or possible match for the enquiry (registry.search in the replier's
   scope, with the enquiry's date of birth and citizenship as evidence), the only reply allowed is the neutral
   one: the bureau has no information it can share. Anything else could confirm him, in the requester's own
   words ("Alisher Tursunov is held") as much as in the registry's. The neutral reply reads exactly like the
   reply about a person the bureau does not know, so the requester cannot tell the two apart.
2. Otherwise the text is checked against every restricted person in the replier's scope whose name it
   mentions, in any word order and script (polon.matching keys and word similarity): his full name (two words
   of one of his spellings), or one word of his name together with his date of birth, year of birth, place of
   birth, or the date, place or facility of one of his events; and any restricted person's service number.
   A fact shared by many records (everyone captured on one day in one sector) is a problem only next to his
   name, so replies about other persons are not refused for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from polon.access.scope import person_scope, scope_of
from polon.matching import Within
from polon.matching.similarity import word_similarity
from polon.matching.words import Word, make_word, name_words
from polon.registry.models import Person
from polon.registry.search import SearchHit, SearchQueryError, search_persons
from polon.registry.search_index import ENGINE, RESTRICTED_TAG

if TYPE_CHECKING:
    from polon.accounts.models import User
    from polon.enquiries.models import Enquiry

NEUTRAL_REPLY = ("The National Information Bureau has at present no information it can share about {name}. "
                 "We will write again if information becomes available.")
# Two written words are taken for the same name word at this similarity (polon.matching's "likely").
WORD_MATCH = 0.85
# How many restricted matches to look for (the search only ranks restricted persons here).
SEARCH_LIMIT = 50
# The match bands of a restricted person that allow only the neutral reply. "possible" (score >= 0.5) is wide:
# a shared first name and patronymic can reach it, so on a registry with many restricted persons most
# enquiries get the neutral reply. Narrowing it to "likely" lets a reply confirm a person the requester spelled
# differently from his record, in the requester's own words, which is the disclosure this rule exists to stop.
GATE_BANDS = frozenset({"likely", "possible"})
# A reply longer than this many distinct words is checked on its first ones only (a reply is a letter).
MAX_WORDS = 400
# Places and facilities shorter than this ("Kyiv" is not; "3") are too common to tell anyone apart.
MIN_PLACE = 4


def neutral_reply(enquiry: Enquiry) -> str:
    return NEUTRAL_REPLY.format(name=enquiry.sought_name)


def _canonical(text: str) -> str:
    return " ".join((text or "").casefold().replace("\u2019", "'").split()).strip(" .")


def is_neutral(enquiry: Enquiry, text: str) -> bool:
    """Whether the text is the neutral reply (case, spacing and a final full stop aside)."""
    return _canonical(text) == _canonical(neutral_reply(enquiry))


def restricted_matches(user: User | None, enquiry: Enquiry) -> list[SearchHit]:
    """Restricted persons in `user`'s scope that are a likely or possible match for the enquiry."""
    try:
        hits = search_persons(user, enquiry.sought_name, birth_date=enquiry.sought_birth_date or None,
                              citizenships=(enquiry.sought_country,) if enquiry.sought_country else (),
                              limit=SEARCH_LIMIT, restricted_only=True)
    except (SearchQueryError, ValueError):
        return []
    return [h for h in hits if h.band in GATE_BANDS]


# --- dates written in a reply -------------------------------------------------------------------------------

_YMD = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")
_YM = re.compile(r"(?<![\d./-])(\d{4})[-./](\d{1,2})(?![\d./-])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@cache
def _month_patterns() -> tuple[dict[str, int], re.Pattern, re.Pattern, re.Pattern]:
    """The month names of polon.extract's months.tsv (English, Ukrainian, Russian; with the abbreviations
    it reads only in a date), and the day-month-year, month-day-year and month-year patterns made of them.
    Made on first use: polon.extract is not imported with the web application."""
    from polon.extract.gazetteer import month_names

    months = month_names(("en", "ru", "uk"))
    month = "(" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + r")\.?"
    return (months,
            re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + month + r",?\s+(\d{4})(?!\d)"),
            re.compile(r"(?<![\w])" + month + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"),
            re.compile(r"(?<![\w])" + month + r",?\s+(\d{4})(?!\d)"))


@dataclass(frozen=True)
class TextDates:
    days: frozenset[str]  # YYYY-MM-DD
    months: frozenset[str]  # YYYY-MM, written without a day
    years: frozenset[str]  # YYYY, anywhere


def _day(y: str | int, m: str | int, d: str | int) -> str | None:
    y, m, d = int(y), int(m), int(d)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def dates_in(text: str) -> TextDates:
    """Every date the text writes, in the usual numeric forms and with English, Ukrainian or Russian month
    names. A day/month order that is not clear (07/08/1988) counts both ways."""
    months_named, d_month_y, month_d_y, month_y = _month_patterns()
    folded = (text or "").casefold()
    years = frozenset(_YEAR.findall(folded))
    days: set[str] = set()
    months: set[str] = set()

    def take(pattern: re.Pattern, found) -> None:
        nonlocal folded
        for match in pattern.findall(folded):
            found(*match)
        folded = pattern.sub(" ", folded)  # a month-only form is not looked for inside a full date

    take(_YMD, lambda y, m, d: days.add(_day(y, m, d) or ""))
    take(_DMY, lambda a, b, y: days.update({_day(y, b, a) or "", _day(y, a, b) or ""}))
    take(d_month_y, lambda d, month, y: days.add(_day(y, months_named[month], d) or ""))
    take(month_d_y, lambda month, d, y: days.add(_day(y, months_named[month], d) or ""))
    take(_YM, lambda y, m: months.add(f"{int(y):04d}-{int(m):02d}" if 1 <= int(m) <= 12 else ""))
    take(month_y, lambda month, y: months.add(f"{int(y):04d}-{months_named[month]:02d}"))
    days.discard("")
    months.discard("")
    return TextDates(frozenset(days), frozenset(months), years)


def date_written(value: str, dates: TextDates, *, year: bool = False) -> bool:
    """Whether a recorded (partial) date is written in the text: to the month at least, or to the year if
    `year`."""
    value = (value or "").strip()
    if len(value) >= 10:
        return value[:10] in dates.days or value[:7] in dates.months or (year and value[:4] in dates.years)
    if len(value) == 7:
        return value in dates.months or any(d.startswith(value) for d in dates.days) or (
            year and value[:4] in dates.years)
    if len(value) == 4:
        return year and value in dates.years
    return False


# --- names written in a reply -------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def text_words(text: str) -> list[Word]:
    seen: dict[str, Word] = {}
    for token in _TOKEN.findall(text or ""):
        if len(seen) >= MAX_WORDS:
            break
        word = make_word(token)
        if word is not None and word.readings and word.readings[0][0] and word.text not in seen:
            seen[word.text] = word
    return list(seen.values())


def _named_candidates(actor: User | None, words: Sequence[Word]) -> set[int]:
    """Restricted persons in the actor's scope one of whose spellings has a word that may be one of these
    (the candidate spellings search considers)."""
    scope = scope_of(actor)
    if not (scope.everyone or scope.countries):
        return set()
    within = Within(citizenships=None if scope.everyone else scope.countries, all_tags=frozenset({RESTRICTED_TAG}))
    with ENGINE.searching() as index:
        return {int(key) for key in index.records_naming(words, within=within)}


def _matched_name_words(person: Person, words: Sequence[Word]) -> int:
    """The most words of one of his spellings that the text writes (any order, any script)."""
    best = 0
    for name in person.names.all():
        matched = 0
        for name_word in name_words(name.text, strict=False):
            if any(word_similarity(w, name_word)[0] >= WORD_MATCH for w in words):
                matched += 1
        best = max(best, matched)
    return best


def _written(value: str, folded: str) -> bool:
    value = " ".join((value or "").casefold().split())
    return len(value) >= MIN_PLACE and re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", folded) is not None


def _person_problems(person: Person, named: int, folded: str, dates: TextDates) -> list[str]:
    if named >= 2 or (named and all(len(name_words(n.text, strict=False)) <= 1 for n in person.names.all())):
        return [_("the text names a person whose record is restricted; a reply never discloses him")]
    problems: list[str] = []
    if date_written(person.birth_date, dates, year=True):
        problems.append(_("the text gives the date of birth of a person whose record is restricted, next to his name"))
    if _written(person.birth_place, folded):
        problems.append(_("the text gives the place of birth of a person whose record is restricted, next to his "
                          "name"))
    for event in person.events.all():
        if date_written(event.date, dates):
            problems.append(_("the text gives the date of an event in the record of a restricted person, next to "
                              "his name"))
            break
    for event in person.events.all():
        if _written(event.place, folded) or _written(event.facility, folded):
            problems.append(_("the text gives a place or facility from the record of a restricted person, next to "
                              "his name"))
            break
    return problems


def text_problems(actor: User | None, text: str) -> list[str]:
    """Why this text would disclose a restricted person in the actor's scope (rule 2); empty if it does not."""
    restricted = person_scope(actor, Person.objects.filter(restricted=True))
    folded = " ".join((text or "").casefold().split())
    problems: list[str] = []
    compact = re.sub(r"[\s-]", "", folded)
    for number in restricted.exclude(service_number="").values_list("service_number", flat=True):
        if len(re.sub(r"[\s-]", "", number)) >= 4 and re.sub(r"[\s-]", "", number.casefold()) in compact:
            problems.append(_("the text gives the service number of a person whose record is restricted"))
            break
    words = text_words(text)
    if not words:
        return problems
    candidates = _named_candidates(actor, words)
    if not candidates:
        return problems
    dates = dates_in(text)
    persons = restricted.filter(pk__in=candidates).prefetch_related("names", "events").order_by("pk")
    for person in persons:
        named = _matched_name_words(person, words)
        if named:
            problems.extend(p for p in _person_problems(person, named, folded, dates) if p not in problems)
    return problems


def reply_problems(actor: User | None, enquiry: Enquiry, text: str, persons: Iterable[Person]) -> dict[str, list[str]]:
    """Why a reply would disclose a restricted person, by field (`persons`, `text`); empty when it does not.
    Never names the restricted person: the message may be shown or logged where his name must not be."""
    persons = list(persons)
    errors: dict[str, list[str]] = {}
    for person in persons:
        if person.restricted:
            errors.setdefault("persons", []).append(
                _("person %(id)s is restricted and is never disclosed in a reply") % {"id": person.pk})
    if restricted_matches(actor, enquiry):
        if persons and "persons" not in errors:
            errors["persons"] = [_("a person whose record is restricted may be the one sought: the reply may "
                                   "name no one")]
        if not is_neutral(enquiry, text):
            errors["text"] = [_("a person whose record is restricted may be the one sought: the only reply allowed "
                                "says that the bureau has no information it can share — “%(reply)s”")
                              % {"reply": neutral_reply(enquiry)}]
        return errors
    if is_neutral(enquiry, text):
        return errors
    problems = text_problems(actor, text)
    if problems:
        errors["text"] = problems
    return errors
