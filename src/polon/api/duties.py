"""GET /api/duties: the GC III obligation clock (overdue and due soon first), and GET /api/duties/rules."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from ninja import Query, Router

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET
from polon.api.schemas.duties import DutiesOut, RuleOut
from polon.audit import reads
from polon.core.duties import RULES
from polon.core.errors import ValidationFailed
from polon.duties import selectors

router = Router(tags=["duties"])

SHOW = ("urgent", "overdue", "all")


@router.get("/duties", response={200: DutiesOut, **ERRORS_NO_CONFLICT})
@operation_policy("duties.read")
def list_duties(request, show: str = "all", kind: str = "", on: str = "", overdue: bool = False,
                offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(500, ge=1, le=500)):
    """The open duties in the caller's scope as of ``on`` (default today), most overdue first. ``show``: all
    (default), urgent (overdue and due soon) or overdue; ``overdue=true`` is ``show=overdue``; ``kind`` one
    rule's duties; ``total`` of them, ``items`` from ``offset``, at most ``limit``."""
    show = show or "all"
    if show not in SHOW:
        raise ValidationFailed({"show": gettext("one of %(values)s") % {"values": ", ".join(SHOW)}})
    if kind and kind not in RULES:
        raise ValidationFailed({"kind": gettext("one of %(values)s") % {"values": ", ".join(RULES)}})
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise ValidationFailed({"on": gettext("'%(text)s' is not a date: use YYYY-MM-DD") % {"text": on}}) from None
    clock = selectors.clock(request.auth, on=day, kinds=[kind] if kind else ())
    show = "overdue" if overdue else show
    matched = {"overdue": clock.overdue, "urgent": clock.overdue + clock.due_soon}.get(show, clock.duties)
    shown = matched[offset:offset + limit]
    reads.persons_read(request.auth, view="duties.list", channel="api",
                       person_ids=[d.person_id for d in shown if d.person_id is not None],
                       query={"show": show, "kind": kind, "on": on, "offset": offset, "limit": limit},
                       total=len(matched))
    return {"today": clock.today.isoformat(), "soon_days": clock.soon, "overdue": len(clock.overdue),
            "due_soon": len(clock.due_soon), "later": len(clock.later), "failed": clock.failed,
            "total": len(matched), "items": [selectors.duty_data(clock, d) for d in shown]}


@router.get("/duties/rules", response={200: list[RuleOut], **ERRORS_NO_CONFLICT})
@operation_policy("duties.read")
def list_rules(request):
    """The due-date rules: each duty's article, days (after its POLON_* setting) and what they count from."""
    return [selectors.rule_data(r) for r in selectors.rules()]
