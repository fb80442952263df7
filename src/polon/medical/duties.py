"""The obligation clock's duties of the seriously ill and wounded: the weekly health report on each seriously
ill or wounded prisoner (``medical.weekly_report``, Art. 122 para 4: counted from his last report, or from the
event stating his state of health), and the Mixed Medical Commission's deadlines of Annex II — decisions
communicated within a month of the visit (Art. 11), carried out within three months of their communication
(Art. 12), and each place visited again within six months (Art. 14; the places the Commission has visited)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from polon.core.duties import Duty, rule
from polon.core.partial_dates import first_day
from polon.medical.selectors import (
    DecisionFilters,
    decisions,
    last_sessions_by_place,
    seriously_ill_or_wounded,
    sessions_not_communicated,
)

if TYPE_CHECKING:
    from polon.accounts.models import User


def report_anchor(person: object, today: date) -> date:
    """What a person's next weekly report counts from: his last report, else the event stating his health."""
    return getattr(person, "last_reported", None) or (first_day(getattr(person, "health_since", "")) or today)


def open_duties(*, user: User, today: date) -> list[Duty]:
    weekly, notice = rule("medical.weekly_report"), rule("medical.commission_decision_notice")
    executed, visit = rule("medical.commission_decision_executed"), rule("medical.commission_visit")
    duties = []
    # Names read with the persons: one query for all, not one per person the clock lists.
    for person in seriously_ill_or_wounded(user).prefetch_related("names"):
        anchor = report_anchor(person, today)
        duties.append(Duty(
            kind=weekly.kind, article=weekly.article, title=weekly.title, due=weekly.due_from(anchor),
            subject=str(person), person_id=person.pk, url_name="medical:list", key=f"person:{person.pk}",
            detail=str(person.get_status_display()), anchor=anchor))
    for session in sessions_not_communicated(user):
        duties.append(Duty(
            kind=notice.kind, article=notice.article, title=notice.title, due=notice.due_from(session.held_on),
            subject=str(session.where), url_name="medical:session", url_args=(session.pk,),
            key=f"session:{session.pk}", anchor=session.held_on))
    pending = decisions(user, DecisionFilters(pending="carry_out")).filter(session__communicated_on__isnull=False)
    for item in pending.prefetch_related("person__names"):
        communicated = item.session.communicated_on
        assert communicated is not None
        duties.append(Duty(
            kind=executed.kind, article=executed.article, title=executed.title, due=executed.due_from(communicated),
            subject=str(item.person), person_id=item.person_id, url_name="medical:session",
            url_args=(item.session_id,), key=f"decision:{item.pk}", detail=str(item.get_decision_display()),
            anchor=communicated))
    for row in last_sessions_by_place(user):
        duties.append(Duty(
            kind=visit.kind, article=visit.article, title=visit.title, due=visit.due_from(row["last"]),
            subject=row["place__name"], url_name="medical:sessions", key=f"place:{row['place_id']}",
            detail=_("last visit %(date)s") % {"date": row["last"].isoformat()}, anchor=row["last"]))
    return duties
