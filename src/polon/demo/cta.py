"""Fictional demo lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123), on
top of the generated persons: list no. 1 to the Central Tracing Agency thirty days ago, list no. 1 to Russia (the
Power on which the generated prisoners depend) twenty-five days ago (restricted records left out under the
detriment rule); then a date of birth corrected and a rank changed since, so both recipients have a correction
and a change pending. The duties demo's fresh captures, made after this, are new to both: those captured more
than POLON_CTA_DAYS ago are overdue on the clock."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polon.core.errors import ValidationFailed
from polon.cta import services
from polon.cta.models import CtaEntry
from polon.registry.services import update_person


def load_cta_demo(*, actor) -> dict[str, int]:
    """Send the demo lists and make the corrections pending; nothing when no prisoner of war was captured."""
    today = timezone.localdate()
    try:
        first = services.send_list(actor=actor, recipient="icrc_cta", sent_on=today - timedelta(days=30),
                                   channel="Захищений обмін файлами з ЦАР МКЧХ (демо)")
        power = services.send_list(actor=actor, recipient="state", country="RU", sent_on=today - timedelta(days=25),
                                   channel="Через Державу-покровительку, нота № ДЕМО-122/1")
    except ValidationFailed:  # an empty registry has nothing to send
        return {"lists": 0}
    sent = set(power.entries.values_list("person_id", flat=True))
    entries = list(CtaEntry.objects.filter(cta_list=first, person_id__in=sent).select_related("person")
                   .order_by("id")[:2])
    if len(entries) == 2:
        corrected, changed = entries[0].person, entries[1].person
        birth = corrected.birth_date
        fixed = f"{birth[:4]}-01-15" if birth else "1990-01-15"
        update_person(actor=actor, person_id=corrected.pk, expected_version=corrected.version,
                      changes={"birth_date": fixed if fixed != birth else "1990-02-15"})
        update_person(actor=actor, person_id=changed.pk, expected_version=changed.version,
                      changes={"rank": "молодший сержант (демо)"})
    return {"lists": 2, "persons": first.entries.count()}
