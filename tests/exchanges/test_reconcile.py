"""Reconciling the other side's list: Cyrillic, German and English spellings; matched, ambiguous, unknown;
judgements re-applied; re-import idempotent; bad files refused line by line with nothing written."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from polon.audit.models import AuditEvent
from polon.core.errors import ValidationFailed
from polon.exchanges import services
from polon.exchanges.models import ListJudgement, ListRow
from polon.exchanges.reconcile import judge_row, reconcile_list
from polon.exports.services import export_reconciliation
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db

LIST = (
    "name,birth_date,rank,unit\n"
    "Катыренов Ермек Болатович,1991-03,рядовой,\n"  # Cyrillic, surname first
    "Alischer Tursunow,1988-07-14,Gefreiter,\n"  # German transliteration
    "Baurzhan Begalimov,,private,\n"  # English transliteration
    "Iwan Petrow,,,\n"  # two Ivan Petrovs in the registry: ambiguous
    "Зіновій Неіснуючий,1970,,\n"  # no one of that name: unknown
)


@pytest.fixture
def petrovs(users):
    return [create_person(actor=users["registrar"], category="pow", birth_date=born,
                          names=[NameInput(text="Иван Петров")], citizenships=[CitizenshipInput(country="RU")])
            for born in ("1985-01-02", "1993-09-30")]


@pytest.fixture
def round_(users):
    return services.create_round(actor=users["registrar"], number=7, title="List test")


def outcomes(result):
    return {row.name: (row.outcome, row.person_id) for row in result.rows}


def test_mixed_scripts_matched_ambiguous_unknown(registry, petrovs, round_, users):
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over",
                            content=LIST.encode(), file_name="their-list.csv")
    got = outcomes(result)
    assert got["Катыренов Ермек Болатович"] == ("matched", registry["kazakh"].pk)
    assert got["Alischer Tursunow"] == ("matched", registry["uzbek"].pk)
    assert got["Baurzhan Begalimov"] == ("matched", registry["dual"].pk)
    assert got["Iwan Petrow"][0] == "ambiguous"
    row = next(r for r in result.rows if r.name == "Iwan Petrow")
    assert {c["person_id"] for c in row.candidates} == {p.pk for p in petrovs}
    assert got["Зіновій Неіснуючий"] == ("unknown", None)
    matched = next(r for r in result.rows if r.name == "Alischer Tursunow")
    assert matched.score and matched.explanation
    assert (result.created, result.updated) == (5, 0)


def test_judgements_are_reapplied_and_reimport_is_idempotent(registry, petrovs, round_, users):
    analyst = users["analyst"]
    first = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=LIST.encode(),
                           file_name="their-list.csv")
    ivan = next(r for r in first.rows if r.name == "Iwan Petrow")
    judge_row(actor=analyst, row_id=ivan.pk, person_id=petrovs[1].pk, same=True)
    tursunov = next(r for r in first.rows if r.name == "Alischer Tursunow")
    judge_row(actor=analyst, row_id=tursunov.pk, person_id=registry["uzbek"].pk, same=False)
    assert ListJudgement.objects.count() == 2
    snapshot = [(r.row_key, r.outcome, r.person_id, r.score) for r in ListRow.objects.order_by("line")]

    again = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=LIST.encode(),
                           file_name="their-list.csv")
    assert (again.created, again.updated) == (0, 5)
    assert ListRow.objects.count() == 5
    got = outcomes(again)
    assert got["Iwan Petrow"] == ("matched", petrovs[1].pk)
    assert next(r for r in again.rows if r.name == "Iwan Petrow").confirmed
    assert got["Alischer Tursunow"][0] in ("unknown", "ambiguous") and got["Alischer Tursunow"][1] is None
    # The judgements took effect when made, and the re-import reproduced exactly that: deterministic.
    assert [(r.row_key, r.outcome, r.person_id, r.score) for r in ListRow.objects.order_by("line")] == snapshot
    assert AuditEvent.objects.filter(action="exchange.list.judge").count() == 2


def test_xlsx_import_and_reconciled_export(registry, petrovs, round_, users):
    book = Workbook()
    sheet = book.active
    for line in LIST.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append(["@SUM Injectionenko", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over",
                            content=buffer.getvalue(), file_name="list.xlsx")
    assert len(result.rows) == 6
    exported = export_reconciliation(actor=users["analyst"], round_id=round_.pk, fmt="xlsx",
                                     recipient="Coordination Headquarters", legal_basis="GC III Art. 122")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["line", "name", "birth_date"]
    assert any(v[1] == "Alischer Tursunow" and v[6] == "matched" for v in values[1:])
    assert all(not str(v[1]).startswith(("=", "@")) for v in values[1:])
    csv_export = export_reconciliation(actor=users["analyst"], round_id=round_.pk, fmt="csv",
                                       recipient="Coordination Headquarters", legal_basis="GC III Art. 122")
    assert "'@SUM Injectionenko" in csv_export.content.decode("utf-8-sig")


@pytest.mark.parametrize("content, expected", [
    (b"surname,dob\nPetrov,1990\n", ["line 1", "unknown column 'surname'", "no 'name' column"]),
    ("name\nИван Петров\n".encode("cp1251"), ["line 2", "not UTF-8"]),
])
def test_a_file_that_is_not_a_list_is_refused_and_nothing_is_written(round_, users, content, expected):
    before = (ListRow.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", content=content,
                       file_name="bad.csv")
    message = str(caught.value)
    assert "bad.csv" in message
    for part in expected:
        assert part in message, message
    assert (ListRow.objects.count(), AuditEvent.objects.count()) == before


def test_liaison_cannot_reconcile(round_, users):
    from polon.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        reconcile_list(actor=users["liaison_kz"], round_id=round_.pk, side="hand_over", content=LIST.encode(),
                       file_name="l.csv")


def test_a_devanagari_line_finds_the_nepali_recorded_in_latin(registry, round_, users):
    """The other side may write a Nepali recruit's name in Devanagari: it is compared by its sound
    (ICU's romanisation, without the inherent final vowel), so हरि शेर्पा finds Hari Sherpa."""
    sherpa = create_person(actor=users["registrar"], category="pow", birth_date="1996-05-02",
                           names=[NameInput(text="Hari Sherpa")], citizenships=[CitizenshipInput(country="NP")])
    content = "name,birth_date\nहरि शेर्पा,1996-05-02\n".encode()
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", content=content,
                            file_name="their-list.csv")
    assert [(row.outcome, row.person_id) for row in result.rows] == [("matched", sherpa.pk)]


def test_a_name_the_search_cannot_read_is_unknown_not_a_failed_reconciliation(registry, round_, users):
    """A line the file's check lets through but the search refuses (more words than a name has) is kept
    as unknown with the reason, and the lines after it are matched (the job used to fail there)."""
    long_name = "Ахмед Бек Али Хасан Мамед Гусейн Нур Рза Ильяс Тимур Арслан"
    content = f"name\n{long_name}\nAlischer Tursunow\n".encode()
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", content=content,
                            file_name="their-list.csv")
    got = {row.name: row for row in result.rows}
    assert (got[long_name].outcome, got[long_name].person_id) == ("unknown", None)
    assert got[long_name].explanation.startswith("not searched: ")
    assert (got["Alischer Tursunow"].outcome, got["Alischer Tursunow"].person_id) == ("matched", registry["uzbek"].pk)
