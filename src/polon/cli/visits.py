"""`polon visits …`: visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126):
the visit, the list of persons to be visited generated from the place's population, who was seen (or why
not), access refused, and follow-up items."""

from __future__ import annotations

from polon.cli.common import acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("visits", help="visits of the ICRC and the Protecting Power to places (Art. 126)")
    sub = p.add_subparsers(dest="visits_command", required=True)

    listing = add_command(sub, "list", visit_list, "visits", filters=["--visitor", "--status"], json=True)
    listing.add_argument("--place", dest="place_id", type=int, default=None)

    show = add_command(sub, "show", visit_show, "one visit with its list (persons in your scope) and follow-ups",
                       json=True)
    show.add_argument("visit_id", type=int)

    create = add_command(sub, "create", visit_create, "record a visit to a place", json=True)
    create.add_argument("place_id", type=int)
    create.add_argument("--visitor", required=True, help="icrc or protecting_power")
    create.add_argument("--starts", required=True, help="first day (YYYY-MM-DD)")
    add_text_options(create, "--ends", "--protecting-power", "--report", "--refusal-reason")
    create.add_argument("--status", default="planned", help="planned, carried_out, refused or cancelled")
    create.add_argument("--delegate", dest="delegates", action="append", default=[],
                        help="a delegate: name and function (repeatable)")

    update = add_command(sub, "update", visit_update, "change a visit (refused: with --refusal-reason)", json=True)
    update.add_argument("visit_id", type=int)
    for option in ("--status", "--starts", "--ends", "--protecting-power", "--report", "--refusal-reason"):
        update.add_argument(option, default=None)
    update.add_argument("--delegate", dest="delegates", action="append", default=None)

    generate = add_command(sub, "generate-list", visit_generate,
                           "list the persons at the place on the visit's first day to be visited", json=True)
    generate.add_argument("visit_id", type=int)

    seen = add_command(sub, "record", visit_record, "record whether a person was seen, or why not", json=True)
    seen.add_argument("visit_id", type=int)
    seen.add_argument("person_id", type=int)
    seen.add_argument("outcome", help="seen, seen_with_witness, declined, not_present, access_refused or to_visit")
    seen.add_argument("--note", default="")

    follow = add_command(sub, "follow-up", follow_up_add, "record a follow-up item of a visit", json=True)
    follow.add_argument("visit_id", type=int)
    follow.add_argument("text")
    follow.add_argument("--due", default="")
    follow.add_argument("--person", dest="person_id", type=int, default=None)

    close = add_command(sub, "close-follow-up", follow_up_close, "close a follow-up item with what was done",
                        json=True)
    close.add_argument("follow_up_id", type=int)
    close.add_argument("outcome")
    close.add_argument("--done-on", default="")

    add_command(sub, "follow-ups", follow_up_list, "open follow-up items, overdue first", json=True)

    printed = add_command(sub, "print", visit_print, "the list of persons to be visited as PDF, for the delegates")
    printed.add_argument("visit_id", type=int)
    printed.add_argument("--output", "-o", required=True)
    printed.add_argument("--language", default="uk", choices=["uk", "en"])


def _visit_data(v) -> dict:
    return {"id": v.pk, "place_id": v.place_id, "place": v.place.name, "visitor": v.visitor,
            "protecting_power": v.protecting_power, "status": v.status, "starts": v.starts, "ends": v.ends,
            "delegates": [d for d in v.delegates.splitlines() if d.strip()], "refusal_reason": v.refusal_reason,
            "report": v.report, "list_generated_at": v.list_generated_at}


def _follow_up_data(f) -> dict:
    return {"id": f.pk, "visit_id": f.visit_id, "person_id": f.person_id, "text": f.text, "due": f.due,
            "status": f.status, "outcome": f.outcome, "done_on": f.done_on}


def visit_list(args) -> int:
    from polon.visits.selectors import VisitFilters, visits

    user = acting_user(args)
    chosen = list(visits(user, VisitFilters(place_id=args.place_id, visitor=args.visitor, status=args.status)))
    data = [{**_visit_data(v), **{k: getattr(v, k, 0) for k in ("listed", "seen", "refused")}} for v in chosen]
    emit(args, data, (f"{d['id']:>5}  {d['starts'].isoformat()}  {d['visitor']:<16} {d['status']:<11} "
                      f"{d['seen']:>4}/{d['listed']:<4}  {d['place']}" for d in data))
    return 0


def visit_show(args) -> int:
    from polon.audit import reads
    from polon.visits.selectors import follow_ups, get_visit, visit_persons

    user = acting_user(args)
    v = get_visit(user, args.visit_id)
    lines_ = list(visit_persons(user, v.pk))
    reads.persons_read(user, view="visits.list", channel="cli", person_ids=[line.person_id for line in lines_],
                       query={"visit": v.pk})
    data = {**_visit_data(v), "persons": [
        {"person_id": line.person_id, "name": str(line.person), "outcome": line.outcome, "note": line.note}
        for line in lines_], "follow_ups": [_follow_up_data(f) for f in follow_ups(user, visit_id=v.pk)]}

    def lines():
        yield f"{v.pk}  {v.place.name}  {v.get_visitor_display()}  {v.starts}–{v.ends or ''}  [{v.status}]"
        for delegate in data["delegates"]:
            yield f"  {gettext('delegate')}: {delegate}"
        if v.refusal_reason:
            yield f"  {gettext('access refused')}: {v.refusal_reason}"
        for row in data["persons"]:
            yield f"  #{row['person_id']:<6} {row['outcome']:<18} {row['name']}  {row['note']}"
        for f in data["follow_ups"]:
            yield f"  {gettext('follow-up')} {f['id']} [{f['status']}] {f['due'] or ''} {f['text']}"

    emit(args, data, lines)
    return 0


def _fields(args, names) -> dict:
    out = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    if isinstance(out.get("delegates"), list):
        out["delegates"] = "\n".join(out["delegates"])
    return out


def visit_create(args) -> int:
    from polon.visits.services import create_visit

    v = create_visit(actor=acting_user(args), place_id=args.place_id, visitor=args.visitor, starts=args.starts,
                     **_fields(args, ("ends", "protecting_power", "report", "refusal_reason", "status", "delegates")))
    emit(args, _visit_data(v), [gettext("recorded visit %(id)s") % {"id": v.pk}])
    return 0


def visit_update(args) -> int:
    from polon.visits.services import update_visit

    v = update_visit(actor=acting_user(args), visit_id=args.visit_id, **_fields(args, (
        "status", "starts", "ends", "protecting_power", "report", "refusal_reason", "delegates")))
    emit(args, _visit_data(v), [gettext("visit %(id)s saved") % {"id": v.pk}])
    return 0


def visit_generate(args) -> int:
    from polon.visits.services import generate_list

    added = generate_list(actor=acting_user(args), visit_id=args.visit_id)
    emit(args, {"added": [line.person_id for line in added]},
         [gettext("%(n)d persons put on the list") % {"n": len(added)}])
    return 0


def visit_record(args) -> int:
    from polon.visits.services import record_outcome

    line = record_outcome(actor=acting_user(args), visit_id=args.visit_id, person_id=args.person_id,
                          outcome=args.outcome, note=args.note)
    emit(args, {"visit_id": line.visit_id, "person_id": line.person_id, "outcome": line.outcome, "note": line.note},
         [gettext("recorded: %(outcome)s") % {"outcome": line.get_outcome_display()}])
    return 0


def follow_up_add(args) -> int:
    from polon.visits.services import add_follow_up

    item = add_follow_up(actor=acting_user(args), visit_id=args.visit_id, text=args.text, due=args.due or None,
                         person_id=args.person_id)
    emit(args, _follow_up_data(item), [gettext("recorded follow-up item %(id)s") % {"id": item.pk}])
    return 0


def follow_up_close(args) -> int:
    from polon.visits.services import close_follow_up

    item = close_follow_up(actor=acting_user(args), follow_up_id=args.follow_up_id, outcome=args.outcome,
                           done_on=args.done_on or None)
    emit(args, _follow_up_data(item), [gettext("follow-up item %(id)s closed") % {"id": item.pk}])
    return 0


def follow_up_list(args) -> int:
    from django.utils import timezone

    from polon.visits.selectors import follow_ups

    today = timezone.localdate()
    items = sorted(follow_ups(acting_user(args), open_only=True),
                   key=lambda f: (f.due is None, f.due or today, f.pk))
    data = [{**_follow_up_data(f), "overdue": bool(f.due and f.due < today), "place": f.visit.place.name}
            for f in items]
    emit(args, data, (f"{d['id']:>5}  {'!' if d['overdue'] else ' '} {str(d['due'] or '—'):<10}  {d['place']}: {d['text']}"
                      for d in data))
    return 0


def visit_print(args) -> int:
    from pathlib import Path

    from polon.audit import reads
    from polon.visits.pdf import visit_list
    from polon.visits.selectors import get_visit, visit_persons

    user = acting_user(args)
    visit = get_visit(user, args.visit_id)
    lines = list(visit_persons(user, visit.pk))
    reads.persons_read(user, view="visits.list.pdf", channel="cli", person_ids=[x.person_id for x in lines],
                       query={"visit": visit.pk})
    content = visit_list(visit, lines, language=args.language)
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s (%(size)d bytes)") % {"path": args.output, "size": len(content)})
    return 0
