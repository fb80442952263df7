"""The obligation clock's duty of the lists for the Central Tracing Agency (GC III Arts. 122, 123):

- ``cta.information``: the particulars of every prisoner of war captured are forwarded to the Central Tracing
  Agency "within the shortest possible period" — due ``rule("cta.information")`` days (POLON_CTA_DAYS, default
  7) after his capture (the first effective capture on his timeline; a capture dated by month or year counts
  from its first day, an undated one from the day it was recorded); done when a list to the Central Tracing
  Agency carries him. Prisoners of war held by us only (category POW).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.access.scope import person_scope
from polon.core.duties import Duty, rule
from polon.cta.models import CtaEntry, Recipient
from polon.registry.choices import Category
from polon.registry.models import Person, PersonName
from polon.registry.selectors import capture_dates

if TYPE_CHECKING:
    from polon.accounts.models import User

KIND = "cta.information"
CHUNK = 500






def open_duties(*, user: User, today: date) -> list[Duty]:
    """The prisoners of war in ``user``'s scope captured and never on a list to the Central Tracing Agency."""
    del today  # every open duty is listed; the clock computes overdue and due soon from the due date
    the_rule = rule(KIND)
    sent = set(CtaEntry.objects.filter(cta_list__recipient=Recipient.CTA).values_list("person_id", flat=True))
    owing = [pk for pk in person_scope(user, Person.objects.filter(category=Category.POW)).values_list(
        "pk", flat=True) if pk not in sent]
    captured = capture_dates(owing)
    names: dict[int, str] = {}
    ids = sorted(captured)
    for start in range(0, len(ids), CHUNK):
        names.update(PersonName.objects.filter(person_id__in=ids[start:start + CHUNK], is_primary=True)
                     .values_list("person_id", "text"))
    return [Duty(kind=KIND, article=the_rule.article, title=the_rule.title, due=the_rule.due_from(anchor),
                 subject=names.get(pk, f"#{pk}"), person_id=pk, url_name="cta:index", key=f"person:{pk}",
                 anchor=anchor) for pk, anchor in sorted(captured.items())]
