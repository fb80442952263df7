"""Documents and photographs attached to a person: a scan of his identity document or capture card, a medical
record, a photograph. Each file is kept in the content-addressed file store (polon.core.files); the record
says what it is, who added it and from which source. Only images (JPEG, PNG, WebP) and PDF files are
accepted, recognised by their content, not by the name or type the uploader's software claims."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext

from polon.access.policies import require
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core import files
from polon.core.errors import NotFound, ValidationFailed
from polon.core.uploads import safe_name
from polon.core.validate import Errors
from polon.registry import audit_events
from polon.registry.choices import DocumentKind
from polon.registry.models import PersonDocument
from polon.registry.services.guards import person_for_write

if TYPE_CHECKING:
    from polon.accounts.models import User

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# The kinds of file accepted, by what they are (their first bytes), and the content type each is served as.
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
ACCEPTED_TYPES = (*IMAGE_TYPES, "application/pdf")
THUMBNAIL_PIXELS = 320


def sniff_content_type(head: bytes) -> str:
    """The accepted content type these first bytes begin, or "" for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return ""


def check_document_size(size: int | None) -> None:
    """Refuse a file over MAX_DOCUMENT_BYTES; call it before reading an upload into memory."""
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise ValidationFailed({"file": gettext(
            "the file is %(size).1f MB; a document may be at most %(max)d MB")
            % {"size": size / 1024 / 1024, "max": MAX_DOCUMENT_BYTES // 1024 // 1024}})


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    title: str
    content: bytes
    file_name: str = ""
    source_id: int | None = None


def _thumbnail(content: bytes) -> bytes:
    """A small JPEG of an image (at most THUMBNAIL_PIXELS a side); ValueError if it cannot be read as one."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise ValueError(str(exc)) from None


def clean_document(item: DocumentInput) -> tuple[DocumentInput, str, bytes]:
    """The document with its title and name normalised, its content type (by content) and the thumbnail of an
    image (b"" for a PDF); or ValidationFailed naming each bad field."""
    errors = Errors()
    kind = errors.choice("kind", item.kind, DocumentKind)
    title = errors.text("title", " ".join((item.title or "").split()), max_length=200)
    content_type = ""
    thumbnail = b""
    if not item.content:
        errors.add("file", gettext("the file is empty"))
    elif len(item.content) > MAX_DOCUMENT_BYTES:
        errors.add("file", gettext("the file is %(size).1f MB; a document may be at most %(max)d MB")
                   % {"size": len(item.content) / 1024 / 1024, "max": MAX_DOCUMENT_BYTES // 1024 // 1024})
    else:
        content_type = sniff_content_type(item.content[:16])
        if not content_type:
            errors.add("file", gettext("only photographs (JPEG, PNG or WebP) and PDF files may be attached"))
        elif content_type in IMAGE_TYPES:
            try:
                thumbnail = _thumbnail(item.content)
            except ValueError:
                errors.add("file", gettext("the image cannot be read; it may be damaged"))
    errors.raise_if_any()
    name = safe_name(item.file_name) if item.file_name else ""
    return (DocumentInput(kind=kind, title=title, content=item.content, file_name=name, source_id=item.source_id),
            content_type, thumbnail)


def add_document(*, actor: User, person_id: int, document: DocumentInput) -> PersonDocument:
    """Attach a file to a person: stored once in the file store, recorded with who added it, audited."""
    require(actor, "registry.write")
    item, content_type, thumbnail = clean_document(document)
    if item.source_id is not None:
        # The source model through the relation: the registry sits below sources and does not import them.
        sources = PersonDocument._meta.get_field("source").related_model._default_manager  # type: ignore[union-attr]
        if not sources.filter(pk=item.source_id).exists():
            raise ValidationFailed({"source": gettext("source %(id)s not found") % {"id": item.source_id}})
    with transaction.atomic():
        person = person_for_write(actor, person_id, lock=False)
        # Stored once the person is known to be the actor's to write: the same bytes are stored once whatever
        # holds them; if the transaction then fails, the file is left unreferenced (remove_unreferenced).
        stored = files.store_bytes(item.content)
        thumb = files.store_bytes(thumbnail) if thumbnail else None
        row = PersonDocument.objects.create(
            person=person, kind=item.kind, title=item.title or item.file_name, original_name=item.file_name,
            content_type=content_type, size=stored.size, sha256=stored.sha256, stored_path=stored.stored_path,
            thumbnail_path=thumb.stored_path if thumb else "", source_id=item.source_id, uploaded_by=actor)
        record(actor=actor, action=Action.DOCUMENT_ADD, obj=row,
               changes=audit_events.document_added(person.pk, row))
    return row


def remove_document(*, actor: User, person_id: int, document_id: int, reason: str = "") -> None:
    """Detach a file from a person (a wrong person, a duplicate, a file that must not be kept): the record goes,
    the audit event keeps what it was and why, and the stored file is deleted unless something else holds it."""
    require(actor, "registry.write")
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        person = person_for_write(actor, person_id, lock=False)
        try:
            row = person.documents.select_for_update().get(pk=document_id)
        except (PersonDocument.DoesNotExist, ValueError, TypeError):
            raise NotFound(gettext("%(what)s %(id)s not found") % {"what": gettext("document"),
                                                                   "id": document_id}) from None
        record(actor=actor, action=Action.DOCUMENT_REMOVE, obj=row,
               changes=audit_events.document_removed(person.pk, row, reason=reason))
        paths = [p for p in (row.stored_path, row.thumbnail_path) if p]
        row.delete()
        transaction.on_commit(lambda: files.remove_unreferenced(paths))
