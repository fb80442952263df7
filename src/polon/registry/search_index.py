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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import groupby
from operator import itemgetter
from typing import TypeVar

from django.db import connection

from polon.core.batches import in_batches
from polon.matching import NameIndex, QueryError
from polon.registry.models import Citizenship, Person, PersonName

T = TypeVar("T")
V = TypeVar("V")

#: Tag of a restricted person (never disclosed in replies), for searches within them.
RESTRICTED_TAG = "restricted"


def category_tag(category: str) -> str:
    return f"category:{category}"


class SearchStarting(Exception):
    """The engine is still being built (a server just started) and the caller would not wait longer."""


#: How long a search may wait for the engine's first build (seconds; None: as long as it takes). A web
#: request sets it (web/busy.py) so that a search arriving while a worker reads a million persons gets
#: "starting, try again" instead of holding the worker past its timeout; jobs and the CLI wait.
_BUILD_WAIT: ContextVar[float | None] = ContextVar("polon_search_build_wait", default=None)


@contextmanager
def waiting_at_most(seconds: float | None) -> Iterator[None]:
    """Searches in this context wait at most ``seconds`` for the engine's first build."""
    token = _BUILD_WAIT.set(seconds)
    try:
        yield
    finally:
        _BUILD_WAIT.reset(token)


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
        """The index, caught up with every committed write, held for this thread's use. Raises
        :class:`SearchStarting` if it is still being built after the wait allowed (:func:`waiting_at_most`)."""
        wait = _BUILD_WAIT.get()
        if not self._lock.acquire(timeout=-1 if wait is None or self._index is not None else wait):
            raise SearchStarting
        try:
            inside = connection.in_atomic_block
            if self._index is None or (self._settled is None and not inside):
                self._build()
                self._settled = None if inside else (self._applied, self._xmin, dict(self._recent))
            else:
                self._catch_up(inside)
            assert self._index is not None
            yield self._index
        finally:
            self._lock.release()

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
        # Persons, citizenships and names each streamed in person order and merged: no dict of every
        # person's row is held beside the index (at a million persons those dicts cost a worker ~300 MB
        # more at its peak, and the allocator kept it after the build).
        person_at = _lookup(_person_rows(Person.objects.order_by("pk")), None)
        countries_at = _lookup(_held(Citizenship.objects.all()), ())
        for pid, spellings in _spellings(PersonName.objects.all()):
            _add(index, pid, spellings, person_at(pid), countries_at(pid))
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
            citizenships = dict(_held(Citizenship.objects.filter(person_id__in=batch)))
            spellings = dict(_spellings(PersonName.objects.filter(person_id__in=batch)))
            for pid in batch:
                index.remove(str(pid))
                if pid in persons and spellings.get(pid):
                    _add(index, pid, spellings[pid], persons[pid], citizenships.get(pid, ()))


def _person_rows(persons) -> Iterator[tuple[int, tuple[str, str, bool, str]]]:
    for pid, birth_date, category, restricted, service_number in persons.values_list(
            "pk", "birth_date", "category", "restricted", "service_number").iterator(chunk_size=20_000):
        yield pid, (birth_date, category, restricted, service_number)


def _held(rows) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each person's distinct citizenships, in person order."""
    ordered = rows.order_by("person_id", "id").values_list("person_id", "country").iterator(chunk_size=20_000)
    for pid, group in groupby(ordered, key=itemgetter(0)):
        yield pid, tuple(dict.fromkeys(country for _, country in group))


def _spellings(rows) -> Iterator[tuple[int, list[str]]]:
    """Each person's spellings, primary first, in person order."""
    ordered = (rows.order_by("person_id", "-is_primary", "id").values_list("person_id", "text")
               .iterator(chunk_size=20_000))
    for pid, group in groupby(ordered, key=itemgetter(0)):
        yield pid, [text for _, text in group]


def _lookup(rows: Iterator[tuple[int, T]], missing: T) -> Callable[[int], T]:
    """The value ``rows`` (in ascending id order) has for each id asked, asked in ascending order too;
    ``missing`` for an id it has not."""
    current = next(rows, None)

    def at(pid: int) -> T:
        nonlocal current
        while current is not None and current[0] < pid:
            current = next(rows, None)
        return current[1] if current is not None and current[0] == pid else missing
    return at


#: One object for each distinct citizenship tuple and tag set (a million persons have a few dozen). NameIndex.add
#: keeps the tuple as given (tuple() of a tuple is that tuple); the tag set too when interpreted, while the
#: compiled NameIndex makes a frozenset of its own for each person (~200 MB at 1M).
_SHARED: dict = {}


def _shared(value: V) -> V:
    return _SHARED.setdefault(value, value)


def _add(index: NameIndex, pid: int, spellings: list[str], person: tuple[str, str, bool, str] | None,
         citizenships: Iterable[str]) -> None:
    if person is None:
        return
    birth_date, category, restricted, service_number = person
    tags = _shared(frozenset([category_tag(category)] + ([RESTRICTED_TAG] if restricted else [])))
    countries = _shared(tuple(citizenships))
    try:
        index.add(str(pid), spellings, birth_date or None, countries, service_number or None, tags)
    except QueryError:
        # No spelling with letters (the services refuse those; a row written otherwise is not findable
        # by name) or a birth date the index cannot read: index the name without the date.
        try:
            index.add(str(pid), spellings, None, countries, service_number or None, tags)
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
