"""The audit log an auditor can search (issue 23): by person (record number or name: his own record and every
row that belongs to him), actor, action and date range; paging keeps the search; objects named and linked;
changes readable; the filtered events as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import transaction
from django.test import Client

from polon.audit.log import record
from polon.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user, language="uk") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sequences(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td data-label="#">(\d+)</td>', html)]


@pytest.fixture
def history(registry, users):
    """The registry's persons, a spelling and an event added to the Kazakh, a spelling to the Uzbek."""
    from polon.registry.services import add_event
    from polon.registry.services.names import NameInput, add_name

    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    add_name(actor=users["registrar"], person_id=kazakh.pk, name=NameInput(text="Ermek Qatyrenov"))
    add_event(actor=users["registrar"], person_id=kazakh.pk, type="interned", date="2024-11-20",
              place="Demo camp 2")
    add_name(actor=users["admin"], person_id=uzbek.pk, name=NameInput(text="Alisher Tursunow"))
    return registry


def about(person) -> set[int]:
    """The sequences of the events about a person, his own record or a row of his."""
    from polon.registry.models import Citizenship, PersonName, StatusEvent

    rows = {("registry.person", person.pk)}
    for model in (PersonName, Citizenship, StatusEvent):
        rows |= {(model._meta.label_lower, pk) for pk in model.objects.filter(person=person).values_list("pk", flat=True)}
    return {e.sequence for e in AuditEvent.objects.all() if (e.object_type, int(e.object_id or 0)) in rows}


def test_search_by_record_number_finds_the_events_about_the_person_and_his_rows(history, users):
    kazakh = history["kazakh"]
    html = login(users["auditor"]).get("/audit/", {"person": str(kazakh.pk)}).content.decode()
    found = set(sequences(html))
    assert found == about(kazakh) and len(found) >= 4  # created, event captured, spelling, event interned
    assert f"Особа {kazakh.pk}: Ермек Болатович Катыренов" in html
    assert "registry.person:" not in html
    assert "Алишер" not in html
    assert f'href="/persons/{kazakh.pk}/"' not in html  # an auditor may not open the person's page


def test_objects_link_to_their_pages_for_those_who_may_open_them(history, users):
    kazakh = history["kazakh"]
    html = login(users["admin"]).get("/audit/", {"person": f"№{kazakh.pk}"}).content.decode()
    assert f'<a href="/persons/{kazakh.pk}/">Особа {kazakh.pk}: Ермек Болатович Катыренов</a>' in html
    assert "подія статусу #" in html  # the row within the person: an event of his timeline


@pytest.mark.parametrize("role, typed", [("auditor", "Катыренов"), ("admin", "Ermek Katyrenow")])
def test_search_by_name(history, users, role, typed):
    html = login(users[role]).get("/audit/", {"person": typed}).content.decode()
    assert set(sequences(html)) == about(history["kazakh"])


def test_a_name_of_several_persons_asks_which(history, users):
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput

    other = create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Ермек Катыренов")])
    html = login(users["auditor"]).get("/audit/", {"person": "Катыренов"}).content.decode()
    assert "Кого з них" in html or "which one" in html.lower()
    assert f"person={other.pk}" in html and f"person={history['kazakh'].pk}" in html


def test_nobody_of_that_name_says_so(history, users):
    response = login(users["auditor"]).get("/audit/", {"person": "Жасур Вигаданов"})
    assert response.status_code == 200 and "нікого не знайдено" in response.content.decode()


def test_search_by_actor_action_and_dates(history, users):
    client = login(users["auditor"])
    html = client.get("/audit/", {"actor": "admin"}).content.decode()
    assert set(sequences(html)) == set(AuditEvent.objects.filter(actor="admin").values_list("sequence", flat=True))
    html = client.get("/audit/", {"action": "name.add"}).content.decode()
    assert len(sequences(html)) == 2 and "Додано написання" in html
    assert '<option value="person.create">Особу записано</option>' in html  # the catalogue, in Ukrainian
    today = AuditEvent.objects.latest("sequence").at.date().isoformat()
    assert len(sequences(client.get("/audit/", {"since": today, "until": today}).content.decode())) == \
        AuditEvent.objects.count()
    assert sequences(client.get("/audit/", {"until": "2020-01-01"}).content.decode()) == []
    assert sequences(client.get("/audit/", {"since": "2999-01-01"}).content.decode()) == []
    bad = client.get("/audit/", {"since": "2025-02-01", "until": "2025-01-01"})
    assert bad.status_code == 200 and "раніше за його початок" in bad.content.decode()


def test_paging_keeps_the_search(users):
    with transaction.atomic():
        for i in range(230):
            record(actor=users["admin"] if i % 2 else users["registrar"], action="job.download",
                   object_type="demo", object_id=str(i), changes={"i": i})
    client = login(users["auditor"])
    url, seen = "/audit/?actor=admin&action=job.download", []
    while url:
        html = client.get(url).content.decode()
        seen += sequences(html)
        older = re.search(r'<a href="(\?[^"]*before=\d+[^"]*)"', html)
        url = "/audit/" + older.group(1).replace("&amp;", "&") if older else None
        if url:
            assert "actor=admin" in url and "action=job.download" in url
    assert seen == sorted(AuditEvent.objects.filter(actor="admin").values_list("sequence", flat=True), reverse=True)
    assert len(seen) == 115


def test_a_change_is_readable_and_wrapped(history, users):
    from polon.registry.models import Person
    from polon.registry.services import update_person

    uzbek = Person.objects.get(pk=history["uzbek"].pk)
    update_person(actor=users["registrar"], person_id=uzbek.pk, expected_version=uzbek.version,
                  changes={"rank": "Сержант"})
    html = login(users["auditor"]).get("/audit/", {"action": "person.update"}).content.decode()
    assert re.search(r'<dt>rank</dt><dd><ins title="Після">Сержант</ins></dd>', html), html
    assert "<dt>category</dt>" not in html.split('audit-fields">', 1)[1].split("</dl>", 1)[0]  # unchanged
    pretty = re.search(r'<pre class="audit-json">(.*?)</pre>', html, re.S).group(1)
    assert "\n  " in pretty  # indented, one key a line
    from django.contrib.staticfiles import finders

    css = open(finders.find("polon/polon.css"), encoding="utf-8").read()
    assert re.search(r"pre\.audit-json \{[^}]*white-space:pre-wrap; overflow-wrap:anywhere", css)


def test_csv_of_the_filtered_events(history, users):
    response = login(users["auditor"]).get("/audit/", {"person": str(history["kazakh"].pk), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {int(r["sequence"]) for r in rows} == about(history["kazakh"])
    assert all(r["object"].startswith(f"Особа {history['kazakh'].pk}: Ермек") for r in rows)
    assert {r["action_label"] for r in rows} >= {"Особу записано", "Додано написання"}


def test_every_audit_action_has_a_label_in_both_languages():
    from django.utils import translation

    from polon.audit.actions import Action
    from polon.audit.labels import ACTION_LABELS

    assert set(Action) <= set(ACTION_LABELS), set(Action) - set(ACTION_LABELS)
    with translation.override("en"):
        english = {a: str(ACTION_LABELS[a]) for a in Action}
    with translation.override("uk"):
        untranslated = [a for a in Action if str(ACTION_LABELS[a]) == english[a]]
    assert not untranslated
