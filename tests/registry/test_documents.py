"""Documents and photographs attached to a person: stored by content, checked by what they are, audited, and
read only within the reader's scope; citizenships withdrawn with a reason."""

from __future__ import annotations

import io
import json

import pytest

from polon.audit.models import AuditEvent
from polon.core import files
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed


def jpeg(colour=(200, 30, 30), size=(900, 600)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add(actor, person, **kwargs):
    from polon.registry.services.documents import DocumentInput, add_document

    document = DocumentInput(kind=kwargs.pop("kind", "photo"), title=kwargs.pop("title", "Фото при захопленні"),
                             content=kwargs.pop("content", jpeg()), file_name=kwargs.pop("file_name", "katyrenov.jpg"),
                             **kwargs)
    return add_document(actor=actor, person_id=person.pk, document=document)


def test_a_photo_is_stored_by_content_with_a_thumbnail_and_audited(db, users, registry):
    person = registry["kazakh"]
    row = add(users["registrar"], person)
    assert row.content_type == "image/jpeg" and row.size > 0 and row.uploaded_by == users["registrar"]
    assert files.absolute(row.stored_path).read_bytes()[:3] == b"\xff\xd8\xff"
    from PIL import Image

    with Image.open(files.absolute(row.thumbnail_path)) as thumb:
        assert max(thumb.size) <= 320
    event = json.loads(AuditEvent.objects.get(action="document.add").changes)
    assert event["person"] == person.pk and event["after"]["sha256"] == row.sha256
    assert event["after"]["title"] == "Фото при захопленні"


def test_a_pdf_scan_is_accepted_without_thumbnail(db, users, registry):
    row = add(users["registrar"], registry["uzbek"], kind="identity", title="Паспорт Alisher Tursunov",
              content=PDF, file_name="pasport.pdf")
    assert row.content_type == "application/pdf" and row.thumbnail_path == ""


@pytest.mark.parametrize("content", [b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script>",
                                     b"\xff\xd8\xff broken jpeg"])
def test_other_files_are_refused_with_a_reason_and_nothing_recorded(db, users, registry, content):
    with pytest.raises(ValidationFailed) as refused:
        add(users["registrar"], registry["kazakh"], content=content, file_name="photo.jpg")
    assert "file" in refused.value.errors
    assert not registry["kazakh"].documents.exists()


def test_a_file_over_the_limit_is_refused(db, users, registry, monkeypatch):
    from polon.registry.services import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(ValidationFailed) as refused:
        add(users["registrar"], registry["kazakh"], content=PDF + b" " * 2000)
    assert "at most" in refused.value.errors["file"][0]
    with pytest.raises(ValidationFailed):
        documents.check_document_size(5000)


def test_only_writers_attach_and_only_within_their_scope(db, users, registry):
    with pytest.raises(PermissionDenied):
        add(users["analyst"], registry["kazakh"])
    with pytest.raises(PermissionDenied):
        add(users["liaison_kz"], registry["kazakh"])


def test_reading_a_document_is_scoped_and_logged_for_a_liaison(db, users, registry):
    from polon.registry import selectors

    row = add(users["registrar"], registry["kazakh"])
    other = add(users["registrar"], registry["uzbek"], title="Alisher")
    found = selectors.get_document(users["liaison_kz"], registry["kazakh"].pk, row.pk)
    assert found == row
    assert AuditEvent.objects.filter(action="document.read", actor="liaison_kz").count() == 1
    with pytest.raises(NotFound):
        selectors.get_document(users["liaison_kz"], registry["uzbek"].pk, other.pk)
    with pytest.raises(NotFound):  # the right document under the wrong person
        selectors.get_document(users["registrar"], registry["kazakh"].pk, other.pk)
    assert list(selectors.documents(users["liaison_uz"], registry["kazakh"])) == []


def test_removal_is_audited_and_deletes_the_file_nothing_else_holds(db, users, registry, django_capture_on_commit_callbacks):
    from polon.registry.services.documents import remove_document

    shared = jpeg((10, 120, 10))
    first = add(users["registrar"], registry["kazakh"], content=shared)
    second = add(users["registrar"], registry["dual"], content=shared, title="Бауржан Бегалимов")
    assert first.stored_path == second.stored_path
    with django_capture_on_commit_callbacks(execute=True):
        remove_document(actor=users["registrar"], person_id=registry["kazakh"].pk, document_id=first.pk,
                        reason="wrong person")
    assert files.absolute(first.stored_path).exists()  # still the dual citizen's photo
    event = json.loads(AuditEvent.objects.get(action="document.remove").changes)
    assert event["reason"] == "wrong person" and event["before"]["sha256"] == first.sha256
    with django_capture_on_commit_callbacks(execute=True):
        remove_document(actor=users["admin"], person_id=registry["dual"].pk, document_id=second.pk, reason="")
    assert not files.absolute(second.stored_path).exists()
    with pytest.raises(PermissionDenied):
        remove_document(actor=users["analyst"], person_id=registry["dual"].pk, document_id=second.pk)


def test_withdrawing_a_citizenship_needs_a_reason_and_changes_who_sees_him(db, users, registry):
    from polon.registry import selectors
    from polon.registry.services.citizenships import remove_citizenship

    dual = registry["dual"]
    dual.refresh_from_db()
    kz = dual.citizenships.get(country="KZ")
    with pytest.raises(ValidationFailed):
        remove_citizenship(actor=users["registrar"], person_id=dual.pk, citizenship_id=kz.pk, reason=" ")
    remove_citizenship(actor=users["registrar"], person_id=dual.pk, citizenship_id=kz.pk,
                       reason="Паспорт РК не подтверждён", expected_version=dual.version)
    assert list(dual.citizenships.values_list("country", flat=True)) == ["RU"]
    with pytest.raises(NotFound):
        selectors.get_person(users["liaison_kz"], dual.pk)
    event = json.loads(AuditEvent.objects.get(action="citizenship.remove").changes)
    assert event["before"]["country"] == "KZ" and event["reason"] == "Паспорт РК не подтверждён"
