"""The obligation clock's duties of deaths (GC III Arts. 120–122): the notification of each death not yet sent
(``deaths.notification``, counted from the death) — a death record not notified, or a ``died`` event on a
timeline with no death record yet — and the notice to the Protecting Power of each enquiry into a death not yet
sent (``deaths.enquiry_notice``, Art. 121: immediately)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from polon.access.scope import scope_via_person
from polon.core.duties import Duty, rule
from polon.core.partial_dates import first_day
from polon.deaths.selectors import DeathFilters, deaths, enquiries_without_notice
from polon.registry.choices import EventType, Status
from polon.registry.models import PersonName, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

_PRIMARY = Prefetch("person__names", queryset=PersonName.objects.filter(is_primary=True))




def open_duties(*, user: User, today: date) -> list[Duty]:
    """The deaths in ``user``'s scope whose notification was not sent (recorded deaths and deaths only on the
    timeline), and the enquiries whose notice to the Protecting Power was not."""
    notification, notice = rule("deaths.notification"), rule("deaths.enquiry_notice")
    duties = []
    for death in deaths(user, DeathFilters(pending="notification")).filter(date__lte=today).prefetch_related(_PRIMARY):
        duties.append(Duty(
            kind=notification.kind, article=notification.article, title=notification.title,
            due=notification.due_from(death.date), subject=str(death.person), person_id=death.person_id,
            url_name="deaths:detail", url_args=(death.pk,), key=f"death:{death.pk}", anchor=death.date))
    unrecorded = (scope_via_person(user, StatusEvent.objects.filter(type=EventType.DIED))
                  .filter(person__death__isnull=True, person__status__in=(Status.DEAD, Status.REMAINS_REPATRIATED))
                  .select_related("person").prefetch_related(_PRIMARY).order_by("person_id", "id"))
    seen: set[int] = set()
    for event in unrecorded:
        if event.person_id in seen:
            continue
        seen.add(event.person_id)
        died = first_day(event.date) or event.recorded_at.date()
        if died > today:
            continue
        duties.append(Duty(
            kind=notification.kind, article=notification.article, title=notification.title,
            due=notification.due_from(died), subject=str(event.person), person_id=event.person_id,
            url_name="web:person-detail", url_args=(event.person_id,), key=f"person:{event.person_id}",
            detail=str(_("No death record yet: record the death, then its notification.")), anchor=died))
    for enquiry in enquiries_without_notice(user).prefetch_related(
            Prefetch("death__person__names", queryset=PersonName.objects.filter(is_primary=True))):
        death = enquiry.death
        duties.append(Duty(
            kind=notice.kind, article=notice.article, title=notice.title,
            due=notice.due_from(death.date), subject=str(death.person), person_id=death.person_id,
            url_name="deaths:detail", url_args=(death.pk,), key=f"enquiry:{enquiry.pk}",
            detail=str(enquiry.get_ground_display()), anchor=death.date))
    return duties
