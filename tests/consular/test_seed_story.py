"""The seed's story built through the services: Kazakhstan's chargé d'affaires and consul meet the
Coordination Headquarters in Kyiv (source: a Telegram post), two Kazakh citizens are released in an exchange,
a Kyrgyz was released earlier, and whether the Kazakhs face prosecution at home stays an open question.
Every name here is invented; the diplomats are recorded by their function only."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from polon.consular import services as consular
from polon.core.errors import PermissionDenied
from polon.exchanges import services as exchanges
from polon.exports.dossier import dossier
from polon.registry import selectors
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.sources.models import Source

pytestmark = pytest.mark.django_db


def captive(actor, name: str, latin: str, country: str, number: str):
    person = create_person(actor=actor, category="pow", power_depended="RU", army="RU-demo", service_number=number,
                           names=[NameInput(text=name), NameInput(text=latin)],
                           citizenships=[CitizenshipInput(country=country, provenance="document")],
                           notes="FICTIONAL test record")
    add_event(actor=actor, person_id=person.pk, type="captured", date="2024-10-05", place="Demo sector 7")
    return person


def test_the_seed_story(users):
    registrar, liaison = users["registrar"], users["liaison_kz"]
    with transaction.atomic():
        post = Source.objects.create(kind="telegram_message", url="https://t.me/fictional_channel/101",
                                     published="2025-04-21", title="Photo: Kazakh diplomats at the Headquarters",
                                     language="uk", created_by=registrar)
        column = Source.objects.create(kind="news_article", published="2025-04-22", language="de",
                                       title="Ukraine tauscht Kasachen aus (fictional copy)", created_by=registrar)
    kz1 = captive(registrar, "Данияр Вымышленов", "Daniyar Vymyshlenov", "KZ", "T-KZ-1")
    kz2 = captive(registrar, "Асхат Придуманов", "Askhat Pridumanov", "KZ", "T-KZ-2")
    kg = captive(registrar, "Бакыт Условный уулу", "Bakyt Uslovnyy uulu", "KG", "T-KG-1")

    earlier = exchanges.create_round(actor=registrar, number=11, title="Earlier exchange", agreed_on="2025-02")
    exchanges.add_entry(actor=registrar, round_id=earlier.pk, side="hand_over", person_id=kg.pk, status="agreed",
                        consent="consents")
    exchanges.execute_round(actor=registrar, round_id=earlier.pk, date="2025-02-14")

    spring = exchanges.create_round(actor=registrar, number=12, title="Spring exchange", mediator="AE",
                                    formula="n_for_n", formula_n=2, source_ids=[column.pk])
    for person in (kz1, kz2):
        exchanges.add_entry(actor=registrar, round_id=spring.pk, side="hand_over", person_id=person.pk,
                            status="agreed", consent="consents")
    exchanges.execute_round(actor=registrar, round_id=spring.pk, date="2025-04-19")

    # Citing sources is for the roles that may read them (sources.read): the registrar records the contact.
    with pytest.raises(PermissionDenied):
        consular.create_contact(actor=liaison, country="KZ", place="Kyiv", source_ids=[post.pk])
    contact = consular.create_contact(
        actor=registrar, country="KZ", date="2025-04-21", place="Kyiv", kind="meeting",
        our_side="Coordination Headquarters for the Treatment of Prisoners of War",
        participants=[consular.ParticipantInput(side="theirs", role="chargé d'affaires of Kazakhstan in Ukraine"),
                      consular.ParticipantInput(side="theirs", role="consul of Kazakhstan"),
                      consular.ParticipantInput(side="ours", role="representatives",
                                                organisation="Coordination Headquarters")],
        topics=["Kazakh citizens held as prisoners of war", "the recent exchange"],
        commitments=["will follow the investigations and inform its citizens"],
        person_ids=[kz1.pk, kz2.pk], source_ids=[post.pk])
    for person in (kz1, kz2):
        consular.record_proceeding(actor=registrar, person_id=person.pk, country="KZ", stage="unknown",
                                   article="170 or 172 (open question)", source_ids=[column.pk])

    for person in (kz1, kz2):
        timeline = selectors.timeline(person)
        assert timeline.status == "exchanged"
        assert [e.type for e in timeline.events] == ["captured", "exchanged"]
        assert list(timeline.events[-1].sources.all()) == [column]
    assert selectors.timeline(kg).events[-1].date == "2025-02-14"  # released before the Kazakhs

    kz = dossier(liaison, "KZ")
    assert {p.pk for p in kz.persons} == {kz1.pk, kz2.pk}
    assert [r.number for r in kz.rounds] == [12] and len(kz.rounds[0].released) == 2
    # The paged dossier (the page and the API) lists the released by record number and name.
    client = Client()
    client.force_login(liaison)
    released = client.get("/api/countries/KZ").json()["rounds"]
    assert [(r["number"], sorted(r["released"]), r["released_count"]) for r in released] == [
        (12, sorted([kz1.pk, kz2.pk]), 2)]
    page = client.get("/countries/KZ/").content.decode()
    assert str(kz1) in page and str(kz2) in page
    assert kz.contacts == [contact]
    theirs = [(p.role, p.name) for p in contact.participants.all() if p.side == "theirs"]
    assert ("chargé d'affaires of Kazakhstan in Ukraine", "") in theirs and ("consul of Kazakhstan", "") in theirs
    assert contact.commitments == ["will follow the investigations and inform its citizens"]
    assert list(contact.sources.all()) == [post] and post.kind == "telegram_message"
    assert {p.stage for p in kz.proceedings} == {"unknown"}
    assert [a["article"] for a in kz.legal_notes["articles"]] == ["170", "172"]
    assert "<svg" in kz.charts["status"]

    kg_dossier = dossier(users["analyst"], "KG")
    assert [r.number for r in kg_dossier.rounds] == [11]
    assert kg_dossier.rounds[0].executed_on < kz.rounds[0].executed_on
