"""`polon backup DEST` and `polon restore SRC` (polon.backup.services)."""

from __future__ import annotations

import sys
from pathlib import Path

from polon.cli.common import acting_user, add_command, add_json_flag, emit, gettext, ngettext

# Tables whose counts a restore prints (all of them are compared; --json gives every one).
SHOWN_TABLES = ("registry_person", "registry_personname", "registry_statusevent", "sources_source", "accounts_user",
                "audit_auditevent")


def register(commands) -> None:
    p = add_command(commands, "backup", backup,
                    "copy the database (online) and every stored file to a new folder, with a manifest of hashes")
    p.add_argument("destination", metavar="DEST", help="a folder that does not exist yet (or is empty), outside "
                                                       "the data directory, ideally on another disk")
    add_json_flag(p, help="print the report as JSON")
    r = add_command(commands, "restore", restore,
                    "restore a backup into an empty data directory and database, then verify it")
    r.add_argument("source", metavar="SRC", help="the folder `polon backup` wrote")
    r.add_argument("--force", action="store_true",
                   help="restore over a database and file store that hold data (SQLite: the old file and the "
                        "file store are moved aside, named …before-restore-TIME; PostgreSQL: polon's tables "
                        "are replaced). Stop `polon serve` and `polon worker` first")
    add_json_flag(r, help="print the report as JSON")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def backup(args) -> int:
    from polon.backup.services import create_backup

    user = acting_user(args, required=False)
    report = create_backup(actor=user, destination=Path(args.destination))
    value = {"path": str(report.path), "engine": report.engine, "seconds": round(report.seconds, 2),
             "database": {"path": report.database.path, "sha256": report.database.sha256,
                          "size": report.database.size},
             "stored_files": report.stored_files, "stored_bytes": report.stored_bytes, "tables": report.tables,
             "audit_head": {"sequence": report.audit_sequence, "hash": report.audit_hash},
             "manifest_sha256": report.manifest_sha256, "missing_stored_files": report.missing}

    def lines():
        yield gettext("backup written to %(path)s in %(seconds).1f s") % {"path": report.path,
                                                                          "seconds": report.seconds}
        yield "  " + gettext("database (%(engine)s): %(size)s") % {"engine": report.engine,
                                                                   "size": _megabytes(report.database.size)}
        yield "  " + ngettext("%(count)s stored file, %(size)s", "%(count)s stored files, %(size)s",
                              report.stored_files) % {"count": report.stored_files,
                                                      "size": _megabytes(report.stored_bytes)}
        yield "  " + gettext("%(tables)s tables, audit log up to sequence %(sequence)s") % {
            "tables": len(report.tables), "sequence": report.audit_sequence}
        yield "  " + gettext("manifest SHA-256: %(hash)s") % {"hash": report.manifest_sha256}
        yield gettext("note: the audit key (POLON_AUDIT_KEY or the key file in the data directory) and "
                      "POLON_SECRET_KEY are not in this backup: keep them apart and give them to the restored "
                      "installation")

    emit(args, value, lines)
    for path in report.missing:
        print(gettext("warning: %(path)s: the database refers to this stored file but it was not in the file "
                      "store") % {"path": path}, file=sys.stderr)
    return 1 if report.missing else 0


def restore(args) -> int:
    from polon.backup.services import restore_backup

    report = restore_backup(source=Path(args.source), force=args.force,
                            acting_username=getattr(args, "acting_user", None) or "")
    value = {"source": str(report.source), "engine": report.engine, "ok": report.ok,
             "seconds": round(report.seconds, 2), "timings": {k: round(v, 2) for k, v in report.timings.items()},
             "manifest_sha256": report.manifest_sha256, "files_checked": report.files_checked,
             "stored_files": report.stored_files, "moved_aside": report.moved_aside, "tables": report.tables,
             "count_differences": {table: {"manifest": pair[0], "restored": pair[1]}
                                   for table, pair in report.count_differences.items()},
             "audit_head_matches": report.audit_head_matches, "migrations_applied": report.migrations_applied,
             "audit": {"ok": report.audit_ok, "checked": report.audit_checked, "problem": report.audit_message},
             "sources": {"checked": report.sources_checked, "problems": report.sources_problems},
             "missing_stored_files": report.missing_stored_files}

    def lines():
        yield gettext("%(count)s files checked against the manifest: all match") % {"count": report.files_checked}
        for path in report.moved_aside:
            yield gettext("moved aside: %(path)s") % {"path": path}
        yield ngettext("restored the database (%(engine)s) and %(count)s stored file in %(seconds).1f s",
                       "restored the database (%(engine)s) and %(count)s stored files in %(seconds).1f s",
                       report.stored_files) % {"engine": report.engine, "count": report.stored_files,
                                               "seconds": report.seconds}
        if report.count_differences:
            for table, (expected, found) in report.count_differences.items():
                yield gettext("COUNT DIFFERS %(table)s: %(found)s rows, the manifest says %(expected)s") % {
                    "table": table, "found": found, "expected": expected}
        else:
            yield gettext("row counts of %(count)s tables identical to the manifest") % {"count": len(report.tables)}
        for table in SHOWN_TABLES:
            if table in report.tables:
                yield f"  {table}: {report.tables[table]}"
        if not report.audit_head_matches:
            yield gettext("AUDIT HEAD DIFFERS from the manifest's")
        if report.migrations_applied:
            yield gettext("applied %(count)s migrations (the backup came from an older polon)") % {
                "count": len(report.migrations_applied)}
        if report.audit_ok:
            yield gettext("audit verify: OK, %(count)s events, chain intact") % {"count": report.audit_checked}
        else:
            yield gettext("audit verify: FAILED: %(problem)s") % {"problem": report.audit_message}
        if report.sources_problems:
            for problem in report.sources_problems:
                yield gettext("sources verify: CHANGED OR MISSING %(problem)s") % {"problem": problem}
        else:
            yield ngettext("sources verify: OK, %(count)s stored file intact",
                           "sources verify: OK, %(count)s stored files intact",
                           report.sources_checked) % {"count": report.sources_checked}
        for path in report.missing_stored_files:
            yield gettext("MISSING %(path)s: the database refers to this stored file") % {"path": path}
        if not report.missing_stored_files:
            yield gettext("every stored file the database refers to is present (documents, thumbnails, job files "
                          "and sources)")

    emit(args, value, lines)
    return 0 if report.ok else 1
