"""Fictional demo effects and valuables on top of the demo persons (GC III Arts. 18, 119, 122).

Articles taken at capture against receipts from a few held prisoners (one article since returned); from a
prisoner repatriated since, a sum of money still impounded (Art. 119: not restored on repatriation — overdue on
the clock); three dead prisoners' estates: one gathered but not yet sealed (overdue on the clock), one sealed and
sent through the Protecting Power awaiting its acknowledgement, one sent through the ICRC and acknowledged.
Every name, unit and seal number is invented; the persons are the generated demo's.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from polon.core.errors import ValidationFailed
from polon.core.partial_dates import first_day
from polon.effects import services
from polon.registry.choices import Category, EventType, Status
from polon.registry.models import Person, StatusEvent

ISSUER = {"issuer_name": "Демо Петренко О. І.", "issuer_rank": "старший лейтенант",
          "issuer_unit": "військова частина А0000 (демо)", "ordered_by": "капітан Демо Коваль"}
REASON = "Безпека пункту збору полонених (демо)"
CURRENCY = {"KZ": "KZT", "UZ": "UZS", "TJ": "TJS", "KG": "KGS", "RU": "RUB"}
AMOUNT = {"KZT": "15000", "UZS": "350000", "TJS": "400", "KGS": "2500", "RUB": "4700"}


def _day(person_id: int, kind: str) -> date | None:
    for text in StatusEvent.objects.filter(person_id=person_id, type=kind).exclude(date="").order_by(
            "date", "id").values_list("date", flat=True):
        return first_day(text)
    return None


def _persons(status: str, count: int, skip: int = 0) -> list[Person]:
    qs = (Person.objects.filter(status=status, category=Category.POW).exclude(citizenships__country="UA")
          .prefetch_related("citizenships").order_by("pk").distinct())
    return list(qs[skip:skip + count])


def _take(actor, person: Person, extra: list[dict] | None = None):
    captured = _day(person.pk, EventType.CAPTURED) or timezone.localdate() - timedelta(days=400)
    country = next((c.country for c in person.citizenships.all()), "RU")
    currency = CURRENCY.get(country, "RUB")
    articles = [{"category": "money", "amount": AMOUNT[currency], "currency": currency},
                {"category": "valuable", "description": "Годинник наручний (демо)"},
                *(extra or [])]
    return services.take_articles(actor=actor, person_id=person.pk, taken_on=captured, place="Демо-пункт збору",
                                  reason=REASON, articles=articles, **ISSUER)


def _after(day: date | None, days: int) -> date:
    today = timezone.localdate()
    return min(today, (day or today) + timedelta(days=days))


def _send(actor, packet, via: str, day: date):
    kwargs = {"actor": actor, "packet_id": packet.pk, "via": via, "sent_on": day,
              "override_reason": "Демо: він просив передати речі родині"}
    try:
        return services.send_packet(**kwargs)
    except ValidationFailed as exc:
        if "confirm_names" not in exc.errors:
            raise
        return services.send_packet(**kwargs, confirm_names=True)


def load_effects_demo(*, actor) -> dict[str, int]:
    """Record the demo receipts, returns and packets (see the module's docstring)."""
    counts = {"receipts": 0, "packets": 0}
    held = _persons(Status.HELD, 4)
    for n, person in enumerate(held):
        extra = [{"category": "personal", "description": "Телефон мобільний (демо)"}] if n == 0 else None
        receipt = _take(actor, person, extra)
        counts["receipts"] += 1
        if n == 0:
            phone = receipt.items.get(category="personal")
            services.return_article(actor=actor, item_id=phone.pk, returned_on=_after(receipt.taken_on, 45),
                                    note="Повернуто під підпис після перевірки (демо)")
    for person in _persons(Status.REPATRIATED, 1):
        _take(actor, person)  # still impounded after his repatriation: overdue
        counts["receipts"] += 1

    dead = _persons(Status.DEAD, 3)
    for n, person in enumerate(dead):
        receipt = _take(actor, person)
        counts["receipts"] += 1
        packet = services.open_packet(actor=actor, person_id=person.pk, reason="died")
        counts["packets"] += 1
        services.add_to_packet(actor=actor, packet_id=packet.pk, category="document",
                               description="Лист до родини, знайдений серед його речей (демо)")
        if n == 0:
            continue  # gathered, not sealed: overdue on the clock
        died = _day(person.pk, EventType.DIED)
        services.add_to_packet(actor=actor, packet_id=packet.pk, category="decoration",
                               description="Нагрудний знак (демо)")
        sealed_on = _after(died or receipt.taken_on, 10)
        services.seal_packet(actor=actor, packet_id=packet.pk, seal_number=f"ДЕМО-ПЛ-{packet.pk:04d}",
                             sealed_by="Демо Ткаченко М. В.", sealed_on=sealed_on)
        sent_on = _after(sealed_on, 4)
        _send(actor, packet, "protecting_power" if n == 1 else "icrc_cta", sent_on)
        if n == 2:
            services.acknowledge_packet(actor=actor, packet_id=packet.pk, received_on=_after(sent_on, 21),
                                        reference="CTA/DEMO/2025/001")
    return counts
