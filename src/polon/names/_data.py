"""Loading of the data tables shipped in ``polon/names/data``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    return resources.files("polon.names").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file, skipping ``#`` comment lines and blank lines."""
    rows = []
    for line in read_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(line.split("\t")))
    return tuple(rows)


@cache
def read_json(name: str) -> Any:
    return json.loads(read_text(name))
