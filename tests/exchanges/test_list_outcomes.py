"""Reconciliation keeps every line: the good ones matched, the unreadable ones flagged in place for correction;
and its outcomes say what a user needs: matched, ambiguous (several plausible), not in the registry (with
"record as a new person")."""

from __future__ import annotations

import pytest

from polon.audit.models import AuditEvent
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.exchanges import services
from polon.exchanges.models import ListRow, Outcome
from polon.exchanges.reconcile import (
    correct_row,
    judge_row,
    mark_not_in_registry,
    reconcile_list,
    record_row_as_new,
)
from polon.registry.models import Person
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db

# Line 3 has an impossible month, line 4 no letters for a name, line 5 repeats line 2, line 6 has a value too
# many, line 7 a citizenship that is no country: each is kept, as written, to correct.
MIXED = (
    "name,birth_date,rank,citizenship\n"
    "Катыренов Ермек Болатович,1991-03,рядовой,KZ\n"
    "Alischer Tursunow,1988-13-14,Gefreiter,UZ\n"
    "12345,,,\n"
    "катыренов  ермек болатович,1991-03,,\n"
    "Baurzhan Begalimov,1979,private,KZ,extra\n"
    "Нурсултан Жаксыбеков,1994,,QQ\n"
    "Бахтиёр Каримов,,,\n"
)


@pytest.fixture
def round_(users):
    return services.create_round(actor=users["registrar"], number=12, title="Outcomes")


@pytest.fixture
def karimovs(users):
    """Two Karimovs (Uzbek, Tajik) and a Tajik Nazarov: names an invented one shares a word with."""
    return [create_person(actor=users["registrar"], category="pow", birth_date=born, names=[NameInput(text=text)],
                          citizenships=[CitizenshipInput(country=country)])
            for text, born, country in [("Улугбек Алишерович Каримов", "1990-05-05", "UZ"),
                                        ("Далер Рустамович Каримов", "1987", "TJ"),
                                        ("Джамшед Парвизович Назаров", "1991", "TJ")]]


def rows_by_line(round_):
    return {row.line: row for row in ListRow.objects.filter(round=round_)}


def test_bad_lines_are_flagged_in_place_and_the_good_ones_imported(registry, karimovs, round_, users):
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over",
                            content=MIXED.encode(), file_name="their-list.csv")
    rows = rows_by_line(round_)
    assert sorted(rows) == [2, 3, 4, 5, 6, 7, 8]
    assert (rows[2].outcome, rows[2].person_id) == ("matched", registry["kazakh"].pk)
    assert rows[8].outcome == "unknown"
    bad = {line: rows[line] for line in (3, 4, 5, 6, 7)}
    assert {row.outcome for row in bad.values()} == {"invalid"}
    assert [p["field"] for p in bad[3].problems] == ["birth_date"] and "month 13" in bad[3].problems[0]["reason"]
    assert bad[3].raw_text == "Alischer Tursunow, 1988-13-14, Gefreiter, UZ"
    assert bad[3].raw["name"] == "Alischer Tursunow" and bad[3].person_id is None
    assert [p["field"] for p in bad[4].problems] == ["name"]
    assert "duplicate" in bad[5].problems[0]["reason"] and "line 2" in bad[5].problems[0]["reason"]
    assert bad[6].problems[0]["field"] == "columns" and "extra" in bad[6].raw_text
    assert [p["field"] for p in bad[7].problems] == ["citizenship"]
    assert result.counts["invalid"] == 5 and result.counts["matched"] == 1
    # The import is recorded: its batches (the flagged lines among them) and its summary.
    assert AuditEvent.objects.filter(action="exchange.list.import").count() == 1


def test_a_corrected_line_is_matched_and_not_flagged_again_by_the_same_file(registry, karimovs, round_, users):
    analyst = users["analyst"]
    reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=MIXED.encode(),
                   file_name="their-list.csv")
    row = rows_by_line(round_)[3]
    with pytest.raises(ValidationFailed) as caught:
        correct_row(actor=analyst, row_id=row.pk, name="Alischer Tursunow", birth_date="1988-02-30")
    assert "birth_date" in caught.value.errors
    row.refresh_from_db()
    assert row.outcome == "invalid" and row.problems  # refused: nothing changed
    with pytest.raises(ValidationFailed) as caught:  # the corrected line would repeat line 2
        correct_row(actor=analyst, row_id=row.pk, name="Катыренов Ермек Болатович", birth_date="1991-03")
    assert "line 2" in str(caught.value)

    corrected = correct_row(actor=analyst, row_id=row.pk, name="Alischer Tursunow", birth_date="1988-07-14",
                            rank="Gefreiter", citizenship="UZ")
    assert (corrected.outcome, corrected.person_id) == ("matched", registry["uzbek"].pk)
    assert corrected.problems == [] and corrected.birth_date == "1988-07-14"
    assert AuditEvent.objects.filter(action="exchange.list.correct", object_id=str(row.pk)).count() == 1

    # The same file again: the corrected line stays corrected, the others stay flagged, nothing doubles.
    reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=MIXED.encode(),
                   file_name="their-list.csv")
    rows = ListRow.objects.filter(round=round_)
    assert rows.count() == 7
    assert rows.filter(outcome="invalid").count() == 4
    assert rows.get(pk=row.pk).outcome == "matched"


def test_an_invented_name_is_not_in_the_registry_not_ambiguous(registry, karimovs, round_, users):
    """"Бахтиёр Каримов" and "Джамшид Вигаданов" share one word with recorded persons and nothing else: weak
    candidates are kept on the line, but it is not in the registry."""
    content = "name\nБахтиёр Каримов\nДжамшид Вигаданов\nIwan Petrow\n".encode()
    for born in ("1985-01-02", "1993-09-30"):
        create_person(actor=users["registrar"], category="pow", birth_date=born, names=[NameInput(text="Иван Петров")])
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over", content=content,
                            file_name="l.csv")
    got = {row.name: row for row in result.rows}
    assert got["Бахтиёр Каримов"].outcome == "unknown" and got["Бахтиёр Каримов"].candidates
    assert not any(c["plausible"] for c in got["Бахтиёр Каримов"].candidates)
    assert got["Джамшид Вигаданов"].outcome == "unknown"
    assert got["Iwan Petrow"].outcome == "ambiguous"  # two plausible Ivan Petrovs: a choice to make


def test_not_him_on_every_plausible_candidate_leaves_the_line_not_in_the_registry(registry, karimovs, round_, users):
    analyst = users["analyst"]
    result = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over",
                            content="name\nДалер Каримов\n".encode(), file_name="l.csv")
    (row,) = result.rows
    assert (row.outcome, row.person_id) == ("matched", karimovs[1].pk)
    row = judge_row(actor=analyst, row_id=row.pk, person_id=karimovs[1].pk, same=False)
    assert (row.outcome, row.person_id) == ("unknown", None)
    assert "ruled out" in row.explanation
    assert karimovs[1].pk not in {c["person_id"] for c in row.candidates}


def test_candidates_carry_what_tells_them_apart(registry, karimovs, round_, users):
    result = reconcile_list(actor=users["analyst"], round_id=round_.pk, side="hand_over",
                            content=b"name\nDaler Karimov\n", file_name="l.csv")
    (row,) = result.rows
    daler = next(c for c in row.candidates if c["person_id"] == karimovs[1].pk)
    assert (daler["birth_date"], daler["citizenships"], daler["status"]) == ("1987", ["TJ"], "not_recorded")


def test_not_in_the_registry_is_kept_and_record_as_new_links_the_line(registry, karimovs, round_, users):
    analyst, registrar = users["analyst"], users["registrar"]
    content = "name,birth_date,rank,citizenship\nБахтиёр Каримов,1993-04-11,рядовой,UZ\n".encode()
    (row,) = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=content,
                            file_name="l.csv").rows
    row = mark_not_in_registry(actor=analyst, row_id=row.pk)
    assert row.outcome == "unknown" and row.confirmed and "analyst" in row.explanation
    (again,) = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=content,
                              file_name="l.csv").rows
    assert again.outcome == "unknown" and again.confirmed  # the word holds on every import

    with pytest.raises(PermissionDenied):  # an analyst prepares lists but records no persons
        record_row_as_new(actor=analyst, row_id=row.pk, names=["Bakhtiyor Karimov"], birth_date="1993-04-11",
                          citizenships=["UZ"])
    row = record_row_as_new(actor=registrar, row_id=row.pk, names=["Bakhtiyor Karimov"], birth_date="1993-04-11",
                            citizenships=["UZ"], rank="рядовой")
    person = Person.objects.get(pk=row.person_id)
    assert (row.outcome, row.confirmed) == (Outcome.MATCHED, True)
    assert person.category == "pow"  # the list of those we hand over names captives we hold
    assert sorted(n.text for n in person.names.all()) == ["Bakhtiyor Karimov", "Бахтиёр Каримов"]
    assert [c.country for c in person.citizenships.all()] == ["UZ"] and person.birth_date == "1993-04-11"
    (again,) = reconcile_list(actor=analyst, round_id=round_.pk, side="hand_over", content=content,
                              file_name="l.csv").rows
    assert (again.outcome, again.person_id) == ("matched", person.pk)


def test_record_as_new_from_the_list_we_receive_is_our_own_national(registry, round_, users):
    content = "name,birth_date\nТарас Вигаданий,1990\n".encode()
    (row,) = reconcile_list(actor=users["registrar"], round_id=round_.pk, side="receive", content=content,
                            file_name="ours.csv").rows
    assert row.outcome == "unknown"
    row = record_row_as_new(actor=users["registrar"], row_id=row.pk, names=[], birth_date="1990",
                            citizenships=["UA"])
    assert Person.objects.get(pk=row.person_id).category == "own_held"
