"""`polon enquiry list|show|add|reply|assign|close`."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from polon.cli.common import acting_user, active_user, add_command, emit, gettext, options


def register(commands) -> None:
    p = commands.add_parser("enquiry", help="tracing enquiries")
    sub = p.add_subparsers(dest="enquiry_command", required=True)

    add_command(sub, "list", enquiry_list, "enquiries in your scope, with days open", filters=["--status"], json=True)
    add_command(sub, "show", enquiry_show, "one enquiry with match suggestions computed now",
                json=True).add_argument("enquiry_id", type=int)

    add = add_command(sub, "add", enquiry_add, "record an enquiry")
    add.add_argument("--from", dest="requester_kind", required=True, help="family, consulate, icrc or other")
    add.add_argument("--requester", dest="requester_name", required=True)
    add.add_argument("--contact", dest="requester_contact", default="")
    add.add_argument("--name", dest="sought_name", required=True, help="the person sought, any script")
    add.add_argument("--birth-date", dest="sought_birth_date", default="")
    add.add_argument("--citizenship", dest="sought_country", default="")
    add.add_argument("--details", default="")
    add.add_argument("--received-on", default=None)
    add.add_argument("--requester-country", default="",
                     help="the state it comes from (a consulate's; by default the sought person's)")
    add.add_argument("--confirm", dest="confirm_names", action="store_true",
                     help="record details naming persons outside the sought person's state (audited)")

    reply = add_command(sub, "reply", enquiry_reply, "record a reply (never about a restricted person)")
    reply.add_argument("enquiry_id", type=int)
    reply.add_argument("--text", help="the reply; default: the draft polon writes")
    reply.add_argument("--person", action="append", type=int, default=[], help="a person the reply names")
    reply.add_argument("--channel", default="")
    reply.add_argument("--close", action="store_true")
    reply.add_argument("--confirm", dest="confirm_names", action="store_true",
                       help="send a text naming persons outside the sought person's state (audited)")
    reply.add_argument("--override-reason", default="",
                       help="why to send a reply to a state despite a warning that it may harm him (audited)")

    assign = add_command(sub, "assign", enquiry_assign, "assign an enquiry to a user")
    assign.add_argument("enquiry_id", type=int)
    assign.add_argument("username")

    add_command(sub, "close", enquiry_close, "close an enquiry").add_argument("enquiry_id", type=int)


def _data(e) -> dict:
    return {"id": e.pk, "received_on": e.received_on.isoformat(), "from": e.requester_kind,
            "requester": e.requester_name, "requester_country": e.requester_country, "sought_name": e.sought_name,
            "citizenship": e.sought_country,
            "status": e.status, "assignee": e.assignee.username if e.assignee_id else None, "days_open": e.days_open()}


def enquiry_list(args) -> int:
    from polon.enquiries.selectors import enquiries

    items = enquiries(acting_user(args))
    if args.status:
        items = items.filter(status=args.status)
    data = [_data(e) for e in items]
    emit(args, data, (f"E-{e['id']:<5} {e['status']:<9} {e['days_open']:>4} days  {e['citizenship'] or '--'}  "
                      f"{e['sought_name']}  ({e['from']}: {e['requester']})" for e in data))
    return 0


def enquiry_show(args) -> int:
    from polon.enquiries.selectors import draft_reply, get_enquiry, suggestions

    user = acting_user(args)
    e = get_enquiry(user, args.enquiry_id)
    draft, named = draft_reply(user, e)
    data = {**_data(e), "suggestions": [
        {"person_id": h.person.pk, "name": str(h.person), "band": h.band, "score": round(h.score, 4),
         "explanation": h.explanation, "restricted": h.person.restricted} for h in suggestions(user, e)],
        "draft_reply": draft, "draft_names": named,
        "replies": [{"sent_on": r.sent_on.isoformat(), "text": r.text} for r in e.replies.all()]}

    def lines():
        yield f"E-{e.pk} {e.sought_name} [{e.status}] {data['days_open']} days open"
        for s in data["suggestions"]:
            yield (f"  {s['band']:<8} {s['score']:.2f} #{s['person_id']} {s['name']}"
                   f"{'  RESTRICTED' if s['restricted'] else ''}  {s['explanation']}")
        yield "draft reply:\n  " + draft.replace("\n", "\n  ")

    emit(args, data, lines)
    return 0


@contextmanager
def _names_hint():
    """Where the text names persons outside the record's state: the refusal, and how to record it anyway."""
    from polon.registry.mentions import NamesNeedConfirmation

    try:
        yield
    except NamesNeedConfirmation:
        print(gettext("the liaison officers of that state would read these names: remove them, or run the "
                      "command again with --confirm (recorded in the audit log)"), file=sys.stderr)
        raise


def enquiry_add(args) -> int:
    from polon.enquiries.services import create_enquiry

    with _names_hint():
        e = create_enquiry(actor=acting_user(args), **options(
            args, "requester_kind", "requester_name", "requester_contact", "sought_name", "sought_birth_date",
            "sought_country", "details", "received_on", "requester_country", "confirm_names"))
    print(gettext("recorded enquiry E-%(id)s") % {"id": e.pk})
    return 0


def enquiry_reply(args) -> int:
    from polon.enquiries.selectors import draft_reply, get_enquiry
    from polon.enquiries.services import add_reply

    user = acting_user(args)
    text, persons = args.text, args.person
    if not text:
        text, persons = draft_reply(user, get_enquiry(user, args.enquiry_id))
    with _names_hint():
        reply = add_reply(actor=user, enquiry_id=args.enquiry_id, text=text, person_ids=persons,
                          channel=args.channel, close=args.close, confirm_names=args.confirm_names,
                          override_reason=args.override_reason)
    print(gettext("recorded reply %(reply)s to E-%(id)s") % {"reply": reply.pk, "id": args.enquiry_id})
    return 0


def enquiry_assign(args) -> int:
    from polon.enquiries.services import assign_enquiry

    assignee = active_user(args.username)
    e = assign_enquiry(actor=acting_user(args), enquiry_id=args.enquiry_id, assignee_id=assignee.pk)
    print(gettext("E-%(id)s assigned to %(username)s") % {"id": e.pk, "username": assignee.username})
    return 0


def enquiry_close(args) -> int:
    from polon.enquiries.services import close_enquiry

    e = close_enquiry(actor=acting_user(args), enquiry_id=args.enquiry_id)
    print(gettext("E-%(id)s closed") % {"id": e.pk})
    return 0
