"""The dashboard (issue 23): each chart titled once, the y axis clear of the columns, every month of the range
shown (zero included), prisoners of war we hold apart from our own nationals the adversary holds, in the
user's language, with a table of the same numbers."""

from __future__ import annotations

import re

import pytest

from polon.exchanges.models import EntryStatus, ExchangeRound, RoundEntry, Side
from polon.exports.charts import column_chart
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchanged(registry, users):
    """Round 1 (January 2025) hands over the Kazakh and brings back one of ours; round 2 (April 2025) hands
    over the Uzbek; nothing in February and March."""
    own = create_person(actor=users["registrar"], category="own_held", names=[
        NameInput(text="Тимур Алиев"), NameInput(text="Timur Aliev")],
        citizenships=[CitizenshipInput(country="UA", provenance="document")])
    add_event(actor=users["registrar"], person_id=own.pk, type="captured", date="2024-10-01")
    first = ExchangeRound.objects.create(number=1, executed_on="2025-01-15", status="executed")
    second = ExchangeRound.objects.create(number=2, executed_on="2025-04-10", status="executed")
    for r, side, person in ((first, Side.HAND_OVER, registry["kazakh"]), (first, Side.RECEIVE, own),
                            (second, Side.HAND_OVER, registry["uzbek"])):
        RoundEntry.objects.create(round=r, side=side, person=person, status=EntryStatus.EXCHANGED)
    return own


def test_every_month_and_both_directions_apart(client, users, exchanged):
    client.login(username="analyst", password=PASSWORD)
    data = client.get("/api/dashboard").json()
    assert data["handed_over"] == [["2025-01", 1], ["2025-02", 0], ["2025-03", 0], ["2025-04", 1]]
    assert data["received"] == [["2025-01", 1], ["2025-02", 0], ["2025-03", 0], ["2025-04", 0]]
    assert data["exchanges"] == [["2025-01", 2], ["2025-02", 0], ["2025-03", 0], ["2025-04", 1]]
    assert sum(n for _s, n in data["held_by_status"]) == 3  # the three prisoners of war, not ours
    assert sum(n for _s, n in data["own_by_status"]) == 1


def test_the_page_titles_each_chart_once_in_ukrainian_with_a_table(client, users, exchanged):
    client.login(username="analyst", password=PASSWORD)
    page = client.get("/dashboard/").content.decode()
    titles = ("Військовополонені, яких утримуємо ми, за статусом",
              "Наші громадяни, яких утримує супротивник, за статусом",
              "Військовополонені, передані нами, за місяцями", "Наші громадяни, повернуті нам, за місяцями")
    for title in titles:
        assert page.count(f"<figcaption>{title}</figcaption>") == 1, title
        assert f'font-weight="bold">{title}' not in page  # not drawn a second time inside the chart
        assert re.search(rf'<title id="chart-\d+-title">{title}</title>', page), title
    assert page.count("<desc id=") == 6 and page.count("<details>") == 6
    assert "Особи" in page and "Місяць" in page  # the axis and table headers, translated
    assert "<th scope=\"row\">2025-02</th><td>0</td>" in page
    assert "Persons by status" not in page and "per month" not in page


def test_the_y_axis_sits_left_of_the_columns():
    svg = str(column_chart([("2025-01", 1234), ("2025-02", 0), ("2025-03", 17)], title="t", y_label="Persons",
                           show_title=False))
    first_column = min(float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg))
    axis = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    ticks = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="11" text-anchor="end">', svg)]
    assert ticks and all(x < axis for x in ticks) and axis < first_column
    # The widest tick label ("1234", about 7 px a digit, anchored at its end) fits in the margin with the title.
    assert min(ticks) - 4 * 7 > 18
    assert 'transform="rotate(-90' in svg


def test_states_by_name_linking_their_dossiers_and_ages_in_ukrainian(client, users, exchanged):
    client.login(username="liaison_kz", password=PASSWORD)
    page = client.get("/dashboard/").content.decode()
    assert '<a href="/countries/KZ/">Казахстан</a>' in page
    assert "Узбекистан" not in page and "/countries/UZ/" not in page  # her scope: Kazakh citizens only
    assert "≤ 7 днів" in page and "&gt; 1 року" in page and "days" not in page
