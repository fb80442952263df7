"""Fictional demo records of the seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E).

On top of the generated persons (their timelines state who is seriously wounded or sick in hospital): a weekly
health report sent to the Protecting Power ten days ago (so this week's is overdue on the clock); a Mixed
Medical Commission session six weeks ago whose decisions (A, B, NC) were never communicated (Annex II Art. 11:
overdue); an older session communicated more than three months ago with a decision A not carried out (Annex II
Art. 12: overdue) — its prisoner refuses repatriation, so it cannot be carried out against his will during
hostilities (Art. 109 para 3) — and another decision A carried out (he consented: released and repatriated).
Every doctor's name is invented; the persons are the generated demo's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from polon.core.errors import ValidationFailed
from polon.medical import services
from polon.medical.selectors import seriously_ill_or_wounded
from polon.places.models import Place, PlaceKind
from polon.registry.choices import Health

MEMBERS = ("Dr. Anna Demo-Neutral (CH), голова; Dr. Lars Demo-Nord (SE); "
           "лікар Демо Остапчук І. В. (призначений Державою, що тримає в полоні)")


def load_medical_demo(*, actor) -> dict[str, int]:
    """Record the demo reports, sessions and decisions (see the module's docstring)."""
    today = timezone.localdate()
    counts = {"reports": 0, "sessions": 0, "decisions": 0}
    sick = list(seriously_ill_or_wounded(actor))
    if len(sick) < 5:
        return counts
    try:
        services.send_weekly_report(actor=actor, recipient="protecting_power", channel="дипломатична пошта (демо)",
                                    sent_on=today - timedelta(days=10),
                                    note="Щотижневе повідомлення про стан здоров'я (демо)")
        counts["reports"] += 1
    except ValidationFailed:
        pass
    # The seriously wounded first (decisions A), then the sick in hospital (B, NC).
    pool = sorted(sick, key=lambda p: (getattr(p, "current_health", "") != Health.SERIOUSLY_WOUNDED, p.pk))
    hospital = Place.objects.filter(kind=PlaceKind.HOSPITAL, closed__isnull=True).order_by("pk").first()
    where: dict[str, Any] = {"place_id": hospital.pk} if hospital else {"location": "Демо-обласний шпиталь"}

    old = services.create_session(actor=actor, held_on=today - timedelta(days=130), chairman="Dr. Anna Demo-Neutral",
                                  members=MEMBERS, **where)
    refusing = services.record_decision(
        actor=actor, session_id=old.pk, person_id=pool[0].pk, proposed_by="camp_doctor",
        diagnosis="Ампутація лівої гомілки після мінно-вибухової травми (демо)", decision="A", category="A1")
    going = services.record_decision(
        actor=actor, session_id=old.pk, person_id=pool[1].pk, proposed_by="man_of_confidence",
        diagnosis="Параліч правої руки після вогнепального поранення (демо)", decision="A", category="A2")
    services.communicate_decisions(actor=actor, session_id=old.pk, communicated_on=today - timedelta(days=120))
    services.record_consent(actor=actor, person_id=pool[0].pk, consent="refuses", on=today - timedelta(days=118),
                            note="Письмова заява в присутності делегата МКЧХ (демо)")
    services.record_consent(actor=actor, person_id=pool[1].pk, consent="consents", on=today - timedelta(days=118),
                            note="Письмова заява (демо)")
    services.carry_out_decision(actor=actor, decision_id=going.pk, carried_out_on=today - timedelta(days=60),
                                place="Демо-пункт пропуску «Південний»")
    counts["sessions"] += 1
    counts["decisions"] += 2
    del refusing

    recent = services.create_session(actor=actor, held_on=today - timedelta(days=45),
                                     chairman="Dr. Anna Demo-Neutral", members=MEMBERS, **where)
    services.record_decision(actor=actor, session_id=recent.pk, person_id=pool[2].pk, proposed_by="power",
                             diagnosis="Хронічний остеомієліт стегнової кістки (демо)", decision="A", category="A2")
    services.record_decision(actor=actor, session_id=recent.pk, person_id=pool[3].pk, proposed_by="camp_doctor",
                             diagnosis="Туберкульоз легень, активна форма (демо)", decision="B", category="B2")
    services.record_decision(actor=actor, session_id=recent.pk, person_id=pool[4].pk, proposed_by="himself",
                             diagnosis="Виразкова хвороба шлунка (демо)", decision="NC")
    counts["sessions"] += 1
    counts["decisions"] += 3
    return counts
