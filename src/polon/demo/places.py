"""Fictional demo places of internment and visits on top of the demo persons (GC III Arts. 22, 23, 56, 126).

The generated timelines name their facility as free text ("Demo internment camp No. 7", "Demo regional
hospital"): the demo records the places those texts stand for (each with the text as another name), except
camps 19 and 20, so that `polon places match-facilities` links most events and reports two texts unmatched.
Then an ICRC visit carried out (its list generated from the place's population, most seen, one refused to the
delegates, one who declined; a follow-up item overdue, another done), a Protecting Power visit refused, and a
visit planned. Every name and address is invented.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polon.places import services as places
from polon.places.models import Place
from polon.visits import services as visits
from polon.visits.models import Outcome, VisitPerson

# (number, name, region, address, capacity, opened): the demo's camps, each standing for "Demo internment camp No. N".
CAMPS = (
    (1, "Табір № 1 «Демо-Лісовий»", "UA-46", "вул. Вигадана, 1, с. Демо-Лісове", 450, "2022-04-01"),
    (2, "Табір № 2 «Демо-Озерний»", "UA-18", "вул. Вигадана, 2, с. Демо-Озерне", 300, "2022-05-15"),
    (3, "Табір № 3 «Демо-Польовий»", "UA-05", "вул. Вигадана, 3, с. Демо-Польове", 600, "2022-03-20"),
    (4, "Табір № 4 «Демо-Річковий»", "UA-56", "вул. Вигадана, 4, с. Демо-Річне", 250, "2022-06-01"),
    (5, "Табір № 5 «Демо-Гірський»", "UA-07", "вул. Вигадана, 5, с. Демо-Гірне", 350, "2022-06-10"),
    (6, "Табір № 6 «Демо-Садовий»", "UA-68", "вул. Вигадана, 6, с. Демо-Садове", 400, "2022-07-01"),
    (7, "Табір № 7 «Демо-Степовий»", "UA-26", "вул. Вигадана, 7, с. Демо-Степове", 500, "2022-07-20"),
    (8, "Табір № 8 «Демо-Ясеневий»", "UA-21", "вул. Вигадана, 8, с. Демо-Ясенове", 200, "2022-09-01"),
    (9, "Табір № 9 «Демо-Кленовий»", "UA-61", "вул. Вигадана, 9, с. Демо-Кленове", 300, "2022-10-01"),
    (10, "Табір № 10 «Демо-Дубовий»", "UA-77", "вул. Вигадана, 10, с. Демо-Дубове", 350, "2023-01-15"),
    (11, "Табір № 11 «Демо-Вербовий»", "UA-46", "вул. Вигадана, 11, с. Демо-Вербове", 250, "2023-02-01"),
    (12, "Табір № 12 «Демо-Липовий»", "UA-18", "вул. Вигадана, 12, с. Демо-Липове", 300, "2023-03-01"),
    (13, "Табір № 13 «Демо-Сосновий»", "UA-05", "вул. Вигадана, 13, с. Демо-Соснове", 200, "2023-04-01"),
    (14, "Табір № 14 «Демо-Березовий»", "UA-56", "вул. Вигадана, 14, с. Демо-Березове", 200, "2023-05-01"),
    (15, "Табір № 15 «Демо-Калиновий»", "UA-07", "вул. Вигадана, 15, с. Демо-Калинове", 150, "2023-06-01"),
    (16, "Табір № 16 «Демо-Вишневий»", "UA-68", "вул. Вигадана, 16, с. Демо-Вишневе", 150, "2023-07-01"),
    (17, "Табір № 17 «Демо-Горіховий»", "UA-26", "вул. Вигадана, 17, с. Демо-Горіхове", 150, "2023-08-01"),
    (18, "Табір № 18 «Демо-Тополиний»", "UA-61", "вул. Вигадана, 18, с. Демо-Тополине", 150, "2023-09-01"),
)
VISITED_CAMP = 3


def load_places_demo(*, actor) -> dict[str, int]:
    """Record the demo places, link the demo events to them, and play out three visits."""
    camps: dict[int, Place] = {}
    for number, name, region, address, capacity, opened in CAMPS:
        camps[number] = places.create_place(actor=actor, kind="camp", name=name, region=region, address=address,
                                            capacity=capacity, opened=opened,
                                            aliases=[f"Demo internment camp No. {number}"])
    places.create_place(actor=actor, kind="hospital", name="Обласна лікарня (демо)", region="UA-05",
                        address="вул. Вигадана, 100, м. Демо-Місто", opened="2022-03-01",
                        aliases=["Demo regional hospital"])
    places.create_place(actor=actor, kind="transit", name="Пункт тимчасового тримання (демо)", region="UA-32",
                        address="вул. Вигадана, 200, с. Демо-Перехідне", capacity=80, opened="2022-03-01",
                        aliases=["Demo transit point"])
    places.create_place(actor=actor, kind="labour", name="Робоча команда 3/1 (демо, сільгоспроботи)",
                        region="UA-05", address="агрофірма «Демо-Нива», с. Демо-Польове", capacity=40,
                        opened="2023-05-01", parent_id=camps[VISITED_CAMP].pk)
    places.create_place(actor=actor, kind="camp", name="Табір № 0 «Демо-Старий» (закритий)", region="UA-30",
                        address="вул. Вигадана, 0, м. Київ (демо)", capacity=100, opened="2022-03-01",
                        closed="2022-12-31", notes="Закритий; його в'язнів переведено до табору № 3.")
    report = places.match_facilities(actor=actor)

    today = timezone.localdate()
    camp = camps[VISITED_CAMP]
    done = visits.create_visit(actor=actor, place_id=camp.pk, visitor="icrc", status="carried_out",
                               starts=today - timedelta(days=60), ends=today - timedelta(days=58),
                               delegates="Demo delegate A. (head of delegation)\nDemo delegate B. (doctor)\n"
                                         "Demo interpreter C.",
                               report="Демо: умови задовільні; просили розширити листування з родинами.")
    lines = visits.generate_list(actor=actor, visit_id=done.pk, today=today)
    for index, line in enumerate(lines[:40]):
        if index == 3:
            visits.record_outcome(actor=actor, visit_id=done.pk, person_id=line.person_id,
                                  outcome=Outcome.ACCESS_REFUSED,
                                  note="Демо: адміністрація табору послалася на допит, що триває.")
        elif index == 7:
            visits.record_outcome(actor=actor, visit_id=done.pk, person_id=line.person_id, outcome=Outcome.DECLINED)
        else:
            visits.record_outcome(actor=actor, visit_id=done.pk, person_id=line.person_id,
                                  outcome=Outcome.SEEN if index % 5 else Outcome.SEEN_WITH_WITNESS)
    refused_person = VisitPerson.objects.filter(visit=done, outcome=Outcome.ACCESS_REFUSED).values_list(
        "person_id", flat=True).first()
    visits.add_follow_up(actor=actor, visit_id=done.pk, person_id=refused_person,
                         text="Демо: надати делегатам доступ до особи під час наступного візиту.",
                         due=today - timedelta(days=20))  # overdue
    closed = visits.add_follow_up(actor=actor, visit_id=done.pk,
                                  text="Демо: передати перелік листів, не доставлених за три місяці.",
                                  due=today - timedelta(days=40))
    visits.close_follow_up(actor=actor, follow_up_id=closed.pk, outcome="Демо: перелік передано делегації.",
                           done_on=today - timedelta(days=45))
    visits.add_follow_up(actor=actor, visit_id=done.pk, text="Демо: огляд лікарем двох осіб зі скаргами на зір.",
                         due=today + timedelta(days=2))  # due soon
    visits.create_visit(actor=actor, place_id=camps[5].pk, visitor="protecting_power", protecting_power="CH",
                        status="refused", starts=today - timedelta(days=30),
                        delegates="Demo representative D. (Protecting Power)",
                        refusal_reason="Демо: тимчасово, з міркувань імперативної військової необхідності "
                                       "(обстріл району); візит перенесено.")
    visits.create_visit(actor=actor, place_id=camps[7].pk, visitor="icrc", status="planned",
                        starts=today + timedelta(days=14), ends=today + timedelta(days=15),
                        delegates="Demo delegate A. (head of delegation)")
    return {"places": Place.objects.count(), "linked": report.linked, "unmatched": len(report.unmatched),
            "listed": len(lines)}
