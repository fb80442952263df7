from __future__ import annotations

import pytest

from polon.audit.models import AuditEvent
from polon.core.errors import ConflictError, NotFound, PermissionDenied, ValidationFailed
from polon.registry.models import Citizenship, Person, PersonName
from polon.registry.services import add_name, create_person, update_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db


def counts():
    return (Person.objects.count(), PersonName.objects.count(), Citizenship.objects.count(),
            AuditEvent.objects.count())


def test_create_person_writes_names_citizenships_and_one_audit_event(users):
    before = AuditEvent.objects.count()
    person = create_person(
        actor=users["registrar"], category="pow", birth_date="1990-05", power_depended="RU",
        names=[NameInput(text="Лукпан Ахмедьяров"), NameInput(text="Lukpan Akhmedyarov", scheme="bgn_pcgn")],
        citizenships=[CitizenshipInput(country="KZ"), CitizenshipInput(country="RUS", provenance="document")],
    )
    assert person.primary_name.text == "Лукпан Ахмедьяров"
    assert person.primary_name.script == "Cyrl"
    assert person.names.get(text="Lukpan Akhmedyarov").script == "Latn"
    assert sorted(person.citizenships.values_list("country", "provenance")) == [
        ("KZ", "self_declared"), ("RU", "document")]
    assert person.power_depended == "RU"
    events = AuditEvent.objects.filter(sequence__gt=before)
    assert [e.action for e in events] == ["person.create"]
    assert "Lukpan Akhmedyarov" in events[0].changes


@pytest.mark.parametrize("fields, field, reason", [
    ({"birth_date": "1990-13"}, "birth_date", "month 13"),
    ({"power_depended": "XX"}, "power_depended", "not an ISO 3166-1"),
    ({"category": "tourist"}, "category", "not a category"),
    ({"languages": ["kazakh!"]}, "languages", "ISO 639"),
])
def test_bad_fields_are_named_and_nothing_is_written(users, fields, field, reason):
    before = counts()
    data = {"category": "pow", **fields}
    with pytest.raises(ValidationFailed) as info:
        create_person(actor=users["registrar"], names=[NameInput(text="Ерлан Омаров")], **data)
    assert reason in " ".join(info.value.errors[field])
    assert counts() == before


def test_unknown_citizenship_is_refused(users):
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Ерлан Омаров")],
                      citizenships=[CitizenshipInput(country="QQ")])
    assert "QQ" in str(info.value) and "citizenships[0]" in info.value.errors
    assert counts() == before


def test_duplicate_service_number_within_one_army(users):
    create_person(actor=users["registrar"], category="pow", army="Demo force", service_number="A-1",
                  names=[NameInput(text="Иван Петров")])
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        create_person(actor=users["registrar"], category="pow", army="Demo force", service_number="A-1",
                      names=[NameInput(text="Пётр Иванов")])
    assert "already recorded in army 'Demo force'" in info.value.errors["service_number"][0]
    assert counts() == before
    # The same number in another army is a different person.
    create_person(actor=users["registrar"], category="pow", army="Other force", service_number="A-1",
                  names=[NameInput(text="Пётр Иванов")])


def test_names_with_control_characters_or_no_letters_are_refused(users):
    for text in ["Иван\u202eПетров", "12345", "   "]:
        with pytest.raises(ValidationFailed):
            create_person(actor=users["registrar"], category="pow", names=[NameInput(text=text)])


def test_a_later_spelling_never_overwrites(registry, users):
    person = registry["kazakh"]
    add_name(actor=users["registrar"], person_id=person.pk, name=NameInput(text="Ермек Катыренов", language="ru"),
             primary=True)
    texts = list(person.names.order_by("id").values_list("text", "is_primary"))
    assert texts[0] == ("Ермек Болатович Катыренов", False)
    assert ("Ермек Катыренов", True) in texts
    assert len(texts) == 4


def test_stale_version_is_a_conflict_not_an_overwrite(registry, users):
    person = registry["uzbek"]
    version = Person.objects.get(pk=person.pk).version
    update_person(actor=users["registrar"], person_id=person.pk, expected_version=version, changes={"rank": "Sergeant"})
    with pytest.raises(ConflictError) as info:
        update_person(actor=users["registrar"], person_id=person.pk, expected_version=version,
                      changes={"rank": "Private"})
    assert f"version {version}" in str(info.value)
    assert Person.objects.get(pk=person.pk).rank == "Sergeant"


def test_update_audits_before_and_after(registry, users):
    import json

    person = Person.objects.get(pk=registry["uzbek"].pk)
    update_person(actor=users["registrar"], person_id=person.pk, expected_version=person.version,
                  changes={"birth_place": "Demo town 7"})
    event = AuditEvent.objects.filter(action="person.update").last()
    assert json.loads(event.changes) == {"before": {"birth_place": ""}, "after": {"birth_place": "Demo town 7"}}


def test_roles_that_may_not_write(registry, users):
    for role in ("analyst", "icrc", "auditor", "liaison_kz"):
        with pytest.raises(PermissionDenied):
            create_person(actor=users[role], category="pow", names=[NameInput(text="Иван Петров")])


def test_registrar_cannot_write_what_does_not_exist(users):
    with pytest.raises(NotFound):
        update_person(actor=users["registrar"], person_id=999999, expected_version=1, changes={"rank": "x"})


def test_prisoner_number_is_recorded_changed_and_unique(users):
    """The prisoner (internment) number the Detaining Power gives (GC III Art. 17, Annex IV B): set on creation,
    changed by an update, refused when another person already has it."""
    first = create_person(actor=users["registrar"], category="pow", internment_number="UA-KZ-000417",
                          names=[NameInput(text="Нурлан Сейтжанов"), NameInput(text="Nurlan Seitzhanov")])
    assert Person.objects.get(pk=first.pk).internment_number == "UA-KZ-000417"
    second = create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Азиз Рахимов")])
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        create_person(actor=users["registrar"], category="pow", internment_number="UA-KZ-000417",
                      names=[NameInput(text="Dilshod Karimov")])
    assert "UA-KZ-000417" in " ".join(info.value.errors["internment_number"])
    assert counts() == before
    with pytest.raises(ValidationFailed) as info:
        update_person(actor=users["registrar"], person_id=second.pk, expected_version=second.version,
                      changes={"internment_number": "UA-KZ-000417"})
    assert "internment_number" in info.value.errors
    updated = update_person(actor=users["registrar"], person_id=second.pk, expected_version=second.version,
                            changes={"internment_number": "UA-UZ-000018"})
    assert Person.objects.get(pk=updated.pk).internment_number == "UA-UZ-000018"
