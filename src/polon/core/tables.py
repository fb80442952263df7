"""Reading the rows of an uploaded CSV or XLSX file, safely: UTF-8 only (the byte that is not is named), any
of comma, semicolon or tab, and a workbook refused before it can unpack to gigabytes (a zip bomb).

Rows are ``(line, values)``: the line number a user sees in a spreadsheet or editor, and each cell as text
(dates as ISO dates, whole numbers without ".0", spaces collapsed). A file that cannot be read raises
:class:`TableError` with the line, what is wrong (``encoding``, ``format``, ``size``) and the reason;
callers name the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from polon.core.errors import PolonError


class TableError(PolonError):
    def __init__(self, line: int, field: str, reason: str):
        self.line, self.field, self.reason = line, field, reason
        super().__init__(f"line {line}: {field}: {reason}")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def decode_utf8(content: bytes) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped), or TableError naming the first bad byte."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        column = exc.start - (content.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TableError(line, "encoding", f"byte 0x{content[exc.start]:02x} at column {column} is not UTF-8; "
                                           "save the file as UTF-8 (CSV UTF-8) and try again") from None


def read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    text = decode_utf8(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for values in reader:
            rows.append((reader.line_num, [cell_text(v) for v in values]))
    except csv.Error as exc:
        raise TableError(reader.line_num, "format", str(exc)) from None
    return rows


def _too_big(reason: str) -> TableError:
    return TableError(1, "size", f"{reason}; split the file into smaller files")


def read_xlsx(content: bytes, *, max_cells: int, max_unpacked_bytes: int) -> list[tuple[int, list[str]]]:
    """The first sheet's rows. Refused when the archive says it unpacks to more than ``max_unpacked_bytes``,
    when the sheet claims more than ``max_cells`` cells, or as soon as reading it has met that many (the claim
    can lie)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError(1, "format", "not a readable XLSX workbook (not a zip archive)") from None
    if unpacked > max_unpacked_bytes:
        raise _too_big(f"the workbook unpacks to {unpacked // 1024 // 1024} MB; at most "
                       f"{max_unpacked_bytes // 1024 // 1024} MB are read")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
        raise TableError(1, "format", f"not a readable XLSX workbook ({exc.__class__.__name__})") from None
    try:
        sheet = book.worksheets[0]
        claimed = (sheet.max_row or 0) * (sheet.max_column or 0)
        if claimed > max_cells:
            raise _too_big(f"the sheet has {sheet.max_row} rows × {sheet.max_column} columns; at most "
                           f"{max_cells} cells are read")
        # Read what is there, not what the sheet's dimension claims (it can be wrong either way), counting.
        sheet.reset_dimensions()
        rows: list[tuple[int, list[str]]] = []
        cells = 0
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells += max(len(values), 1)
            if cells > max_cells:
                raise _too_big(f"the sheet has more than {max_cells} cells")
            rows.append((index, [cell_text(v) for v in values]))
    finally:
        book.close()
    return rows
