"""Generated, visibly fictional files of persons to import (tests, the benchmark, trying `polon import persons`).

Each person is a demo person (`polon.demo.generate`): a name in Cyrillic (Russian, Kazakh, Kyrgyz, Uzbek,
Tajik …) or Latin script with one to three romanised spellings, one or two citizenships, ``DEMO-IMP-…``
service numbers, "Demo town" places and "FICTIONAL DEMO RECORD" in the notes.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

from polon.demo.generate import FOREIGN_WEIGHTS, _person
from polon.exports.formats import to_csv, to_xlsx
from polon.registry.choices import Category
from polon.registry.person_files import COLUMNS, FIELD_COLUMNS, LIST_SEPARATOR, NAME_PART_COLUMNS

#: The columns a generated CSV or XLSX file has (of polon.registry.person_files.COLUMNS).
TABLE_COLUMNS = ("names", *NAME_PART_COLUMNS, "citizenships", *FIELD_COLUMNS)
assert set(TABLE_COLUMNS) <= set(COLUMNS)


def generated_persons(count: int, *, seed: int = 20250422, first_serial: int = 1) -> list[dict]:
    """``count`` bodies of ``POST /api/persons``, fictional, each with a service number of its own."""
    rng = random.Random(seed)
    countries = list(FOREIGN_WEIGHTS)
    persons = []
    for serial in range(first_serial, first_serial + count):
        country = rng.choices(countries, weights=list(FOREIGN_WEIGHTS.values()))[0]
        second = "RU" if country != "RU" and rng.random() < 0.3 else None
        person = _person(rng, serial, country, second, Category.POW)
        person["service_number"] = f"DEMO-IMP-{serial:07d}"
        person["names"] = [{k: v for k, v in asdict(n).items() if v not in ("", None)} for n in person["names"]]
        person["citizenships"] = [{k: v for k, v in asdict(c).items() if v not in ("", None)}
                                  for c in person["citizenships"]]
        persons.append(person)
    return persons


def table_row(person: dict) -> dict:
    """A ``POST /api/persons`` body as a row of a CSV or XLSX file of persons (spellings without their
    scheme or language: those columns do not exist)."""
    sep = f" {LIST_SEPARATOR} "
    primary = person["names"][0]
    row = {column: person.get(column, "") for column in FIELD_COLUMNS}
    row.update({part: primary.get(part, "") for part in NAME_PART_COLUMNS})
    row["names"] = sep.join(n["text"] for n in person["names"])
    row["citizenships"] = sep.join(":".join(filter(None, (c["country"], c.get("provenance", ""), c.get("as_of", ""))))
                                   for c in person.get("citizenships", []))
    row["languages"] = sep.join(person.get("languages", []))
    row["restricted"] = "yes" if person.get("restricted") else "no"
    return row


def render(persons: list[dict], file_format: str) -> bytes:
    """The persons as a ``jsonl``, ``csv`` or ``xlsx`` file."""
    if file_format == "jsonl":
        return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in persons).encode("utf-8")
    rows = [table_row(p) for p in persons]
    if file_format == "csv":
        return to_csv(TABLE_COLUMNS, rows)
    if file_format == "xlsx":
        return to_xlsx(TABLE_COLUMNS, rows, title="persons")
    raise ValueError(f"{file_format!r} is not jsonl, csv or xlsx")


def write(path: Path, persons: list[dict]) -> Path:
    path.write_bytes(render(persons, path.suffix.lstrip(".").lower()))
    return path
