"""The pickers (web/forms/pickers.py): countries by localised name in the language's alphabetical order, persons by
name in any script or record number, always within the user's scope, with a choice when a name is ambiguous."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from polon.core.countries import country_choices
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.web.forms.pickers import CountriesField, CountryField, PersonField, PersonsField
from tests.conftest import PASSWORD


class OnePerson(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonField(user=user)


class SeveralPersons(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"] = PersonsField(user=user)


def _names(choices) -> list[str]:
    return [str(label) for code, label in choices if code]


def test_ukrainian_country_names_follow_the_ukrainian_alphabet():
    with translation.override("uk"):
        names = _names(CountryField().choices)
    assert names.index("Казахстан") < names.index("Киргизстан") < names.index("Узбекистан")
    # Є follows Е, І and Ї follow И, Й follows them (code points would put Є and І before А).
    assert names.index("Ефіопія") < names.index("Єгипет") < names.index("Ємен") < names.index("Замбія")
    assert names.index("Зімбабве") < names.index("Ізраїль") < names.index("Ірландія") < names.index("Йорданія")
    assert names[0] == "Австралія"
    assert _names(country_choices("uk")) == names  # the persons' list filter reads the same order


def test_country_field_names_countries_in_the_active_language_and_cleans_to_the_code():
    class F(forms.Form):
        country = CountryField()
        states = CountriesField(required=False)

    with translation.override("uk"):
        html = str(F()["country"])
        form = F({"country": "KZ", "states": ["UZ", "TJ"]})
        assert form.is_valid(), form.errors
    assert '<option value="KZ">Казахстан</option>' in html
    assert form.cleaned_data == {"country": "KZ", "states": ["UZ", "TJ"]}
    with translation.override("en"):
        assert '<option value="KZ">Kazakhstan</option>' in str(F()["country"])
        assert not F({"country": "XX"}).is_valid()
        assert not F({"country": ""}).is_valid()


@pytest.fixture
def latin_only(users):
    """An Uzbek recorded only in Latin letters (as his identity document spells him)."""
    return create_person(actor=users["registrar"], category="pow", birth_date="1993-05-02",
                         names=[NameInput(text="Dilshod Rakhimov")],
                         citizenships=[CitizenshipInput(country="UZ", provenance="document")])


@pytest.fixture
def namesakes(users):
    """Two Kazakhs of one name, told apart by date of birth only."""
    return [create_person(actor=users["registrar"], category="pow", birth_date=born,
                          names=[NameInput(text="Нурлан Сейткалиев"), NameInput(text="Nurlan Seitkaliyev")],
                          citizenships=[CitizenshipInput(country="KZ", provenance="self_declared")])
            for born in ("1990-02-11", "1984-09-30")]


@pytest.mark.django_db
def test_a_name_typed_in_cyrillic_finds_the_person_recorded_in_latin(users, latin_only):
    form = OnePerson({"person": "Дилшод Рахимов"}, user=users["registrar"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == latin_only


@pytest.mark.django_db
def test_a_record_number_or_service_number_resolves(users, registry):
    kazakh = registry["kazakh"]
    for typed in (str(kazakh.pk), f"№ {kazakh.pk}", f"№ {kazakh.pk} · Ермек Болатович Катыренов", "T-100001"):
        form = OnePerson({"person": typed}, user=users["analyst"])
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["person"] == kazakh


@pytest.mark.django_db
def test_a_liaison_picks_only_among_her_countrys_citizens(users, registry):
    liaison = users["liaison_kz"]
    uzbek = registry["uzbek"]
    form = OnePerson({"person": "Alisher Tursunov"}, user=liaison)
    assert not form.is_valid()
    assert form.errors["person"] == ["No person found for “Alisher Tursunov”."]
    assert 'value="Alisher Tursunov"' in str(form["person"])  # what was typed stays
    # A number outside her scope is answered exactly as a number that does not exist.
    outside = OnePerson({"person": str(uzbek.pk)}, user=liaison)
    missing = OnePerson({"person": "987654"}, user=liaison)
    assert not outside.is_valid() and not missing.is_valid()
    assert outside.errors["person"] == [f"There is no person with record number {uzbek.pk}."]
    assert missing.errors["person"] == ["There is no person with record number 987654."]
    # Her own citizens resolve, by name in either script and by number.
    assert OnePerson({"person": "Ермек Катыренов"}, user=liaison).is_valid()
    assert OnePerson({"person": str(registry["dual"].pk)}, user=liaison).is_valid()


@pytest.mark.django_db
def test_an_ambiguous_name_offers_a_choice_showing_what_tells_the_persons_apart(users, namesakes):
    registrar = users["registrar"]
    first, second = namesakes
    form = OnePerson({"person": "Nurlan Seitkaliyev"}, user=registrar)
    assert not form.is_valid()
    assert form.errors["person"] == ["Several persons match “Nurlan Seitkaliyev”: choose one below."]
    html = str(form["person"])
    assert html.count('type="radio"') == 2
    for person in namesakes:
        assert f'value="{person.pk}"' in html
    assert "born 1990-02-11" in html and "born 1984-09-30" in html and "Kazakhstan" in html
    assert 'value="Nurlan Seitkaliyev"' in html
    # The choice made resolves it.
    chosen = OnePerson({"person": "Nurlan Seitkaliyev", "person__pick": str(second.pk),
                        "person__for": "Nurlan Seitkaliyev"}, user=registrar)
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["person"] == second
    # A choice made for another text (the user retyped the name) is not taken for the new one.
    stale = OnePerson({"person": "Нурлан Сейткалиев", "person__pick": str(second.pk),
                       "person__for": "Nurlan Seitkaliyev"}, user=registrar)
    assert not stale.is_valid()
    # A chosen id that was not offered (forged, or outside the scope) is no choice.
    forged = OnePerson({"person": "Nurlan Seitkaliyev", "person__pick": "987654",
                        "person__for": "Nurlan Seitkaliyev"}, user=registrar)
    assert not forged.is_valid()


@pytest.mark.django_db
def test_several_persons_one_a_line(users, registry, latin_only, namesakes):
    registrar = users["registrar"]
    typed = f"{registry['uzbek'].pk}\nДилшод Рахимов\n\nNurlan Seitkaliyev\nAlisher Tursunov\nНикто Невідомий"
    form = SeveralPersons({"persons": typed}, user=registrar)
    assert not form.is_valid()
    assert form.errors["persons"] == ["Several persons match “Nurlan Seitkaliyev”: choose one below.",
                                      "No person found for “Никто Невідомий”."]
    html = str(form["persons"])
    assert 'name="persons__pick3"' in html and "Line 4, “Nurlan Seitkaliyev”" in html
    fixed = typed.replace("\nНикто Невідомий", "")
    form = SeveralPersons({"persons": fixed, "persons__pick3": str(namesakes[0].pk),
                           "persons__for3": "Nurlan Seitkaliyev"}, user=registrar)
    assert form.is_valid(), form.errors
    # In the order typed, each once (the Uzbek typed twice, by number and by name).
    assert form.cleaned_data["persons"] == [registry["uzbek"], latin_only, namesakes[0]]


@pytest.mark.django_db
def test_initial_persons_are_written_as_numbers_and_names_that_resolve_back(users, registry):
    registrar = users["registrar"]
    form = SeveralPersons(initial={"persons": [registry["kazakh"].pk, registry["uzbek"].pk]}, user=registrar)
    html = str(form["persons"])
    assert f"№ {registry['kazakh'].pk} · Ермек Болатович Катыренов" in html
    typed = html.split(">", 1)[1].split("</textarea>")[0].strip()
    again = SeveralPersons({"persons": typed}, user=registrar)
    assert again.is_valid(), again.errors
    assert again.cleaned_data["persons"] == [registry["kazakh"], registry["uzbek"]]


@pytest.mark.django_db
def test_the_suggestions_as_you_type_stay_in_the_users_scope(client, users, registry):
    client.login(username="liaison_kz", password=PASSWORD)
    url = reverse("web:person-pick")
    kazakh = client.get(url, {"field": "person", "person": "Ermek Katyrenov"}, HTTP_ACCEPT_LANGUAGE="en")
    assert kazakh.status_code == 200
    assert f'value="№ {registry["kazakh"].pk} · Ермек Болатович Катыренов"' in kazakh.content.decode()
    assert "Kazakhstan" in kazakh.content.decode()
    uzbek = client.get(url, {"q": "Alisher Tursunov"})
    assert uzbek.status_code == 200 and "<option" not in uzbek.content.decode()
    by_number = client.get(url, {"q": str(registry["uzbek"].pk)})
    assert "<option" not in by_number.content.decode()
    client.logout()
    client.login(username="auditor", password=PASSWORD)
    assert client.get(url, {"q": "Ermek"}).status_code == 403


@pytest.mark.django_db
def test_a_name_only_possibly_matching_is_offered_not_taken(users, latin_only):
    form = OnePerson({"person": "Dilshod Rahimbekov"}, user=users["registrar"])
    assert not form.is_valid()
    assert form.errors["person"] == ["No clear match for “Dilshod Rahimbekov”: choose him below if he is among "
                                     "these, or correct the name."]
    assert f'value="{latin_only.pk}"' in str(form["person"])
    chosen = OnePerson({"person": "Dilshod Rahimbekov", "person__pick": str(latin_only.pk),
                        "person__for": "Dilshod Rahimbekov"}, user=users["registrar"])
    assert chosen.is_valid() and chosen.cleaned_data["person"] == latin_only


@pytest.mark.django_db
def test_record_numbers_from_a_link_are_written_as_persons(users, registry):
    form = SeveralPersons(initial={"persons": f"{registry['uzbek'].pk},{registry['dual'].pk}"}, user=users["analyst"])
    html = str(form["persons"])
    assert f"№ {registry['uzbek'].pk} · Алишер Турсунов" in html and f"№ {registry['dual'].pk} · Бауржан Бегалимов" in html


@pytest.mark.django_db
def test_a_service_number_of_digits_only_or_in_other_case_resolves_in_scope(users, registry):
    registrar = users["registrar"]
    sapper = create_person(actor=registrar, category="pow", service_number="700123", army="RU-demo",
                           names=[NameInput(text="Жасур Холматов"), NameInput(text="Jasur Kholmatov")],
                           citizenships=[CitizenshipInput(country="UZ", provenance="document")])
    for typed, user, expected in (("700123", registrar, sapper), ("t-100001", registrar, registry["kazakh"]),
                                  ("700123", users["liaison_uz"], sapper)):
        form = OnePerson({"person": typed}, user=user)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["person"] == expected
    outside = OnePerson({"person": "700123"}, user=users["liaison_kz"])
    assert not outside.is_valid()
    assert outside.errors["person"] == ["There is no person with record number 700123."]
