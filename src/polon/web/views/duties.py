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
    clock = selectors.clock(request.user, on=data.get("on") or None, kinds=[kind] if kind else ())
    shown = {"overdue": clock.overdue, "all": clock.duties}.get(show, clock.overdue + clock.due_soon)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    reads.persons_read(request.user, view="duties.list", channel="web",
                       person_ids=[d.person_id for d in page if d.person_id is not None],
                       query={"show": show, "kind": kind, "on": data.get("on") and data["on"].isoformat(),
                              "page": page.number}, total=len(shown))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "polon/duties/list.html", {
        "clock": clock, "form": form, "page": page, "rows": rows(clock, page), "show": show, "query": query.urlencode(),
        "counts": [c for c in clock.counts() if c.total], "rules": selectors.rules(),
        "n_overdue": len(clock.overdue), "n_soon": len(clock.due_soon), "n_later": len(clock.later)})
