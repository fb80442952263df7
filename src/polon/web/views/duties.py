"""The obligation clock (GC III): the duties with a time limit, overdue and due soon first — the registrar's
landing page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render

from polon.audit import reads
from polon.core.duties import RULES, Duty, Rule
from polon.duties import selectors
from polon.web.forms.duties import DutyFilterForm
from polon.web.policy import policy

PER_PAGE = 50
# On the landing view (every kind, overdue and due soon), each kind shows its first rows, so that one kind's
# backlog never hides another kind's duties; the kind's own list has them all.
PER_KIND = 10


@dataclass(frozen=True)
class Row:
    """A duty as the page shows it: its state on the clock's day, days left (negative: overdue), its link."""

    duty: Duty
    status: str
    days: int
    url: str
    rule: Rule | None

    @property
    def days_overdue(self) -> int:
        return -self.days


def rows(clock: selectors.Clock, duties) -> list[Row]:
    return [Row(d, clock.status(d), d.days_left(clock.today), selectors.duty_url(d), RULES.get(d.kind)) for d in duties]


@policy("duties.read")
def duty_list(request):
    form = DutyFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "urgent"
    kind = data.get("kind") or ""
    on = data.get("on") or None
    clock = selectors.clock(request.user, on=on, kinds=[kind] if kind else ())
    shown = {"overdue": clock.overdue, "all": clock.duties}.get(show, clock.overdue + clock.due_soon)
    groups: list[dict] = []
    page = None
    if not kind and show != "all":
        for count in clock.counts():
            mine = [d for d in shown if d.kind == count.kind]
            if mine:
                groups.append({"count": count, "rows": rows(clock, mine[:PER_KIND]), "total": len(mine),
                               "more": len(mine) > PER_KIND})
        listed = [r.duty for g in groups for r in g["rows"]]
    else:
        page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
        listed = list(page)
    reads.persons_read(request.user, view="duties.list", channel="web",
                       person_ids=[d.person_id for d in listed if d.person_id is not None],
                       query={"show": show, "kind": kind, "on": on and on.isoformat(),
                              "page": page.number if page else None}, total=len(shown))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "polon/duties/list.html", {
        "clock": clock, "form": form, "show": show, "on": on, "groups": groups, "page": page, "one_kind": bool(kind),
        "rows": rows(clock, page) if page else [], "query": query.urlencode(),
        "counts": [c for c in clock.counts() if c.total], "rules": selectors.rules(),
        "n_overdue": len(clock.overdue), "n_soon": len(clock.due_soon), "n_later": len(clock.later)})
