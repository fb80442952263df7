"""`polon import persons FILE`: a .jsonl, .csv or .xlsx file of persons, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from polon.cli.common import (
    CommandError,
    acting_user,
    add_command,
    add_json_flag,
    emit,
    gettext,
    terminal_language,
)
from polon.cli.jobs import follow


def register(commands) -> None:
    p = commands.add_parser("import", help="import records from a file, all or nothing")
    sub = p.add_subparsers(dest="import_command", required=True)
    a = add_command(
        sub, "persons", import_persons_command, "import persons from a .jsonl, .csv or .xlsx file (see docs/import.md)",
        description="Every line is checked first (as POST /api/persons checks one person) and any error refuses "
                    "the whole file; then duplicates within the file and in the registry are looked for; then "
                    "every person is written in one transaction, each with its audit event.")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--on-duplicate", choices=("report", "skip", "fail"), default="report",
                   help="a line naming a person already recorded, or named by an earlier line: write it and "
                        "report it (default), leave it out, or refuse the whole file")
    a.add_argument("--no-duplicate-check", action="store_true",
                   help="do not search the registry for likely duplicates (the file's own duplicates and "
                        "recorded service numbers are still found)")
    a.add_argument("--no-progress", action="store_true", help="no progress bar")
    a.add_argument("--no-wait", action="store_true",
                   help="check the file, queue its import as a background job and return at once (`polon worker` "
                        "runs it; `polon job show ID` shows its report)")
    add_json_flag(a, help="print the report as JSON")


class _Bars:
    """tqdm bars on stderr, one a phase."""

    def __init__(self, disable: bool):
        self.disable = disable
        self.bar = None

    def start(self, phase: str, total: int) -> None:
        from django.utils.translation import gettext as _
        from tqdm import tqdm

        self.close()
        labels = {"check": _("checking"), "duplicates": _("duplicates"), "write": _("writing")}
        self.bar = tqdm(total=total, desc=labels.get(phase, phase), unit=_("person"), file=sys.stderr,
                        disable=self.disable or None, dynamic_ncols=True)

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def import_persons_command(args) -> int:
    from polon.registry.services.imports import ImportRefused, import_persons

    actor = acting_user(args)
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(gettext("%(file)s: cannot read: %(reason)s") % {"file": args.file, "reason": exc.strerror or exc}) from None
    if args.no_wait:
        return _queue(args, actor, content)
    bars = _Bars(args.no_progress or args.json)
    try:
        report = import_persons(actor=actor, content=content, file_name=str(args.file),
                                on_duplicate=args.on_duplicate, check_registry=not args.no_duplicate_check,
                                progress=bars)
    except ImportRefused as exc:
        bars.close()
        return _refused(args, exc)
    finally:
        bars.close()
    emit(args, report.as_dict(), lambda: [*report.lines(), report.summary()])
    return 0


def _queue(args, actor, content: bytes) -> int:
    """--no-wait: the file checked now (errors printed, nothing queued), its import queued as a job."""
    from polon.registry.services.imports import ImportRefused, start_import

    try:
        job = start_import(actor=actor, content=content, file_name=str(args.file), on_duplicate=args.on_duplicate,
                           check_registry=not args.no_duplicate_check, language=terminal_language())
    except ImportRefused as exc:
        return _refused(args, exc)
    _job, code = follow(job, args)
    return code or 0


def _refused(args, exc) -> int:
    """A refused file: its report (JSON with --json), each problem on stderr, exit code 2."""
    emit(args, exc.report.as_dict())  # text: the problems below, on stderr
    for problem in exc.report.problems():
        text = problem.text(exc.report.file_name)
        print(gettext("error: %(reason)s") % {"reason": text} if problem in exc.report.errors else text,
              file=sys.stderr)
    print(exc.report.summary(), file=sys.stderr)
    return 2
