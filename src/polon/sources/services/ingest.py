"""Ingest: read a file with polon.extract, store it content-addressed with its attachments, record one Source
per document and the extraction of each, audited. Each file is all-or-nothing; the same file twice is the
same source."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import polon
from polon.access.policies import require
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core import files
from polon.core.errors import PolonError, ValidationFailed
from polon.core.links import safe_http_url
from polon.core.uploads import safe_name
from polon.core.validate import Errors
from polon.extract import extract
from polon.extract.documents import DocumentError, read_documents
from polon.jobs.services import enqueue_job, job_file_path
from polon.sources import events
from polon.sources.models import Restriction, Source, SourceAttachment, SourceExtraction, SourceKind
from polon.sources.selectors import item_keys

if TYPE_CHECKING:
    from polon.accounts.models import User
    from polon.extract import Document
    from polon.jobs.kinds import Progress
    from polon.jobs.models import Job

__all__ = ["INLINE_BYTES", "JOB_KIND", "IngestError", "IngestResult", "file_report", "ingest", "ingest_file",
           "ingest_upload", "run_ingest_job", "safe_name", "start_ingest"]

EXTRACTOR_VERSION = f"polon.extract {polon.__version__}"
# Files larger than this are refused before reading (a news article, an export, a transcript fit easily).
MAX_FILE_BYTES = 200 * 1024 * 1024


class IngestError(PolonError):
    """A file that cannot be ingested; the message names the file and the reason. Nothing of it was stored."""

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(_("%(name)s: %(reason)s") % {"name": name, "reason": reason})


@dataclass
class IngestResult:
    name: str
    sources: list[Source] = field(default_factory=list)
    created: list[Source] = field(default_factory=list)  # the sources this call recorded (not already known)
    warnings: list[str] = field(default_factory=list)

    @property
    def existing(self) -> list[Source]:
        created = {s.pk for s in self.created}
        return [s for s in self.sources if s.pk not in created]


@dataclass
class _Prepared:
    document: Document
    extraction: dict[str, Any]
    item: str
    attachments: list[tuple[str, bytes | None, str]]  # (name in the source, content or None if absent, claimed hash)


def _item_key(doc: Document, count: int) -> str:
    if count == 1:
        return ""
    meta = doc.meta or {}
    if doc.source_format == "telegram_json" and meta.get("message_id") is not None:
        chat = f"{meta['chat_id']}/" if meta.get("chat_id") is not None else ""
        return f"message:{chat}{meta['message_id']}"[:64]
    return f"item:{doc.index}"


def _read_attachment(base: Path | None, name: str, display: str) -> tuple[bytes | None, str | None]:
    """The attachment's bytes if it lies inside the export's folder; (None, why) when it is absent."""
    where = {"file": display, "name": repr(name)}
    if base is None:
        return None, _("%(file)s: attachment %(name)s not available (only the file itself was uploaded)") % where
    rel = Path(name)
    outside = _("%(file)s: attachment %(name)s points outside the export; not read") % where
    if rel.is_absolute() or ".." in rel.parts:
        return None, outside
    path = (base / rel).resolve()
    if base.resolve() not in path.parents:
        return None, outside
    if not path.is_file():
        return None, _("%(file)s: attachment %(name)s is not in the export") % where
    try:
        return path.read_bytes(), None
    except OSError as exc:
        raise IngestError(display, _("attachment %(name)s cannot be read: %(reason)s")
                          % {"name": repr(name), "reason": exc.strerror or exc}) from None


def _clean_published(value: str | None) -> str:
    """The publication date as precise as the document gives it, or "" for one that is not a date (a
    source is kept whatever its metadata says)."""
    return Errors().partial_date("published", value)


def _kind(value: str) -> str:
    return value if value in SourceKind.values else SourceKind.OTHER


def _prepare(path: Path, display: str, lang: str | None, attachments_root: Path | None,
             warnings: list[str]) -> tuple[bytes, list[_Prepared]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(display, exc.strerror or str(exc)) from None
    if size > MAX_FILE_BYTES:
        raise IngestError(display, _("file is %(size)s bytes; at most %(max)s are ingested")
                          % {"size": size, "max": MAX_FILE_BYTES})
    try:
        raw = path.read_bytes()
        documents = read_documents(path, lang=lang)
    except DocumentError as exc:
        where = display
        if exc.line is not None:
            where += _(", line %(line)s") % {"line": exc.line}
        if exc.field is not None:
            where += _(", field %(field)s") % {"field": repr(exc.field)}
        raise IngestError(where, exc.reason) from None
    except OSError as exc:
        raise IngestError(display, exc.strerror or str(exc)) from None
    except Exception as exc:  # a reader library failing on a malformed file
        raise IngestError(display, _("cannot be read (%(error)s: %(reason)s)")
                          % {"error": exc.__class__.__name__, "reason": exc}) from None
    if not documents:
        raise IngestError(display, _("no document found in the file (no message with text or a photo)"))
    if hashlib.sha256(raw).hexdigest() != documents[0].source_sha256:
        raise IngestError(display, _("the file changed while it was being read; try again"))
    prepared: list[_Prepared] = []
    for doc in documents:
        try:
            data = extract(doc, lang=lang).to_dict()
        except Exception as exc:
            raise IngestError(display, _("extraction failed on document %(index)s (%(error)s: %(reason)s)")
                              % {"index": doc.index, "error": exc.__class__.__name__, "reason": exc}) from None
        data.setdefault("source", {})["source_path"] = display
        files: list[tuple[str, bytes | None, str]] = []
        for name in doc.attachments:
            content, warning = _read_attachment(attachments_root, name, display)
            if warning:
                warnings.append(warning)
            claimed = doc.hashes.get(f"sha256:{name}", "")
            files.append((name, content, claimed))
        prepared.append(_Prepared(doc, data, _item_key(doc, len(documents)), files))
    return raw, prepared


def _check_options(actor: User, restriction: str, lang: str | None) -> None:
    require(actor, "sources.write")
    errors = Errors()
    errors.choice("restriction", restriction, Restriction)
    if lang is not None and lang != "" and not (2 <= len(lang) <= 3 and lang.isalpha()):
        errors.add("lang", _("'%(value)s' is not an ISO 639-1 language code such as de, en, ru, uk")
                   % {"value": lang})
    errors.raise_if_any()


def ingest(*, actor: User, path: str | Path, lang: str | None = None, restriction: str = Restriction.INTERNAL,
           original_name: str | None = None, attachments_root: str | Path | None = "",
           notes: str = "") -> IngestResult:
    """Ingest one file; raise IngestError (naming the file) and store nothing if it cannot be read.

    `attachments_root` is where attachments named by the file are looked for: by default the file's own
    folder (a Telegram export), None for an upload that came without them.
    """
    _check_options(actor, restriction, lang)
    path = Path(path)
    display = original_name or str(path)
    base = path.parent if attachments_root == "" else (Path(attachments_root) if attachments_root else None)
    result = IngestResult(name=display)
    raw, prepared = _prepare(path, display, lang or None, base, result.warnings)
    digest = prepared[0].document.source_sha256
    known = {s.item: s for s in Source.objects.filter(sha256=digest)}
    todo = [p for p in prepared if p.item not in known]
    if not todo:
        result.sources = [known[p.item] for p in prepared]
        return result
    written: list[str] = []
    try:
        with transaction.atomic():
            stored = files.store_bytes(raw)
            if stored.created:
                written.append(stored.stored_path)
            now = timezone.now()
            for p in prepared:
                if p.item in known:
                    result.sources.append(known[p.item])
                    continue
                source = _create_source(actor, p, stored, display, restriction, notes, now, written)
                result.sources.append(source)
                result.created.append(source)
    except BaseException:
        for rel in written:
            # Another process may have committed the same content meanwhile: keep what a row refers to.
            if not (Source.objects.filter(stored_path=rel).exists()
                    or SourceAttachment.objects.filter(stored_path=rel).exists()):
                files.remove(rel)
        raise
    return result


def _create_source(actor: User, p: _Prepared, stored: files.Stored, display: str, restriction: str, notes: str,
                   now: datetime, written: list[str]) -> Source:
    doc, data = p.document, p.extraction
    source = Source.objects.create(
        kind=_kind(doc.kind), sha256=stored.sha256, item=p.item, stored_path=stored.stored_path,
        original_name=Path(display).name[:255], url=safe_http_url(doc.url)[:1000], retrieved_at=now,
        published=_clean_published(data.get("published") or doc.published), author=(doc.author or "")[:255],
        language=(data.get("language") or doc.language or "")[:8], title=(doc.title or "")[:500],
        text=doc.text, restriction=restriction, notes=notes.strip(), source_format=(doc.source_format or "")[:24],
        hashes=dict(doc.hashes), meta=_json_safe(doc.meta), created_by=actor,
        undecided=len(item_keys(data)),
    )
    attachments = []
    for name, content, claimed in p.attachments:
        row = SourceAttachment(source=source, name=name[:500], claimed_sha256=claimed[:128],
                               content_type=(mimetypes.guess_type(name)[0] or "")[:100])
        if content is not None:
            kept = files.store_bytes(content)
            if kept.created:
                written.append(kept.stored_path)
            row.sha256, row.stored_path, row.size = kept.sha256, kept.stored_path, kept.size
        row.save()
        attachments.append(row)
    extraction = SourceExtraction.objects.create(source=source, data=data, extractor_version=EXTRACTOR_VERSION)
    record(actor=actor, action=Action.SOURCE_INGEST, obj=source,
           changes=events.source_ingested(source, attachments, extraction))
    return source


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def ingest_file(*, actor: User, path: str | Path, lang: str | None = None, restriction: str = Restriction.INTERNAL,
                **options: Any) -> list[Source]:
    """The sources of one file (already known ones included); see `ingest` for the details."""
    return ingest(actor=actor, path=path, lang=lang, restriction=restriction, **options).sources


def ingest_upload(*, actor: User, upload: UploadedFile, lang: str | None = None, restriction: str = Restriction.INTERNAL,
                  notes: str = "") -> IngestResult:
    """Ingest an uploaded file (a Django UploadedFile) under its own name; attachments did not come with it."""
    require(actor, "sources.write")
    name = safe_name(upload.name)
    with tempfile.TemporaryDirectory(prefix="polon-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        return ingest(actor=actor, path=path, lang=lang or None, restriction=restriction, original_name=name,
                      attachments_root=None, notes=notes)


# Background ingest (polon.jobs). One upload of at most INLINE_BYTES is read while the page waits; several
# files, or a larger one, are ingested by a job, each file on its own as above (all-or-nothing per file, the
# same file twice the same source), so a re-run after a crash repeats nothing.
JOB_KIND = "sources.ingest"
INLINE_BYTES = 2 * 1024 * 1024


def start_ingest(*, actor: User, files: Iterable[tuple[str, bytes, str]], count: int | None = None,
                 lang: str | None = None, restriction: str = Restriction.INTERNAL, notes: str = "") -> Job:
    """Queue the ingest of ``files`` — (name shown, content, folder of its attachments or "") — as one job;
    the Job. The options are checked now; each file is read by the job and reported on its own."""
    _check_options(actor, restriction, lang)
    return enqueue_job(actor=actor, kind=JOB_KIND, files=files, total=count, params={
        "lang": lang or "", "restriction": restriction, "notes": notes, "files": count})


def file_report(name: str, result: IngestResult | None = None, error: str = "") -> dict[str, Any]:
    """One file's line in an ingest report (the CLI's --json, the job's result)."""
    if result is None:
        return {"file": name, "ok": False, "error": error}
    title = result.sources[0].title if len(result.sources) == 1 else ""
    return {"file": name, "ok": True, "created": [s.pk for s in result.created],
            "existing": [s.pk for s in result.existing], "warnings": result.warnings, "title": title}


def run_ingest_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The job kind "sources.ingest": every input file in turn, resuming after the last one reported."""
    files = list(job.files.all())
    start = int(job.checkpoint.get("next", 0))
    reports: list[dict[str, Any]] = list(job.checkpoint.get("files", []))[:start]
    progress.total(len(files))
    progress.set_done(start)
    params = job.params
    for index in range(start, len(files)):
        job_file = files[index]
        progress.note(gettext_noop("Reading %(file)s"), file=Path(job_file.name).name)
        try:
            stored = job_file_path(job_file)
            with tempfile.TemporaryDirectory(prefix="polon-job-") as folder:
                # Under its own name, which tells the readers its format (the store names files by hash).
                path = Path(folder) / safe_name(job_file.name)
                path.symlink_to(stored)
                result = ingest(actor=job.created_by, path=path, lang=params.get("lang") or None,
                                restriction=params.get("restriction", Restriction.INTERNAL),
                                original_name=job_file.name, attachments_root=job_file.attachments_root or None,
                                notes=params.get("notes", ""))
            reports.append(file_report(job_file.name, result))
        except (IngestError, ValidationFailed) as exc:
            reports.append(file_report(job_file.name, error=str(exc)))
        except PolonError as exc:  # the input file went missing from the store
            reports.append(file_report(job_file.name, error=str(exc)))
        with transaction.atomic():
            progress.checkpoint({"next": index + 1, "files": reports}, done=index + 1)
        progress.advance(0)
    created = [pk for r in reports if r["ok"] for pk in r["created"]]
    existing = [pk for r in reports if r["ok"] for pk in r["existing"]]
    return {"files": reports, "ingested": sum(1 for r in reports if r["ok"]),
            "failed": sum(1 for r in reports if not r["ok"]), "created": created, "existing": existing}
