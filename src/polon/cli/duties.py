"""`polon duties [--overdue | --all] [--kind KIND] [--on YYYY-MM-DD] [--json]` and `polon duties --rules`: the GC III
obligation clock on the command line."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from polon.cli.common import CommandError, acting_user, add_json_flag, emit, gettext


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(gettext("'%(text)s' is not a date: use YYYY-MM-DD") % {"text": text}) from None


def register(commands) -> None:
    p = commands.add_parser("duties", help="the GC III obligation clock: duties overdue and due soon")
    show = p.add_mutually_exclusive_group()
    show.add_argument("--overdue", action="store_true", help="only the duties past their due date")
    show.add_argument("--all", action="store_true", help="every open duty (default: overdue and due soon)")
    show.add_argument("--rules", action="store_true", help="the due-date rules with their articles and settings")
    p.add_argument("--kind", default="", help="one kind of duty (see --rules), e.g. exports.capture_card")
    p.add_argument("--on", type=_day, default=None, help="as of this day (YYYY-MM-DD; default today)")
    add_json_flag(p)
    p.set_defaults(handler=duties)


def duties(args) -> int:
    from polon.audit import reads
    from polon.core.duties import RULES
    from polon.duties import selectors

    user = acting_user(args)
    if args.rules:
        from polon.access.policies import require

        require(user, "duties.read")
        rules = [selectors.rule_data(r) for r in selectors.rules()]
        emit(args, rules, (f"{r['kind']:<38} {r['days']:>4}  {r['article']:<24} {r['title']} "
                          f"({gettext('counted from')} {r['anchor']}; {r['setting']})" for r in rules))
        return 0
    if args.kind and args.kind not in RULES:
        raise CommandError(gettext("unknown kind of duty '%(kind)s'; `polon duties --rules` lists them")
                           % {"kind": args.kind})
    from polon.access.policies import require

    require(user, "duties.read")
    clock = selectors.clock(user, on=args.on, kinds=[args.kind] if args.kind else ())
    show = "overdue" if args.overdue else "all" if args.all else "urgent"
    shown = {"overdue": clock.overdue, "all": clock.duties}.get(show, clock.overdue + clock.due_soon)
    reads.persons_read(user, view="duties.list", channel="cli",
                       person_ids=[d.person_id for d in shown if d.person_id is not None],
                       query={"show": show, "kind": args.kind, "on": args.on and args.on.isoformat()},
                       total=len(shown))
    items = [selectors.duty_data(clock, d) for d in shown]
    data: dict[str, Any] = {"today": clock.today.isoformat(), "soon_days": clock.soon, "overdue": len(clock.overdue),
            "due_soon": len(clock.due_soon), "later": len(clock.later), "failed": clock.failed, "items": items}

    def lines():
        yield gettext("As of %(day)s: %(overdue)s overdue, %(soon)s due within %(days)s days, %(later)s later.") % {
            "day": data["today"], "overdue": data["overdue"], "soon": data["due_soon"], "days": data["soon_days"],
            "later": data["later"]}
        for name in clock.failed:
            yield gettext("warning: the duties of %(provider)s could not be computed (see the log)") % {
                "provider": name}
        for d in items:
            if d["status"] == "overdue":
                state = gettext("overdue by %(days)s d") % {"days": -d["days_left"]}
            else:
                state = gettext("due in %(days)s d") % {"days": d["days_left"]}
            about = d["subject"] + (f" ({d['detail']})" if d["detail"] else "")
            yield f"{d['due']}  {state:<18} {d['title']} [{d['article']}]  {about}"

    emit(args, data, lines)
    return 0
