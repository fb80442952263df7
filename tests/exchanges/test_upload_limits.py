"""The other side's list is refused before it is read when it is too big, and an XLSX that would unpack to
far more than it weighs (a zip bomb) is refused while it is read."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client

from polon.exchanges import reconcile
from polon.exchanges import services as exchange_services
from polon.exchanges.models import ListRow
from polon.exchanges.reconcile import ListFileError, parse_list, reconcile_list
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook, its first sheet claiming another size."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = (re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', text)
                        if "<dimension" in text else text.replace("<sheetData", f'<dimension ref="{ref}"/><sheetData'))
                data = text.encode()
            dst.writestr(info, data)
    return out.getvalue()


def test_a_list_over_the_size_limit_is_refused_before_it_is_read(registry, users, monkeypatch):
    monkeypatch.setattr(reconcile, "MAX_UPLOAD_BYTES", 100)
    registrar = users["registrar"]
    r = exchange_services.create_round(actor=registrar, number=3)
    content = b"name\n" + b"Ermek Katyrenov\n" * 20
    with pytest.raises(ListFileError) as caught:
        reconcile_list(actor=registrar, round_id=r.pk, side="hand_over", content=content, file_name="big.csv")
    assert "MB" in str(caught.value) and "split" in str(caught.value)
    client = login(registrar)
    upload = io.BytesIO(content)
    upload.name = "big.csv"
    page = client.post(f"/exchanges/{r.pk}/lists/", {"side": "hand_over", "file": upload}, follow=True)
    assert "розділіть його на менші файли" in page.content.decode()  # the page speaks Ukrainian
    upload.seek(0)
    response = client.post(f"/api/exchanges/{r.pk}/lists", {"side": "hand_over", "file": upload},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "split it into smaller files" in response.content.decode()
    assert not ListRow.objects.exists()


def test_an_xlsx_claiming_an_absurd_size_is_refused():
    content = with_dimension(xlsx([["name"], ["Ermek Katyrenov"]]), "A1:XFD1048576")
    with pytest.raises(ListFileError) as caught:
        parse_list(content, "bomb.xlsx")
    assert "cells" in str(caught.value)


def test_an_xlsx_is_read_as_it_is_and_counted_whatever_it_claims(monkeypatch):
    rows = [["name", "birth_date"]] + [[f"Person Number{chr(65 + i % 26)}{chr(65 + i // 26)}", ""]
                                       for i in range(40)]
    # It claims two cells: the rows are read all the same (nothing is cut off by a wrong claim) ...
    parsed = parse_list(with_dimension(xlsx(rows), "A1:B1"), "small-claim.xlsx")
    assert len(parsed) == 40
    # ... and counted as they are read.
    monkeypatch.setattr(reconcile, "MAX_XLSX_CELLS", 50)
    with pytest.raises(ListFileError) as caught:
        parse_list(with_dimension(xlsx(rows), "A1:B1"), "many.xlsx")
    assert "more than 50 cells" in str(caught.value)


def test_an_xlsx_unpacking_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(reconcile, "MAX_XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(ListFileError) as caught:
        parse_list(xlsx([["name"], ["Ermek Katyrenov"]]), "list.xlsx")
    assert "unpacks to" in str(caught.value)
    with pytest.raises(ListFileError) as caught:
        parse_list(b"PK\x03\x04 not really a zip", "list.xlsx")
    assert "not a readable XLSX" in str(caught.value)
