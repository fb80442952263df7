"""The registry's search engine: one :class:`polon.matching.NameIndex` per process, never stale.

Why an index in memory that catches up, rather than keys in a table: the index finds a spelling by
its similar vocabulary words (a few hundred thousand at a million persons) and pools persons with
set operations in C, 1-4 ms a query; the same work through SQL was 150-500 ms. Why it is never
stale: database triggers (migration 0005) append the id of every person whose names, citizenships,
birth date, category, service number or restriction change to ``registry_searchchange``, in the
writing transaction. Before each search the process reads the entries it has not applied yet and
re-indexes those persons from the database, so a write committed in any process (another web
worker, the CLI, a job worker, another application server) is found by the next search here.

On SQLite writers are serialised, so entries commit in id order and "ids above the last one
applied" is exact. On PostgreSQL ids are taken before commit, so a later id can commit first;
each entry also records its transaction id, and a catch-up re-reads the entries of every
transaction that was still running at the previous one (``pg_snapshot_xmin``), skipping those it
has applied. Applying an entry twice is harmless: it re-reads the person as it is now.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

from polon.core.batches import in_batches
from polon.matching import NameIndex, QueryError
from polon.registry.models import Citizenship, Person, PersonName

#: Tag of a restricted person (never disclosed in replies), for searches within them.
RESTRICTED_TAG = "restricted"


def category_tag(category: str) -> str:
    return f"category:{category}"


class LiveIndex:
    """A NameIndex of every person, brought up to date with the database before each use."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._index: NameIndex | None = None
        self._applied = 0  # highest change id applied
        self._xmin: int | None = None  # PostgreSQL: oldest transaction running at the last catch-up
        self._recent: dict[int, int] = {}  # PostgreSQL: change id -> transaction id, applied since _xmin
        # Where the index stood after its last catch-up outside any transaction, and the persons indexed
        # since from inside one: a transaction's own writes are searchable inside it, but it may roll back
        # (and on SQLite a rolled-back change id is taken again), so the next catch-up outside a
        # transaction goes back to the settled position and re-reads those persons. None: rebuild.
        self._settled: tuple[int, int | None, dict[int, int]] | None = None
        self._provisional: set[int] = set()

    @contextmanager
    def searching(self) -> Iterator[NameIndex]:
        """The index, caught up with every committed write, held for this thread's use."""
        with self._lock:
            inside = connection.in_atomic_block
            if self._index is None or (self._settled is None and not inside):
                self._build()
                self._settled = None if inside else (self._applied, self._xmin, dict(self._recent))
            else:
                self._catch_up(inside)
            assert self._index is not None
            yield self._index

    def reset(self) -> None:
        """Forget everything (tests: a rolled-back database reuses change ids)."""
        with self._lock:
            self._index, self._applied, self._xmin, self._recent = None, 0, None, {}
            self._settled, self._provisional = None, set()

    @property
    def size(self) -> int:
        return len(self._index) if self._index is not None else 0

    # --- building and catching up -------------------------------------------------------------

    def _build(self) -> None:
        position = self._position()
        index = NameIndex()
        persons = dict(_person_rows(Person.objects.all()))
        citizenships = _citizenships(Citizenship.objects.all())
        names = (PersonName.objects.order_by("person_id", "-is_primary", "id")
                 .values_list("person_id", "text").iterator(chunk_size=20_000))
        person_id, spellings = None, []
        for pid, text in names:
            if pid != person_id:
                if person_id is not None:
                    _add(index, person_id, spellings, persons.get(person_id), citizenships.get(person_id, ()))
                person_id, spellings = pid, []
            spellings.append(text)
        if person_id is not None:
            _add(index, person_id, spellings, persons.get(person_id), citizenships.get(person_id, ()))
        # Millions of long-lived objects: without this a full garbage collection now and then walks them
        # all in the middle of a search (bench/matching measures the index the same way).
        gc.collect()
        gc.freeze()
        self._index = index
        self._applied, self._xmin = position
        self._recent = {}

    def _position(self) -> tuple[int, int | None]:
        """The last change id committed now and, on PostgreSQL, the oldest running transaction."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT COALESCE(MAX(id), 0), pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                               " FROM registry_searchchange")
                last, xmin = cursor.fetchone()
                return int(last), int(xmin)
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM registry_searchchange")
            return int(cursor.fetchone()[0]), None

    def _catch_up(self, inside: bool) -> None:
        changed: set[int] = set()
        if not inside and self._provisional:
            assert self._settled is not None
            self._applied, self._xmin, recent = self._settled
            self._recent = dict(recent)
            changed |= self._provisional
            self._provisional = set()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                xmin = int(cursor.fetchone()[0])
                cursor.execute("SELECT id, person_id, txid FROM registry_searchchange WHERE id > %s OR txid >= %s",
                               [self._applied, self._xmin])
                for change_id, person_id, txid in cursor.fetchall():
                    if change_id not in self._recent:
                        changed.add(person_id)
                        self._recent[change_id] = txid
                        self._applied = max(self._applied, change_id)
                self._xmin = xmin
                self._recent = {c: t for c, t in self._recent.items() if t >= xmin}
            else:
                cursor.execute("SELECT id, person_id FROM registry_searchchange WHERE id > %s ORDER BY id",
                               [self._applied])
                for change_id, person_id in cursor.fetchall():
                    changed.add(person_id)
                    self._applied = change_id
        if inside:
            self._provisional |= changed
        else:
            self._settled = (self._applied, self._xmin, dict(self._recent))
        if changed:
            self._reindex(changed)

    def _reindex(self, person_ids: Iterable[int]) -> None:
        index = self._index
        assert index is not None
        for batch in in_batches(sorted(person_ids)):
            persons = dict(_person_rows(Person.objects.filter(pk__in=batch)))
            citizenships = _citizenships(Citizenship.objects.filter(person_id__in=batch))
            spellings: dict[int, list[str]] = defaultdict(list)
            for pid, text in (PersonName.objects.filter(person_id__in=batch).order_by("person_id", "-is_primary", "id")
                              .values_list("person_id", "text")):
                spellings[pid].append(text)
            for pid in batch:
                index.remove(str(pid))
                if pid in persons and spellings.get(pid):
                    _add(index, pid, spellings[pid], persons[pid], citizenships.get(pid, ()))


def _person_rows(persons) -> Iterator[tuple[int, tuple[str, str, bool, str]]]:
    for pid, birth_date, category, restricted, service_number in persons.values_list(
            "pk", "birth_date", "category", "restricted", "service_number").iterator(chunk_size=20_000):
        yield pid, (birth_date, category, restricted, service_number)


def _citizenships(rows) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for pid, country in rows.order_by("person_id", "id").values_list("person_id", "country").iterator(chunk_size=20_000):
        if country not in out[pid]:
            out[pid].append(country)
    return out


def _add(index: NameIndex, pid: int, spellings: list[str], person: tuple[str, str, bool, str] | None,
         citizenships: Iterable[str]) -> None:
    if person is None:
        return
    birth_date, category, restricted, service_number = person
    tags = [category_tag(category)] + ([RESTRICTED_TAG] if restricted else [])
    try:
        index.add(str(pid), spellings, birth_date or None, tuple(citizenships), service_number or None, tags)
    except QueryError:
        # No spelling with letters (the services refuse those; a row written otherwise is not findable
        # by name) or a birth date the index cannot read: index the name without the date.
        try:
            index.add(str(pid), spellings, None, tuple(citizenships), service_number or None, tags)
        except QueryError:
            index.remove(str(pid))


#: The process's engine: web workers, job workers and the CLI each hold one.
ENGINE = LiveIndex()


def warm_up() -> threading.Thread:
    """Build the engine in a background thread (a server process calls this as it starts), so the first
    search does not wait for it; a search arriving meanwhile waits for the build to finish."""

    def build() -> None:
        try:
            with ENGINE.searching():
                pass
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=build, name="polon-search-warm-up", daemon=True)
    thread.start()
    return thread
