"""`polon cta …`: lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123) —
what is pending for each recipient (new captures, corrections, changes since the last list to it), who is
pending, the next list sent (each person a consular transmission, the detriment rule applied), the lists sent
and their files (CSV, XLSX, PDF)."""

from __future__ import annotations

from polon.cli.common import acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("cta", help="lists for the ICRC Central Tracing Agency and the Power depended on "
                                        "(Arts. 122-123)")
    sub = p.add_subparsers(dest="cta_command", required=True)
    add_command(sub, "pending", summary, "how many are pending for each recipient", json=True)
    due = add_command(sub, "due", pending, "who is pending for a recipient", json=True)
    due.add_argument("recipient", choices=["icrc_cta", "state"])
    add_text_options(due, "--country")
    send = add_command(sub, "send", send_list, "send the next list to a recipient", json=True)
    send.add_argument("recipient", choices=["icrc_cta", "state"])
    add_text_options(send, "--country", "--sent-on", "--channel", "--legal-basis", "--override-reason")
    send.add_argument("--confirm-names", action="store_true")
    add_command(sub, "lists", lists, "the lists sent, newest first", json=True)
    show = add_command(sub, "show", show_list, "one list with the persons on it", json=True)
    show.add_argument("list_id", type=int)
    out = add_command(sub, "file", list_file, "write a list as CSV, XLSX or PDF")
    out.add_argument("list_id", type=int)
    out.add_argument("--format", dest="fmt", choices=["csv", "xlsx", "pdf"], default="pdf")
    out.add_argument("--output", "-o", required=True)


def _label(recipient: str, country: str) -> str:
    from polon.cta.services import recipient_label

    return recipient_label(recipient, country)


def summary(args) -> int:
    from polon.cta import selectors

    rows = selectors.summaries(acting_user(args))
    emit(args, [{"recipient": s.recipient, "country": s.country, "new": s.new, "changes": s.changes,
                 "corrections": s.corrections, "last_list_id": s.last.pk if s.last else None} for s in rows],
         lambda: (gettext("%(recipient)s: %(new)s new, %(corrections)s corrections, %(changes)s changes pending; "
                          "last list: %(last)s") % {
            "recipient": _label(s.recipient, s.country), "new": s.new, "corrections": s.corrections,
            "changes": s.changes, "last": f"#{s.last.pk} {s.last.sent_on}" if s.last else "—"} for s in rows))
    return 0


def pending(args) -> int:
    from polon.audit import reads
    from polon.cta import selectors

    user = acting_user(args)
    rows = selectors.pending(user, recipient=args.recipient, country=args.country)
    reads.persons_read(user, view="cta.pending", channel="cli", person_ids=[p.person.pk for p in rows],
                       query={"recipient": args.recipient, "country": args.country})
    emit(args, [{"person_id": p.person.pk, "name": str(p.person), "kind": p.kind, "changed": p.changed}
                for p in rows],
         lambda: (f"#{p.person.pk} {p.person} · {p.kind}" + (f" ({', '.join(p.changed)})" if p.changed else "")
                  for p in rows))
    return 0


def _list_value(user, item) -> dict:
    from polon.cta import selectors

    return {"id": item.pk, "recipient": item.recipient, "country": item.country, "number": item.number,
            "sent_on": item.sent_on, "channel": item.channel, "legal_basis": item.legal_basis,
            "withheld_count": len(item.withheld),
            "entries": [{"person_id": e.person_id, "name": str(e.person), "kind": e.kind, "changed": e.changed,
                         "transmission_id": e.transmission_id} for e in selectors.entries(user, item)]}


def _list_lines(value: dict):
    yield gettext("list no. %(number)s to %(recipient)s, sent on %(date)s (%(basis)s): %(count)s persons, "
                  "%(withheld)s left out under the detriment rule") % {
        "number": value["number"], "recipient": _label(value["recipient"], value["country"]),
        "date": value["sent_on"], "basis": value["legal_basis"], "count": len(value["entries"]),
        "withheld": value["withheld_count"]}
    for e in value["entries"]:
        yield f"  #{e['person_id']} {e['name']} · {e['kind']}" + (
            f" ({', '.join(e['changed'])})" if e["changed"] else "") + f" · transmission #{e['transmission_id']}"


def send_list(args) -> int:
    from polon.cta import services

    user = acting_user(args)
    item = services.send_list(actor=user, recipient=args.recipient, country=args.country, sent_on=args.sent_on,
                              channel=args.channel, legal_basis=args.legal_basis,
                              override_reason=args.override_reason, confirm_names=args.confirm_names)
    value = _list_value(user, item)
    emit(args, value, lambda: _list_lines(value))
    return 0


def lists(args) -> int:
    from polon.cta import selectors

    user = acting_user(args)
    rows = list(selectors.lists(user)[:100])
    emit(args, [{"id": i.pk, "recipient": i.recipient, "country": i.country, "number": i.number,
                 "sent_on": i.sent_on, "legal_basis": i.legal_basis} for i in rows],
         lambda: (f"#{i.pk} · {_label(i.recipient, i.country)} · {i.number} · {i.sent_on} · {i.legal_basis}"
                  for i in rows))
    return 0


def show_list(args) -> int:
    from polon.audit import reads
    from polon.cta import selectors

    user = acting_user(args)
    value = _list_value(user, selectors.get_list(user, args.list_id))
    reads.persons_read(user, view="cta.list", channel="cli", person_ids=[e["person_id"] for e in value["entries"]],
                       query={"list": args.list_id})
    emit(args, value, lambda: _list_lines(value))
    return 0


def list_file(args) -> int:
    from pathlib import Path

    from polon.audit import reads
    from polon.cta import documents, selectors

    user = acting_user(args)
    item = selectors.get_list(user, args.list_id)
    entries = selectors.entries(user, item)
    content = documents.render(user, item, entries, args.fmt, recipient=_label(item.recipient, item.country))
    reads.persons_read(user, view=f"cta.list.{args.fmt}", channel="cli", person_ids=[e.person_id for e in entries],
                       query={"list": item.pk})
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s (%(size)d bytes)") % {"path": args.output, "size": len(content)})
    return 0
