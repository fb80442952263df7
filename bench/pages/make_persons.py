"""Fill a database with visibly fictional persons for the page benchmark, quickly.

    POLON_DATA_DIR=/tmp/pages-sqlite python bench/pages/make_persons.py --count 100000
    DATABASE_URL=postgresql://polon:polon@127.0.0.1:5432/polon_pages python bench/pages/make_persons.py

A benchmark fixture, not a way to record anyone: rows are written with bulk_create, not through the services,
so that 100,000 persons take a minute or two instead of an hour. What the services would guarantee is kept by
hand: each person's current status is lifecycle.derive over the timeline written for him (the same entries in
the same order), and the audit rows form an unbroken hash chain (`polon audit verify` passes). Every record is
marked as fictional: "FICTIONAL BENCHMARK RECORD" notes, BENCH-… service numbers, "Bench town" places.
Around the persons it records exchange rounds and their entries, capture cards sent, enquiries, after-return
records and proceedings (see Records).

It also creates the users run.py logs in as: bench_admin, bench_liaison (Kazakhstan) and bench_auditor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")

FICTIONAL = "FICTIONAL BENCHMARK RECORD — generated, not a real person."
USERS = {"bench_admin": ("admin", []), "bench_liaison": ("liaison", ["KZ"]), "bench_auditor": ("auditor", [])}
BATCH = 2000


def make_users():
    from polon.accounts.models import User

    for name, (role, countries) in USERS.items():
        user, created = User.objects.get_or_create(username=name, defaults={"role": role, "countries": countries})
        if created:
            user.set_unusable_password()
            user.save()
    return User.objects.get(username="bench_admin")


def _latin(word: str, cache: dict[str, str]) -> str:
    from polon.names import transliterate

    if word not in cache:
        cache[word] = transliterate(word, "icao_9303")
    return cache[word]


class Records:
    """What the bureau records around its persons, in realistic proportions: an exchange round per month with an
    entry for each person exchanged, capture cards sent to the ICRC for half of them, enquiries about 2 %, and
    after-return records and proceedings for some returned foreigners."""

    def __init__(self, actor):
        from polon.exchanges.models import ExchangeRound

        self.actor = actor
        self.rounds = {r.executed_on[:7]: r for r in ExchangeRound.objects.filter(title__startswith="Bench")}
        self.number = max([r.number for r in ExchangeRound.objects.all()], default=0)
        self.entries, self.transmissions, self.enquiries, self.returns, self.proceedings = [], [], [], [], []

    def _round(self, month: str):
        from polon.exchanges.models import ExchangeRound

        if month not in self.rounds:
            self.number += 1
            self.rounds[month] = ExchangeRound.objects.create(
                number=self.number, title=f"Bench exchange {month} (fictional)", executed_on=f"{month}-28",
                agreed_on=f"{month}-01", status="executed", parties=["UA", "RU"], mediator="AE",
                notes="FICTIONAL BENCHMARK ROUND")
        return self.rounds[month]

    def add(self, rng, person, name: str, country: str, timeline: list[dict]) -> None:
        from polon.consular.models import AfterReturn, Proceeding, Transmission
        from polon.enquiries.models import Enquiry
        from polon.exchanges.models import RoundEntry

        exchanged = next((e["date"] for e in timeline if e["type"] == "exchanged"), None)
        if exchanged:
            side = "receive" if person.category == "own_held" else "hand_over"
            self.entries.append(RoundEntry(round=self._round(exchanged[:7]), side=side, person=person,
                                           status="exchanged", consent="consents"))
            if country not in ("RU", "UA") and rng.random() < 0.1:
                self.returns.append(AfterReturn(person=person, date=exchanged[:7], country=country,
                                                note="Fictional benchmark record", created_by=self.actor))
                if rng.random() < 0.3:
                    self.proceedings.append(Proceeding(person=person, country=country, stage="unknown",
                                                       note="Fictional benchmark record", created_by=self.actor))
        if timeline and rng.random() < 0.5:
            self.transmissions.append(Transmission(
                person=person, recipient="icrc_cta", channel="ICRC CTA platform (bench)", date=timeline[0]["date"],
                content="Capture card", legal_basis="GC III Art. 122, 123", created_by=self.actor))
        if rng.random() < 0.02:
            self.enquiries.append(Enquiry(
                received_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500)), requester_kind="family",
                requester_name="Fictional requester", sought_name=name, sought_country=country,
                status=rng.choice(["open", "open", "answered", "closed"]), created_by=self.actor))

    def flush(self) -> None:
        for rows in (self.entries, self.transmissions, self.enquiries, self.returns, self.proceedings):
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=1000)
                rows.clear()


class AuditChain:
    """Appends hash-chained audit rows in bulk, continuing from the head row as polon.audit.log.record does."""

    def __init__(self):
        from polon.audit.models import AuditHead

        head = AuditHead.objects.get(pk=1)
        self.sequence, self.hash, self.rows = head.sequence, head.hash, []

    def add(self, *, actor, action: str, object_type: str, object_id, changes: dict, at: dt.datetime) -> None:
        from polon.audit.log import _hash
        from polon.audit.models import AuditEvent
        from polon.core.canonical_json import canonical_json

        self.sequence += 1
        body = canonical_json(changes)
        at_text = at.isoformat(timespec="microseconds")
        digest = _hash(self.hash, sequence=self.sequence, at=at_text, actor=actor.username, action=action,
                       object_type=object_type, object_id=str(object_id), changes=body)
        self.rows.append(AuditEvent(sequence=self.sequence, at=at, actor=actor.username, actor_id=actor.pk,
                                    action=action, object_type=object_type, object_id=str(object_id), changes=body,
                                    previous_hash=self.hash, hash=digest))
        self.hash = digest

    def flush(self) -> None:
        from polon.audit.models import AuditEvent, AuditHead

        AuditEvent.objects.bulk_create(self.rows, batch_size=1000)
        AuditHead.objects.filter(pk=1).update(sequence=self.sequence, hash=self.hash)
        self.rows = []


def make_persons(count: int, *, seed: int = 20250422) -> int:
    from django.db import transaction

    from polon.demo.generate import FOREIGN_WEIGHTS, POOLS, _date, _patronymic, _timeline
    from polon.registry.choices import Category
    from polon.registry.lifecycle import TimelineEntry, derive
    from polon.registry.models import Citizenship, Person, PersonName, StatusEvent

    # Before migration 0004 Person has no status column; the script also fills such a database (to measure
    # the code before the column), and then there is nothing to set.
    stores_status = any(f.name == "status" for f in Person._meta.fields)
    actor = make_users()
    rng = random.Random(seed)
    start = Person.objects.count()
    countries = [c for c in FOREIGN_WEIGHTS if c != "NP"]
    weights = [FOREIGN_WEIGHTS[c] for c in countries]
    latin_cache: dict[str, str] = {}
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    for first in range(start + 1, count + 1, BATCH):
        serials = range(first, min(first + BATCH, count + 1))
        chain, records = AuditChain(), Records(actor)
        with transaction.atomic():
            persons, extras = [], []
            for serial in serials:
                own = rng.random() < 0.12
                country = "UA" if own else rng.choices(countries, weights)[0]
                second = "RU" if not own and country != "RU" and rng.random() < 0.15 else None
                category = Category.OWN_HELD if own else rng.choices(
                    [Category.POW, Category.CIVILIAN, Category.MISSING], (90, 6, 4))[0]
                pool = POOLS[country]
                given, surname = rng.choice(pool["given"]), rng.choice(pool["surnames"])
                patronymic = _patronymic(rng.choice(pool["given"]), country)
                timeline = [] if category == Category.MISSING else _timeline(rng, own=own)
                status = derive(TimelineEntry(key=i, type=e["type"], date=e["date"], order=i)
                                for i, e in enumerate(timeline)).status
                person = Person(
                    category=category, sex="male", birth_date=_date(rng, 1965, 2004),
                    birth_place=f"Bench town {rng.randint(1, 300)}", rank="Private",
                    army="Bench force (fictional)", service_number=f"BENCH-{serial:07d}",
                    unit=f"Bench unit {rng.randint(100, 999)}", power_depended="UA" if own else "RU",
                    notes=FICTIONAL, restricted=rng.random() < 0.03)
                if stores_status:
                    person.status = status
                persons.append(person)
                extras.append((given, patronymic, surname, country, second, timeline))
            Person.objects.bulk_create(persons)
            names, citizenships, events = [], [], []
            for person, (given, patronymic, surname, country, second, timeline) in zip(persons, extras, strict=True):
                text = " ".join(p for p in (given, patronymic, surname) if p)
                names.append(PersonName(person=person, text=text, script=POOLS[country]["script"],
                                        language=POOLS[country]["language"], given=given, patronymic=patronymic,
                                        surname=surname, is_primary=True))
                if POOLS[country]["script"] == "Cyrl":
                    latin = " ".join(_latin(w, latin_cache) for w in (given, surname))
                    names.append(PersonName(person=person, text=latin, script="Latn", scheme="icao_9303"))
                citizenships.append(Citizenship(person=person, country=country, provenance="document"))
                if second:
                    citizenships.append(Citizenship(person=person, country=second, provenance="self_declared"))
                # In list order, so the ids keep the recording order derive() was given above.
                events += [StatusEvent(person=person, recorded_by=actor, **e) for e in timeline]
                chain.add(actor=actor, action="person.create", object_type="registry.person", object_id=person.pk,
                          changes={"after": {"service_number": person.service_number, "names": [text],
                                             "citizenships": [country] + ([second] if second else []),
                                             "events": [[e["type"], e["date"]] for e in timeline]}}, at=now)
                if rng.random() < 0.5:
                    chain.add(actor=actor, action="person.read", object_type="registry.person",
                              object_id=person.pk, changes={}, at=now)
                records.add(rng, person, text, country, timeline)
            PersonName.objects.bulk_create(names)
            Citizenship.objects.bulk_create(citizenships)
            StatusEvent.objects.bulk_create(events)
            chain.flush()
            records.flush()
        print(f"  {serials[-1]:,} persons", flush=True)
    return count - start


def check_sample(n: int = 300) -> None:
    """The stored status of a sample of persons is what lifecycle.derive gives for their stored timelines."""
    from polon.registry.models import Person
    from polon.registry.selectors import timeline

    if not any(f.name == "status" for f in Person._meta.fields):
        return
    ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[:n])
    for person in Person.objects.filter(pk__in=ids):
        derived = timeline(person).status
        if person.status != derived:
            raise SystemExit(f"person {person.pk}: stored status {person.status!r}, derived {derived!r}")
    print(f"status checked on {len(ids)} persons: stored = derived")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="persons wanted in all (default 100000)")
    parser.add_argument("--no-migrate", action="store_true", help="do not run migrations first")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    began = time.perf_counter()
    made = make_persons(args.count)
    with connection.cursor() as cursor:
        # Fresh planner statistics on both databases, and on PostgreSQL the visibility map that index-only
        # scans need, as autovacuum leaves them after a day's use (or after migration 0004's update).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"{made:,} persons made in {time.perf_counter() - began:.0f} s ({connection.vendor})")
    check_sample()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
