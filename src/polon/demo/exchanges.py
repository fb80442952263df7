"""Fictional demo exchanges, consular contacts, transmissions and enquiries on top of the demo persons.

The seed's story is played out on invented people: Kazakhstan's chargé d'affaires and consul (recorded by
function only) meet the Coordination Headquarters in Kyiv, two Kazakh citizens are released in an exchange,
a Kyrgyz one earlier, and whether the Kazakhs are prosecuted at home is an open question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from polon.consular import services as consular
from polon.enquiries import services as enquiries
from polon.enquiries.selectors import draft_reply
from polon.exchanges import services as exchanges
from polon.exchanges.reconcile import judge_row, reconcile_list
from polon.registry.choices import Category, Status
from polon.registry.models import Person, StatusEvent
from polon.sources.models import Source

# (number, title, agreed, executed or "", mediator, planned status, hand over, receive)
ROUNDS = (
    (1, "Winter exchange", "2025-01-03", "2025-01-08", "AE", "executed", 14, 14),
    (2, "Kyrgyz national among the released", "2025-02-10", "2025-02-14", "AE", "executed", 10, 10),
    (3, "Seriously wounded, all for all", "2025-03-20", "2025-03-27", "TR", "executed", 6, 6),
    (4, "Spring exchange (two Kazakh citizens)", "2025-04-15", "2025-04-19", "AE", "executed", 16, 16),
    (5, "May exchange", "2025-05-20", "2025-05-24", "AE", "executed", 12, 12),
    (6, "Summer exchange", "2025-07-01", "2025-07-04", "AE", "executed", 15, 15),
    (7, "Aged 18–25", "2025-08-18", "2025-08-23", "TR", "executed", 10, 10),
    (8, "Autumn exchange", "2025-10-12", "2025-10-17", "AE", "partly", 12, 12),
    (9, "Winter exchange, agreed", "2026-09-30", "", "AE", "agreed", 8, 8),
    (10, "Under negotiation", "", "", "TR", "negotiating", 6, 6),
)
STORY_ROUND, KYRGYZ_ROUND = 4, 2


@dataclass
class ExchangeCounts:
    rounds: int = 0
    exchanged: int = 0
    contacts: int = 0
    transmissions: int = 0
    enquiries: int = 0


def _candidates(category_filter: dict, country: str | None = None) -> list[tuple[int, str]]:
    """(person, date of his last event) for persons in custody, oldest captivity first."""
    persons = Person.objects.filter(**category_filter, status__in=[Status.HELD, Status.HOSPITALISED])
    if country:
        persons = persons.filter(citizenships__country=country)
    last = dict(StatusEvent.objects.filter(person__in=persons.values("pk")).values("person_id")
                .annotate(last=Max("date")).values_list("person_id", "last"))
    return sorted(((pk, last.get(pk) or "") for pk in persons.values_list("pk", flat=True)), key=lambda x: x[0])


def load_exchanges_demo(*, actor, seed: int = 20250422) -> ExchangeCounts:
    rng = random.Random(seed)
    counts = ExchangeCounts()
    with transaction.atomic():
        telegram = Source.objects.create(
            kind="telegram_message", url="https://t.me/fictional_demo_channel/4021", published="2025-04-21",
            language="uk", title="Photo: Kazakh diplomats meet the Coordination Headquarters (fictional demo post)",
            notes="FICTIONAL DEMO SOURCE", created_by=actor)
        column = Source.objects.create(
            kind="news_article", published="2025-04-22", language="de", author="Demo columnist",
            title="Ukraine tauscht Kasachen aus (fictional demo copy)", notes="FICTIONAL DEMO SOURCE",
            created_by=actor)
        captives = _candidates({"category__in": [Category.POW, Category.CIVILIAN]})
        own = _candidates({"category": Category.OWN_HELD})
        kazakhs = {pk for pk, _ in _candidates({"category": Category.POW}, "KZ")}
        kyrgyz = {pk for pk, _ in _candidates({"category": Category.POW}, "KG")}
        used: set[int] = set()

        def pick(pool, n, before: str, prefer=(), prefer_n=0):
            chosen = [pk for pk, last in pool if pk in prefer and pk not in used and (not before or last < before)]
            chosen = chosen[:prefer_n]
            others = [pk for pk, last in pool if pk not in used and pk not in chosen and (not before or last < before)
                      and pk not in kazakhs and pk not in kyrgyz]
            rng.shuffle(others)
            chosen += others[: n - len(chosen)]
            used.update(chosen)
            return chosen

        rounds = {}
        for number, title, agreed, executed, mediator, planned, n_out, n_in in ROUNDS:
            r = exchanges.create_round(
                actor=actor, number=number, title=title, agreed_on=agreed, mediator=mediator,
                proposed_on=(agreed[:7] if agreed else "2026-10"), formula="n_for_n", formula_n=n_out,
                place="Demo border crossing", notes="FICTIONAL DEMO ROUND",
                source_ids=[column.pk] if number == STORY_ROUND else [])
            rounds[number] = r
            cutoff = executed or "9999"
            prefer, prefer_n = set(), 0
            if number == STORY_ROUND:
                prefer, prefer_n = kazakhs, 2
            elif number == KYRGYZ_ROUND:
                prefer, prefer_n = kyrgyz, 1
            status = "agreed" if planned in ("executed", "partly", "agreed") else "proposed"
            for index, pk in enumerate(pick(captives, n_out, cutoff, prefer, prefer_n)):
                categories = ["aged_18_25"] if number == 7 else (["seriously_wounded_ill"] if number == 3 else [])
                entry_status = status
                if planned == "partly" and index % 4 == 3:
                    entry_status = "requested"  # the other side had not agreed to him by the exchange day
                consent = "consents" if entry_status == "agreed" else rng.choice(["unknown", "consents", "refuses"])
                exchanges.add_entry(actor=actor, round_id=r.pk, side="hand_over", person_id=pk,
                                    status=entry_status, consent=consent, categories=categories)
            for pk in pick(own, n_in, cutoff):
                exchanges.add_entry(actor=actor, round_id=r.pk, side="receive", person_id=pk, status=status,
                                    consent="consents" if status == "agreed" else "unknown")
            if number == 8:
                entry = r.entries.filter(side="hand_over", status="agreed").order_by("id").last()
                assert entry is not None  # round 8 hands over agreed entries
                exchanges.update_entry(actor=actor, entry_id=entry.pk, status="struck", struck_by="the other side",
                                       struck_reason="not on their list (demo)")
            if executed:
                result = exchanges.execute_round(actor=actor, round_id=r.pk, date=executed)
                counts.exchanged += len(result.exchanged)
            elif planned == "agreed":
                exchanges.update_round(actor=actor, round_id=r.pk, changes={"status": "agreed"})
            counts.rounds += 1

        # The other side's list for the round under negotiation: spellings from the registry in another script,
        # two invented names nobody holds, and a line confirmed by an analyst.
        pending = rounds[10]
        lines = ["name,birth_date,rank"]
        sample = (Person.objects.filter(category__in=[Category.POW]).exclude(pk__in=used)
                  .prefetch_related("names").order_by("pk")[:6])
        for person in sample:
            latin = [n.text for n in person.names.all() if n.script == "Latn"]
            lines.append(f"{(latin or [str(person)])[0]},{person.birth_date},")
        lines += ["Iwan Wymyslow,,", "Петро Неіснуючий,1980,"]
        reconciled = reconcile_list(actor=actor, round_id=pending.pk, side="hand_over",
                                    content="\n".join(lines).encode(), file_name="their-list-round-10.csv")
        matched = [row for row in reconciled.rows if row.person_id]
        if matched:
            assert matched[0].person_id is not None
            judge_row(actor=actor, row_id=matched[0].pk, person_id=matched[0].person_id, same=True)

        story = rounds[STORY_ROUND]
        story_kazakhs = list(story.entries.filter(person__citizenships__country="KZ").values_list("person_id",
                                                                                                 flat=True))
        consular.create_contact(
            actor=actor, country="KZ", date="2025-04-21", place="Kyiv", kind="meeting",
            our_side="Coordination Headquarters for the Treatment of Prisoners of War",
            participants=[
                consular.ParticipantInput(side="theirs", role="Chargé d'affaires of Kazakhstan in Ukraine"),
                consular.ParticipantInput(side="theirs", role="Consul of Kazakhstan"),
                consular.ParticipantInput(side="ours", role="Representatives",
                                          organisation="Coordination Headquarters")],
            topics=["Kazakh citizens held as prisoners of war", "The exchange of 19 April 2025"],
            commitments=["Will follow the investigations and inform its citizens"],
            summary="Fictional demo record of the meeting described by the seed article.",
            person_ids=story_kazakhs, source_ids=[telegram.pk])
        counts.contacts += 1
        for pk in story_kazakhs:
            consular.record_after_return(actor=actor, person_id=pk, date="2025-05", country="KZ",
                                         note="Returned to Kazakhstan according to the demo source",
                                         source_ids=[column.pk])
            consular.record_proceeding(actor=actor, person_id=pk, country="KZ", stage="unknown",
                                       article="170 or 172 (open question)", source_ids=[column.pk])
            consular.record_transmission(
                actor=actor, person_id=pk, recipient="state", country="KZ", channel="Note verbale (demo)",
                date="2025-04-22", content="Capture card and exchange record", legal_basis="GC III Art. 122",
                override_reason="He asked that his family be informed through the embassy (demo).")
            counts.transmissions += 1
        for country, when in (("UZ", "2025-06-03"), ("KG", "2025-02-20"), ("TJ", "2025-09-09")):
            consular.create_contact(actor=actor, country=country, date=when, place="Kyiv", kind="call",
                                    participants=[consular.ParticipantInput(side="theirs", role="Consul")],
                                    topics=["Citizens held as prisoners of war"], summary="Fictional demo record.")
            counts.contacts += 1
        for person in Person.objects.filter(category=Category.POW).order_by("pk")[:12]:
            consular.record_transmission(actor=actor, person_id=person.pk, recipient="icrc_cta",
                                         channel="ICRC CTA platform (demo)", date="2025-03-01",
                                         content="Capture card", legal_basis="GC III Art. 122, 123")
            counts.transmissions += 1

        # Enquiries: about captives in the registry (some restricted), about nobody, in several scripts.
        restricted = list(Person.objects.filter(restricted=True, category=Category.POW).order_by("pk")[:2])
        ordinary = list(Person.objects.filter(restricted=False, category=Category.POW)
                        .prefetch_related("names", "citizenships").order_by("-pk")[:24])
        kinds = ("family", "consulate", "icrc", "other")
        for index, person in enumerate(restricted + ordinary):
            names = list(person.names.all())
            sought = rng.choice(names).text
            country = next((c.country for c in person.citizenships.all()), "")
            e = enquiries.create_enquiry(
                actor=actor, requester_kind=kinds[index % 4], requester_name=f"Fictional requester {index + 1}",
                sought_name=sought, sought_country=country, received_on=f"2026-{(index % 10) + 1:02d}-0{index % 9 + 1}",
                details="FICTIONAL DEMO ENQUIRY")
            counts.enquiries += 1
            if index % 3 == 1 and not person.restricted:
                # What the bureau would send: the draft, which is the neutral reply whenever a restricted
                # person may be the one sought (enquiries.disclosure).
                text, named = draft_reply(actor, e)
                # A consulate's enquiry is answered to its state: the reason for telling it (enquiries.services).
                enquiries.add_reply(actor=actor, enquiry_id=e.pk, person_ids=named, channel="e-mail (demo)",
                                    text=text, close=index % 2 == 0,
                                    override_reason="He asked that his consulate be told (fictional demo).")
        for index, name in enumerate(("Зіновій Вигаданий", "Ivan Nepridumannyj", "Ерлан Жоқов")):
            enquiries.create_enquiry(actor=actor, requester_kind="family", requester_name="Fictional family",
                                     sought_name=name, sought_country=("UA", "RU", "KZ")[index],
                                     received_on="2025-12-01", details="FICTIONAL DEMO ENQUIRY")
            counts.enquiries += 1
    return counts
