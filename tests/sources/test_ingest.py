"""Ingest: the stored file, its source row and extraction; idempotence; all-or-nothing per file."""

from __future__ import annotations

import hashlib

import pytest

from polon.audit.models import AuditEvent
from polon.core import files
from polon.core.errors import PermissionDenied
from polon.registry.models import Person, PersonName, StatusEvent
from polon.sources import storage
from polon.sources.models import Source, SourceAttachment, SourceExtraction
from polon.sources.services import IngestError, ingest, ingest_file

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_seed_is_stored_with_its_metadata_and_extraction(users, seed_file, media_root):
    before = (Person.objects.count(), PersonName.objects.count(), StatusEvent.objects.count())
    (source,) = ingest_file(actor=users["analyst"], path=seed_file)
    source.refresh_from_db()
    assert source.title == "Ukraine tauscht Kasachen aus"
    assert source.author == "Vitaly Portnikov"
    assert source.published == "2025-04-22"
    assert source.language == "de"
    assert source.kind == "news_article"
    assert source.restriction == "internal"
    assert source.original_name == seed_file.name
    digest = hashlib.sha256(seed_file.read_bytes()).hexdigest()
    assert source.sha256 == digest and source.item == ""
    stored = files.absolute(source.stored_path)
    assert stored.read_bytes() == seed_file.read_bytes() and digest in stored.name
    assert media_root in stored.parents
    extraction = SourceExtraction.objects.get(source=source)
    names = {p["name"] for p in extraction.data["persons"]}
    assert names == {"Vitaly Portnikov", "Ermek Katyrenow", "Baurzhan Begalimow", "Lupan Achmedjar", "Putin"}
    assert extraction.extractor_version.startswith("polon.extract")
    event = AuditEvent.objects.get(action="source.ingest")
    assert event.object_id == str(source.pk) and event.actor == "analyst"
    # Nothing reaches the registry before review.
    assert (Person.objects.count(), PersonName.objects.count(), StatusEvent.objects.count()) == before


def test_the_same_file_twice_is_the_same_source(users, seed_file, media_root, tmp_path):
    first = ingest_file(actor=users["analyst"], path=seed_file)
    counts = (Source.objects.count(), SourceExtraction.objects.count(), AuditEvent.objects.count())
    files = stored_files(media_root)
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed_file.read_bytes())
    result = ingest(actor=users["registrar"], path=copy)
    assert [s.pk for s in result.sources] == [s.pk for s in first]
    assert result.created == []
    assert (Source.objects.count(), SourceExtraction.objects.count(), AuditEvent.objects.count()) == counts
    assert stored_files(media_root) == files


def test_telegram_export_one_source_per_message_with_photos(users, telegram_export, media_root):
    result = ingest(actor=users["registrar"], path=telegram_export)
    sources = result.created
    assert len(sources) == 3 and len(result.sources) == 3
    assert {s.kind for s in sources} == {"telegram_message"}
    assert len({s.sha256 for s in sources}) == 1
    assert [s.item for s in sources] == ["message:1234567890/102", "message:1234567890/103",
                                         "message:1234567890/104"]
    photos = SourceAttachment.objects.order_by("id")
    assert [a.name for a in photos] == ["photos/photo_1@02-04-2025_12-30-00.jpg",
                                        "photos/photo_2@03-04-2025_09-00-00.jpg"]
    for attachment in photos:
        original = telegram_export.parent / attachment.name
        assert files.absolute(attachment.stored_path).read_bytes() == original.read_bytes()
        assert attachment.sha256 == hashlib.sha256(original.read_bytes()).hexdigest()
    assert photos[0].source == sources[0] and photos[1].source == sources[2]
    assert SourceExtraction.objects.count() == 3
    assert AuditEvent.objects.filter(action="source.ingest").count() == 3
    # one export file + two photos
    assert len(stored_files(media_root)) == 3
    again = ingest(actor=users["registrar"], path=telegram_export)
    assert again.created == [] and Source.objects.count() == 3


def test_auto_archiver_hashes_are_kept(users, tmp_path):
    import shutil

    path = tmp_path / "archive.json"
    shutil.copy(FIXTURES / "archive.json", path)
    (source,) = ingest_file(actor=users["registrar"], path=path)
    assert source.hashes and all(isinstance(v, str) for v in source.hashes.values())
    claimed = [a.claimed_sha256 for a in source.attachments.all()]
    assert any(claimed)


@pytest.mark.parametrize("name, content, reason", [
    ("broken.json", b'{"messages": [ {"id": 1, "type": "message", "text": "a"}, ', "invalid JSON"),
    ("scan.pdf", b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "PDF"),
    ("empty.txt", b"   \n", "file is empty"),
    ("latin1.txt", "Gefangenenaustausch für Kasachen".encode("latin-1"), "not valid UTF-8"),
])
def test_unreadable_file_names_it_and_stores_nothing(users, tmp_path, media_root, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        ingest_file(actor=users["registrar"], path=path)
    assert name in str(caught.value) and reason in str(caught.value)
    assert Source.objects.count() == 0 and SourceExtraction.objects.count() == 0
    assert AuditEvent.objects.filter(action="source.ingest").count() == 0
    assert stored_files(media_root) == []


def test_failure_while_storing_leaves_no_file_behind(users, seed_file, media_root, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("polon.sources.services.ingest")

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest_module.SourceExtraction.objects, "create", explode)
    with pytest.raises(RuntimeError):
        ingest_file(actor=users["registrar"], path=seed_file)
    assert Source.objects.count() == 0 and stored_files(media_root) == []


def test_only_source_writers_may_ingest(users, seed_file):
    for role in ("icrc", "auditor", "liaison_kz"):
        with pytest.raises(PermissionDenied):
            ingest_file(actor=users[role], path=seed_file)
    assert Source.objects.count() == 0


def test_restriction_and_language_override(users, seed_file):
    (source,) = ingest_file(actor=users["registrar"], path=seed_file, lang="en", restriction="icrc")
    assert source.language == "en" and source.restriction == "icrc"


def test_verify_names_a_changed_stored_file(users, seed_file, telegram_export):
    (source,) = ingest_file(actor=users["registrar"], path=seed_file)
    ingest_file(actor=users["registrar"], path=telegram_export)
    checked, problems = storage.verify_all()
    assert checked == 4 and problems == []
    path = files.absolute(source.stored_path)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b"Kasachen", b"Usbeken"))
    checked, problems = storage.verify_all()
    assert [p.stored_path for p in problems] == [source.stored_path]
    assert f"source {source.pk}" in str(problems[0]) and "changed" in str(problems[0])
