"""Reading a file of persons to import: JSON lines, CSV or XLSX, each line one person.

* ``.jsonl`` (or ``.ndjson``): each non-blank line is one JSON object, the body of ``POST /api/persons``
  (``polon.registry.person_file_schema.PersonBody``, from which the API's schema derives), checked by it. A key that is not a field of that body is an
  error here (the API ignores it; in a file of thousands it is a misspelt column).
* ``.csv`` (UTF-8; comma, semicolon or tab) and ``.xlsx`` (the first sheet): a header line naming the columns
  below, then one person a line. Column names are compared case-insensitively, with spaces or hyphens read as
  underscores. Empty cells take the API's default.

Every problem is a :class:`Problem` naming the line, the field and the reason; reading goes on after one so
that a file is reported whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _
from pydantic import ValidationError

from polon.core import tables
from polon.core.errors import ValidationFailed
from polon.registry.choices import CitizenshipProvenance
from polon.registry.person_file_schema import CitizenshipBody, NameBody, PersonBody
from polon.registry.services.persons import PersonDraft

#: Whole-person fields of ``POST /api/persons``, one column each.
FIELD_COLUMNS = (
    "category", "sex", "birth_date", "birth_place", "rank", "army", "service_number", "internment_number", "unit",
    "power_depended",
    "father_first_name", "mother_maiden_name", "informed_person_name", "informed_person_address",
    "correspondence_address", "languages", "restricted", "notes",
)
#: Parts of the first (primary) spelling.
NAME_PART_COLUMNS = ("given", "patronymic", "surname")
#: Columns that may stand more than once: one spelling, one citizenship per cell.
REPEATABLE_COLUMNS = ("name", "citizenship")
#: One cell holding several values separated by LIST_SEPARATOR.
LIST_COLUMNS = ("names", "citizenships")
COLUMNS = (*REPEATABLE_COLUMNS, *LIST_COLUMNS, *NAME_PART_COLUMNS, *FIELD_COLUMNS)
LIST_SEPARATOR = "|"
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "так", "да"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "ні", "нет"})
# A workbook of 50,000 persons by 25 columns; refused beyond (see polon.core.tables).
MAX_XLSX_CELLS = 1_500_000
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or worth knowing about) one line of a file."""

    line: int
    field: str
    reason: str

    def text(self, file_name: str) -> str:
        return f"{file_name}:{self.line}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Line:
    """One person as read from a file: its line, its draft (None when the schema refused it) and what is
    wrong with it (a line with problems is not written, even with a draft)."""

    line: int
    draft: PersonDraft | None
    problems: tuple[Problem, ...] = ()


class FileRefused(ValidationFailed):
    """The file as a whole cannot be read (format, encoding, header); nothing is read from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__({p.field: [p.reason] for p in problems})


def file_format(file_name: str) -> str:
    """``jsonl``, ``csv`` or ``xlsx``, from the file's suffix; FileRefused for any other."""
    kind = SUFFIXES.get(PurePath(file_name).suffix.lower())
    if kind is None:
        raise FileRefused([Problem(1, "file", _("'%(name)s' is not a file of persons; name it .jsonl, .csv or "
                                                ".xlsx") % {"name": PurePath(file_name).name})])
    return kind


def read_persons(content: bytes, file_name: str) -> list[Line]:
    """Every person of the file, in order. FileRefused when the file cannot be read at all."""
    kind = file_format(file_name)
    try:
        if kind == "jsonl":
            return list(_read_jsonl(tables.decode_utf8(content)))
        rows = tables.read_csv(content) if kind == "csv" else tables.read_xlsx(
            content, max_cells=MAX_XLSX_CELLS, max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES)
    except tables.TableError as exc:
        raise FileRefused([Problem(exc.line, exc.field, exc.reason)]) from None
    return list(_read_table(rows))


def _read_jsonl(text: str) -> Iterable[Line]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Line(number, None, (Problem(number, "json", _("malformed JSON at column %(column)s: %(reason)s")
                                              % {"column": exc.colno, "reason": exc.msg}),))
            continue
        if not isinstance(data, dict):
            yield Line(number, None, (Problem(number, "json", _(
                "expected one JSON object, the body of POST /api/persons")),))
            continue
        problems = _unknown_keys(number, data)
        line = to_draft(number, data)
        yield Line(number, line.draft, (*problems, *line.problems))


def _unknown_keys(number: int, data: dict) -> list[Problem]:
    problems = [Problem(number, key, _("not a field of a person; the fields are those of POST /api/persons"))
                for key in data if key not in PersonBody.model_fields]
    for key, schema in (("names", NameBody), ("citizenships", CitizenshipBody)):
        items = data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict):
                problems += [Problem(number, f"{key}[{index}].{name}", _("not a field of %(part)s")
                                     % {"part": key}) for name in item if name not in schema.model_fields]
    return problems


def to_draft(number: int, data: dict) -> Line:
    """A ``POST /api/persons`` body checked by :class:`PersonBody`, as the draft the services take."""
    try:
        payload = PersonBody.model_validate(data)
    except ValidationError as exc:
        return Line(number, None, tuple(Problem(number, _field_name(item["loc"]), item["msg"])
                                        for item in exc.errors()))
    return Line(number, payload.draft())


def _field_name(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "person"


def _read_table(rows: list[tuple[int, list[str]]]) -> Iterable[Line]:
    rows = [(line, values) for line, values in rows if any(values)]
    if not rows:
        raise FileRefused([Problem(1, "file", _("the file is empty; it needs a header line and one person a "
                                                "line"))])
    header_line, header = rows[0]
    columns = _columns(header_line, header)
    for line, values in rows[1:]:
        if len(values) > len(columns) and any(values[len(columns):]):
            yield Line(line, None, (Problem(line, "columns", _(
                "%(values)s values but the header has %(columns)s columns")
                % {"values": len(values), "columns": len(columns)}),))
            continue
        yield _row(line, columns, values)


def _columns(line: int, header: list[str]) -> list[str]:
    columns: list[str] = []
    problems = []
    for title in header:
        column = "_".join(title.strip().casefold().replace("-", " ").split())
        if column and column not in COLUMNS:
            problems.append(Problem(line, "columns", _("unknown column '%(title)s'; the columns are %(columns)s")
                                    % {"title": title, "columns": ", ".join(COLUMNS)}))
        elif column and column in columns and column not in REPEATABLE_COLUMNS:
            problems.append(Problem(line, "columns", _("column '%(title)s' is given twice; only name and "
                                                       "citizenship may repeat") % {"title": title}))
        columns.append(column)
    if not {"name", "names"} & set(columns):
        problems.append(Problem(line, "columns", _("no 'name' or 'names' column; the columns are %(columns)s")
                                % {"columns": ", ".join(COLUMNS)}))
    if problems:
        raise FileRefused(problems)
    return columns


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _row(line: int, columns: list[str], values: list[str]) -> Line:
    """One table row as a ``POST /api/persons`` body, then checked by :class:`PersonBody`."""
    data: dict = {"names": [], "citizenships": []}
    problems: list[Problem] = []
    parts: dict[str, str] = {}
    for column, cell in zip(columns, values, strict=False):
        if not column or not cell:
            continue
        if column in ("name", "names"):
            data["names"] += [{"text": text} for text in ([cell] if column == "name" else _split(cell))]
        elif column in ("citizenship", "citizenships"):
            for item in [cell] if column == "citizenship" else _split(cell):
                country, _sep, rest = item.partition(":")
                provenance, _sep, as_of = rest.partition(":")
                data["citizenships"].append({"country": country.strip(), "as_of": as_of.strip(),
                                             "provenance": provenance.strip() or CitizenshipProvenance.SELF_DECLARED})
        elif column in NAME_PART_COLUMNS:
            parts[column] = cell
        elif column == "languages":
            data[column] = _split(cell.replace(",", LIST_SEPARATOR).replace(";", LIST_SEPARATOR))
        elif column == "restricted":
            word = cell.strip().casefold()
            if word not in TRUE_WORDS | FALSE_WORDS:
                problems.append(Problem(line, column, _("'%(value)s' is not yes or no (also: true/false, 1/0)")
                                        % {"value": cell}))
            data[column] = word in TRUE_WORDS
        else:
            data[column] = cell
    if parts:
        if data["names"]:
            data["names"][0].update(parts)
        else:
            problems.append(Problem(line, "given", _("name parts need the name they are parts of (column name)")))
    read = to_draft(line, data)
    return Line(line, read.draft, (*problems, *read.problems))
