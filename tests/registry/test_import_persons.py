"""`polon import persons FILE`: JSON lines, CSV and XLSX, all or nothing, duplicates reported, audited."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from polon.audit.log import verify
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.core.errors import PermissionDenied
from polon.demo.person_files import render
from polon.registry.models import Citizenship, Person, PersonName
from polon.registry.services.imports import ImportRefused, import_persons

pytestmark = pytest.mark.django_db

# Fictional persons (generated for the tests, not real people): Kazakh, Uzbek and Russian names, each in
# Cyrillic and in Latin script, one with two citizenships.
PERSONS = [
    {"names": [{"text": "Нурлан Серикович Жаксыбеков", "given": "Нурлан", "patronymic": "Серикович",
                "surname": "Жаксыбеков", "language": "kk"},
               {"text": "Nurlan Serikovich Zhaksybekov", "scheme": "bgn_pcgn"}, {"text": "Nurlan Jaksybekov"}],
     "citizenships": [{"country": "KZ", "provenance": "self_declared"}, {"country": "RU", "provenance": "document"}],
     "category": "pow", "sex": "male", "birth_date": "1993-02", "birth_place": "Demo town 12", "rank": "Private",
     "army": "Demo force", "service_number": "DEMO-IMP-T-001", "power_depended": "RU", "languages": ["kk", "ru"],
     "notes": "FICTIONAL DEMO RECORD — generated for tests"},
    {"names": [{"text": "Жасурбек Тоштемиров"}, {"text": "Jasurbek Toshtemirov"}, {"text": "Zhasurbek Toshtemirov"}],
     "citizenships": [{"country": "UZ", "provenance": "document"}],
     "category": "pow", "birth_date": "1990", "army": "Demo force", "service_number": "DEMO-IMP-T-002",
     "notes": "FICTIONAL DEMO RECORD — generated for tests"},
    {"names": [{"text": "Григорий Павлович Сметанин"}, {"text": "Grigoriy Pavlovich Smetanin"}],
     "citizenships": [{"country": "RU"}], "category": "civilian", "birth_date": "1985-07-14", "restricted": True,
     "notes": "FICTIONAL DEMO RECORD — generated for tests"},
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name: str, persons=PERSONS) -> str:
    path = tmp_path / name
    path.write_bytes(render(persons, path.suffix.lstrip(".")))
    return str(path)


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "xlsx"])
def test_a_good_file_imports_every_person_with_names_citizenships_and_audit(users, tmp_path, capsys, suffix):
    path = write(tmp_path, f"persons.{suffix}")
    code, out, err = run(capsys, "--as", "registrar", "import", "persons", path, "--no-progress")
    assert code == 0, err
    assert f"{path}: 3 created, 0 lines reported as possible duplicates, 0 skipped" in out
    kazakh = Person.objects.get(service_number="DEMO-IMP-T-001")
    names = list(kazakh.names.all())
    assert [n.text for n in names] == ["Нурлан Серикович Жаксыбеков", "Nurlan Serikovich Zhaksybekov",
                                       "Nurlan Jaksybekov"]
    assert [n.script for n in names] == ["Cyrl", "Latn", "Latn"] and names[0].is_primary
    assert (names[0].given, names[0].patronymic, names[0].surname) == ("Нурлан", "Серикович", "Жаксыбеков")
    assert sorted(kazakh.citizenships.values_list("country", "provenance")) == [
        ("KZ", "self_declared"), ("RU", "document")]
    assert (kazakh.birth_date, kazakh.languages, kazakh.power_depended) == ("1993-02", ["kk", "ru"], "RU")
    assert Person.objects.get(names__text="Григорий Павлович Сметанин").restricted
    created = AuditEvent.objects.filter(action="person.create")
    assert created.count() == 3
    changes = json.loads(created.get(object_id=str(kazakh.pk)).changes)["after"]
    assert [n["text"] for n in changes["names"]] == [n.text for n in names]
    assert changes["citizenships"] == [["KZ", "self_declared", ""], ["RU", "document", ""]]
    batch = json.loads(AuditEvent.objects.get(action="person.import").changes)["after"]
    assert batch["file"] == path and sorted(batch["created"]) == sorted(Person.objects.values_list("pk", flat=True))
    assert verify().ok


BAD_LINES = [
    json.dumps({"names": [{"text": "Ерлан Досымов"}], "category": "pow", "birth_date": "1990-02-31"}),
    "",
    json.dumps({"names": [{"text": "Erlan Dosymov"}], "category": "prisoner"}, ensure_ascii=False),
    json.dumps({"names": [{"text": "Ерлан Досымов"}], "category": "pow", "citizenships": [{"country": "ZZ"}]}),
    '{"names": [{"text": "Ерлан Досымов"}], "category": ',
    json.dumps({"names": [], "category": "pow", "birthdate": "1990"}),
    json.dumps(PERSONS[0], ensure_ascii=False),
    json.dumps({"names": [{"text": "12345"}], "category": "pow"}),
    json.dumps({"names": [{"text": "Ерлан Досымов"}]}, ensure_ascii=False),
]


def test_a_bad_file_is_refused_whole_with_every_line_named_and_nothing_written(registry, users, tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(BAD_LINES) + "\n", encoding="utf-8")
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    code, out, err = run(capsys, "--as", "registrar", "import", "persons", str(path), "--no-progress")
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    expected = [
        f"{path}:1: birth_date: ", f"{path}:3: category: 'prisoner' is not a category",
        f"{path}:4: citizenships[0]: ", f"{path}:5: json: malformed JSON", f"{path}:6: birthdate: not a field",
        f"{path}:6: names: a person needs at least one name", f"{path}:8: names[0]: '12345' contains no letters",
        f"{path}:9: category: Field required",
    ]
    for start in expected:
        assert any(line.startswith("error: " + start) for line in lines), (start, lines)
    assert not any(f"{path}:7:" in line for line in lines) and not any(f"{path}:2:" in line for line in lines)
    assert "refused" in err and "nothing was written" in err
    assert (Person.objects.count(), AuditEvent.objects.count()) == (persons, events)


def test_a_table_with_an_unknown_column_is_refused_at_its_header(users, tmp_path):
    content = "name;birth_date;nationality\nЕрлан Досымов;1990;KZ\n".encode()
    with pytest.raises(ImportRefused) as caught:
        import_persons(actor=users["registrar"], content=content, file_name="list.csv")
    assert caught.value.report.lines() == [
        f"list.csv:1: columns: unknown column 'nationality'; the columns are {', '.join(_columns())}"]
    assert not Person.objects.exists()


def _columns():
    from polon.registry.person_files import COLUMNS

    return COLUMNS


def test_csv_columns_repeated_names_lists_and_bad_cells(users):
    content = ("name,name,citizenships,category,birth_date,restricted,languages\n"
               "Айдос Бекмуханов,Aidos Bekmukhanov,KZ:document | UZ:self_declared:2024,pow,1994-05,no,kk; ru\n"
               "Ойбек Маматкулов,,UZ:passport,pow,1994-13,maybe,\n").encode()
    with pytest.raises(ImportRefused) as caught:
        import_persons(actor=users["registrar"], content=content, file_name="p.csv")
    lines = caught.value.report.lines()
    assert lines[0] == "p.csv:3: restricted: 'maybe' is not yes or no (also: true/false, 1/0)"
    assert lines[1].startswith("p.csv:3: birth_date: ") and "1994-13" in lines[1]
    assert lines[2].startswith("p.csv:3: citizenships[0]: provenance 'passport' is not one of")
    assert len(lines) == 3
    good = content.decode().splitlines()[:2]
    report = import_persons(actor=users["registrar"], content="\n".join(good).encode(), file_name="p.csv")
    person = Person.objects.get(pk=report.created_ids[0])
    assert [n.text for n in person.names.all()] == ["Айдос Бекмуханов", "Aidos Bekmukhanov"]
    assert list(person.citizenships.values_list("country", "provenance", "as_of")) == [
        ("KZ", "document", ""), ("UZ", "self_declared", "2024")]
    assert person.languages == ["kk", "ru"] and not person.restricted


def test_two_lines_naming_the_same_person_are_reported(users):
    twin = {**PERSONS[1], "names": [{"text": "ЖАСУРБЕК  тоштемиров"}], "service_number": ""}
    number_twin = {**PERSONS[2], "names": [{"text": "Аноним Демонстрационный"}], "army": "Demo force",
                   "service_number": "DEMO-IMP-T-002"}
    content = render([*PERSONS, twin, number_twin], "jsonl")
    with pytest.raises(ImportRefused) as caught:  # one number, one army: the registry cannot hold both
        import_persons(actor=users["registrar"], content=content, file_name="f.jsonl")
    assert caught.value.report.lines() == [
        "f.jsonl:4: duplicate: the same person as line 2? the same name and date of birth",
        "f.jsonl:5: service_number: service number 'DEMO-IMP-T-002' of army 'Demo force' is also on line 2"]
    assert not Person.objects.exists()
    report = import_persons(actor=users["registrar"], content=content, file_name="f.jsonl", on_duplicate="skip")
    assert report.skipped_lines == [4, 5] and len(report.created_ids) == 3
    assert report.summary() == "f.jsonl: 3 created, 2 lines reported as possible duplicates, 2 skipped"


def test_persons_already_recorded_are_reported_skipped_or_refused(registry, users):
    again = {"names": [{"text": "Ermek Katyrenov"}], "category": "pow", "birth_date": "1991-03",
             "citizenships": [{"country": "KZ"}], "notes": "FICTIONAL DEMO RECORD"}
    recorded_number = {**PERSONS[1], "names": [{"text": "Тимур Демонстрационный"}], "army": "RU-demo",
                       "service_number": "T-100002"}
    content = render([again, PERSONS[0]], "jsonl")
    report = import_persons(actor=users["registrar"], content=content, file_name="r.jsonl")
    assert len(report.created_ids) == 2 and [p.line for p in report.duplicates] == [1]
    assert report.lines()[0].startswith(f"r.jsonl:1: duplicate: possible duplicate of person {registry['kazakh'].pk}, "
                                        "Ермек Болатович Катыренов (likely, ")
    content = render([again, PERSONS[1], recorded_number], "jsonl")
    with pytest.raises(ImportRefused) as caught:  # a recorded service number cannot be written again
        import_persons(actor=users["registrar"], content=content, file_name="r.jsonl")
    assert caught.value.report.lines() == [
        "r.jsonl:3: service_number: service number 'T-100002' is already recorded in army 'RU-demo' "
        f"(person {registry['uzbek'].pk})"]
    with pytest.raises(ImportRefused) as caught:
        import_persons(actor=users["registrar"], content=render([again, PERSONS[1]], "jsonl"), file_name="r.jsonl",
                       on_duplicate="fail")
    assert {p.line for p in caught.value.report.errors} == {1}  # the kazakh, and line 1 imported above
    before = Person.objects.count()
    report = import_persons(actor=users["registrar"], content=content, file_name="r.jsonl", on_duplicate="skip")
    assert report.skipped_lines == [1, 3] and Person.objects.count() == before + 1
    unchecked = import_persons(actor=users["registrar"], content=render([again], "jsonl"), file_name="r.jsonl",
                               check_registry=False)
    assert unchecked.duplicates == [] and len(unchecked.created_ids) == 1


def test_each_distinct_name_is_searched_once_and_an_alias_finds_its_person(registry, users, monkeypatch):
    from polon.registry.services import imports

    assert imports._distinct_names(["Жасурбек Тоштемиров", "Jasurbek Toshtemirov", "Zhasurbek Toshtemirov"]) == [
        "Жасурбек Тоштемиров"]  # transliterations of the first: they find the persons it finds
    assert imports._distinct_names(["Нурлан Жаксыбеков", "Nurlan Zhaksybekov", "Ермек Катыренов"]) == [
        "Нурлан Жаксыбеков", "Ермек Катыренов"]  # an alias is a name of its own
    searched = []
    search_many = imports.search_many
    monkeypatch.setattr(imports, "search_many", lambda actor, queries, **kw: (
        searched.extend(q.text for q in queries), search_many(actor, queries, **kw))[1])
    alias = {"names": [{"text": "Тимур Демонстрационный"}, {"text": "Timur Demonstratsionny"},
                       {"text": "Ermek Katyrenov"}],
             "category": "pow", "birth_date": "1991-03", "citizenships": [{"country": "KZ"}],
             "notes": "FICTIONAL DEMO RECORD"}
    report = import_persons(actor=users["registrar"], content=render([alias], "jsonl"), file_name="a.jsonl")
    assert searched == ["Тимур Демонстрационный", "Ermek Katyrenov"]
    assert [p.line for p in report.duplicates] == [1]
    assert f"possible duplicate of person {registry['kazakh'].pk}, Ермек Болатович Катыренов" in report.lines()[0]


@pytest.mark.parametrize("role", ["analyst", "liaison_kz", "icrc", "auditor"])
def test_only_registrars_and_administrators_import(users, tmp_path, capsys, role):
    path = write(tmp_path, "persons.jsonl")
    with pytest.raises(PermissionDenied):
        import_persons(actor=users[role], content=b"", file_name="persons.jsonl")
    code, _, err = run(capsys, "--as", role, "import", "persons", path, "--no-progress")
    assert code == 2 and "may not" in err
    assert not Person.objects.exists()
    code, _, err = run(capsys, "--as", "admin", "import", "persons", path, "--no-progress")
    assert code == 0, err


def test_a_failure_half_way_leaves_nothing(users, monkeypatch):
    from polon.registry.services import persons as person_services

    calls = []
    real = person_services.record_many

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the process died here")
        return real(**kwargs)

    monkeypatch.setattr(person_services, "record_many", failing)
    many = [{**PERSONS[0], "service_number": f"DEMO-IMP-K-{i:04d}", "names": [{"text": f"Демо Персона {chr(0x430 + i % 30)}{i}"}]}
            for i in range(700)]
    with pytest.raises(RuntimeError):
        import_persons(actor=users["registrar"], content=render(many, "jsonl"), file_name="k.jsonl",
                       check_registry=False)
    assert len(calls) == 2
    assert not Person.objects.exists() and not PersonName.objects.exists() and not Citizenship.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="person.").exists()


def test_messages_are_in_ukrainian_for_a_ukrainian_user(users):
    with translation.override("uk"):
        report = import_persons(actor=users["registrar"], content=render(PERSONS, "jsonl"), file_name="u.jsonl")
        assert report.summary() == "u.jsonl: створено 3, рядків з можливими дублікатами: 0, пропущено 0"
