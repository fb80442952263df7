"""`polon consular contacts|dossier|transmit`: consular contacts, a state's dossier, recording a transmission."""

from __future__ import annotations

from polon.cli.common import acting_user, add_command, emit, gettext, options, print_json


def register(commands) -> None:
    cons = commands.add_parser("consular", help="consular contacts, transmissions, after return")
    csub = cons.add_subparsers(dest="consular_command", required=True)
    add_command(csub, "contacts", contact_list, "consular contacts in your scope", filters=["--country"], json=True)
    add_command(csub, "dossier", country_dossier, "a state's dossier as JSON").add_argument("country")
    t = add_command(csub, "transmit", transmit, "record a transmission (warns where it may be detrimental)")
    t.add_argument("person_id", type=int)
    t.add_argument("--to", dest="recipient", required=True, help="protecting_power, icrc_cta or state")
    t.add_argument("--country", default="")
    t.add_argument("--channel", required=True)
    t.add_argument("--date", required=True)
    t.add_argument("--content", required=True)
    t.add_argument("--legal-basis", required=True)
    t.add_argument("--override-reason", default="", help="why to send despite a warning (audited)")
    t.add_argument("--confirm", dest="confirm_names", action="store_true",
                   help="record content naming persons outside his states (audited)")


def contact_list(args) -> int:
    from polon.consular.selectors import contacts

    data = [{"id": c.pk, "country": c.country, "date": c.date, "place": c.place,
             "theirs": [f"{p.role} {p.name}".strip() for p in c.participants.all() if p.side == "theirs"],
             "topics": c.topics, "commitments": c.commitments} for c in contacts(acting_user(args), args.country)]

    def lines():
        for c in data:
            yield f"{c['id']:>5} {c['country']} {c['date'] or '?':<10} {c['place']}: {'; '.join(c['theirs'])}"
            for commitment in c["commitments"]:
                yield f"        commitment: {commitment}"

    emit(args, data, lines)
    return 0


def country_dossier(args) -> int:
    """Always JSON: the command has no text form."""
    from polon.audit import reads
    from polon.exports.dossier import dossier

    user = acting_user(args)
    d = dossier(user, args.country)
    reads.dossier_read(user, d, channel="cli")
    print_json({"country": d.country, "name": d.name, "by_status": [[str(a), b] for a, b in d.by_status],
                "persons": [{"id": p.pk, "name": str(p), "status": p.status} for p in d.persons],
                # .released is attached to each round by exports.dossier.
                "rounds": [{"number": r.number, "executed_on": r.executed_on,
                            "released": [p.pk for p in r.released]}  # type: ignore[attr-defined]
                           for r in d.rounds],
                "contacts": [c.pk for c in d.contacts], "transmissions": [t.pk for t in d.transmissions],
                "enquiries": [e.pk for e in d.enquiries], "proceedings": [p.pk for p in d.proceedings],
                "legal_notes": d.legal_notes})
    return 0


def transmit(args) -> int:
    from polon.consular.services import record_transmission

    t = record_transmission(actor=acting_user(args), **options(args, "person_id", "recipient", "country", "channel",
                                                               "date", "content", "legal_basis", "override_reason",
                                                               "confirm_names"))
    print((gettext("recorded transmission %(id)s (warning overridden, audited)") if t.warnings
           else gettext("recorded transmission %(id)s")) % {"id": t.pk})
    return 0
