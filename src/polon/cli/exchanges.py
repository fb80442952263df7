"""`polon exchange …` and `polon reconcile FILE --round N`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from polon.cli.common import (
    CommandError,
    acting_user,
    add_command,
    add_json_flag,
    add_text_options,
    emit,
    gettext,
    ngettext,
    options,
)
from polon.cli.jobs import add_wait_options, follow


def register(commands) -> None:
    p = commands.add_parser("exchange", help="exchange rounds and their lists")
    sub = p.add_subparsers(dest="exchange_command", required=True)

    add_command(sub, "list", round_list, "exchange rounds", json=True)
    add_command(sub, "show", round_show, "one round with its lists (persons in your scope)",
                json=True).add_argument("number", type=int)

    create = add_command(sub, "create", round_create, "record a round")
    create.add_argument("number", type=int)
    add_text_options(create, "--title", "--proposed-on", "--agreed-on")
    create.add_argument("--parties", default="UA,RU")
    create.add_argument("--mediator", default="")
    create.add_argument("--formula", default="n_for_n")
    create.add_argument("--n", dest="formula_n", type=int, default=None)
    create.add_argument("--category", dest="formula_category", default="")
    create.add_argument("--notes", default="")

    status = add_command(sub, "status", round_status, "set a round negotiating, agreed or cancelled")
    status.add_argument("number", type=int)
    status.add_argument("status")

    add = add_command(sub, "add", entry_add, "put a person (or a name not yet recorded) on a round's list")
    add.add_argument("number", type=int)
    add.add_argument("--side", required=True, help="hand_over or receive")
    group = add.add_mutually_exclusive_group(required=True)
    group.add_argument("--person", type=int, help="record number of a person in the registry")
    group.add_argument("--name", help="a name we do not know yet: recorded as a new person first")
    add_text_options(add, "--birth-date", "--held-since")
    add.add_argument("--status", default="proposed")
    add.add_argument("--consent", default="unknown")
    add.add_argument("--category", action="append", default=[], help="entry category; repeatable")
    add.add_argument("--confirm-warnings", action="store_true",
                     help="add him although his registry status does not fit the list (dead, released…)")

    entry = add_command(sub, "entry", entry_update, "change a list entry's status, consent or categories")
    entry.add_argument("entry_id", type=int)
    entry.add_argument("--status")
    entry.add_argument("--consent")
    add_text_options(entry, "--struck-by", "--reason")

    execute = add_command(sub, "execute", round_execute, "exchange every agreed person: writes the timeline events")
    execute.add_argument("number", type=int)
    execute.add_argument("--date", required=True)
    execute.add_argument("--place", default="")
    execute.add_argument("--yes", action="store_true",
                         help="confirm: without it the command prints what would be written and writes nothing")

    judge = add_command(sub, "judge", row_judge, "confirm or reject that a line of the other side's list is a person")
    judge.add_argument("row_id", type=int)
    judge.add_argument("person_id", type=int)
    judge.add_argument("--not-same", action="store_true")

    r = add_command(commands, "reconcile", reconcile, "import the other side's list (CSV/XLSX) and match it")
    r.add_argument("file")
    r.add_argument("--round", dest="number", type=int, required=True)
    r.add_argument("--side", default="hand_over", help="hand_over (default) or receive")
    add_json_flag(r)
    add_wait_options(r)


def _round(user, number):
    from polon.exchanges.selectors import get_round_by_number

    return get_round_by_number(user, number)


def _round_data(r) -> dict:
    return {"id": r.pk, "number": r.number, "title": r.title, "status": r.status, "formula": r.formula_text,
            "mediator": r.mediator, "agreed_on": r.agreed_on, "executed_on": r.executed_on}


def round_list(args) -> int:
    from polon.exchanges.selectors import rounds

    data = [_round_data(r) for r in rounds(acting_user(args))]
    emit(args, data, (f"{r['number']:>4}  {r['status']:<16} {r['executed_on'] or r['agreed_on'] or '':<10}  "
                      f"{r['formula']:<12} {r['title']}" for r in data))
    return 0


def round_show(args) -> int:
    from polon.exchanges.selectors import entries, rows_for_round

    user = acting_user(args)
    r = _round(user, args.number)
    data = {**_round_data(r), "entries": [
        {"id": e.pk, "side": e.side, "person_id": e.person_id, "name": str(e.person), "status": e.status,
         "consent": e.consent, "categories": e.categories} for e in entries(user, r.pk)],
        "list_rows": [{"id": row.pk, "side": row.side, "line": row.line, "name": row.name, "outcome": row.outcome,
                       "person_id": row.person_id} for row in rows_for_round(user, r.pk)]}

    def lines():
        yield f"round {r.number} {r.title}  [{r.status}]  {r.formula_text}"
        for e in data["entries"]:
            yield f"  {e['id']:>6} {e['side']:<10} {e['status']:<17} #{e['person_id']} {e['name']}"
        for row in data["list_rows"]:
            yield f"  line {row['line']:>4} {row['outcome']:<10} {row['name']}  → {row['person_id'] or '-'}"

    emit(args, data, lines)
    return 0


def round_create(args) -> int:
    from polon.exchanges.services import create_round

    r = create_round(actor=acting_user(args), **options(args, "number", "title", "proposed_on", "agreed_on", "parties",
                                                        "mediator", "formula", "formula_n", "formula_category", "notes"))
    print(gettext("recorded exchange round %(number)s") % {"number": r.number})
    return 0


def round_status(args) -> int:
    from polon.exchanges.services import update_round

    user = acting_user(args)
    r = update_round(actor=user, round_id=_round(user, args.number).pk, changes={"status": args.status})
    print(gettext("round %(number)s: %(status)s") % {"number": r.number, "status": r.status})
    return 0


def entry_add(args) -> int:
    from polon.exchanges import services

    user = acting_user(args)
    r = _round(user, args.number)
    if args.person:
        e = services.add_entry(actor=user, round_id=r.pk, side=args.side, person_id=args.person, status=args.status,
                               consent=args.consent, categories=args.category,
                               confirm_warnings=args.confirm_warnings)
    else:
        e = services.add_new_person_entry(actor=user, round_id=r.pk, side=args.side, name=args.name,
                                          birth_date=args.birth_date, held_since=args.held_since, status=args.status,
                                          categories=args.category)
    print(gettext("entry %(id)s: person %(person)s on the %(side)s list of round %(number)s (%(status)s)")
          % {"id": e.pk, "person": e.person_id, "side": e.side, "number": r.number, "status": e.status})
    return 0


def entry_update(args) -> int:
    from polon.exchanges.services import update_entry

    e = update_entry(actor=acting_user(args), entry_id=args.entry_id, status=args.status, consent=args.consent,
                     struck_by=args.struck_by, struck_reason=args.reason)
    print(gettext("entry %(id)s: %(status)s, consent %(consent)s") % {"id": e.pk, "status": e.status, "consent": e.consent})
    return 0


def round_execute(args) -> int:
    from polon.exchanges.services import execute_round, execution_plan

    user = acting_user(args)
    r = _round(user, args.number)
    if not args.yes:
        plan = execution_plan(actor=user, round_id=r.pk)
        for p in plan.planned:
            print(f"  #{p.entry.person_id} {p.entry.person}  [{p.entry.person.status}] → {', '.join(p.events)}"
                  + ("  " + gettext("REFUSED: %(reason)s") % {"reason": p.refusal} if p.refusal else ""))
        print(gettext("round %(number)s: %(persons)s, %(events)s would be written; %(staying)s stay on the lists")
              % {"number": r.number, "staying": len(plan.staying),
                 "persons": ngettext("%(count)s person", "%(count)s persons", len(plan.planned))
                 % {"count": len(plan.planned)},
                 "events": ngettext("%(count)s event", "%(count)s events", plan.events) % {"count": plan.events}})
        raise CommandError(gettext("executing a round cannot be undone: run it again with --yes to execute it"))
    result = execute_round(actor=user, round_id=r.pk, date=args.date, place=args.place)
    print(gettext("round %(number)s %(status)s: %(persons)s exchanged, %(events)s written")
          % {"number": result.round.number, "status": result.round.status,
             "persons": ngettext("%(count)s person", "%(count)s persons", len(result.exchanged))
             % {"count": len(result.exchanged)},
             "events": ngettext("%(count)s event", "%(count)s events", len(result.events))
             % {"count": len(result.events)}})
    return 0


def row_judge(args) -> int:
    from polon.exchanges.reconcile import judge_row

    row = judge_row(actor=acting_user(args), row_id=args.row_id, person_id=args.person_id, same=not args.not_same)
    print(f"line {row.line} '{row.name}': {row.outcome} {row.person_id or ''}".rstrip())
    return 0


def reconcile(args) -> int:
    """Queue the reconciliation as a job and wait for it (a worker runs it, or this process if none is alive)."""
    from polon.exchanges.reconcile import check_upload_size, read_list, start_reconcile
    from polon.exchanges.selectors import rows_for_round

    user = acting_user(args)
    path = Path(args.file)
    try:
        check_upload_size(path.stat().st_size, path.name)
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(gettext("%(file)s: cannot read: %(reason)s") % {"file": path, "reason": exc.strerror}) from None
    r = _round(user, args.number)
    job = start_reconcile(actor=user, round_id=r.pk, side=args.side, content=content, file_name=path.name)
    job, code = follow(job, args)
    if code is not None:
        return code
    contents = read_list(content, path.name)
    keys = {item.key for item in contents.rows} | {item.key for item in contents.bad}
    found = [row for row in rows_for_round(user, r.pk, args.side) if row.row_key in keys]
    rows: list[dict[str, Any]] = [
        {"line": r.line, "name": r.name, "outcome": r.outcome, "person_id": r.person_id, "score": r.score,
         "explanation": r.explanation, "candidates": [c["person_id"] for c in r.candidates],
         "problems": r.problems} for r in found]
    result = job.result

    def lines():
        for row in rows:
            if row["problems"]:
                target = "; ".join(f"{p['field']}: {p['reason']}" for p in row["problems"])
            else:
                target = str(row["person_id"] or ", ".join(map(str, row["candidates"])) or "-")
            yield f"line {row['line']:>4}  {row['outcome']:<10} {row['name']:<40} → {target}"
        yield (f"{result['matched']} matched, {result['ambiguous']} ambiguous, {result['unknown']} not in the "
               f"registry, {result.get('invalid', 0)} to correct ({result['created']} new lines, "
               f"{result['updated']} updated; job {job.pk})")

    emit(args, {"job": job.pk, "created": result["created"], "updated": result["updated"], "rows": rows}, lines)
    return 0
