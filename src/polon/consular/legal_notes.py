"""The per-country legal notes, read from data/legal_notes.json (data, with its source, never code)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

_PATH = Path(__file__).parent / "data" / "legal_notes.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return json.loads(_PATH.read_text(encoding="utf-8"))


def source_note() -> str:
    return str(_table()["source_note"])


def notes_for(country: str) -> dict[str, Any] | None:
    """The code and articles under which `country` may prosecute its citizens who fought abroad, or None."""
    return _table()["countries"].get((country or "").upper())


def describe(country: str) -> str:
    note = notes_for(country)
    if not note:
        return ""
    articles = "; ".join(_("Art. %(article)s (%(subject)s)") % {"article": a["article"], "subject": a["subject"]}
                         for a in note["articles"])
    return f"{note['code']}: {articles}"
