"""The fictional demo data set: every record is generated, random and marked as fictional."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from polon.registry.choices import Category, CitizenshipProvenance, EventType, Health
from polon.registry.services.events import EventInput
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput, PersonDraft, create_persons

POOLS = json.loads((Path(__file__).parent / "data" / "name_pools.json").read_text(encoding="utf-8"))
FICTIONAL = "FICTIONAL DEMO RECORD — generated, not a real person."
# Share of foreign captives by citizenship; the rest of the registry are Russian citizens.
FOREIGN_WEIGHTS = {"RU": 52, "KZ": 9, "KG": 7, "UZ": 9, "TJ": 7, "BY": 6, "NP": 6, "CU": 4}
LATIN_SCHEMES = ("icao", "bgn_pcgn", "german", "french", "iso9")


@dataclass
class DemoCounts:
    captives: int = 0
    own_held: int = 0
    events: int = 0


def _patronymic(father: str, country: str) -> str:
    if country == "KG":
        return f"{father} уулу"
    if country in ("NP", "CU"):
        return ""
    if father.endswith(("й", "ь")):
        return father[:-1] + "евич"
    if father.endswith("а"):
        return father[:-1] + "ич"
    return father + "ович"


# Passports of Central Asian citizens are often Russian-format, and the press writes their names as it
# writes Russian ones: those schemes apply to them too.
_RUSSIAN_STYLE = ("icao_9303", "mvd_310", "german", "french", "english")


def _schemes_for(language: str) -> list[str]:
    from polon.names import SCHEMES

    own = [scheme for scheme, spec in SCHEMES.items() if language in spec.languages]
    return own if language in ("ru", "uk") else own + list(_RUSSIAN_STYLE)


def _latin_spellings(text: str, script: str, language: str, rng: random.Random) -> list[NameInput]:
    from polon.names import latin_spellings

    if script == "Latn":
        # Spanish names lose their accents in Ukrainian and Russian paperwork: Pérez → Perez.
        import icu

        plain = icu.Transliterator.createInstance("Latin-ASCII").transliterate(text)
        return [NameInput(text=plain, scheme="ascii")] if plain != text else []
    if script == "Deva":
        # Nepali names: ICU's Devanagari romanisation, then the plain-ASCII form the press prints.
        import icu

        romanised = icu.Transliterator.createInstance("Devanagari-Latin").transliterate(text)
        plain = icu.Transliterator.createInstance("Latin-ASCII").transliterate(romanised)
        return [NameInput(text=t.title(), scheme="icu_devanagari") for t in dict.fromkeys((plain, romanised))][
            : rng.randint(1, 2)]
    spellings = latin_spellings(text, _schemes_for(language))
    unique: dict[str, str] = {}
    for scheme, spelling in spellings.items():
        if spelling and spelling != text:
            unique.setdefault(spelling, scheme)
    chosen = list(unique.items())
    rng.shuffle(chosen)
    return [NameInput(text=spelling, scheme=scheme) for spelling, scheme in chosen[: rng.randint(1, 3)]]


def _date(rng: random.Random, year_from: int, year_to: int, precision_weights=(80, 15, 5)) -> str:
    year = rng.randint(year_from, year_to)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    precision = rng.choices(("day", "month", "year"), weights=precision_weights)[0]
    return {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]


def _timeline(rng: random.Random, *, own: bool) -> list[dict]:
    year = rng.choice((2023, 2024, 2025))
    month = rng.randint(1, 10)
    captured = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    sector = f"Demo sector {rng.randint(1, 40)}"
    events = [{"type": EventType.CAPTURED, "date": captured, "place": sector,
               "health": rng.choices([Health.GOOD, Health.SLIGHTLY_WOUNDED, Health.SERIOUSLY_WOUNDED], (70, 25, 5))[0]}]
    later = f"{year}-{month + 1:02d}"
    if not own:
        events.append({"type": EventType.EVACUATED, "date": f"{later}-0{rng.randint(1, 9)}", "place": "Demo transit point"})
        events.append({"type": EventType.INTERNED, "date": f"{later}-1{rng.randint(0, 9)}",
                       "facility": f"Demo internment camp No. {rng.randint(1, 12)}"})
    roll = rng.random()
    next_year = year + 1
    if roll < 0.12:
        events.append({"type": EventType.HOSPITALISED, "date": f"{later}-2{rng.randint(0, 8)}",
                       "facility": "Demo regional hospital", "health": Health.SICK})
        if rng.random() < 0.5:
            events.append({"type": EventType.DISCHARGED, "date": f"{next_year}-01-1{rng.randint(0, 9)}"})
    elif roll < 0.40:
        events.append({"type": EventType.EXCHANGED, "date": f"{next_year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                       "place": "Demo border crossing", "confidence": "confirmed"})
        events.append({"type": EventType.REPATRIATED, "date": f"{next_year}-1{rng.randint(0, 2)}"})
    elif roll < 0.43:
        events.append({"type": EventType.DIED, "date": f"{next_year}-02-0{rng.randint(1, 9)}",
                       "facility": "Demo regional hospital", "confidence": "confirmed"})
    elif roll < 0.48 and not own:
        events.append({"type": EventType.TRANSFERRED, "date": f"{next_year}-03-0{rng.randint(1, 9)}",
                       "facility": f"Demo internment camp No. {rng.randint(13, 20)}"})
    if rng.random() < 0.03:
        # Two sources disagreeing on the capture date: both are kept and flagged.
        events.append({"type": EventType.CAPTURED, "date": f"{year}-{month:02d}", "place": sector,
                       "note": "second account from another source"})
    return events


def _person(rng: random.Random, serial: int, country: str, second: str | None, category: str) -> dict:
    pool = POOLS[country]
    given = rng.choice(pool["given"])
    surname = rng.choice(pool["surnames"])
    patronymic = _patronymic(rng.choice(pool["given"]), country)
    full = " ".join(part for part in (surname, given, patronymic) if part) if rng.random() < 0.5 else \
        " ".join(part for part in (given, patronymic, surname) if part)
    names = [NameInput(text=full, given=given, patronymic=patronymic, surname=surname, language=pool["language"])]
    names += _latin_spellings(full, pool["script"], pool["language"], rng)
    provenance = rng.choices([CitizenshipProvenance.SELF_DECLARED, CitizenshipProvenance.DOCUMENT,
                              CitizenshipProvenance.CONFIRMED], (55, 35, 10))[0]
    citizenships = [CitizenshipInput(country=country, provenance=provenance)]
    if second:
        citizenships.append(CitizenshipInput(country=second, provenance=CitizenshipProvenance.SELF_DECLARED))
    own = category == Category.OWN_HELD
    return {
        "names": names, "citizenships": citizenships, "category": category, "sex": "male",
        "birth_date": _date(rng, 1965, 2004), "birth_place": f"Demo town {rng.randint(1, 300)}",
        "rank": rng.choice(["Private", "Lance corporal", "Sergeant", "Junior sergeant", "Lieutenant"]),
        "army": "Armed Forces of Ukraine (demo)" if own else "Demo force of the adversary",
        "service_number": f"DEMO-{'UA' if own else 'X'}-{serial:06d}",
        "unit": f"Demo unit {rng.randint(100, 999)}",
        "power_depended": "UA" if own else "RU",
        "father_first_name": patronymic and rng.choice(pool["given"]),
        "informed_person_name": "Fictional relative", "informed_person_address": "Demo street 1, Demo town",
        "languages": [pool["language"]] + (["ru"] if pool["language"] != "ru" and not own else []),
        "notes": FICTIONAL,
        "restricted": rng.random() < 0.04,
    }


def load_demo(*, actor, captives: int = 2100, own_held: int = 320, seed: int = 20250422, progress=None) -> DemoCounts:
    rng = random.Random(seed)
    counts = DemoCounts()
    countries = list(FOREIGN_WEIGHTS)
    total = captives + own_held
    drafts: list[PersonDraft] = []
    for serial in range(1, total + 1):
        own = serial > captives
        if own:
            country, second, category = "UA", None, Category.OWN_HELD
        else:
            country = rng.choices(countries, weights=list(FOREIGN_WEIGHTS.values()))[0]
            second = "RU" if country != "RU" and rng.random() < 0.15 else None
            category = rng.choices([Category.POW, Category.CIVILIAN], (96, 4))[0]
        events = [EventInput(**event) for event in _timeline(rng, own=own)]
        fields = _person(rng, serial, country, second, category)
        drafts.append(PersonDraft(names=fields.pop("names"), citizenships=fields.pop("citizenships"),
                                  events=events, fields=fields))
        counts.events += len(events)
        if own:
            counts.own_held += 1
        else:
            counts.captives += 1
    written = 0

    def step(batch: int) -> None:
        nonlocal written
        written += batch
        if progress:
            progress(written, total)

    # One service call for all of them: the same checks and the same audit event for each person as
    # create_person, written a few statements per batch instead of a dozen per person.
    create_persons(actor=actor, persons=drafts, batch_size=200, progress=step)
    from polon.demo.places import load_places_demo

    load_places_demo(actor=actor)  # places of internment (events linked to them) and visits
    from polon.demo.exchanges import load_exchanges_demo

    # Exchange rounds, consular contacts, transmissions and enquiries on the persons just generated.
    load_exchanges_demo(actor=actor, seed=seed)
    from polon.demo.effects import load_effects_demo

    load_effects_demo(actor=actor)  # receipts for articles taken, returns, dead prisoners' estates in packets
    from polon.demo.medical import load_medical_demo

    load_medical_demo(actor=actor)  # weekly health report (overdue), Mixed Medical Commissions, Art. 109 flags
    from polon.demo.proceedings import load_proceedings_demo

    load_proceedings_demo(actor=actor)  # Art. 5 determinations, trials and notices (two overdue), Art. 119 list
    from polon.demo.deaths import load_deaths_demo

    load_deaths_demo(actor=actor)  # deaths, graves, an Art. 121 enquiry, handovers of remains (two overdue duties)
    from polon.demo.cta import load_cta_demo

    load_cta_demo(actor=actor)  # lists to the Central Tracing Agency and Russia sent; a correction and a change pending
    from polon.demo.duties import load_duties_demo

    # Last: capture cards of the generated captives recorded as sent; fresh captures and enquiries for the clock.
    load_duties_demo(actor=actor)
    return counts
