"""Fictional demo proceedings against prisoners of war on top of the demo persons (GC III Arts. 5, 99-108, 119).

Two Art. 5 status determinations; a prisoner convicted and serving a sentence (notice of trial sent and received
three weeks ahead, judgment reported and acknowledged); a death sentence in the first instance whose Art. 107
notice is not yet sent (overdue on the clock); the list of prisoners held back for them communicated to the
Protecting Power and acknowledged; then a case charged since, its trial in ten days and no Art. 104 notice sent
(overdue on the clock; the list now shows a new one is due); a case whose trial is two months away. Every case
number, court and charge is invented; the persons are the generated demo's.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polon.proceedings import services
from polon.registry.choices import Category, Status
from polon.registry.models import Person

COURT = "Військовий суд гарнізону «Демо-Місто» (демо)"
LAW = "ст. 000 Кримінального кодексу (демо); ЖК III ст. 82, 99"
OVERRIDE = "Демо: Держава-покровителька повідомляється за ЖК III"


def _persons(count: int) -> list[Person]:
    qs = (Person.objects.filter(status=Status.HELD, category=Category.POW).exclude(citizenships__country="UA")
          .order_by("-pk").distinct())
    return list(qs[:count])


def load_proceedings_demo(*, actor) -> dict[str, int]:
    """Record the demo determinations, cases and list of those held back; needs six held prisoners."""
    persons = _persons(6)
    if len(persons) < 6:
        return {"cases": 0}
    today = timezone.localdate()

    def ago(days: int):
        return today - timedelta(days=days)

    services.record_determination(actor=actor, person_id=persons[4].pk, tribunal="Компетентний суд № 1 (демо)",
                                  decided_on=ago(200), outcome="pow",
                                  doubt="Затриманий у цивільному одязі без документів (демо)",
                                  reasons="Підтверджено належність до збройних сил (демо)")
    services.record_determination(actor=actor, person_id=persons[5].pk, tribunal="Компетентний суд № 1 (демо)",
                                  decided_on=ago(150), outcome="not_pow",
                                  reasons="Не належить до жодної з категорій ст. 4 (демо)")

    serving = services.charge(
        actor=actor, person_id=persons[0].pk, case_number="ВП-ДЕМО/001", charged_on=ago(120),
        charges="Напад на вартового табору (демо)", legal_provisions=LAW, court=COURT,
        confinement="Дисциплінарне приміщення табору № 3 (демо)", trial_on=ago(75), trial_place="м. Демо-Місто")
    services.send_trial_notice(actor=actor, case_id=serving.pk, sent_on=ago(100), override_reason=OVERRIDE,
                               confirm_names=True)
    services.record_notice_receipt(actor=actor, case_id=serving.pk, received_on=ago(98))
    services.record_judgment(actor=actor, case_id=serving.pk, judged_on=ago(70), verdict="convicted",
                             sentence="Позбавлення волі на 2 роки (демо)", final=True,
                             appeal="Апеляцію не подано; вирок набрав законної сили (демо)",
                             finding_wording="Визнати винним за ст. 000 КК (демо); призначити 2 роки позбавлення волі",
                             trial_summary="Обвинувачення: покази двох вартових; захист: самооборона (демо)",
                             establishment="Табір № 3 «Демо-Польовий»", sentence_ends=today + timedelta(days=660))
    services.send_judgment_notice(actor=actor, case_id=serving.pk, sent_on=ago(69), override_reason=OVERRIDE,
                               confirm_names=True)
    services.record_judgment_receipt(actor=actor, case_id=serving.pk, received_on=ago(65))

    death = services.charge(
        actor=actor, person_id=persons[1].pk, case_number="ВП-ДЕМО/002", charged_on=ago(90),
        charges="Умисне вбивство іншого військовополоненого (демо)", legal_provisions=LAW, court=COURT,
        confinement="Табір № 7 «Демо-Степовий»", trial_on=ago(30), trial_place="м. Демо-Місто")
    services.send_trial_notice(actor=actor, case_id=death.pk, sent_on=ago(60), override_reason=OVERRIDE,
                               confirm_names=True)
    services.record_notice_receipt(actor=actor, case_id=death.pk, received_on=ago(57))

    held = services.draw_up_list(actor=actor, country=serving.country, recipient="protecting_power",
                                 as_of=ago(45))
    services.send_list(actor=actor, list_id=held.pk, sent_on=ago(44), override_reason=OVERRIDE,
                               confirm_names=True)
    services.acknowledge_list(actor=actor, list_id=held.pk, acknowledged_on=ago(40), reference="ДП-ДЕМО/119-1")

    # A death sentence in the first instance five days ago: the Art. 107 notice is overdue.
    services.record_judgment(actor=actor, case_id=death.pk, judged_on=ago(5), verdict="convicted",
                             sentence="Смертна кара (демо)", death_sentence=True,
                             appeal="Апеляція протягом 30 днів (демо)",
                             finding_wording="Визнати винним; призначити смертну кару (демо)",
                             trial_summary="Обвинувачення: покази свідків; захист: заперечення провини (демо)")
    # Charged after the list: its trial in ten days, no notice sent — overdue (due three weeks before).
    services.charge(actor=actor, person_id=persons[2].pk, case_number="ВП-ДЕМО/003", charged_on=ago(35),
                    charges="Втеча із застосуванням насильства (демо)", legal_provisions=LAW, court=COURT,
                    confinement="Табір № 3 «Демо-Польовий»", trial_on=today + timedelta(days=10),
                    trial_place="м. Демо-Місто")
    services.charge(actor=actor, person_id=persons[3].pk, case_number="ВП-ДЕМО/004", charged_on=ago(10),
                    charges="Пошкодження майна табору (демо)", legal_provisions=LAW, court=COURT,
                    confinement="Табір № 2 «Демо-Озерний»", trial_on=today + timedelta(days=60))
    return {"cases": 4, "determinations": 2, "lists": 1}
