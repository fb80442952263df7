"""`polon backup DEST` and `polon restore SRC`: the database and every stored file, with a manifest.

A backup is a folder::

    manifest.json        format, when, which engine, SHA-256 and size of every file below, the row count of
                         every table and the audit head (sequence and hash) of the copied database
    database.sqlite3     SQLite: a copy made with SQLite's online backup API (consistent while polon writes,
                         WAL included), checked with PRAGMA quick_check
    database.pgdump      PostgreSQL: `pg_dump --format=custom` of one snapshot, the same snapshot the row
                         counts, the audit head and the list of stored files the database refers to are read in
    files/sha256/…       every file of the content-addressed file store (sources, their attachments, persons'
                         documents and thumbnails, job files)

It is written to a hidden folder beside DEST and renamed to DEST when complete, so a folder named DEST is
always a whole backup. What it deliberately does NOT hold: the audit key (POLON_AUDIT_KEY, or the key file in
the data directory) and POLON_SECRET_KEY. A backup that carried the key would let whoever holds the backup
rewrite the chain undetected; the operator keeps the keys apart (a password manager, a sealed envelope) and
gives them to the restored installation.

A restore checks every file against the manifest before it touches anything, refuses a target that already
holds data unless forced (and then moves the old SQLite file and file store aside rather than deleting them),
copies, compares the row counts and the audit head with the manifest, brings the schema up to date, and runs
the audit chain's and the stored files' verification. Both are recorded in the audit log: a backup in the
database it copied (after the copy, so the event names the manifest's hash), a restore in the restored one.

``manifest.sig`` holds an HMAC of the manifest under the audit key (and that key's id): a backup whose files
were changed together with the manifest's hashes is refused, since no one without the key can sign it anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext

import polon
from polon.access.policies import may, require
from polon.audit.actions import Action
from polon.audit.keys import AuditKeyError, current_key, known_keys
from polon.audit.log import record
from polon.core.errors import PolonError

if TYPE_CHECKING:
    from polon.accounts.models import User

FORMAT = "polon-backup"
VERSION = 1
MANIFEST = "manifest.json"
# An HMAC of the manifest under the audit key: whoever changes a file of the backup and its line in the manifest
# cannot make the signature match without the key, which the backup does not hold.
SIGNATURE = "manifest.sig"
SIGNED_AS = "polon backup manifest v1\n"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES = "files"
CHUNK = 1 << 20
# A file the store is still writing (core.files.store_bytes renames it into place when whole).
INCOMING_PREFIX = ".incoming-"
NOT_INCLUDED = ("the audit key (POLON_AUDIT_KEY or the key file in the data directory) and POLON_SECRET_KEY are "
                "not in this backup: keep them apart and give them to the restored installation")


class BackupRefused(PolonError):
    """A backup or restore that cannot be done as asked: the message names the file or the reason."""


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the backup folder, with forward slashes
    sha256: str
    size: int


@dataclass(frozen=True)
class Snapshot:
    """What the copied database holds, read from the copy itself (SQLite) or from the dump's snapshot."""

    tables: dict[str, int]
    audit_sequence: int
    audit_hash: str
    audit_key_ids: list[str]  # the ids (never the keys) of the audit keys that signed its events
    referenced: frozenset[str]  # stored paths the database refers to


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: str
    database: FileEntry
    stored_files: int
    stored_bytes: int
    tables: dict[str, int]
    audit_sequence: int
    audit_hash: str
    manifest_sha256: str
    missing: list[str]  # stored paths the database refers to that were not in the file store
    seconds: float


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    engine: str
    manifest_sha256: str
    files_checked: int
    stored_files: int
    moved_aside: list[str]
    tables: dict[str, int]
    count_differences: dict[str, tuple[int | None, int | None]]  # table: (manifest, restored)
    audit_head_matches: bool
    migrations_applied: list[str]
    audit_ok: bool
    audit_checked: int
    audit_message: str
    sources_checked: int
    sources_problems: list[str]
    # Stored paths the restored database refers to (persons' documents and thumbnails, job files, sources) that
    # are not in the restored file store: `sources verify` checks only the sources' own.
    missing_stored_files: list[str]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (not self.count_differences and self.audit_head_matches and self.audit_ok
                and not self.sources_problems and not self.missing_stored_files)


# ---------------------------------------------------------------------------------------------- backup


def create_backup(*, actor: User | None, destination: Path) -> BackupReport:
    """Copy the database and every stored file to ``destination`` (a folder that does not exist yet, or is
    empty), with the manifest; record ``backup.create``. ``actor`` is the user named by --as, or None for the
    operator at the server's shell (who can read the data directory anyway)."""
    if actor is not None:
        require(actor, "backup.run")
    started = time.monotonic()
    dest = destination.expanduser().resolve()
    _check_destination(dest)
    partial = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    if partial.exists():
        shutil.rmtree(partial)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial.mkdir(mode=0o700)  # personal data: readable by the operator's account only
    try:
        engine = _engine()
        if engine == "sqlite":
            snapshot = _backup_sqlite(partial / SQLITE_FILE)
            database = _entry(partial, SQLITE_FILE)
        else:
            snapshot = _backup_postgresql(partial / PG_FILE)
            database = _entry(partial, PG_FILE)
        stored = _copy_store(partial / FILES)
        missing = sorted(snapshot.referenced - {entry.path.removeprefix(FILES + "/") for entry in stored})
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "polon_version": polon.__version__,
            "host": socket.gethostname(),
            "engine": engine,
            "database": database.path,
            "files": [_entry_json(database)] + [_entry_json(entry) for entry in stored],
            "tables": snapshot.tables,
            "audit_head": {"sequence": snapshot.audit_sequence, "hash": snapshot.audit_hash},
            "audit_key_ids": snapshot.audit_key_ids,
            "missing_stored_files": missing,
            "not_included": NOT_INCLUDED,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _write_synced(partial / MANIFEST, text.encode())
        key = current_key()
        signature = {"key_id": key.id, "hmac": key.sign(SIGNED_AS + text)}
        _write_synced(partial / SIGNATURE, (json.dumps(signature, indent=1) + "\n").encode())
        _fsync_dir(partial)
        if dest.exists():
            dest.rmdir()  # empty, checked above
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    manifest_sha256 = hashlib.sha256(text.encode()).hexdigest()
    report = BackupReport(
        path=dest, engine=engine, database=database, stored_files=len(stored),
        stored_bytes=sum(entry.size for entry in stored), tables=snapshot.tables,
        audit_sequence=snapshot.audit_sequence, audit_hash=snapshot.audit_hash, manifest_sha256=manifest_sha256,
        missing=missing, seconds=time.monotonic() - started)
    with transaction.atomic():
        record(actor=actor, action=Action.BACKUP_CREATE, object_type="backup", object_id=manifest_sha256[:16],
               changes={"destination": str(dest), "host": manifest["host"], "engine": engine,
                        "manifest_sha256": manifest_sha256, "stored_files": len(stored),
                        "audit_sequence": snapshot.audit_sequence, "missing_stored_files": missing,
                        "by": _os_user()})
    return report


def _check_destination(dest: Path) -> None:
    data_dir = Path(settings.DATA_DIR).resolve()
    if dest == data_dir or data_dir in dest.parents:
        raise BackupRefused(gettext("%(dest)s lies inside the data directory %(data)s: write the backup "
                                    "elsewhere, ideally on another disk") % {"dest": dest, "data": data_dir})
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupRefused(gettext("%(dest)s already exists and is not an empty folder: name a new folder for "
                                    "each backup") % {"dest": dest})


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupRefused(gettext("backups of a %(vendor)s database are not supported") % {"vendor": vendor})
    return vendor


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _busy_seconds() -> float:
    return float(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 30))


def _backup_sqlite(target: Path) -> Snapshot:
    """SQLite's online backup API, in one step: the copy is one consistent state of the database (a reader
    in WAL mode does not stop the writers, and sees what was committed when it began)."""
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupRefused(gettext("there is no database at %(path)s") % {"path": source_path})
    source = sqlite3.connect(source_path, timeout=_busy_seconds())
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # personal data: the owner's only
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A self-contained file: no -wal or -shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise BackupRefused(gettext("the copy of the database failed SQLite's check: %(result)s")
                                % {"result": check[0] if check else "?"})
        snapshot = _read_snapshot(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()
    _fsync_file(target)
    return snapshot


def _pg_environment() -> dict[str, str]:
    """The connection of Django's default database, for pg_dump and pg_restore (libpq's variables: the
    password never appears on a command line)."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGDATABASE", "NAME")):
        if db.get(key):
            env[variable] = str(db[key])
    sslmode = db.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run_tool(command: list[str]) -> None:
    try:
        done = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupRefused(gettext("%(tool)s is not installed (PostgreSQL's client tools, the same major "
                                    "version as the server)") % {"tool": command[0]}) from None
    if done.returncode != 0:
        raise BackupRefused(gettext("%(tool)s failed: %(reason)s")
                            % {"tool": command[0], "reason": done.stderr.strip() or done.returncode})


def _backup_postgresql(target: Path) -> Snapshot:
    """pg_dump of the snapshot of a repeatable-read transaction, in which the row counts, the audit head and
    the stored paths are read too: the manifest describes exactly the dump."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        row = cursor.fetchone()
        assert row is not None
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # the owner's only
        _run_tool(["pg_dump", "--format=custom", f"--snapshot={row[0]}", f"--file={target}"])
        snapshot = _read_snapshot(cursor, "postgresql")
    _fsync_file(target)
    return snapshot


def _table_names(cursor: Any, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                       "ESCAPE '\\' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [str(row[0]) for row in cursor.fetchall()]


def _count_rows(cursor: Any, engine: str) -> dict[str, int]:
    counts = {}
    for table in _table_names(cursor, engine):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _read_snapshot(cursor: Any, engine: str) -> Snapshot:
    from polon.audit.models import AuditEvent, AuditHead
    from polon.jobs.models import Job, JobFile
    from polon.registry.models import PersonDocument
    from polon.sources.models import Source, SourceAttachment

    tables = _count_rows(cursor, engine)
    cursor.execute(f'SELECT sequence, hash FROM "{AuditHead._meta.db_table}" WHERE id = 1')
    head = cursor.fetchone()
    cursor.execute(f'SELECT DISTINCT key_id FROM "{AuditEvent._meta.db_table}" WHERE key_id <> \'\' ORDER BY key_id')
    key_ids = [str(row[0]) for row in cursor.fetchall()]
    referenced: set[str] = set()
    for model, column in ((Source, "stored_path"), (SourceAttachment, "stored_path"),
                          (PersonDocument, "stored_path"), (PersonDocument, "thumbnail_path"),
                          (JobFile, "stored_path")):
        cursor.execute(f'SELECT DISTINCT "{column}" FROM "{model._meta.db_table}" WHERE "{column}" <> \'\'')
        referenced.update(str(row[0]) for row in cursor.fetchall())
    cursor.execute(f'SELECT result FROM "{Job._meta.db_table}"')
    for (result,) in cursor.fetchall():
        value = json.loads(result) if isinstance(result, str) else result
        stored = ((value or {}).get("file") or {}).get("stored_path") if isinstance(value, dict) else None
        if stored:
            referenced.add(str(stored))
    return Snapshot(tables=tables, audit_sequence=int(head[0]) if head else 0,
                    audit_hash=str(head[1]) if head else "", audit_key_ids=key_ids,
                    referenced=frozenset(referenced))


def _store_files() -> Iterator[tuple[Path, str]]:
    """Every whole file of the file store, with its path relative to the store (forward slashes)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(INCOMING_PREFIX):
            yield path, path.relative_to(root).as_posix()


def _copy_store(target: Path) -> list[FileEntry]:
    entries = []
    for path, relative in _store_files():
        try:
            digest, size = _copy_hashing(path, target / relative)
        except FileNotFoundError:
            continue  # deleted since it was listed (a job file whose retention ended): the snapshot decides
        entries.append(FileEntry(f"{FILES}/{relative}", digest, size))
    return entries


# --------------------------------------------------------------------------------------------- restore


def restore_backup(*, source: Path, force: bool = False, acting_username: str = "") -> RestoreReport:
    """Restore the backup in ``source`` into this installation's database and file store.

    Refused, with nothing changed, when the manifest is missing or unreadable, when a file differs from it
    (each file is named with the reason), or when the target already holds data and ``force`` is not given.
    ``acting_username``: the --as user, looked up in the restored database for its audit event (the target
    was empty, so no one could be checked before)."""
    started = time.monotonic()
    timings: dict[str, float] = {}
    src = source.expanduser().resolve()
    manifest, text = read_manifest(src)
    manifest_sha256 = hashlib.sha256(text.encode()).hexdigest()
    signature = _read_signature(src)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupRefused(gettext("this is a backup of a %(theirs)s database; this installation uses "
                                    "%(ours)s (set or unset DATABASE_URL)")
                            % {"theirs": manifest["engine"], "ours": engine})
    occupied = _target_contents(engine)
    if occupied and not force:
        raise BackupRefused(gettext("the target is not empty (%(what)s): restore into an empty data directory "
                                    "and database, or add --force to replace them")
                            % {"what": "; ".join(occupied)})
    if occupied and _workers_alive():
        raise BackupRefused(gettext("a `polon worker` is running on this database (`polon serve` starts one): stop "
                                    "the server and the worker, then restore"))
    _check_audit_key(manifest, signature["key_id"])
    if not hmac.compare_digest(known_keys()[signature["key_id"]].sign(SIGNED_AS + text), signature["hmac"]):
        raise BackupRefused(gettext("%(path)s: the manifest's signature does not match: the manifest was changed "
                                    "after the backup was made, nothing was restored") % {"path": src / MANIFEST})
    mark = time.monotonic()
    entries = check_files(src, manifest)
    timings["check"] = time.monotonic() - mark
    mark = time.monotonic()
    moved: list[str] = []
    if engine == "sqlite":
        moved += _restore_sqlite(src / manifest["database"], aside=bool(occupied))
    else:
        _restore_postgresql(src / manifest["database"], clean=_pg_has_tables())
    stored = [entry for entry in entries if entry.path.startswith(FILES + "/")]
    moved += _restore_store(src, stored, aside=bool(occupied))
    timings["copy"] = time.monotonic() - mark

    mark = time.monotonic()
    with connection.cursor() as cursor:
        restored = _read_snapshot(cursor, engine)
    expected: dict[str, int] = {str(k): int(v) for k, v in manifest["tables"].items()}
    differences: dict[str, tuple[int | None, int | None]] = {
        table: (expected.get(table), restored.tables.get(table))
        for table in sorted(set(expected) | set(restored.tables))
        if expected.get(table) != restored.tables.get(table)}
    head = manifest["audit_head"]
    head_matches = (restored.audit_sequence == int(head["sequence"]) and restored.audit_hash == head["hash"])
    migrations = _migrate()
    timings["counts_and_migrate"] = time.monotonic() - mark

    from polon.audit.log import verify as verify_chain
    from polon.sources.storage import verify_all

    mark = time.monotonic()
    try:
        chain = verify_chain()
        audit_ok, audit_checked = chain.ok, chain.checked
        audit_message = "" if chain.ok else gettext("sequence %(sequence)s: %(reason)s") % {
            "sequence": chain.first_bad_sequence, "reason": chain.reason}
    except Exception as exc:  # a missing audit key is reported, not a traceback: the files are restored
        audit_ok, audit_checked, audit_message = False, 0, str(exc) or exc.__class__.__name__
    timings["audit_verify"] = time.monotonic() - mark
    mark = time.monotonic()
    sources_checked, problems = verify_all()
    timings["sources_verify"] = time.monotonic() - mark

    report = RestoreReport(
        source=src, engine=engine, manifest_sha256=manifest_sha256, files_checked=len(entries),
        stored_files=len(stored), moved_aside=moved, tables=restored.tables, count_differences=differences,
        audit_head_matches=head_matches, migrations_applied=migrations, audit_ok=audit_ok,
        audit_checked=audit_checked, audit_message=audit_message, sources_checked=sources_checked,
        sources_problems=[str(problem) for problem in problems],
        missing_stored_files=sorted(path for path in restored.referenced
                                    if not (Path(settings.MEDIA_ROOT) / path).is_file()),
        seconds=time.monotonic() - started,
        timings=timings)
    _record_restore(report, manifest, acting_username)
    return report


def read_manifest(src: Path) -> tuple[dict[str, Any], str]:
    """The backup's manifest and its text; BackupRefused when it is missing or not one."""
    path = src / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BackupRefused(gettext("%(path)s: no manifest; this folder is not a polon backup, or not a whole "
                                    "one") % {"path": path}) from None
    except OSError as exc:
        raise BackupRefused(gettext("%(path)s: cannot be read (%(reason)s)")
                            % {"path": path, "reason": exc.strerror or exc}) from None
    try:
        text = data.decode()
        manifest = json.loads(text)
    except ValueError as exc:
        raise BackupRefused(gettext("%(path)s: not valid JSON (%(reason)s)") % {"path": path, "reason": exc}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(gettext("%(path)s: not a polon backup manifest") % {"path": path})
    if manifest.get("version") != VERSION:
        raise BackupRefused(gettext("%(path)s: backup format version %(version)s; this polon reads version "
                                    "%(supported)s") % {"path": path, "version": manifest.get("version"),
                                                        "supported": VERSION})
    for key, kind in (("engine", str), ("database", str), ("files", list), ("tables", dict), ("audit_head", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupRefused(gettext("%(path)s: the manifest has no valid '%(key)s'") % {"path": path, "key": key})
    return manifest, text


def _read_signature(src: Path) -> dict[str, str]:
    path = src / SIGNATURE
    try:
        signature = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupRefused(gettext("%(path)s: missing; without the manifest's signature a changed backup cannot "
                                    "be told from a whole one, nothing was restored") % {"path": path}) from None
    except (OSError, ValueError) as exc:
        raise BackupRefused(gettext("%(path)s: cannot be read (%(reason)s)") % {"path": path, "reason": exc}) from None
    if not (isinstance(signature, dict) and isinstance(signature.get("key_id"), str)
            and isinstance(signature.get("hmac"), str)):
        raise BackupRefused(gettext("%(path)s: not a signature of a polon backup") % {"path": path})
    return signature


def check_files(src: Path, manifest: dict[str, Any]) -> list[FileEntry]:
    """Re-hash every file the manifest lists; BackupRefused naming each one that is missing, of another size
    or another SHA-256 (nothing has been changed in the target yet)."""
    entries: list[FileEntry] = []
    problems: list[str] = []
    for raw in manifest["files"]:
        try:
            entry = FileEntry(path=str(raw["path"]), sha256=str(raw["sha256"]), size=int(raw["size"]))
        except (KeyError, TypeError, ValueError):
            problems.append(gettext("the manifest lists a file without path, sha256 and size: %(entry)s")
                            % {"entry": raw})
            continue
        relative = PurePosixPath(entry.path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            problems.append(gettext("%(file)s: a path outside the backup") % {"file": entry.path})
            continue
        entries.append(entry)
        path = src / relative
        try:
            size = path.stat().st_size
            digest = _sha256(path) if size == entry.size else ""
        except FileNotFoundError:
            problems.append(gettext("%(file)s: missing") % {"file": entry.path})
            continue
        except OSError as exc:
            problems.append(gettext("%(file)s: cannot be read (%(reason)s)")
                            % {"file": entry.path, "reason": exc.strerror or exc})
            continue
        if size != entry.size:
            problems.append(gettext("%(file)s: %(size)s bytes, the manifest says %(expected)s")
                            % {"file": entry.path, "size": size, "expected": entry.size})
        elif digest != entry.sha256:
            problems.append(gettext("%(file)s: SHA-256 is %(found)s, the manifest says %(expected)s")
                            % {"file": entry.path, "found": digest, "expected": entry.sha256})
    if manifest["database"] not in {entry.path for entry in entries}:
        problems.append(gettext("%(file)s: the database file is not listed in the manifest")
                        % {"file": manifest["database"]})
    if problems:
        shown = problems[:20]
        more = len(problems) - len(shown)
        text = "; ".join(shown) + (gettext(" … and %(count)s more") % {"count": more} if more else "")
        raise BackupRefused(gettext("the backup in %(src)s is damaged, nothing was restored: %(problems)s")
                            % {"src": src, "problems": text})
    return entries


def _check_audit_key(manifest: dict[str, Any], signing_key_id: str) -> None:
    """Refuse, before anything changes, a restore whose manifest signature and audit chain this installation
    could not verify nor continue: the key is not in the backup, the operator gives it (POLON_AUDIT_KEY, or the
    key file)."""
    needed = sorted({str(identifier) for identifier in manifest.get("audit_key_ids") or []} | {signing_key_id})
    key_file = Path(settings.AUDIT_KEY_FILE)
    hint = gettext("set POLON_AUDIT_KEY to the audit key of the installation the backup comes from (keys used "
                   "before a rotation in POLON_AUDIT_KEYS), or put its key file at %(file)s") % {"file": key_file}
    if not settings.AUDIT_KEY and not key_file.exists():
        # known_keys() would make a new random key file here, which could never verify the backup's chain.
        raise BackupRefused(gettext("no audit key is configured, and the backup's audit log is signed with "
                                    "%(ids)s: %(hint)s") % {"ids": ", ".join(needed), "hint": hint})
    try:
        known = known_keys()
    except AuditKeyError as exc:
        raise BackupRefused(f"{exc}: {hint}") from None
    missing = [identifier for identifier in needed if identifier not in known]
    if missing:
        raise BackupRefused(gettext("the backup's audit log is signed with key %(ids)s, which is not configured "
                                    "here: %(hint)s") % {"ids": ", ".join(missing), "hint": hint})


def _target_contents(engine: str) -> list[str]:
    """What the target already holds (empty: it may be restored into). A database with polon's tables but no
    user and no audit event (just `polon migrate`d) counts as empty."""
    from polon.accounts.models import User
    from polon.audit.models import AuditEvent

    found = []
    telling = AuditEvent._meta.db_table, User._meta.db_table  # rows here: someone used this database
    if engine == "sqlite":
        path = _sqlite_path()
        if path.exists() and path.stat().st_size > 0:
            db = sqlite3.connect(path, timeout=_busy_seconds())
            try:
                tables = set(_table_names(db.cursor(), "sqlite"))
                rows = sum(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in telling if t in tables)
            finally:
                db.close()
            if rows:
                found.append(gettext("the database %(path)s holds data") % {"path": path})
    else:
        with connection.cursor() as cursor:
            tables = set(_table_names(cursor, "postgresql"))
            rows = 0
            for table in telling:
                if table in tables:
                    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                    rows += int(cursor.fetchone()[0])
        if rows:
            found.append(gettext("the database %(name)s holds data") % {"name": settings.DATABASES["default"]["NAME"]})
    count = sum(1 for _ in _store_files())
    if count:
        found.append(gettext("the file store %(path)s holds %(count)s files")
                     % {"path": settings.MEDIA_ROOT, "count": count})
    return found


def _workers_alive() -> int:
    from django.db import DatabaseError

    from polon.jobs.selectors import workers_alive

    try:
        with transaction.atomic():
            return workers_alive()
    except DatabaseError:  # a database of another version, without the table: no worker of this polon on it
        return 0


def _pg_has_tables() -> bool:
    with connection.cursor() as cursor:
        return bool(_table_names(cursor, "postgresql"))


def _aside(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.before-restore-{stamp}")
    os.replace(path, target)
    return target


def _restore_sqlite(backup_file: Path, *, aside: bool) -> list[str]:
    """Copy the backup's database into place through SQLite's backup API (into a temporary file renamed over
    the target, so the target is never half-written); a database with data is moved aside first."""
    connections.close_all()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    moved = []
    if aside and target.exists():
        # Fold the old database's WAL into its file first, so that the one file moved aside is all of it.
        old = sqlite3.connect(target, timeout=_busy_seconds())
        try:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            old.execute("PRAGMA journal_mode=DELETE")
        finally:
            old.close()
        moved.append(str(_aside(target)))
    for suffix in ("", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    backup = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    copy = sqlite3.connect(temporary)
    try:
        backup.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
        backup.close()
    _fsync_file(temporary)
    os.replace(temporary, target)
    _fsync_dir(target.parent)
    return moved


def _restore_postgresql(dump: Path, *, clean: bool) -> None:
    """pg_restore in one transaction (all or nothing); into a database that held polon's tables, with
    --clean so that they are replaced."""
    connections.close_all()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               f"--dbname={settings.DATABASES['default']['NAME']}"]
    if clean:
        command += ["--clean", "--if-exists"]
    _run_tool([*command, str(dump)])


def _restore_store(src: Path, stored: list[FileEntry], *, aside: bool) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    moved = []
    if aside and root.exists() and any(True for _ in _store_files()):
        moved.append(str(_aside(root)))
    for entry in stored:
        relative = entry.path.removeprefix(FILES + "/")
        target = root / relative
        digest, _size = _copy_hashing(src / entry.path, target)
        if digest != entry.sha256:
            raise BackupRefused(gettext("%(file)s changed while it was being restored: SHA-256 is %(found)s, the "
                                        "manifest says %(expected)s")
                                % {"file": entry.path, "found": digest, "expected": entry.sha256})
        os.chmod(target, 0o440)  # as the file store writes them
    return moved


def _migrate() -> list[str]:
    """Bring a backup made by an older polon up to this version's schema; the migrations applied."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return []
    call_command("migrate", interactive=False, verbosity=0)
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _record_restore(report: RestoreReport, manifest: dict[str, Any], acting_username: str) -> None:
    from polon.accounts.models import User

    # The --as user, if the restored database has him as one who may restore; else "system", his name kept below.
    named = User.objects.filter(username=acting_username, is_active=True).first() if acting_username else None
    actor = named if named is not None and may(named, "backup.run") else None
    with transaction.atomic():
        record(actor=actor, action=Action.BACKUP_RESTORE, object_type="backup",
               object_id=report.manifest_sha256[:16],
               changes={"source": str(report.source), "manifest_sha256": report.manifest_sha256,
                        "backup_created_at": manifest.get("created_at", ""), "backup_host": manifest.get("host", ""),
                        "files_checked": report.files_checked, "counts_identical": not report.count_differences,
                        "audit_head_matches": report.audit_head_matches, "audit_ok": report.audit_ok,
                        "sources_problems": len(report.sources_problems),
                        "missing_stored_files": report.missing_stored_files,
                        "migrations_applied": report.migrations_applied, "moved_aside": report.moved_aside,
                        "by": _os_user(), "as": acting_username})


# ---------------------------------------------------------------------------------------------- files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (written and synced, readable by its owner only), hashing what was read;
    (SHA-256, size)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                                                "wb") as writer:
        for chunk in iter(lambda: reader.read(CHUNK), b""):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest(), size


def _entry(folder: Path, relative: str) -> FileEntry:
    path = folder / relative
    return FileEntry(relative, _sha256(path), path.stat().st_size)


def _entry_json(entry: FileEntry) -> dict[str, Any]:
    return {"path": entry.path, "sha256": entry.sha256, "size": entry.size}


def _write_synced(path: Path, data: bytes) -> None:
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync_file(path)
    except OSError:
        pass  # not every file system lets a directory be synced


def _os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError):
        return ""
