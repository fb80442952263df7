"""ingest PATH…, sources list|show|verify."""

from __future__ import annotations

import sys
from pathlib import Path

from polon.access.policies import may
from polon.cli.common import CommandError, acting_user, add_command, add_json_flag, emit, gettext
from polon.cli.jobs import add_wait_options, follow

# Suffixes read when a folder is given; anything else in it (photos of an export) is an attachment.
DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".csv", ".vtt", ".srt", ".pdf"}


def register(commands) -> None:
    p = add_command(commands, "ingest", ingest, "store files as sources and read them (persons, events …) for review")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to read recursively")
    p.add_argument("--lang", default=None, help="override language detection (de, en, ru, uk, kk, ky)")
    p.add_argument("--restriction", default="internal", choices=["internal", "icrc", "public"],
                   help="publication restriction (default: internal only, GC III Art. 13)")
    p.add_argument("--notes", default="")
    add_json_flag(p, help="print one JSON report instead of lines")
    add_wait_options(p)

    s = commands.add_parser("sources", help="read and check stored sources")
    sub = s.add_subparsers(dest="sources_command", required=True)
    add_command(sub, "list", sources_list, "sources, newest first", limit=100, json=True)
    add_command(sub, "queue", sources_queue, "the review queue: sources with undecided items, newest first",
                limit=100, json=True)
    add_command(sub, "show", sources_show, "one source with its extraction and review state",
                json=True).add_argument("source_id", type=int)
    add_command(sub, "verify", sources_verify, "re-hash every stored file and name any that changed", json=True)


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            files.append(path)
    return files


def ingest(args) -> int:
    """Queue the files as one background job and wait for it (a worker reads them, or this process when no
    worker is alive); each file is reported on its own line and a bad one does not stop the others."""
    from polon.sources.services import start_ingest
    from polon.sources.services.ingest import MAX_FILE_BYTES, file_report

    user = acting_user(args)
    files = expand(args.paths)
    if not files:
        raise CommandError(gettext("no readable files found in the paths given"))
    unread: list[dict] = []

    def inputs():
        for path in files:
            try:
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise ValueError(gettext("file is %(size)s bytes; at most %(limit)s are ingested")
                                     % {"size": size, "limit": MAX_FILE_BYTES})
                content = path.read_bytes()
            except OSError as exc:
                unread.append(file_report(str(path), error=f"{path}: {exc.strerror or exc}"))
                continue
            except ValueError as exc:
                unread.append(file_report(str(path), error=f"{path}: {exc}"))
                continue
            yield str(path), content, str(path.parent.resolve())

    job = start_ingest(actor=user, files=inputs(), count=len(files), lang=args.lang, restriction=args.restriction,
                       notes=args.notes)
    if unread:
        from polon.jobs.models import Job

        Job.objects.filter(pk=job.pk).update(progress_total=len(files) - len(unread))
        job.progress_total = len(files) - len(unread)
    for entry in unread:
        print(gettext("error: %(reason)s (nothing of this file was stored)") % {"reason": entry["error"]},
              file=sys.stderr)
    job, code = follow(job, args, unread=unread)
    if code is not None:
        return code or (1 if unread else 0)
    report = unread + job.result.get("files", [])
    for entry in job.result.get("files", []):
        if not entry["ok"]:
            print(gettext("error: %(reason)s (nothing of this file was stored)") % {"reason": entry["error"]},
                  file=sys.stderr)
            continue
        for warning in entry["warnings"]:
            print(gettext("warning: %(warning)s") % {"warning": warning}, file=sys.stderr)
    emit(args, [{k: v for k, v in entry.items() if k != "title"} for entry in report],
         (_line(entry) for entry in job.result.get("files", []) if entry["ok"]))
    failed = sum(1 for entry in report if not entry["ok"])
    print(gettext("%(ingested)s of %(count)s file(s) ingested, %(failed)s failed (job %(job)s)")
          % {"ingested": len(files) - failed, "count": len(files), "failed": failed, "job": job.pk}, file=sys.stderr)
    return 1 if failed else 0


def _line(entry: dict) -> str:
    parts = []
    if entry["created"]:
        parts.append(f"new source(s) {', '.join(str(pk) for pk in entry['created'])}")
    if entry["existing"]:
        parts.append(f"already known as {', '.join(str(pk) for pk in entry['existing'])}")
    title = entry.get("title") or ""
    return f"{entry['file']}: {'; '.join(parts)}{' — ' + title if title else ''}"


def _summary(source) -> dict:
    return {"id": source.pk, "kind": source.kind, "title": source.title, "author": source.author,
            "published": source.published, "language": source.language, "restriction": source.restriction,
            "original_name": source.original_name, "item": source.item, "sha256": source.sha256,
            "url": source.url}


def sources_list(args) -> int:
    from polon.sources.selectors import visible_sources

    user = acting_user(args)
    rows = [_summary(s) for s in visible_sources(user).order_by("-id")[:max(args.limit, 0)]]
    emit(args, rows, (f"{r['id']:>6}  {r['kind']:<18} {r['published'] or '?':<10} {r['language'] or '?':<3} "
                      f"{r['title'] or r['original_name']}{' [' + r['item'] + ']' if r['item'] else ''}"
                      for r in rows))
    return 0


def sources_queue(args) -> int:
    from polon.sources.selectors import review_queue

    rows = [{**_summary(s), "undecided": s.undecided}
            for s in review_queue(acting_user(args), state="undecided")[:max(args.limit, 0)]]
    emit(args, rows, (f"{r['id']:>6}  {r['undecided']:>3} undecided  {r['title'] or r['original_name']}"
                      for r in rows))
    return 0


def sources_show(args) -> int:
    from polon.sources.selectors import get_source, latest_extraction, review_items

    user = acting_user(args)
    source = get_source(user, args.source_id)
    extraction = latest_extraction(source)
    items = review_items(user, source, with_proposals=False)
    shown = {**_summary(source), "hashes": source.hashes, "stored_path": source.stored_path,
             "attachments": [{"name": a.name, "sha256": a.sha256, "claimed_sha256": a.claimed_sha256}
                             for a in source.attachments.all()],
             "extraction": extraction.data if extraction else None,
             "undecided": source.undecided,
             "review": [{"item": i.key, "status": i.status, "outcome": i.decision.outcome if i.decision else "",
                         "created": i.decision.created if i.decision else {}} for i in items]}

    def lines():
        yield f"source {source.pk}: {source.title or source.original_name}"
        for key in ("kind", "author", "published", "language", "restriction", "url", "sha256", "item"):
            if shown[key]:
                yield f"  {key}: {shown[key]}"
        for a in shown["attachments"]:
            yield f"  attachment: {a['name']} {a['sha256'] or '(not stored)'}"
        for i in shown["review"]:
            yield f"  [{i['status']}] {i['item']}"

    emit(args, shown, lines)
    return 0


def sources_verify(args) -> int:
    from polon.sources.storage import verify_all

    user = acting_user(args, required=False)
    if user is not None and not may(user, "sources.verify"):
        raise CommandError(gettext("only those who read sources, and auditors, verify the stored files"))
    checked, problems = verify_all()

    def lines():
        for p in problems:
            yield f"CHANGED {p}" if p.found != "missing" else f"MISSING {p}"
        summary = gettext("%(count)s stored file(s) checked, %(problems)s changed or missing") % {
            "count": checked, "problems": len(problems)}
        if problems:
            print(summary, file=sys.stderr)  # a warning, after the files it names
        else:
            yield summary

    emit(args, {"checked": checked, "problems": [{"stored_path": p.stored_path, "expected": p.expected,
                                                  "found": p.found, "owners": list(p.owners)} for p in problems]},
         lines)
    return 1 if problems else 0
