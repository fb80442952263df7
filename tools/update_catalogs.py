"""Bring the Ukrainian and English catalogs in line with the code, and compile them.

    .venv/bin/python tools/update_catalogs.py [TRANSLATIONS.json ...]

Adds every message the code uses and the catalogs lack (English: the message itself; Ukrainian: its translation
from the JSON files, ``{"msgid": "переклад"}`` or, for a plural, ``{"msgid": ["одна", "дві", "п'ять"]}``),
removes the messages no code uses any more, and writes the .po and .mo files. A message without a Ukrainian
translation is listed and left out, so tests/web/test_i18n.py goes on failing until it has one. Hand-written
because Django's makemessages needs GNU gettext, which polon does not otherwise need; babel reads the sources
the same way the test does.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.web.test_i18n import KEYWORDS, SRC, _in_scope  # noqa: E402


def used_messages() -> dict[str, str | None]:
    """Every message id the code uses, with its plural id (None for a singular message)."""
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    from django.utils.translation.template import templatize

    found: dict[str, str | None] = {}
    sources = [p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if _in_scope(p)]
    sources += [templatize(p.read_text(encoding="utf-8"), origin=str(p)) for p in SRC.rglob("templates/**/*.html")
                if _in_scope(p)]
    for text in sources:
        for _line, _func, message, _comments in extract_python(io.BytesIO(text.encode()), KEYWORDS, [], {}):
            if isinstance(message, tuple):
                if message[0]:
                    found[message[0]] = message[1] if len(message) > 1 and message[1] else found.get(message[0])
            elif message:
                found.setdefault(message, None)
    return found


def main(paths: list[str]) -> int:
    translations: dict[str, str | list[str]] = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    used = used_messages()
    missing_uk: list[str] = []
    for language in ("uk", "en"):
        po_path = SRC / "locale" / language / "LC_MESSAGES" / "django.po"
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=language)
        have = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
        for msgid in sorted(set(used) - have):
            plural = used[msgid]
            key = (msgid, plural) if plural else msgid
            if language == "en":
                catalog.add(key, (msgid, plural) if plural else msgid)
            elif msgid in translations:
                value = translations[msgid]
                catalog.add(key, tuple(value) if plural and isinstance(value, list) else value)
            else:
                missing_uk.append(msgid)
        for message in list(catalog):
            if message.id and (message.id[0] if isinstance(message.id, tuple) else message.id) not in used:
                del catalog[message.id]
        with open(po_path, "wb") as handle:
            write_po(handle, catalog, width=120, omit_header=False, include_previous=False)
        with open(po_path.with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog)
    for msgid in missing_uk:
        print(f"no Ukrainian translation for: {msgid!r}")
    return 1 if missing_uk else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
