"""What the capture card (GC III Art. 70, Annex IV B) says of a person, by the Annex's items and by rules
stated once here; pdf.capture_cards draws it.

- A dead person gets no capture card: it is the card a living prisoner sends when taken prisoner or moved
  (Art. 70); a death is notified by the death certificate (Art. 120). :func:`refusal` says why.
- The present address (item 12: "Prisoner No. … Name of camp …") follows the status: in custody, the camp or
  hospital of the last placement; escaped, released, exchanged or repatriated, no camp but what ended the
  custody and when.
- The state of health (item 11) is one of the Annex's seven categories, the last one recorded, and only while
  he is held; nothing recorded, or no longer held, marks none ("good health" is never assumed).
- One Latin spelling, chosen by :func:`latin_name` (see there), so every card of every person follows the same
  rule and the card says which one it used.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from polon.core.countries import country_name
from polon.names import Script as NameScript
from polon.names import detect_script, transliterate
from polon.registry.choices import EventType, Health, Script, Status
from polon.registry.lifecycle import IN_CUSTODY, effective, sort_key
from polon.registry.services.events import timeline_entries

LABELS: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "capture_card.json").read_text(
    encoding="utf-8"))
# The card's own languages: the bureau's (the Detaining Power's) and English, which the ICRC's Central Tracing
# Agency reads; a third when the prisoner's language or his Power's is one we have the Annex's titles in.
BASE_LANGUAGES = ("uk", "en")
POWER_LANGUAGES = {"RU": "ru", "BY": "ru", "FR": "fr"}
# The Annex's items in its order (item 10 is two lines, item 12 two fields).
FIELDS = ("power", "surname", "first_names", "father", "birth_date", "birth_place", "rank", "service_number",
          "family_address", "taken_prisoner_on", "coming_from", "health", "prisoner_no", "camp", "date",
          "signature")
# Annex IV B item 11, in its order.
HEALTH_CATEGORIES = (Health.GOOD, Health.NOT_WOUNDED, Health.RECOVERED, Health.CONVALESCENT, Health.SICK,
                     Health.SLIGHTLY_WOUNDED, Health.SERIOUSLY_WOUNDED)
NO_CARD = frozenset({Status.DEAD, Status.REMAINS_REPATRIATED})
# Statuses that end custody: the card then names no camp and no current state of health.
CUSTODY_ENDED = frozenset({Status.ESCAPED, Status.RELEASED, Status.EXCHANGED, Status.REPATRIATED})
ENDING_EVENTS = {EventType.ESCAPED: Status.ESCAPED, EventType.RELEASED: Status.RELEASED,
                 EventType.EXCHANGED: Status.EXCHANGED, EventType.REPATRIATED: Status.REPATRIATED}
# Events after which he is in custody again (an escaped prisoner recaptured).
RESUMING = frozenset({EventType.RECAPTURED})
PLACEMENTS = (EventType.INTERNED, EventType.TRANSFERRED, EventType.HOSPITALISED, EventType.DISCHARGED,
              EventType.RECAPTURED)
# Latin spellings recorded from a travel or identity document: the scheme names the document or the
# passport standard it was written under.
PASSPORT_SCHEMES = frozenset({"passport", "id_card", "icao_9303", "mvd_310", "mvd_782"})
# Letters of Kazakh, Uzbek, Tajik and Kyrgyz (and Ukrainian) that ICAO Doc 9303's table does not list: the plain
# Latin letter their passport offices print, without diacritics, so the machine-readable form stays A–Z.
_SUPPLEMENT = {"ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
               "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ў": "u", "ї": "i", "є": "ie", "ґ": "g"}


def refusal(person: Any) -> str:
    """Why this person gets no capture card, or "" if he gets one."""
    if person.status in NO_CARD:
        return _("%(name)s (record %(id)s) is recorded as dead: a capture card is made only for a living "
                 "prisoner (GC III Art. 70); a death is notified by a death certificate (Art. 120)") % {
            "name": person, "id": person.pk}
    return ""


def card_languages(person: Any) -> list[str]:
    """Ukrainian and English, and a third: the prisoner's own language or his Power's, where we have it."""
    wanted = [*(person.languages or []), POWER_LANGUAGES.get(person.power_depended, "")]
    extra = next((lang for lang in wanted if lang in LABELS["languages"] and lang not in BASE_LANGUAGES), None)
    return [*BASE_LANGUAGES, *([extra] if extra else [])]


@dataclass(frozen=True)
class LatinName:
    surname: str
    first_names: str
    rule: str  # "as_written", "passport" or "icao": which rule gave it (printed on the card)


def _fold(ch: str) -> str:
    latin = _SUPPLEMENT.get(ch.lower())
    if latin is None:
        return ch
    return latin if ch.islower() else latin.capitalize()


def icao(text: str) -> str:
    """``text`` (Cyrillic) in Latin letters by ICAO Doc 9303 (the passport standard), the letters its table
    lacks by _SUPPLEMENT."""
    folded = "".join(_fold(ch) for ch in text)
    return transliterate(folded, "icao_9303") if folded.strip() else ""


def latin_name(person: Any, names: list[Any]) -> LatinName:
    """The one Latin spelling a card prints, by the first rule that applies:

    1. the primary spelling, if it is itself in Latin letters (his name as written);
    2. the first Latin spelling recorded from a document (scheme in PASSPORT_SCHEMES), split into surname and
       first names by its parts, or by the words of the primary spelling when it has none;
    3. the primary spelling transliterated by ICAO Doc 9303 (:func:`icao`).

    Latin spellings seen elsewhere (the press, lists, other transliterations) are never printed: they would
    differ from card to card.
    """
    primary = next((n for n in names if n.is_primary), names[0] if names else None)
    if primary is None:
        return LatinName("", "", "icao")
    first = " ".join(p for p in (primary.given, primary.patronymic) if p)
    if detect_script(primary.text) == NameScript.LATIN:
        return LatinName(primary.surname or primary.text, first, "as_written")
    document = next((n for n in sorted(names, key=lambda n: n.pk or 0) if n.script == Script.LATIN
                     and n.scheme.strip().lower() in PASSPORT_SCHEMES), None)
    if document is not None:
        if document.surname:
            return LatinName(document.surname, " ".join(p for p in (document.given, document.patronymic) if p),
                             "passport")
        words, latin = primary.text.split(), document.text.split()
        if primary.surname and len(words) == len(latin):
            by_word = dict(zip(words, latin, strict=True))
            return LatinName(" ".join(by_word.get(w, w) for w in primary.surname.split()),
                             " ".join(by_word.get(w, w) for w in first.split()), "passport")
        return LatinName(document.text, "", "passport")
    return LatinName(icao(primary.surname or primary.text), icao(first), "icao")


@dataclass
class Card:
    """One card: every Annex item as text (empty when not known), the health category marked and the
    languages its titles are printed in."""

    person_id: int
    languages: list[str]
    values: dict[str, str]
    health: str  # one of HEALTH_CATEGORIES, or "" for none marked
    health_note: str  # per-language text next to the categories ("as of …", "no longer held")
    latin_rule: str


def _both(written: str, latin: str) -> str:
    """The name as written and, when it differs, its Latin spelling."""
    return written if not latin or written == latin else f"{written} / {latin}"


def _each(languages: list[str], key: str, **params: str) -> str:
    return " / ".join(LABELS["languages"][lang][key] % params for lang in languages)


def card(person: Any, today: dt.date) -> Card:
    """The card of a living person from his record and timeline (corrections applied)."""
    languages = card_languages(person)
    names = list(person.names.all())
    primary = next((n for n in names if n.is_primary), names[0] if names else None)
    surname = (primary.surname if primary else "") or (primary.text if primary else "")
    first = " ".join(p for p in ((primary.given, primary.patronymic) if primary else ()) if p)
    latin = latin_name(person, names)
    events = list(person.events.all().order_by("id"))
    counted, _superseded = effective(timeline_entries(events))
    by_key = {e.pk: e for e in events}
    timeline = sorted((by_key[entry.key] for entry in counted if entry.key in by_key),
                      key=lambda e: sort_key(e.date, e.pk))
    taken = ""
    places: list[str] = []
    health, health_date, ended = "", "", None
    for event in timeline:
        if event.type == EventType.CAPTURED and not taken:
            taken = " ".join(x for x in (event.date, event.place) if x)
        if event.type in PLACEMENTS and event.facility and (not places or places[-1] != event.facility):
            places.append(event.facility)
        if event.health:
            health, health_date = event.health, event.date
        if event.type in ENDING_EVENTS:
            ended = event
        elif event.type in RESUMING:
            ended = None
    held = person.status in IN_CUSTODY
    if held:
        camp = places[-1] if places else ""
        coming = places[-2] if len(places) > 1 else ""
        if person.correspondence_address and camp:
            camp = f"{camp}, {person.correspondence_address}"
        note = _each(languages, "health_as_of", date=health_date) if health and health_date else ""
    else:
        camp, coming = "", places[-1] if places else ""
        if person.status in CUSTODY_ENDED and ended is not None:
            camp = " / ".join(LABELS["languages"][lang]["custody_ended"] % {
                "status": LABELS["languages"][lang]["status_values"][ENDING_EVENTS[ended.type]],
                "date": ended.date or "?"} for lang in languages)
        health = ""
        note = _each(languages, "health_not_current") if person.status in CUSTODY_ENDED else ""
    power = ""
    if person.power_depended:
        power = " / ".join(dict.fromkeys(country_name(person.power_depended, lang) for lang in languages))
    return Card(
        person_id=person.pk, languages=languages, health=health, health_note=note, latin_rule=latin.rule,
        values={
            "power": power, "surname": _both(surname, latin.surname),
            "first_names": _both(first, latin.first_names), "father": person.father_first_name,
            "birth_date": person.birth_date, "birth_place": person.birth_place, "rank": person.rank,
            "service_number": " ".join(x for x in (person.service_number, person.army and f"({person.army})")
                                       if x),
            "family_address": ", ".join(x for x in (person.informed_person_name, person.informed_person_address)
                                        if x),
            "taken_prisoner_on": taken, "coming_from": coming, "health": "",
            "prisoner_no": person.internment_number, "camp": camp, "date": today.isoformat(), "signature": "",
        })

