"""`polon export card|csv|ftm|country|reconciled|history`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from polon.cli.common import CommandError, acting_user, add_command, add_text_options, emit, gettext, ngettext
from polon.cli.jobs import add_wait_options, follow, write_job_file


def _purpose(parser) -> None:
    parser.add_argument("--recipient", required=True, help="who receives the export (recorded, audited)")
    parser.add_argument("--legal-basis", required=True, help="for example 'GC III Art. 122'")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--state", default="", help="the state (ISO code) the export is addressed to or made on "
                        "behalf of: persons it may harm are left out unless --override-reason is given")
    parser.add_argument("--override-reason", default="", help="send the persons it may harm anyway (audited)")


def _disclosure(args) -> dict[str, str]:
    return {"state": args.state, "override_reason": args.override_reason}


def register(commands) -> None:
    p = commands.add_parser("export", help="scoped, recorded and audited exports")
    sub = p.add_subparsers(dest="export_command", required=True)
    for name, kind, help_text in (("card", "capture_card", "ICRC capture cards (PDF, GC III Annex IV B)"),
                                  ("csv", "csv", "persons as CSV (formulas neutralised)"),
                                  ("ftm", "ftm", "FollowTheMoney JSON lines for Aleph")):
        e = add_command(sub, name, export_persons, help_text)
        e.add_argument("person_ids", nargs="*", type=int, help="record numbers (default: all the filter selects)")
        add_text_options(e, "--citizenship", "--status")
        _purpose(e)
        # A large CSV or FTM export is made by a background job: wait for it, or return at once.
        add_wait_options(e)
        e.set_defaults(kind=kind)
    c = add_command(sub, "country", export_country, "per-country report (PDF)")
    c.add_argument("country")
    _purpose(c)
    r = add_command(sub, "reconciled", export_reconciled, "a round's reconciled list (CSV or XLSX)")
    r.add_argument("--round", dest="number", type=int, required=True)
    r.add_argument("--side", default="")
    r.add_argument("--format", default="csv", choices=("csv", "xlsx"))
    _purpose(r)
    add_command(sub, "history", export_history, "exports you made (an administrator: everyone's)", json=True)


def _write(args, exported) -> int:
    withheld = len(exported.record.withheld_ids)
    if withheld:
        print(ngettext("%(count)s person left out: the export to %(state)s may harm him (--override-reason to "
                       "send anyway)", "%(count)s persons left out: the export to %(state)s may harm them "
                       "(--override-reason to send anyway)", withheld) % {"count": withheld,
                                                                          "state": exported.record.state},
              file=sys.stderr)
    if args.output:
        try:
            Path(args.output).write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(gettext("%(file)s: cannot write: %(reason)s") % {"file": args.output, "reason": exc.strerror}) from None
        size, count = exported.record.size, len(exported.record.person_ids)
        print(gettext("wrote %(file)s (%(size)s, %(persons)s; export %(export)s recorded)")
              % {"file": args.output, "size": ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size},
                 "persons": ngettext("%(count)s person", "%(count)s persons", count) % {"count": count}, "export": exported.record.pk}, file=sys.stderr)
    else:
        sys.stdout.buffer.write(exported.content)
        sys.stdout.flush()
    return 0


def export_persons(args) -> int:
    from polon.exports import services

    user = acting_user(args)
    if services.needs_job(actor=user, kind=args.kind, person_ids=args.person_ids, citizenship=args.citizenship,
                          status=args.status):
        return _write_from_job(args, services.start_export_persons(
            actor=user, kind=args.kind, recipient=args.recipient, legal_basis=args.legal_basis,
            citizenship=args.citizenship, status=args.status, **_disclosure(args)))
    return _write(args, services.export_persons(actor=user, kind=args.kind, recipient=args.recipient,
                                                legal_basis=args.legal_basis, person_ids=args.person_ids,
                                                citizenship=args.citizenship, status=args.status,
                                                **_disclosure(args)))


def _write_from_job(args, job) -> int:
    """A large export is made by a job: wait for it (or run it here), then write its file; with --no-wait,
    print the job's number (`polon job file ID` writes the file later)."""
    job, code = follow(job, args)
    if code is not None:
        return code if args.no_wait else code or 1
    write_job_file(job, args.output, actor=acting_user(args))
    count = job.result["persons"]
    print(gettext("%(persons)s; export %(export)s recorded; job %(job)s")
          % {"persons": ngettext("%(count)s person", "%(count)s persons", count) % {"count": count}, "export": job.result["export_id"], "job": job.pk},
          file=sys.stderr)
    return 0


def export_country(args) -> int:
    from polon.exports.services import export_country_report

    return _write(args, export_country_report(actor=acting_user(args), country=args.country,
                                              recipient=args.recipient, legal_basis=args.legal_basis,
                                              **_disclosure(args)))


def export_reconciled(args) -> int:
    from polon.exchanges.selectors import get_round_by_number
    from polon.exports.services import export_reconciliation

    user = acting_user(args)
    r = get_round_by_number(user, args.number)
    return _write(args, export_reconciliation(actor=user, round_id=r.pk, side=args.side, fmt=args.format,
                                              recipient=args.recipient, legal_basis=args.legal_basis,
                                              **_disclosure(args)))


def export_history(args) -> int:
    from polon.exports.services import export_history as history

    data: list[dict[str, Any]] = [{"id": r.pk, "at": r.created_at.isoformat(), "by": str(r.created_by), "kind": r.kind,
             "recipient": r.recipient, "legal_basis": r.legal_basis, "persons": len(r.person_ids),
             "sha256": r.sha256, "state": r.state, "withheld": len(r.withheld_ids),
             "overridden": len(r.overridden_ids)} for r in history(acting_user(args))[:500]]
    emit(args, data, (f"{r['id']:>5} {r['at'][:16]} {r['by']:<12} {r['kind']:<15} {r['persons']:>5}  "
                      f"{r['recipient']} ({r['legal_basis']})"
                      + (f"  [{r['state']}: -{r['withheld']} +{r['overridden']}]" if r["state"] else "")
                      for r in data))
    return 0

