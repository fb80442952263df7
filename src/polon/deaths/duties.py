"""The obligation clock's duties of deaths (GC III Arts. 120–122): the notification of each death not yet sent
(``deaths.notification``, counted from the death), and the notice to the Protecting Power of each enquiry into
a death not yet sent (``deaths.enquiry_notice``, Art. 121: immediately)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.core.duties import Duty, rule
from polon.deaths.selectors import DeathFilters, deaths, enquiries_without_notice

if TYPE_CHECKING:
    from polon.accounts.models import User


def open_duties(*, user: User, today: date) -> list[Duty]:
    """The deaths in ``user``'s scope whose notification was not sent, and the enquiries whose notice was not."""
    notification, notice = rule("deaths.notification"), rule("deaths.enquiry_notice")
    duties = []
    for death in deaths(user, DeathFilters(pending="notification")).filter(date__lte=today):
        duties.append(Duty(
            kind=notification.kind, article=notification.article, title=notification.title,
            due=notification.due_from(death.date), subject=str(death.person), person_id=death.person_id,
            url_name="deaths:detail", url_args=(death.pk,), key=f"death:{death.pk}", anchor=death.date))
    for enquiry in enquiries_without_notice(user):
        death = enquiry.death
        duties.append(Duty(
            kind=notice.kind, article=notice.article, title=notice.title,
            due=notice.due_from(death.date), subject=str(death.person), person_id=death.person_id,
            url_name="deaths:detail", url_args=(death.pk,), key=f"enquiry:{enquiry.pk}",
            detail=str(enquiry.get_ground_display()), anchor=death.date))
    return duties
