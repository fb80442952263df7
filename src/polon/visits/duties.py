"""The obligation clock's duties of visits (GC III Art. 126): each open follow-up item of a visit, due on the
date recorded with it, or ``rule("visits.follow_up")`` days after the visit's last day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.core.duties import Duty, rule
from polon.visits.selectors import follow_ups

if TYPE_CHECKING:
    from polon.accounts.models import User


def open_duties(*, user: User, today: date) -> list[Duty]:
    """The open follow-up items ``user`` may see (those about a person in his scope; those about no one for
    the roles that see everyone)."""
    follow_up = rule("visits.follow_up")
    duties = []
    for item in follow_ups(user, open_only=True):
        visit = item.visit
        anchor = visit.ends or visit.starts
        duties.append(Duty(
            kind=follow_up.kind, article=follow_up.article, title=follow_up.title,
            due=item.due or follow_up.due_from(anchor), subject=f"{visit.place.name}: {item.text[:120]}",
            person_id=item.person_id, url_name="visits:detail", url_args=(visit.pk,), key=f"follow_up:{item.pk}",
            detail=str(visit.get_visitor_display()), anchor=anchor))
    return duties
