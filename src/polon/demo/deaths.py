"""Fictional demo deaths, graves, enquiries and handovers of remains on top of the demo persons (GC III Arts.
120–121, GC I Art. 16).

The generated timelines carry some deaths (``died`` events); the demo writes the death records of up to six of
them: one whose notification of death was never sent (overdue on the clock); one caused by a sentry whose
official enquiry's notice to the Protecting Power was never sent (Art. 121, overdue on the clock); two buried in
marked and located graves and notified, whose remains were handed over in a completed batch (their timelines then
record ``remains_repatriated``); one buried and notified, put on a planned handover; one of unknown cause,
notified, whose enquiry was closed with its report. The other generated deaths are recorded and notified (those
of the last 40 days are left to the clock). Every name, cemetery, marker and DNA reference is invented.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from polon.core.errors import ValidationFailed
from polon.deaths import services
from polon.registry.choices import Category, EventType, Status
from polon.registry.models import Person, StatusEvent

CAUSES = ("Гостра серцева недостатність (демо)", "Двобічна пневмонія (демо)", "Ускладнення після поранення (демо)",
          "Інсульт (демо)", "Вогнепальне поранення (демо)", "Причину не встановлено (демо)")


def _dead(count: int | None) -> list[tuple[Person, date]]:
    """The first `count` (None: all) dead demo prisoners of war without a death record whose death is dated to
    the day, at least 40 days ago."""
    latest = timezone.localdate() - timedelta(days=40)
    rows = (StatusEvent.objects.filter(type=EventType.DIED, person__status=Status.DEAD,
                                       person__category=Category.POW, person__death__isnull=True)
            .exclude(person__citizenships__country="UA").select_related("person").order_by("person_id").distinct())
    found: list[tuple[Person, date]] = []
    seen: set[int] = set()
    for event in rows:
        if len(event.date) != 10 or event.person_id in seen:
            continue
        seen.add(event.person_id)
        died = date.fromisoformat(event.date)
        if died <= latest:
            found.append((event.person, died))
        if count is not None and len(found) == count:
            break
    return found


def _sent(call, **kwargs):
    """A transmission through consular's rules: a warned one is sent with the reason, names confirmed."""
    try:
        return call(**kwargs)
    except ValidationFailed as exc:
        if "override_reason" in exc.errors:
            kwargs["override_reason"] = "Демо: повідомлення про смерть є обов'язком за ЖК III, ст. 120"
        if "confirm_names" in exc.errors or "content" in exc.errors:
            kwargs["confirm_names"] = True
        return call(**kwargs)


def _grave(n: int) -> dict:
    return {"burial_kind": "buried", "burial_place": "с. Демо-Польове", "cemetery": "Військове кладовище (демо)",
            "plot": f"Ділянка 2, ряд {n}, могила {10 + n}",
            "marker": f"Дерев'яний хрест з табличкою: ім'я, дати, № {10 + n} (демо)",
            "latitude": f"48.{450000 + n * 37:06d}", "longitude": f"35.{120000 + n * 41:06d}"}


# What becomes of each death, in this order (the overdue ones first, so that a small demo has them too).
ROLES = ("unnotified", "sentry", "handed_over", "handed_over", "planned", "enquiry_closed")


def load_deaths_demo(*, actor) -> dict[str, int]:
    """Record the demo deaths, graves, enquiries and handovers (see the module's docstring)."""
    chosen = _dead(len(ROLES))
    counts = {"deaths": 0, "handovers": 0}
    today = timezone.localdate()
    bodies: dict[str, list] = {"handed_over": [], "planned": []}
    for n, ((person, died), role) in enumerate(zip(chosen, ROLES, strict=False)):
        ground = {"sentry": "sentry", "enquiry_closed": "unknown"}.get(role, "")
        death = services.record_death(
            actor=actor, person_id=person.pk, date=died, cause=CAUSES[n % len(CAUSES)], enquiry_ground=ground,
            place="Табір № 3 «Демо-Польовий»" if ground else "Обласна лікарня (демо)",
            certified_by="Демо Бондар Л. П., лікар",
            circumstances="Постріл вартового під час нічної перевірки (демо)" if role == "sentry" else "")
        counts["deaths"] += 1
        if role == "unnotified":
            continue  # the notification never sent: overdue on the clock
        services.update_death(actor=actor, death_id=death.pk, burial_date=min(today, died + timedelta(days=3)),
                              will_made=n == 2, will_held_by="Комендатура табору (демо)" if n == 2 else "",
                              effects="Годинник, листи від родини (демо)",
                              effects_forwarded_through="МКЧХ, Центральне агентство з розшуку",
                              account="Помер у лікарні; поховання з військовими почестями (демо).", **_grave(n))
        if role == "sentry":
            continue  # the enquiry's notice never sent (Art. 121: immediately): overdue on the clock
        _sent(services.record_notification, actor=actor, death_id=death.pk, channel="Дипломатична нота (демо)",
              date=min(today, died + timedelta(days=5)))
        if role == "enquiry_closed":
            enquiry = death.enquiry
            _sent(services.send_enquiry_notice, actor=actor, enquiry_id=enquiry.pk, channel="Нота (демо)",
                  date=died + timedelta(days=1))
            _sent(services.close_enquiry, actor=actor, enquiry_id=enquiry.pk,
                  findings="Смерть настала внаслідок гострої серцевої недостатності; ознак насильства немає (демо)",
                  statements="Свідок-військовополонений: знепритомнів під час шикування (демо)",
                  closed_on=min(today, died + timedelta(days=20)), report_channel="Нота зі звітом (демо)")
        elif role in bodies:
            bodies[role].append(death)
    for role, reference, planned in (("handed_over", "ПО-ДЕМО-1", today - timedelta(days=20)),
                                     ("planned", "ПО-ДЕМО-2", today + timedelta(days=14))):
        if not bodies[role]:
            continue
        handover = services.create_handover(actor=actor, reference=reference, receiving_state="RU",
                                            mediator="МКЧХ (демо)", place="КПП «Демо-Північ»", planned_on=planned)
        counts["handovers"] += 1
        for death in bodies[role]:
            services.add_body(actor=actor, handover_id=handover.pk, death_id=death.pk,
                              identity=f"Особистий жетон; дактилоскопія (демо), запис № {death.person_id}",
                              effects="Годинник наручний (демо)", dna_reference=f"ДНК-ДЕМО-{death.person_id:05d}")
        if role == "handed_over":
            services.complete_handover(actor=actor, handover_id=handover.pk, handed_over_on=planned)
    # The generated timelines' other deaths: recorded and notified, so that the clock shows the two above.
    for person, died in _dead(None):
        death = services.record_death(actor=actor, person_id=person.pk, date=died, cause=CAUSES[person.pk % 4],
                                      place="Обласна лікарня (демо)")
        _sent(services.record_notification, actor=actor, death_id=death.pk, channel="Дипломатична нота (демо)",
              date=min(today, died + timedelta(days=4)))
        counts["deaths"] += 1
    return counts
