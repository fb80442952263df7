"""Every UI string is translatable, and the Ukrainian and English catalogs are complete and compiled."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[2] / "src" / "polon"
# Pure libraries have no UI strings; their messages are for logs and developers.
SKIP = {"names", "matching", "extract"}
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "ngettext": (1, 2), "ngettext_lazy": (1, 2),
            "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2)}


def _in_scope(path: Path) -> bool:
    parts = path.relative_to(SRC).parts
    return parts[0] not in SKIP and "migrations" not in parts


def used_msgids() -> set[str]:
    ids: set[str] = set()
    sources = [(p, p.read_text(encoding="utf-8")) for p in SRC.rglob("*.py") if _in_scope(p)]
    sources += [(p, templatize(p.read_text(encoding="utf-8"), origin=str(p))) for p in SRC.rglob("templates/**/*.html")
                if _in_scope(p)]
    for _path, text in sources:
        for _line, _func, message, _comments in extract_python(io.BytesIO(text.encode()), KEYWORDS, [], {}):
            first = message[0] if isinstance(message, tuple) else message
            if first:
                ids.add(first)
    return ids


def catalog(language: str):
    with open(SRC / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ["uk", "en"])
def test_catalog_is_complete(language):
    messages = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog(language) if m.id}
    missing = sorted(used_msgids() - set(messages))
    assert not missing, f"strings not in the {language} catalog (run makemessages): {missing[:20]}"
    untranslated = [key for key, m in messages.items()
                    if not (all(m.string) if isinstance(m.string, tuple) else m.string) or m.fuzzy]
    assert not untranslated, f"untranslated or fuzzy in {language}: {untranslated[:20]}"


@pytest.mark.parametrize("language", ["uk", "en"])
def test_compiled_catalog_matches_the_source(language):
    def flat(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    po = {flat(m.id): flat(m.string) for m in catalog(language) if m.id}
    with open(SRC / "locale" / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        mo = {flat(m.id): flat(m.string) for m in read_mo(handle) if m.id}
    assert mo == po, "the .mo file is stale: recompile the catalogs"


def test_ukrainian_is_really_ukrainian():
    uk = {m.id: m.string for m in catalog("uk") if m.id and not isinstance(m.id, tuple)}
    assert uk["Persons"] == "Особи"
    assert uk["Power on which he depends"].startswith("Держава")


@pytest.mark.parametrize("count, expected", [(1, "1 особа"), (3, "3 особи"), (5, "5 осіб"), (21, "21 особа")])
def test_ukrainian_plurals(count, expected):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("uk"):
        assert ngettext("%(counter)s person", "%(counter)s persons", count) % {"counter": count} == expected
