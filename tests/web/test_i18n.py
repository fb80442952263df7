"""Every UI string is translatable, and the Ukrainian and English catalogs are complete and compiled."""

from __future__ import annotations

import ast
import io
import re
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


# --- every message a user reads is translated, services' refusals included -----------------------------------
# Exceptions whose message reaches a user (a page, an API answer, a command's error), and the calls that put a
# message on a page: a literal or f-string passed to them, instead of a gettext call, is an untranslated message.
REFUSALS = {"ValidationFailed", "ConflictError", "NotFound", "PermissionDenied", "Gone", "ValidationError",
            "PolonError", "SearchQueryError", "CommandError"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _literals(node: ast.AST) -> list[ast.AST]:
    """The untranslated text in a message expression: string literals and f-strings, also inside a dict of
    per-field reasons, a list of reasons, ``"…" % x``, ``"…" + x``, ``"…".format(x)`` or ``a if c else b``.
    A gettext call (or a name, whose value is checked where it is made) is fine."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if node.value.strip() else []
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _literals(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literals(node.func.value)
    if isinstance(node, ast.Dict):
        return [bad for value in node.values if value is not None for bad in _literals(value)]
    if isinstance(node, ast.List | ast.Tuple):
        return [bad for value in node.elts for bad in _literals(value)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _is_stderr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "stderr" and _name(node.value) == "sys"


def _messages(call: ast.Call, terminal: bool = False) -> list[ast.AST]:
    """The arguments of ``call`` that a user reads; with ``terminal`` (the command line's modules), also what a
    command writes on standard error: ``print(…, file=sys.stderr)``, ``sys.stderr.write(…)``."""
    name = _name(call.func)
    if terminal and name == "print" and any(k.arg == "file" and _is_stderr(k.value) for k in call.keywords):
        return list(call.args)
    if terminal and name == "write" and isinstance(call.func, ast.Attribute) and _is_stderr(call.func.value):
        return list(call.args[:1])
    if name in REFUSALS:  # raise NotFound("…"), ValidationFailed({"field": "…"}), forms.ValidationError("…")
        return [*call.args[:1], *(k.value for k in call.keywords if k.arg in ("message", "errors"))]
    if name in ("add", "add_error") and len(call.args) >= 2:  # validate.Errors.add, Form.add_error
        return [call.args[1]]
    if isinstance(call.func, ast.Attribute) and _name(call.func.value) == "messages" and name in MESSAGE_LEVELS:
        return list(call.args[1:2])  # messages.success(request, "…")
    return []


def untranslated_messages(source: str, origin: str = "", *, terminal: bool = False) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for message in _messages(node, terminal):
                found += [f"{origin}:{bad.lineno}: {ast.unparse(bad)[:100]}" for bad in _literals(message)]
    return found


def test_every_message_a_user_reads_is_translated():
    found = [bad for path in sorted(SRC.rglob("*.py")) if _in_scope(path)
             for bad in untranslated_messages(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)),
                                              terminal=path.relative_to(SRC).parts[0] == "cli")]
    assert not found, "untranslated user-facing messages (wrap them in gettext):\n" + "\n".join(found)


def test_the_scan_sees_untranslated_messages():
    source = """
raise NotFound(f"no person {pk}")
raise ValidationFailed({"date": "month 13 does not exist", "side": [_("fine"), "not fine"]})
errors.add("country", "choose a country")
messages.success(request, "Saved.")
raise forms.ValidationError("too long" if long else _("fine"))
raise ConflictError(_("fine %(n)s") % {"n": 1})
errors.add("date", str(exc))
"""
    assert [line.split(": ", 1)[1] for line in untranslated_messages(source)] == [
        "f'no person {pk}'", "'month 13 does not exist'", "'not fine'", "'choose a country'", "'Saved.'",
        "'too long'"]


def test_the_scan_sees_untranslated_command_line_messages():
    source = """
raise CommandError(f"no user '{name}'")
raise CommandError(gettext("no user '%(username)s'") % {"username": name})
print("nothing was written", file=sys.stderr)
print(gettext("error: %(reason)s") % {"reason": exc}, file=sys.stderr)
print(f"wrote {path}", file=sys.stderr, flush=True)
sys.stderr.write("stopped\\n")
sys.stderr.write(gettext("stopped") + "\\n")
print(f"job {pk}")
"""
    found = [line.split(": ", 1)[1] for line in untranslated_messages(source, terminal=True)]
    assert found == ["f\"no user '{name}'\"", "'nothing was written'", "f'wrote {path}'", "'stopped\\n'"]
    # Outside the command line, standard error is for developers and logs (stdout, as `job 7` above, is output).
    assert untranslated_messages(source) == [untranslated_messages(source, terminal=True)[0]]


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


# --- what users read in Ukrainian: lifecycle refusals, match explanations and bands ----------------------------

ENGLISH_EXPLANATION = re.compile(
    r"\b(surname|given name|patronymic|spelling|initial|birth|citizenship|letters?|missing|added|changed|suffix|"
    r"via|counterpart|sound|service number|registrar|likely|possible|same person|German|English|French)\b")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_a_ukrainian_search_page_explains_its_hits_in_ukrainian(registry, users, client):
    client.force_login(users["registrar"])
    for query in ("Ermek Katyrenow", "A. Tursunov", "Baurschan Begalimow", "Ермек Катыренова"):
        page = client.get("/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
        table = _text(page.split('<table class="hits">', 1)[1].split("</table>", 1)[0])
        assert "прізвище:" in table or "ім’я:" in table, table
        assert not ENGLISH_EXPLANATION.search(table), (query, ENGLISH_EXPLANATION.search(table), table)


@pytest.mark.parametrize("query, names, evidence, words", [
    ("Lupan Achmedjar", ["Лукпан Ахмедьяров"], {"birth_date": "1980", "candidate_birth_date": "1981"},
     ["ім’я: Lupan ≈ Лукпан за транслітерацією", "бракує 1 літери", "бракує закінчення", "різниця 1 рік"]),
    ("A. Tursunov", ["Алишер Турсунов"], {"citizenships": ["UZ"], "candidate_citizenships": ["UZ"]},
     ["A. = ініціал імені Алишер", "громадянство: UZ в обох"]),
    ("Renault", ["Рено"], {}, ["відомим з імен у Вікіданих"]),
    ("Нурлан Абенов Х", ["Нурлан Абенов"], {"service_number": "T-1", "candidate_service_number": "T-2",
                                            "birth_date": "1990-03-05", "candidate_birth_date": "1990-05-03"},
     ["Х: немає відповідника в Нурлан Абенов", "особистий номер: T-1 ≠ T-2", "день і місяць переставлено"]),
    ("Jamshid Rahimow", ["Джамшид Рахимов"], {"birth_date": "1985-02", "candidate_birth_date": "1985-02"},
     ["прізвище: Rahimow", "місяць народження: 1985-02 = 1985-02"]),
])
def test_explanations_are_said_in_ukrainian(query, names, evidence, words):
    from django.utils import translation

    from polon.matching.scoring import score_candidate
    from polon.registry.explain import translate_explanation

    english = score_candidate(query, names, **evidence).explanation
    with translation.override("uk"):
        said = translate_explanation(english)
    for word in words:
        assert word in said, (english, said)
    assert not ENGLISH_EXPLANATION.search(said), (english, said)
    assert translate_explanation(english) == english  # English stays as the library wrote it


def test_bands_and_stored_reconciliation_notes_in_ukrainian():
    from django.utils import translation

    from polon.registry.explain import band_label, translate_explanation

    with translation.override("uk"):
        assert [band_label("likely"), band_label("possible"), band_label(None)] == [
            "імовірно", "можливо", "малоймовірно"]
        assert translate_explanation("nobody of this name in the registry") != "nobody of this name in the registry"
        assert translate_explanation("confirmed by registrar on 2025-03-01") == \
            "підтверджено користувачем registrar 2025-03-01"


@pytest.mark.django_db
def test_a_refused_transition_names_the_event_and_status_in_ukrainian(users, client):
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput

    person = create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Сухроб Назаров")])
    client.force_login(users["registrar"])
    page = client.post(f"/persons/{person.pk}/events/new/", {
        "version": person.version, "type": "exchanged", "date": "2025-02-01", "confidence": "confirmed"},
        HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "«Обміняний» не може йти після статусу «Статус не записано»" in page
    assert "not_recorded" not in page and "'exchanged'" not in page


def test_an_impossible_day_is_refused_in_ukrainian():
    from django.utils import translation

    from polon.core.partial_dates import PartialDate, PartialDateError

    with translation.override("uk"), pytest.raises(PartialDateError) as refused:
        PartialDate.parse("2024-02-30")
    assert str(refused.value) == "«2024-02-30»: дня 30 у цьому місяці не існує"
