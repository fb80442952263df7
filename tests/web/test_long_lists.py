"""Long lists a page at a time: the audit log by sequence number, a country's citizens in the dossier."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client

from polon.audit.log import record
from polon.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sequences(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td data-label="#">(\d+)</td>', html)]


def link(html: str, key: str) -> str | None:
    """The page link carrying ?before= (older) or ?after= (newer)."""
    found = re.search(r'<a href="(\?[^"]*\b' + key + r'=\d+[^"]*)"', html)
    return "/audit/" + found.group(1).replace("&amp;", "&") if found else None


def test_audit_log_walks_every_event_once_both_ways(users):
    with transaction.atomic():
        for i in range(230):
            record(actor=users["admin"], action="job.download" if i % 2 else "job.rerun", object_type="demo",
                   object_id=str(i), changes={"i": i})
    total = AuditEvent.objects.count()
    client = login(users["auditor"])
    assert str(total) in client.get("/audit/").content.decode()  # the count, from the chain's head
    seen, pages = [], []
    url = "/audit/"
    while url:
        html = client.get(url).content.decode()
        pages.append(sequences(html))
        seen += pages[-1]
        url = link(html, "before")
    assert seen == sorted(AuditEvent.objects.values_list("sequence", flat=True), reverse=True)
    assert [len(p) for p in pages] == [100, 100, total - 200]
    # Back up from the last page, newer and newer.
    back = []
    url = link(html, "after")
    while url:
        html = client.get(url).content.decode()
        back.append(sequences(html))
        url = link(html, "after")
    assert back == pages[-2::-1]


def test_audit_log_filters_and_bad_keys(users):
    with transaction.atomic():
        for i in range(120):
            record(actor=users["admin"], action="job.download" if i % 3 else "job.rerun", object_type="demo",
                   object_id=str(i), changes={})
    client = login(users["auditor"])
    html = client.get("/audit/?action=job.rerun").content.decode()
    third = set(AuditEvent.objects.filter(action="job.rerun").values_list("sequence", flat=True))
    assert set(sequences(html)) == third and link(html, "before") is None
    html = client.get("/audit/?actor=admin&action=job.download").content.decode()
    assert len(sequences(html)) == 80
    for bad in ("?before=x", "?after=1e9", "?before=-5", "?after="):
        assert client.get("/audit/" + bad).status_code == 200, bad


def test_dossier_lists_citizens_a_page_at_a_time(registry, users):
    from polon.exports.dossier import dossier
    from polon.registry.choices import Status
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    for i in range(60):
        create_person(actor=users["registrar"], category="missing", names=[NameInput(text=f"Ерлан Вигаданий {i}")],
                      citizenships=[CitizenshipInput(country="KZ")])
    liaison = users["liaison_kz"]
    first, second = dossier(liaison, "KZ", page=1), dossier(liaison, "KZ", page="2")
    assert first.total == second.total == 62 and len(first.persons) == 50 and len(second.persons) == 12
    assert {str(label): n for label, n in first.by_status} == {str(Status.HELD.label): 2,
                                                               str(Status.NOT_RECORDED.label): 60}
    assert {p.pk for p in first.persons}.isdisjoint(p.pk for p in second.persons)
    assert len(dossier(liaison, "KZ").persons) == 62  # exports get every citizen
    client = login(liaison)
    html = client.get("/countries/KZ/?page=2").content.decode()
    assert "Ерлан Вигаданий 59" in html and "?page=1" in html
    assert client.get("/countries/KZ/?page=999").status_code == 200
    assert client.get("/countries/KZ/?page=x").status_code == 200
    api = client.get("/api/countries/KZ", {"page": 2, "per_page": 25}).json()  # the API pages too
    assert (api["total"], api["page"], api["pages"], len(api["persons"])) == (62, 2, 3, 25)
    assert client.get("/api/countries/KZ", {"per_page": 5000}).status_code == 400
