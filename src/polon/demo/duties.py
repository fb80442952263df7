"""The obligation clock in the demo: fresh captures whose capture cards are overdue, due soon and due later, and
fresh enquiries beside the older open ones (which are overdue).

The generated registry's captures lie in 2023–2025: their capture cards are recorded as sent on paper before
the registry was kept in polon (one export record, audited like any export, marked as such), so that the clock
shows a working bureau's few overdue duties rather than a backlog of every card. The other apps' demo modules
add their own overdue items (deaths, medical, proceedings, CTA lists, …); the dates here count back from the day
the demo is generated, so "overdue" holds on that day.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from polon.audit.actions import Action
from polon.audit.log import record
from polon.enquiries import services as enquiries
from polon.exports import events as export_events
from polon.exports.models import ExportKind, ExportRecord
from polon.registry.choices import Category, CitizenshipProvenance, EventType, Health
from polon.registry.lifecycle import IN_CUSTODY
from polon.registry.models import Person
from polon.registry.services.events import EventInput
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput, PersonDraft, create_persons

FICTIONAL = "FICTIONAL DEMO RECORD — generated, not a real person."

# (days before the demo's day he was captured, country, language, Cyrillic name (surname, given, patronymic),
# Latin spelling): with a week to send the card, 12 and 9 days ago are overdue, 5 and 4 due soon, 1 later.
FRESH_CAPTIVES = (
    (12, "KZ", "kk", ("Жақыпов", "Нұрлан", "Серікұлы"), "Zhakypov Nurlan Serikuly"),
    (9, "UZ", "uz", ("Каримов", "Шерзод", "Рустамович"), "Karimov Sherzod Rustamovich"),
    (5, "TJ", "tg", ("Раҳимов", "Фарҳод", "Шарифович"), "Rahimov Farhod Sharifovich"),
    (4, "KZ", "kk", ("Омаров", "Бекзат", "Ерланович"), "Omarov Bekzat Erlanovich"),
    (1, "UZ", "uz", ("Юсупов", "Азиз", "Бахтиёрович"), "Yusupov Aziz Bakhtiyorovich"),
)

# (days before the demo's day it was received, country, requester, sought name): with 14 days to reply, 12 days
# ago is due soon, 3 days ago later (the exchanges demo's open enquiries from 2025 are overdue).
FRESH_ENQUIRIES = (
    (12, "TJ", "Fictional mother (demo)", "Давлатов Сорбон Исмоилович"),
    (3, "KZ", "Fictional sister (demo)", "Tokhtarov Daniyar Askaruly"),
)


@dataclass
class DutiesDemoCounts:
    cards_on_paper: int = 0
    captives: int = 0
    enquiries: int = 0


def _draft(serial: int, captured: date, country: str, language: str, cyrillic: tuple[str, str, str],
           latin: str) -> PersonDraft:
    surname, given, patronymic = cyrillic
    names = [NameInput(text=f"{given} {patronymic} {surname}", given=given, patronymic=patronymic, surname=surname,
                       language=language),
             NameInput(text=latin, scheme="ascii")]
    events = [EventInput(type=EventType.CAPTURED, date=captured.isoformat(), place="Demo sector (fictional)",
                         health=Health.NOT_WOUNDED, confidence="confirmed")]
    fields = {"category": Category.POW, "sex": "male", "rank": "Private", "army": "Demo force of the adversary",
              "service_number": f"DEMO-X-CLOCK-{serial:03d}", "power_depended": "RU", "languages": [language, "ru"],
              "informed_person_name": "Fictional relative", "notes": FICTIONAL}
    return PersonDraft(names=names, citizenships=[CitizenshipInput(country=country,
                                                                   provenance=CitizenshipProvenance.DOCUMENT)],
                       events=events, fields=fields)


def load_duties_demo(*, actor, today: date | None = None) -> DutiesDemoCounts:
    day = today or timezone.localdate()
    counts = DutiesDemoCounts()
    with transaction.atomic():
        held = sorted(Person.objects.filter(category=Category.POW, status__in=sorted(IN_CUSTODY))
                      .values_list("pk", flat=True))
        if held:
            content = json.dumps(held).encode()
            item = ExportRecord.objects.create(
                kind=ExportKind.CAPTURE_CARD, format="paper", recipient="ICRC Central Tracing Agency (demo)",
                legal_basis="GC III Arts. 70, 123", person_ids=held,
                parameters={"demo": "capture cards sent on paper before the registry was kept in polon"},
                sha256=hashlib.sha256(content).hexdigest(), size=0, created_by=actor)
            record(actor=actor, action=Action.EXPORT_CREATE, obj=item, changes=export_events.export_created(item))
            counts.cards_on_paper = len(held)
    drafts = [_draft(serial, day - timedelta(days=ago), country, language, cyrillic, latin)
              for serial, (ago, country, language, cyrillic, latin) in enumerate(FRESH_CAPTIVES, start=1)]
    counts.captives = len(create_persons(actor=actor, persons=drafts))
    for ago, country, requester, sought in FRESH_ENQUIRIES:
        enquiries.create_enquiry(actor=actor, requester_kind="family", requester_name=requester, sought_name=sought,
                                 sought_country=country, received_on=day - timedelta(days=ago),
                                 details="FICTIONAL DEMO ENQUIRY")
        counts.enquiries += 1
    return counts
