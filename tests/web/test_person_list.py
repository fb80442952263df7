"""The list of persons a registrar works from: a name found as the search finds it, sortable columns, filters by
localised country name, page size and page jump that keep filters and sort, and the ticked persons exported or
put on an exchange round."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def listed(response) -> list[int]:
    """The record numbers of the persons on the page, in their order."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<input type="checkbox" name="ids" value="(\d+)"', response.content.decode())]


def person(actor, text: str, country: str, born: str = "", surname: str = "", given: str = "", latin: str = ""):
    names = [NameInput(text=text, surname=surname, given=given)] + ([NameInput(text=latin)] if latin else [])
    created = create_person(actor=actor, category="pow", birth_date=born, names=names,
                            citizenships=[CitizenshipInput(country=country, provenance="self_declared")])
    add_event(actor=actor, person_id=created.pk, type="captured", date="2024-10-01", place="Demo sector 1")
    return created


@pytest.fixture
def crowd(users, registry):
    """The registry and a Kazakh recorded in Cyrillic only, an Ethiopian and an Egyptian volunteer (whose
    countries sort differently in Ukrainian, English and by code)."""
    registrar = users["registrar"]
    return {
        **registry,
        "yerlan": person(registrar, "Тулегенов Ерлан Дамирович", "KZ", "1990-04-12", "Тулегенов", "Ерлан"),
        "ethiopian": person(registrar, "Abebe Girma", "ET", "1995-01-03", "Girma", "Abebe"),
        "egyptian": person(registrar, "Ahmed Mansour", "EG", "1987-11-20", "Mansour", "Ahmed"),
    }


def test_the_name_filter_finds_as_the_search_does_in_any_script(users, crowd):
    client = login(users["registrar"])
    # Typed in German spelling; recorded only in Cyrillic: a substring match finds nobody.
    page = client.get("/persons/", {"q": "Jerlan Tulegenow"}, HTTP_ACCEPT_LANGUAGE="en")
    assert listed(page)[0] == crowd["yerlan"].pk
    assert re.search(r"<td>\d+%</td>", page.content.decode())  # how well each matched
    assert listed(client.get("/persons/", {"q": "Алишер Турсунов"}))[0] == crowd["uzbek"].pk
    # A record number or a service number typed there finds that person.
    assert listed(client.get("/persons/", {"q": str(crowd["dual"].pk)})) == [crowd["dual"].pk]
    assert listed(client.get("/persons/", {"q": "T-100002"})) == [crowd["uzbek"].pk]
    # Combined with the other filters.
    assert listed(client.get("/persons/", {"q": "Jerlan Tulegenow", "citizenship": "UZ"})) == []


def test_the_name_filter_stays_in_the_liaisons_scope(users, crowd):
    client = login(users["liaison_uz"])
    assert listed(client.get("/persons/", {"q": "Jerlan Tulegenow"})) == []
    assert listed(client.get("/persons/", {"q": str(crowd["kazakh"].pk)})) == []
    assert listed(client.get("/persons/", {"q": "Alisher Tursunov"})) == [crowd["uzbek"].pk]


def test_columns_sort_both_ways_and_paging_keeps_filters_and_sort(users, crowd):
    client = login(users["registrar"])
    by_birth = listed(client.get("/persons/", {"sort": "birth_date"}))
    births = ["1979", "1987-11-20", "1988-07-14", "1990-04-12", "1991-03", "1995-01-03"]
    order = {p.birth_date: p.pk for p in crowd.values()}
    assert by_birth == [order[b] for b in births]
    assert listed(client.get("/persons/", {"sort": "-birth_date"})) == [order[b] for b in reversed(births)]
    # By the primary name's surname (the name as written where no surname was recorded), both ways.
    by_name = listed(client.get("/persons/", {"sort": "name"}, HTTP_ACCEPT_LANGUAGE="en"))
    expected = [crowd[k].pk for k in ("ethiopian", "egyptian", "kazakh", "yerlan")]  # Girma, Mansour, К…, Т…
    assert [pk for pk in by_name if pk in expected] == expected
    by_name_down = listed(client.get("/persons/", {"sort": "-name"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert by_name_down == list(reversed(by_name))
    # The column links keep the filters and turn the sort around.
    page = client.get("/persons/", {"sort": "-birth_date", "per_page": "25", "status": "held"})
    html = page.content.decode()
    assert 'href="?per_page=25&amp;status=held&amp;sort=birth_date"' in html
    assert 'href="?per_page=25&amp;status=held&amp;sort=name"' in html
    assert 'aria-sort="descending"' in html
    assert 'name="q" value="per_page=' not in html  # the header's search box is not filled with the list's query
    several = listed(client.get("/persons/", {"sort": "-birth_date", "status": "held", "per_page": "25",
                                              "page": "1"}))
    assert several == [order[b] for b in reversed(births)]


def test_names_sort_by_the_readers_alphabet(users, crowd):
    """Ukrainian surnames in Ukrainian order (Ґ after Г, Є after Е, І after И), not by code point (which puts Є
    and І before А); in English, Latin names before Cyrillic ones."""
    registrar = users["registrar"]
    made = {surname: person(registrar, f"{surname} Остап", "UA", "1980", surname, "Остап").pk
            for surname in ("Іваненко", "Євченко", "Ґудзь", "Гончаренко", "Абрамчук", "Ельченко", "Кравець")}
    client = login(registrar)
    ukrainian = [pk for pk in listed(client.get("/persons/", {"sort": "name", "citizenship": "UA"},
                                                HTTP_ACCEPT_LANGUAGE="uk"))]
    assert ukrainian == [made[s] for s in ("Абрамчук", "Гончаренко", "Ґудзь", "Ельченко", "Євченко", "Іваненко",
                                           "Кравець")]
    everyone = listed(client.get("/persons/", {"sort": "name"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert everyone.index(crowd["egyptian"].pk) < everyone.index(made["Абрамчук"])  # Mansour before А…
    assert listed(client.get("/persons/", {"sort": "-name", "citizenship": "UA"},
                             HTTP_ACCEPT_LANGUAGE="uk")) == list(reversed(ukrainian))


def test_page_size_page_jump_and_links_keep_the_filters(users, crowd, make_user):
    registrar = users["registrar"]
    for i in range(27):
        person(registrar, f"Сейткали Нурланов {i}", "KZ", f"19{60 + i}", "Нурланов", "Сейткали")
    client = login(registrar)
    first = client.get("/persons/", {"citizenship": "KZ", "sort": "birth_date", "per_page": "25"},
                       HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    assert len(listed(first)) == 25
    assert "Page 1 of 2" in html
    assert 'href="?citizenship=KZ&amp;sort=birth_date&amp;per_page=25&amp;page=2"' in html
    # The page jump: a form with the filters as hidden fields and a page number.
    jump = html.split('class="page-jump"')[1].split("</form>")[0]
    for hidden in ('name="citizenship" value="KZ"', 'name="sort" value="birth_date"', 'name="per_page" value="25"'):
        assert hidden in jump
    assert 'name="page"' in jump
    second = listed(client.get("/persons/", {"citizenship": "KZ", "sort": "birth_date", "per_page": "25",
                                             "page": "2"}))
    assert len(second) == 27 + 3 - 25  # the Kazakh, the dual citizen and Yerlan too
    assert not set(second) & set(listed(first))
    # A size that is not offered is ignored (the default 50), not an error.
    assert len(listed(client.get("/persons/", {"per_page": "100000"}))) == 30 + 3


def test_citizenship_is_chosen_and_sorted_by_its_name_in_the_users_language(users, crowd):
    client = login(users["registrar"])
    ukrainian = client.get("/persons/", {"sort": "citizenship"}, HTTP_ACCEPT_LANGUAGE="uk")
    english = client.get("/persons/", {"sort": "citizenship"}, HTTP_ACCEPT_LANGUAGE="en")
    ethiopian, egyptian = crowd["ethiopian"].pk, crowd["egyptian"].pk
    # Ефіопія before Єгипет in Ukrainian; Egypt before Ethiopia in English.
    assert listed(ukrainian).index(ethiopian) < listed(ukrainian).index(egyptian)
    assert listed(english).index(egyptian) < listed(english).index(ethiopian)
    # The filter offers the countries persons hold, by name, in the language's order, with how many hold each.
    select = ukrainian.content.decode().split('name="citizenship"')[1].split("</select>")[0]
    names = re.findall(r"<option value=\"[A-Z]{2}\">([^<(]+) \(\d+\)</option>", select)
    assert names == ["Ефіопія", "Єгипет", "Казахстан", "Росія", "Узбекистан"]
    assert '<option value="KZ">Казахстан (3)</option>' in select
    assert "<td><abbr title=\"KZ\">Казахстан</abbr></td>" in ukrainian.content.decode()


def test_ticked_persons_go_to_the_export_form(users, crowd):
    client = login(users["analyst"])
    ids = [crowd["kazakh"].pk, crowd["uzbek"].pk]
    response = client.get("/persons/selected/", {"ids": ids, "action": "export", "back": "status=held"})
    assert response.status_code == 302
    assert response["Location"] == f"/exports/?persons={ids[0]}%2C{ids[1]}"
    # Nothing ticked: back to the list as it was, saying so.
    nothing = client.get("/persons/selected/", {"action": "export", "back": "status=held"}, HTTP_ACCEPT_LANGUAGE="en")
    assert nothing["Location"] == "/persons/?status=held&unticked=1"
    page = client.get(nothing["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="error" role="alert">Tick at least one person first.</p>' in page
    assert 'href="?status=held&amp;sort=name"' in page  # not carried on to the page's links


def test_select_all_on_the_page_ticks_every_row(users, crowd):
    client = login(users["registrar"])
    html = client.get("/persons/", {"status": "held", "select": "page"}).content.decode()
    assert len(re.findall(r'name="ids" value="\d+" id="pick-\d+" checked>', html)) == html.count('name="ids"') == 6
    assert 'value="export"' in html and 'value="round"' in html
    icrc = login(users["icrc"]).get("/persons/").content.decode()
    assert 'value="export"' in icrc and 'value="round"' not in icrc  # the delegate exports, prepares no lists


def test_ticked_persons_go_to_the_choice_of_an_exchange_round(users, crowd):
    ids = [crowd["kazakh"].pk, crowd["uzbek"].pk, crowd["yerlan"].pk]
    response = login(users["analyst"]).get("/persons/selected/", {"ids": ids, "action": "round"})
    assert response.status_code == 302
    assert response["Location"] == "/exchanges/entries/?persons=" + "%2C".join(map(str, ids))
    # A liaison officer prepares no exchange lists: no button, and the action is refused.
    liaison = login(users["liaison_kz"])
    assert 'value="round"' not in liaison.get("/persons/").content.decode()
    assert liaison.get("/persons/selected/", {"ids": [crowd["kazakh"].pk], "action": "round"}).status_code == 403


def test_the_sorted_and_searched_list_runs_a_bounded_number_of_queries(users, crowd):
    client = login(users["liaison_kz"])
    urls = ["/persons/?sort=name", "/persons/?sort=-citizenship", "/persons/?sort=status&per_page=100",
            "/persons/?q=Ерлан+Тулегенов", "/persons/?q=Yerlan&sort=updated"]

    def count(url: str) -> int:
        # The search engine catches up with the writes (on PostgreSQL, inside the test's transaction, in two
        # steps) and the collation is looked up, once each, not per row.
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: count(url) for url in urls}
    for i in range(20):
        person(users["registrar"], f"Ерлан Тулегенов {i}", "KZ", "1990", "Тулегенов", "Ерлан", latin=f"Yerlan Tulegenov {i}")
    assert {url: count(url) for url in urls} == before
