"""Review outcomes that fit the people an article names: the registry person a mention is, a new captive
(never "Prisoner of war held by us" by default), an actor who is not a captive, a dismissal with its reason,
a group mention tied to registry persons, and the queue of sources with undecided items.

The seed article (a German commentary) names its author, Kazakhstan's chargé d'affaires and consul, a Kazakh
journalist and "Putin", and tells of two Kazakh citizens and a Kyrgyz released: the people are actors, the
released are captives already in the registry. Every registry person here is invented."""

from __future__ import annotations

import pytest

from polon.actors.models import Actor, ActorContact, ActorMention
from polon.audit.models import AuditEvent
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.registry.models import Person, PersonName, StatusEvent
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.review.selectors import review_page, suggest
from polon.review.services import accept_item, record_as_actor, reject_item
from polon.sources.models import Outcome, ReviewDecision, Source
from polon.sources.selectors import review_queue

pytestmark = pytest.mark.django_db

PEOPLE = {"person:Vitaly Portnikov", "person:Ermek Katyrenow", "person:Baurzhan Begalimow",
          "person:Lupan Achmedjar", "person:Putin"}


def captive(actor, name: str, latin: str, country: str, number: str) -> Person:
    person = create_person(actor=actor, category="pow", power_depended="RU", army="RU-demo", service_number=number,
                           names=[NameInput(text=name), NameInput(text=latin)],
                           citizenships=[CitizenshipInput(country=country, provenance="document")])
    add_event(actor=actor, person_id=person.pk, type="captured", date="2024-10-05", place="Demo sector 7")
    return person


@pytest.fixture
def held(users):
    """Two Kazakh and one Kyrgyz prisoner held by us (invented)."""
    registrar = users["registrar"]
    return {"kz1": captive(registrar, "Данияр Вымышленов", "Daniyar Vymyshlenov", "KZ", "T-KZ-1"),
            "kz2": captive(registrar, "Асхат Придуманов", "Askhat Pridumanov", "KZ", "T-KZ-2"),
            "kg": captive(registrar, "Бакыт Условный уулу", "Bakyt Uslovnyy uulu", "KG", "T-KG-1")}


def event_key(user, source, kind: str) -> str:
    return next(v.key for v in review_page(user, source) if v.kind == "event" and v.data["type"] == kind)


# 1. Outcomes that fit the people ------------------------------------------------------------------------------


def test_the_people_of_the_seed_are_suggested_as_actors_never_as_captives(users, ingested_seed):
    views = {v.key: v for v in review_page(users["analyst"], ingested_seed) if v.kind == "person"}
    assert set(views) == PEOPLE
    kinds = {key: (v.suggestion.outcome, v.suggestion.actor_kind, v.suggestion.category) for key, v in views.items()}
    assert kinds == {
        "person:Vitaly Portnikov": (Outcome.ACTOR, "author", ""),
        "person:Ermek Katyrenow": (Outcome.ACTOR, "diplomat", ""),
        "person:Baurzhan Begalimow": (Outcome.ACTOR, "consul", ""),
        "person:Lupan Achmedjar": (Outcome.ACTOR, "journalist", ""),
        "person:Putin": (Outcome.ACTOR, "politician", ""),
    }
    assert views["person:Putin"].suggestion.actor_name == "Vladimir Putin"
    katyrenow = views["person:Ermek Katyrenow"].suggestion
    assert (katyrenow.country, katyrenow.organisation) == ("KZ", "Embassy of Kazakhstan in Ukraine")


def test_only_what_the_source_says_of_captivity_suggests_a_captive_and_its_category():
    soldier = suggest({"name": "Шерзод Ойдинов", "roles": ["soldier"], "countries": ["UZ"], "statuses": []})
    assert (soldier.outcome, soldier.category) == (Outcome.NEW_CAPTIVE, "pow")
    ours = suggest({"name": "Тарас Вигаданий", "roles": [], "countries": ["UA"], "statuses": ["captured"]})
    assert (ours.outcome, ours.category) == (Outcome.NEW_CAPTIVE, "own_held")
    unknown = suggest({"name": "Фаррух Носиров", "roles": [], "countries": ["TJ"], "statuses": []})
    assert (unknown.outcome, unknown.category) == ("", "")


def test_the_new_captive_category_has_no_blind_default(users, registry, ingested_seed, client):
    client.force_login(users["registrar"])
    page = client.get(f"/sources/{ingested_seed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = page.index('id="item-p4"')  # Putin
    putin = page[start:page.index("</article>", start)]
    assert '<select name="category" required><option value="" selected>' in putin
    assert 'value="pow" selected' not in page


def test_recording_an_actor_writes_no_captive(users, ingested_seed):
    decision = record_as_actor(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                               kind="diplomat")
    actor = Actor.objects.get(pk=decision.created["actor"])
    assert (actor.name, actor.kind, actor.country, actor.organisation, actor.position) == (
        "Ermek Katyrenow", "diplomat", "KZ", "Embassy of Kazakhstan in Ukraine", "chargé d'affaires")
    assert [(n.text, n.language, n.source_id) for n in actor.names.all()] == [("Ermek Katyrenow", "de",
                                                                               ingested_seed.pk)]
    assert [(m.source_id, m.role) for m in actor.mentions.all()] == [(ingested_seed.pk, "chargé d'affaires")]
    assert (decision.decision, decision.outcome) == ("accepted", Outcome.ACTOR)
    assert Person.objects.count() == 0 and PersonName.objects.count() == 0
    assert AuditEvent.objects.filter(action="actor.create", object_id=str(actor.pk)).exists()
    assert AuditEvent.objects.filter(action="source.review.accept", object_id=str(decision.pk)).exists()
    with pytest.raises(ValidationFailed, match="already accepted"):
        record_as_actor(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                        kind="diplomat")


def test_an_actor_named_again_is_the_same_actor_with_one_spelling(users, ingested_seed, tmp_path):
    from polon.sources.services import ingest_file

    known = record_as_actor(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Baurzhan Begalimow",
                            kind="consul").created["actor"]
    path = tmp_path / "second.txt"
    path.write_text("Der Konsul Baurzhan Begalimow traf sich in Kyiv mit Vertretern des Koordinierungsstabs.\n",
                    encoding="utf-8")
    (second,) = ingest_file(actor=users["registrar"], path=path)
    (view,) = [v for v in review_page(users["analyst"], second) if v.key == "person:Baurzhan Begalimow"]
    assert [a.pk for a in view.actors] == [known]
    record_as_actor(actor=users["analyst"], source_id=second.pk, item=view.key, actor_id=known)
    actor = Actor.objects.get(pk=known)
    assert Actor.objects.count() == 1 and actor.names.count() == 1
    assert sorted(actor.mentions.values_list("source_id", flat=True)) == sorted([ingested_seed.pk, second.pk])


def test_dismissal_names_its_reason(users, ingested_seed):
    decision = reject_item(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Putin",
                           reason="not_captive", note="head of a state, named in passing")
    assert (decision.decision, decision.outcome) == ("rejected", Outcome.NOT_CAPTIVE)
    with pytest.raises(ValidationFailed):
        reject_item(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Vitaly Portnikov",
                    reason="forget it")
    assert ReviewDecision.objects.count() == 1 and Person.objects.count() == 0
    # Deciding it again is refused, naming the first decision by its label in the reader's language.
    from django.utils import translation

    with translation.override("uk"), pytest.raises(ValidationFailed) as refused:
        reject_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Putin", reason="not_captive")
    message = str(refused.value.errors["item"][0])
    assert "уже ухвалено рішення «відхилено»" in message and "rejected" not in message


# 2. Actors linked to the consular contacts recorded from the same source ---------------------------------------


@pytest.mark.parametrize("actors_first", [True, False])
def test_the_diplomats_are_linked_to_the_consular_contact(users, ingested_seed, actors_first):
    meeting = event_key(users["registrar"], ingested_seed, "consular_meeting")

    def actors():
        return [record_as_actor(actor=users["analyst"], source_id=ingested_seed.pk, item=item, kind=kind)
                .created["actor"] for item, kind in (("person:Ermek Katyrenow", "diplomat"),
                                                     ("person:Baurzhan Begalimow", "consul"))]

    ids = actors() if actors_first else []
    contact = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=meeting).created["contact"]
    ids = ids or actors()
    links = ActorContact.objects.filter(contact_id=contact).select_related("participant")
    assert sorted((link.actor_id, link.participant.name) for link in links) == sorted(
        zip(ids, ["Ermek Katyrenow", "Baurzhan Begalimow"], strict=True))
    client_links = {a.pk for a in Actor.objects.filter(contact_links__contact_id=contact)}
    assert client_links == set(ids)
    # The contact's page names them, each linking to the actor's page.
    page = client_for(users["registrar"]).get(f"/consular/contacts/{contact}/").content.decode()
    assert all(f'href="/actors/{actor_id}/"' in page for actor_id in ids)


# 3. The review queue ------------------------------------------------------------------------------------------


def test_the_queue_counts_undecided_items_and_puts_them_first(users, ingested_seed, tmp_path, client):
    from polon.sources.services import ingest_file

    assert Source.objects.get(pk=ingested_seed.pk).undecided == 9  # five people, four events
    path = tmp_path / "quiet.txt"
    path.write_text("Heute wurde nichts berichtet.\n", encoding="utf-8")
    (quiet,) = ingest_file(actor=users["registrar"], path=path)
    assert quiet.undecided == 0
    assert [s.pk for s in review_queue(users["analyst"])] == [ingested_seed.pk, quiet.pk]
    reject_item(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Putin", reason="not_captive")
    assert Source.objects.get(pk=ingested_seed.pk).undecided == 8
    assert [s.pk for s in review_queue(users["analyst"], state="undecided")] == [ingested_seed.pk]
    assert [s.pk for s in review_queue(users["analyst"], state="reviewed")] == [quiet.pk]
    client.force_login(users["analyst"])
    page = client.get("/sources/?state=undecided", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>8</strong>" in page and "quiet.txt" not in page
    assert "1 source has items waiting for a decision." in page


# 4. Group mentions tied to registry persons -------------------------------------------------------------------


def test_two_kazakh_citizens_are_tied_to_registry_persons_and_released(users, held, ingested_seed, client):
    exchange = event_key(users["registrar"], ingested_seed, "prisoner_exchange")
    (view,) = [v for v in review_page(users["registrar"], ingested_seed) if v.key == exchange]
    assert view.group
    client.force_login(users["registrar"])
    response = client.post(f"/sources/{ingested_seed.pk}/decide/", {
        "item": exchange, "action": "tie", "persons": "Данияр Вымышленов\nAskhat Pridumanov",
        "record_events": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = ReviewDecision.objects.get(item=exchange)
    assert decision.outcome == Outcome.GROUP and decision.created["persons"] == sorted([held["kz1"].pk,
                                                                                        held["kz2"].pk])
    for person in (held["kz1"], held["kz2"]):
        event = StatusEvent.objects.filter(person=person).order_by("-id").first()
        assert (event.type, event.date) == ("exchanged", "2025-04")
        assert list(event.sources.all()) == [ingested_seed]
        assert Person.objects.get(pk=person.pk).status == "exchanged"


def test_an_analyst_ties_a_group_mention_without_writing_the_registry(users, held, ingested_seed):
    release = event_key(users["analyst"], ingested_seed, "release")
    with pytest.raises(PermissionDenied):
        accept_item(actor=users["analyst"], source_id=ingested_seed.pk, item=release, person_ids=[held["kg"].pk])
    decision = accept_item(actor=users["analyst"], source_id=ingested_seed.pk, item=release,
                           person_ids=[held["kg"].pk], record_events=False)
    assert decision.created == {"persons": [held["kg"].pk], "linked_only": True}
    assert Person.objects.get(pk=held["kg"].pk).status == "held"


# 5. Linking a mention adds no identical spelling twice --------------------------------------------------------


def test_linking_a_mention_adds_no_identical_spelling_with_another_language_code(users, ingested_seed):
    # The demo's Latin spellings carry the scheme named after a language ("german", "english"); the German
    # article's mention carries the language code "de": the same spelling, written for the same readers.
    person = create_person(actor=users["registrar"], category="civilian", names=[
        NameInput(text="Ермек Катыренов"), NameInput(text="Ermek Katyrenow", scheme="german"),
        NameInput(text="Lupan Achmedjar", language="German")])
    before = PersonName.objects.count()
    decision = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                           person_id=person.pk)
    assert PersonName.objects.count() == before
    assert decision.created == {"person": person.pk, "name": person.names.get(text="Ermek Katyrenow").pk,
                                "existing_name": True}
    # "German" is stored as "de": the German article's spelling is the same one.
    assert person.names.get(text="Lupan Achmedjar").language == "de"
    accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Lupan Achmedjar",
                person_id=person.pk)
    assert person.names.filter(text="Lupan Achmedjar").count() == 1


def test_english_and_en_are_one_language():
    from polon.core.languages import normalise_language, same_language
    from polon.registry.services.names import clean_name

    assert {normalise_language(v) for v in ("en", "EN", "en-GB", "eng", "English", "english")} == {"en"}
    assert {normalise_language(v) for v in ("kk", "kaz", "kk-Cyrl", "Kazakh")} == {"kk"}
    assert same_language("", "english", "en", "") and same_language("de", "", "", "german")
    assert not same_language("kk", "", "uz", "")
    assert same_language("", "icao_9303", "", "english")  # a standard scheme says nothing of the language
    assert clean_name(NameInput(text="Jerlan Tulegenow", language="English")).language == "en"


def test_a_new_spelling_is_still_added_with_its_source(users, ingested_seed):
    person = create_person(actor=users["registrar"], category="civilian", names=[NameInput(text="Ермек Катыренов")])
    accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                person_id=person.pk)
    assert [(n.text, n.language, n.source_id) for n in person.names.filter(text="Ermek Katyrenow")] == [
        ("Ermek Katyrenow", "de", ingested_seed.pk)]


# 6. Each role sees the buttons that work for it ---------------------------------------------------------------


def test_the_analyst_sees_only_what_she_may_do_and_it_works(users, registry, ingested_seed, client):
    client.force_login(users["analyst"])
    page = client.get(f"/sources/{ingested_seed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This is him/her" not in page and "Record as a new captive" not in page
    assert "Record as a new actor" in page and "Dismiss" in page and "Tie to these persons" in page
    response = client.post(f"/sources/{ingested_seed.pk}/decide/", {
        "item": "person:Lupan Achmedjar", "action": "actor", "name": "Lupan Achmedjar", "kind": "journalist",
        "country": "KZ", "organisation": "", "position": "journalist"},
        HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    fragment = response.content.decode()
    assert response.status_code == 200 and "review-accepted" in fragment and 'class="error"' not in fragment
    assert Actor.objects.get().kind == "journalist"
    registrar = client_for(users["registrar"])
    page = registrar.get(f"/sources/{ingested_seed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This is him/her" in page and "Record as a new captive" in page


def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


# 7. The seed article, reviewed end to end ---------------------------------------------------------------------


def test_the_seed_article_reviewed_end_to_end(users, held, ingested_seed, client):
    registrar, analyst = users["registrar"], users["analyst"]
    source = ingested_seed.pk
    # The people: actors (the analyst's work), Putin not a captive.
    suggested = {v.key: v.suggestion for v in review_page(analyst, ingested_seed) if v.kind == "person"}
    for key in PEOPLE - {"person:Putin"}:
        s = suggested[key]
        record_as_actor(actor=analyst, source_id=source, item=key, kind=s.actor_kind, name=s.actor_name)
    reject_item(actor=analyst, source_id=source, item="person:Putin", reason="not_captive")
    # The events: the consular meeting, the exchange of two Kazakhs, the release of a Kyrgyz (registrar's work).
    contact = accept_item(actor=registrar, source_id=source,
                          item=event_key(registrar, ingested_seed, "consular_meeting")).created["contact"]
    accept_item(actor=registrar, source_id=source, item=event_key(registrar, ingested_seed, "prisoner_exchange"),
                person_ids=[held["kz1"].pk, held["kz2"].pk])
    accept_item(actor=registrar, source_id=source, item=event_key(registrar, ingested_seed, "release"),
                person_ids=[held["kg"].pk], date="2025-02")
    accept_item(actor=analyst, source_id=source,
                item=event_key(analyst, ingested_seed, "detention_of_journalist"))

    assert Source.objects.get(pk=source).undecided == 0
    assert Person.objects.count() == 3  # no one from the article entered the registry of captives
    assert {p.pk: p.status for p in Person.objects.all()} == {
        held["kz1"].pk: "exchanged", held["kz2"].pk: "exchanged", held["kg"].pk: "released"}
    actors = {a.name: (a.kind, a.country) for a in Actor.objects.all()}
    assert actors == {"Vitaly Portnikov": ("author", ""), "Ermek Katyrenow": ("diplomat", "KZ"),
                      "Baurzhan Begalimow": ("consul", "KZ"), "Lupan Achmedjar": ("journalist", "KZ")}
    assert set(ActorMention.objects.values_list("source_id", flat=True)) == {source}
    diplomats = set(Actor.objects.filter(contact_links__contact_id=contact).values_list("name", flat=True))
    assert diplomats == {"Ermek Katyrenow", "Baurzhan Begalimow"}
    outcomes = dict(ReviewDecision.objects.values_list("item", "outcome"))
    assert outcomes["person:Putin"] == Outcome.NOT_CAPTIVE
    assert sorted(o for k, o in outcomes.items() if k.startswith("event:")) == sorted(
        [Outcome.EVENT, Outcome.GROUP, Outcome.GROUP, Outcome.EVENT])
    # The reviewed page links each outcome to what it wrote; the liaison for Kazakhstan finds its diplomats.
    client.force_login(registrar)
    page = client.get(f"/sources/{source}/").content.decode()
    for actor in Actor.objects.all():
        assert f"/actors/{actor.pk}/" in page
    assert f"/consular/contacts/{contact}/" in page and f"/persons/{held['kg'].pk}/" in page
    client.force_login(users["liaison_kz"])
    listed = client.get("/actors/?kind=consul").content.decode()
    assert "Baurzhan Begalimow" in listed and "Ermek Katyrenow" not in listed
    assert "Vitaly Portnikov" not in client.get("/actors/").content.decode()  # no state: not hers


def test_a_mention_is_linked_to_a_person_the_proposals_did_not_name(users, held, ingested_seed, client):
    client.force_login(users["registrar"])
    response = client.post(f"/sources/{ingested_seed.pk}/decide/", {
        "item": "person:Lupan Achmedjar", "action": "link", "person": str(held["kg"].pk)},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    decision = ReviewDecision.objects.get(item="person:Lupan Achmedjar")
    assert (decision.outcome, decision.created["person"]) == (Outcome.SAME_PERSON, held["kg"].pk)
    refused = client.post(f"/sources/{ingested_seed.pk}/decide/", {
        "item": "person:Putin", "action": "link", "person": "Нікого Такого"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "Нікого Такого" in refused.content.decode()


def test_the_api_offers_the_suggestions_the_queue_and_the_actor_outcome(users, ingested_seed, client):
    client.force_login(users["analyst"])
    items = {i["item"]: i for i in client.get(f"/api/sources/{ingested_seed.pk}/review?pending=true").json()}
    assert items["person:Baurzhan Begalimow"]["suggestion"]["actor_kind"] == "consul"
    assert [i["group"] for k, i in items.items() if "prisoner_exchange" in k] == [True]
    assert client.get("/api/review-queue").json() == [{"id": ingested_seed.pk, "title": "Ukraine tauscht Kasachen aus",
                                                       "kind": "news_article", "published": ingested_seed.published,
                                                       "undecided": 9}]
    answer = client.post(f"/api/sources/{ingested_seed.pk}/review/actor",
                         {"item": "person:Baurzhan Begalimow", "kind": "consul"}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["outcome"] == "actor"
    actor = client.get(f"/api/actors/{answer.json()['created']['actor']}").json()
    assert (actor["kind"], actor["country"], actor["sources"][0]["source"]) == ("consul", "KZ", ingested_seed.pk)
    refused = client.post(f"/api/sources/{ingested_seed.pk}/review/reject",
                          {"item": "person:Putin", "reason": "maybe"}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
