"""Benchmark the product's search through HTTP: `polon serve` answering GET /api/persons/search.

    python bench/search/run.py --db sqlite [--size 100000]
    python bench/search/run.py --db postgresql [--size 1000000] [--database-url URL]

Builds a registry of N persons from bench/matching's workload (the same names, queries and target
persons as that benchmark), loads it in bulk into a fresh database, serves it with
`polon serve --workers 2 --no-worker` and measures over loopback: the search (real-spelling, named
and typo queries), a plain GET of a person, a liaison's search (scope KZ) and pg_trgm over the same
names.  Prints figures only; it is not a test.  See README.md beside this file.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench" / "load"))
import harness  # noqa: E402  (bench/load/harness.py: the polon command, shared with bench/jobs and bench/load)


def _bench_matching():
    """bench/matching/run.py, loaded under its own name (this file is a run.py too)."""
    spec = importlib.util.spec_from_file_location("bench_matching_run", REPO / "bench" / "matching" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


matching = _bench_matching()

#: Citizenships of the persons not of our own side, weighted as in the demo data (without its Nepali and Cuban
#: recruits, whose names the Russian-name workload cannot give); 15 % of them also hold Russia's.
FOREIGN = {"RU": 52, "KZ": 9, "UZ": 9, "KG": 7, "TJ": 7, "BY": 6}
OWN_SHARE, SECOND_RU, RESTRICTED = 0.12, 0.15, 0.03
CATEGORIES = {"pow": 90, "civilian": 6, "missing": 4}  # of foreign persons; own persons are "own_held"
ARMY = "Bench force (fictional)"
FICTIONAL = "FICTIONAL BENCHMARK RECORD — generated, not a real person."
LIAISON_COUNTRY = "KZ"
BATCH = 5000
#: A search answered in less than this is one by a worker whose engine is built (a search arriving during the
#: build waits for it: seconds).
FAST_S = 0.25
#: The issue's targets for polon's p95 through HTTP, by database (at 100k on SQLite, 1M on PostgreSQL).
TARGET_P95_MS = {"sqlite": 30.0, "postgresql": 60.0}
TARGET_FLOOR_RATIO = 3.0
DEFAULT_SIZE = {"sqlite": 100_000, "postgresql": 1_000_000}
DEFAULT_PG = "postgresql://polon:polon@127.0.0.1:5432/"


def load_line(what: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} ({what})"


def say(text: str) -> None:
    print(text, flush=True)


# --- the database -----------------------------------------------------------------------------

def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def check_own(url: str) -> None:
    """This script drops and recreates its databases: only those named polon_bench…"""
    if not database_name(url).startswith("polon_bench"):
        sys.exit(f"error: {url}: the database's name must start with polon_bench (it is dropped and recreated)")


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=10) as conn:
        name = sql.Identifier(database_name(url))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def rereads(url: str) -> int:
    """Change-log rows a catch-up of the search engine reads again at every search right now: those written
    by transactions at or after the oldest transaction still running anywhere on the server (see
    polon.registry.search_index)."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        return conn.execute("SELECT count(*) FROM registry_searchchange "
                            "WHERE txid >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()[0]


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=10) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url))))


# --- the fixture --------------------------------------------------------------------------------

@dataclass
class Fixture:
    pks: list[int]  # the person id of registry[i]
    held: dict[int, tuple[str, ...]]  # person id -> citizenships
    names: dict[int, str]  # person id -> name


def load_fixture(registry, seed: int) -> Fixture:
    """The registry's persons written with bulk_create, not through the import service (100,000 persons in a
    minute or so, not an hour): one Person, one primary Cyrillic PersonName and one or two Citizenships each.
    The triggers of migration registry/0005 write the search change log as for any write."""
    from django.db import connection, transaction

    from polon.registry.models import Citizenship, Person, PersonName

    rnd = random.Random(seed + 11)
    countries, weights = list(FOREIGN), list(FOREIGN.values())
    fixture = Fixture([], {}, {})
    for start in range(0, len(registry), BATCH):
        chunk = registry[start:start + BATCH]
        persons, held = [], []
        for i, (_key, _name, date) in enumerate(chunk, start):
            own = rnd.random() < OWN_SHARE
            if own:
                category, cits = "own_held", ("UA",)
            else:
                country = rnd.choices(countries, weights)[0]
                cits = (country, "RU") if country != "RU" and rnd.random() < SECOND_RU else (country,)
                category = rnd.choices(list(CATEGORIES), list(CATEGORIES.values()))[0]
            persons.append(Person(category=category, birth_date=date or "", army=ARMY,
                                  service_number=f"BENCH-{i + 1:07d}", power_depended="UA" if own else "RU",
                                  notes=FICTIONAL, restricted=rnd.random() < RESTRICTED))
            held.append(cits)
        with transaction.atomic():
            Person.objects.bulk_create(persons)
            PersonName.objects.bulk_create(
                PersonName(person=p, text=name, script="Cyrl", language="ru", is_primary=True)
                for p, (_key, name, _date) in zip(persons, chunk, strict=True))
            Citizenship.objects.bulk_create(
                Citizenship(person=p, country=c, provenance="document" if k == 0 else "self_declared")
                for p, cits in zip(persons, held, strict=True) for k, c in enumerate(cits))
        for p, cits, (_key, name, _date) in zip(persons, held, chunk, strict=True):
            fixture.pks.append(p.pk)
            fixture.held[p.pk] = cits
            fixture.names[p.pk] = name
        if (start // BATCH) % 20 == 19:
            say(f"  {start + len(chunk):,} persons loaded")
    with connection.cursor() as cursor:
        # planner statistics and the visibility map as after a day's use (and no autovacuum of the fresh
        # tables in the middle of the measurements)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return fixture


def read_fixture(registry) -> Fixture:
    """The fixture of an earlier run of this script (--reuse), found by its service numbers."""
    from polon.registry.models import Citizenship, Person

    by_number = dict(Person.objects.filter(army=ARMY).values_list("service_number", "pk"))
    if len(by_number) != len(registry):
        sys.exit(f"error: --reuse: the database holds {len(by_number):,} benchmark persons, not {len(registry):,}")
    pks = [by_number[f"BENCH-{i + 1:07d}"] for i in range(len(registry))]
    held: dict[int, tuple[str, ...]] = {}
    for pid, country in Citizenship.objects.order_by("id").values_list("person_id", "country").iterator(50_000):
        held[pid] = (*held.get(pid, ()), country)
    return Fixture(pks, held, {pk: name for pk, (_key, name, _date) in zip(pks, registry, strict=True)})


# --- the polon command and server ----------------------------------------------------------------

def polon(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([harness.polon_bin(), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: polon {' '.join(args)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def make_users(env: dict[str, str]) -> dict[str, str]:
    """bench_admin (creates the others), bench_analyst (searches), bench_liaison (scope KZ): their tokens."""
    from polon.accounts.models import User

    password = secrets.token_urlsafe(16)
    if not User.objects.filter(username="bench_admin").exists():
        polon(env, "createuser", "bench_admin", "--role", "admin", "--password", password)
    if not User.objects.filter(username="bench_analyst").exists():
        polon(env, "--as", "bench_admin", "createuser", "bench_analyst", "--role", "analyst", "--password", password)
    if not User.objects.filter(username="bench_liaison").exists():
        polon(env, "--as", "bench_admin", "createuser", "bench_liaison", "--role", "liaison",
              "--country", LIAISON_COUNTRY, "--password", password)
    return {who: polon(env, "--as", "bench_admin", "token", "create", "--user", f"bench_{who}", "--name", "bench")
            for who in ("analyst", "liaison")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


#: The access log format the server is started with (GUNICORN_CMD_ARGS): which worker answered, for start-up.
ACCESS_FORMAT = '%(p)s %(L)s %(s)s "%(r)s"'
ACCESS_LINE = re.compile(r'^<(\d+)> ([\d.]+) (\d+) "GET (\S+) ')


class Client:
    """Requests over one loopback connection, kept alive where the server allows (gunicorn's sync workers close
    it after each response; http.client then opens the next one)."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def get(self, path: str) -> tuple[float, int, bytes]:
        began = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            body = response.read()
        except (ConnectionError, http.client.HTTPException, OSError):
            self.conn.close()
            raise
        return time.perf_counter() - began, response.status, body


def search_path(text: str, limit: int = 10) -> str:
    return f"/api/persons/search?q={quote(text)}&limit={limit}"


@dataclass
class StartUp:
    mode: str  # "eager": searches from the launch on; "gentle": none until every worker's build thread ended
    answering_s: float | None = None  # the first answer of any kind
    warm_s: dict[int, float] = field(default_factory=dict)  # worker pid -> first fast search answered
    probes: int = 0
    timeouts: int = 0  # workers gunicorn killed while starting ("WORKER TIMEOUT")


def threads(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


class Server:
    def __init__(self, env: dict[str, str], workdir: Path, workers: int):
        self.port, self.workers, self.workdir = free_port(), workers, workdir
        self.env = {**env, "GUNICORN_CMD_ARGS": f"--access-logformat '{ACCESS_FORMAT}'"}
        self.process: subprocess.Popen | None = None
        self.began, self.launches = 0.0, 0

    def start(self) -> None:
        self.launches += 1
        self.log_path = self.workdir / f"access-{self.launches}.log"
        self.err_path = self.workdir / f"server-{self.launches}.log"
        self.began = time.perf_counter()
        with open(self.log_path, "wb") as out, open(self.err_path, "wb") as err:
            # --no-worker: `polon serve` execs gunicorn, so this process is gunicorn's master
            self.process = subprocess.Popen(
                [harness.polon_bin(), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                 "--no-worker"], env=self.env, stdout=out, stderr=err, start_new_session=True)

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        return children(self.process.pid)

    def access(self) -> dict[int, int]:
        """Probe number -> the worker that answered it, from the access log."""
        out = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            m = ACCESS_LINE.match(line)
            probe = re.search(r"[?&]probe=(\d+)", m[4]) if m else None
            if probe:
                out[int(probe[1])] = int(m[1])
        return out

    def timeouts(self) -> int:
        return self.err_path.read_text(errors="replace").count("WORKER TIMEOUT")

    def wait_warm(self, token: str, probe_texts: list[str], timeout: float, *, gentle: bool,
                  give_up_after_timeouts: int = 0) -> StartUp:
        """Two clients ask without pause (a worker building its engine holds a search until it is built, so
        two keep both workers asked) until every worker has answered a search in under FAST_S.  ``gentle``:
        they ask for a person that does not exist (no search) until each worker has answered and its build
        thread has ended, and search only then."""
        result, stop, lock = StartUp("gentle" if gentle else "eager"), threading.Event(), threading.Lock()
        answered: dict[int, tuple[float, float]] = {}  # probe number -> (done at, seconds), searches only
        counter = iter(range(10**9))
        searching = threading.Event()
        if not gentle:
            searching.set()

        def probe() -> None:
            client = Client(self.port, token)
            while not stop.is_set():
                with lock:
                    n = next(counter)
                search = searching.is_set()
                path = (search_path(probe_texts[n % len(probe_texts)]) + "&" if search else "/api/persons/0?")
                try:
                    seconds, status, _ = client.get(path + f"probe={n}")
                except OSError:
                    time.sleep(0.05)
                    continue
                done = time.perf_counter() - self.began
                with lock:
                    if result.answering_s is None:
                        result.answering_s = done
                    if search and status == 200:
                        answered[n] = (done, seconds)
                if not search:
                    time.sleep(0.02)

        probes = [threading.Thread(target=probe, daemon=True) for _ in range(2)]
        for t in probes:
            t.start()
        try:
            while time.perf_counter() - self.began < timeout:
                time.sleep(0.1)
                assert self.process is not None
                if self.process.poll() is not None:
                    sys.exit(f"error: the server stopped (exit {self.process.returncode}); see {self.err_path}")
                result.timeouts = self.timeouts()
                if give_up_after_timeouts and result.timeouts >= give_up_after_timeouts:
                    return result
                workers, by_probe = self.worker_pids(), self.access()
                if not searching.is_set():
                    ready = set(by_probe.values())
                    if len(workers) == self.workers and all(pid in ready and threads(pid) == 1 for pid in workers):
                        searching.set()
                    continue
                with lock:
                    fast = {n: done for n, (done, seconds) in answered.items() if seconds < FAST_S}
                for n, done in fast.items():
                    pid = by_probe.get(n)
                    if pid is not None:
                        result.warm_s[pid] = min(result.warm_s.get(pid, done), done)
                if len(workers) == self.workers and all(pid in result.warm_s for pid in workers):
                    result.warm_s = {pid: result.warm_s[pid] for pid in workers}
                    return result
            sys.exit(f"error: the workers were not warm after {timeout:.0f} s; see {self.err_path}")
        finally:
            stop.set()
            for t in probes:
                t.join(timeout=3600)
            result.probes = len(answered)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's master stops its workers
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Cpu:
    """CPU time of the server's workers (/proc/PID/schedstat, nanoseconds; each worker is one thread once its
    engine is built).  Requests are sequential, so the change across one is that request's CPU in the worker
    that answered it (the database server's work on PostgreSQL is not in it)."""

    def __init__(self, pids: list[int]):
        self.paths = [f"/proc/{pid}/schedstat" for pid in pids]

    def __call__(self) -> float:
        total = 0
        for path in self.paths:
            with open(path) as f:
                total += int(f.read().split()[0])
        return total / 1e9


# --- measuring ----------------------------------------------------------------------------------

def run_searches(client: Client, cpu: Cpu, queries) -> tuple[list, list[list[int]], int]:
    """Each query once: (seconds, returned names, CPU seconds in the server) per query, as bench/matching's
    summarise wants; the returned person ids; how many answers were not 200."""
    results, ids, errors = [], [], 0
    for q in queries:
        before = cpu()
        seconds, status, body = client.get(search_path(q.text))
        used = cpu() - before
        hits = json.loads(body) if status == 200 else []
        errors += status != 200
        results.append((seconds, [h["name"] for h in hits], used))
        ids.append([h["person_id"] for h in hits])
    return results, ids, errors


def overall(results) -> dict:
    """p50/p95 of wall-clock and of the server's CPU time over all of ``results``, in ms."""
    wall = [r[0] for r in results]
    used = [r[2] for r in results if r[2] is not None]
    return {"n": len(wall), "p50_ms": 1000 * statistics.median(wall), "p95_ms": matching._p(wall, 0.95),
            "cpu95_ms": matching._p(used, 0.95) if used else None}


@contextmanager
def environ(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=("sqlite", "postgresql"), required=True)
    ap.add_argument("--size", type=int, help="persons (default 100,000 on SQLite, 1,000,000 on PostgreSQL)")
    ap.add_argument("--queries", type=int, default=600,
                    help="real-spelling queries (named and typo: half as many each), as bench/matching")
    ap.add_argument("--floor", type=int, default=600, help="plain GETs of random persons")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--database-url", default=DEFAULT_PG + "polon_bench_search",
                    help="--db postgresql: the database polon serves (dropped and recreated; name polon_bench…)")
    ap.add_argument("--trgm-url", default=DEFAULT_PG + "polon_bench_search_trgm",
                    help="the database pg_trgm's table is made in (created if absent; name polon_bench…)")
    ap.add_argument("--data-dir", type=Path, help="POLON_DATA_DIR (default: a temporary directory, removed)")
    ap.add_argument("--reuse", action="store_true",
                    help="serve the database of an earlier run with the same --size/--seed instead of a fresh one")
    ap.add_argument("--load-only", action="store_true",
                    help="make the database (with --data-dir on SQLite) and stop: later runs serve it with --reuse")
    ap.add_argument("--no-trgm", action="store_true", help="leave out the pg_trgm peer")
    ap.add_argument("--start", choices=("eager", "gentle"), default="eager",
                    help="eager: search from the launch on (as users would); gentle: only once every worker's "
                         "engine is built")
    ap.add_argument("--start-timeout", type=float, default=3600)
    args = ap.parse_args()
    size = args.size or DEFAULT_SIZE[args.db]
    check_own(args.trgm_url)
    if args.db == "postgresql":
        check_own(args.database_url)
    try:
        matching.data_dir()
    except matching.DataMissing as e:
        sys.exit(f"error: {e}")

    workdir = Path(tempfile.mkdtemp(prefix="polon-bench-search-"))
    data_dir = (args.data_dir or workdir / "data").resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "POLON_USER", "POLON_PURE_PYTHON")}
    env.update(POLON_DATA_DIR=str(data_dir), POLON_SECRET_KEY=secrets.token_urlsafe(48),
               POLON_AUDIT_KEY="bench-search-audit-key-" + "a" * 32,
               DJANGO_SETTINGS_MODULE="polon.settings")
    if args.db == "postgresql":
        env["DATABASE_URL"] = args.database_url
    from polon._native import status as native_status

    say(f"polon search through HTTP: {size:,} persons on {args.db}, {args.workers} workers; "
        f"polon.names / polon.matching: {native_status()}")
    say(f"machine speed: {matching.machine_speed_us():.2f} us for sum(range(1000)); {load_line('start')}")

    began = time.perf_counter()
    registry, queries, warm = matching.build_workload(size, args.queries, args.seed)
    say(f"workload: {len(registry):,} persons, {len(queries)} queries "
        f"({', '.join(f'{k} {sum(q.kind == k for q in queries)}' for k in ('real', 'named', 'typo'))}), "
        f"{len(warm)} warm-up queries; {time.perf_counter() - began:.0f} s")

    if args.db == "postgresql" and not args.reuse:
        recreate_database(args.database_url)
    if args.db == "sqlite" and not args.reuse and (data_dir / "polon.sqlite3").exists():
        sys.exit(f"error: {data_dir} holds a database already (--reuse to serve it)")
    polon(env, "migrate")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    began = time.perf_counter()
    if args.reuse:
        fixture = read_fixture(registry)
        say(f"fixture: reused, {len(fixture.pks):,} persons")
    else:
        fixture = load_fixture(registry, args.seed)
        say(f"fixture: {len(fixture.pks):,} persons loaded in bulk in {time.perf_counter() - began:.0f} s "
            f"({load_line('after loading')})")
    tokens = make_users(env)
    connections.close_all()
    if args.load_only:
        if args.data_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        return

    server = Server(env, workdir, args.workers)
    say(f"server: polon serve --bind 127.0.0.1:{server.port} --workers {args.workers} --no-worker; "
        f"{load_line('launch')}")
    try:
        measured = measure(server, tokens, registry, queries, warm, fixture, args)
    finally:
        server.stop()
    peer = None
    if not args.no_trgm:
        say(f"pg_trgm: {len(registry):,} names into {database_name(args.trgm_url)}; {load_line('start')}")
        try:
            ensure_database(args.trgm_url)
            with environ(DATABASE_URL=args.trgm_url):
                build, _peak, _base, results = matching.run_pg(registry, queries, warm)
            peer = matching.summarise(queries, build, None, None, results)
            peer["all"] = overall(results)
            say(f"pg_trgm: loaded and indexed in {build:.0f} s; {load_line('end')}")
        except Exception as e:  # noqa: BLE001 - the peer is skipped with the reason
            say(f"pg_trgm skipped: {type(e).__name__}: {e}")
    report(args.db, size, measured, peer)
    if args.data_dir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        say(f"server logs in {workdir}")


def start_up(server: Server, token: str, probe_texts: list[str], args) -> StartUp:
    """Launch the server and wait until both workers' engines are warm.  Eager (the default) searches from the
    launch on, as users would; if gunicorn kills workers meanwhile (a search waiting for the build outlasts
    the worker timeout `polon serve` gives gunicorn), that is reported and the server is launched again,
    searching only once every worker is built."""
    gentle = args.start == "gentle"
    server.start()
    start = server.wait_warm(token, probe_texts, args.start_timeout, gentle=gentle,
                             give_up_after_timeouts=0 if gentle else 2)
    if start.timeouts and not start.warm_s:
        say(f"start-up (eager): gunicorn killed {start.timeouts} workers in the first "
            f"{time.perf_counter() - server.began:.0f} s, each while a search waited for its engine's build "
            f"(WORKER TIMEOUT in {server.err_path}); launching again, searching only once every worker is built")
        server.stop()
        server.start()
        start = server.wait_warm(token, probe_texts, args.start_timeout, gentle=True)
        start.mode = "gentle, after eager failed"
    return start


def measure(server: Server, tokens, registry, queries, warm, fixture: Fixture, args) -> dict:
    start = start_up(server, tokens["analyst"], [q.text for q in warm], args)
    memory = {pid: memory_mb(pid) for pid in start.warm_s}
    say(f"start-up ({start.mode}): first answer {start.answering_s:.1f} s after launch; engine warm (a search "
        f"answered in under {FAST_S * 1000:.0f} ms) in "
        + ", ".join(f"worker {pid} at {s:.1f} s" for pid, s in start.warm_s.items())
        + f" ({start.probes} probe searches, {start.timeouts} worker timeouts); {load_line('warm')}")
    say("memory per worker after warm-up: " + ", ".join(
        f"{pid} {rss:.0f} MB (peak {hwm:.0f})" for pid, (rss, hwm) in memory.items()))

    if args.db == "postgresql":
        say(f"change-log rows every catch-up reads again now: {rereads(args.database_url)} (0 unless a "
            "transaction older than the fixture's is still running on the server)")
    cpu = Cpu(list(start.warm_s))
    analyst, liaison = Client(server.port, tokens["analyst"]), Client(server.port, tokens["liaison"])
    rnd = random.Random(args.seed + 3)
    floor_ids = [rnd.choice(fixture.pks) for _ in range(args.floor)]
    for q in warm:  # untimed, as bench/matching: a serving engine is warm, and so are the database's buffers
        analyst.get(search_path(q.text))
        liaison.get(search_path(q.text))
    for pk in rnd.sample(fixture.pks, 50):
        analyst.get(f"/api/persons/{pk}")

    say(f"searching: {len(queries)} queries as an analyst; {load_line('start')}")
    results, _ids, errors = run_searches(analyst, cpu, queries)
    polon_rows = matching.summarise(queries, 0.0, None, None, results)
    polon_rows.update(all=overall(results), errors=errors)

    say(f"plain GET: {len(floor_ids)} random persons; {load_line('start')}")
    floor, floor_errors = [], 0
    for pk in floor_ids:
        before = cpu()
        seconds, status, _ = analyst.get(f"/api/persons/{pk}")
        floor.append((seconds, [], cpu() - before))
        floor_errors += status != 200

    say(f"liaison ({LIAISON_COUNTRY}): the same {len(queries)} queries; {load_line('start')}")
    lresults, lids, lerrors = run_searches(liaison, cpu, queries)
    outside = sum(1 for ids in lids for pk in ids if LIAISON_COUNTRY not in fixture.held.get(pk, ()))
    in_scope_names = {fixture.names[pk] for pk in fixture.pks if LIAISON_COUNTRY in fixture.held[pk]}
    mine = [(q, r) for q, r in zip(queries, lresults, strict=True) if q.target in in_scope_names]
    lrows = matching.summarise([q for q, _ in mine], 0.0, None, None, [r for _, r in mine]) if mine else {"rows": {}}
    lrows.update(all=overall(lresults), errors=lerrors, outside=outside, hits=sum(map(len, lids)),
                 by_kind={k: overall([r for q, r in zip(queries, lresults, strict=True) if q.kind == k])
                          for k in ("real", "named", "typo")})
    if args.db == "postgresql":
        say(f"change-log rows every catch-up reads again now: {rereads(args.database_url)}")
    after = {pid: memory_mb(pid) for pid in server.worker_pids()}
    say("memory per worker after the queries: " + ", ".join(
        f"{pid} {rss:.0f} MB (peak {hwm:.0f})" for pid, (rss, hwm) in after.items()) + f"; {load_line('end')}")
    return {"start": start, "memory": memory, "after": after, "polon": polon_rows, "liaison": lrows,
            "floor": overall(floor), "floor_errors": floor_errors}


# --- the report ---------------------------------------------------------------------------------

KINDS = ("real", "real*", "real✓", "named", "named*", "named✓", "named~", "typo", "typo~")


def row_line(system: str, kind: str, row: dict) -> str:
    cpu = f"{row['cpu95_ms']:8.2f}" if row.get("cpu95_ms") is not None else f"{'-':>8}"
    r = f" {row['r1']:6.3f} {row['r10']:6.3f}" if "r1" in row else ""
    return f"{system:14} {kind:9} {row['n']:5d} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {cpu}{r}"


def report(db: str, size: int, m: dict, peer: dict | None) -> None:
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    say("")
    say(f"== {size:,} persons, {db} ==  (uptime at the end: {uptime})")
    start = m["start"]
    say(f"start-up, launch to a fast search from every worker ({start.mode}): {max(start.warm_s.values()):.1f} s; "
        "memory per worker (VmRSS after warm-up): " + ", ".join(f"{rss:.0f} MB" for rss, _ in m["memory"].values())
        + "; after the queries: " + ", ".join(f"{rss:.0f} MB" for rss, _ in m["after"].values()))
    say(f"{'system':14} {'kind':9} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'cpu95 ms':>8} {'R@1':>6} {'R@10':>6}")
    polon, liaison, floor = m["polon"], m["liaison"], m["floor"]
    for system, summary in (("polon HTTP", polon), ("pg_trgm", peer)):
        if summary:
            for kind in KINDS:
                if kind in summary["rows"]:
                    say(row_line(system, kind, summary["rows"][kind]))
            say(row_line(system, "all", summary["all"]))
    say(row_line("plain GET", "person", floor))
    for kind, row in liaison["by_kind"].items():
        say(row_line("liaison KZ", kind, row))
    say(row_line("liaison KZ", "all", liaison["all"]))
    for kind in ("real", "named", "typo"):
        row = liaison["rows"].get(kind)
        if row:
            say(f"{'liaison KZ':14} {kind + '∈KZ':9} {row['n']:5d} {'':8} {'':8} {'':8} {row['r1']:6.3f} "
                f"{row['r10']:6.3f}  (queries whose target's name a KZ citizen bears)")
    say(f"answers other than 200: {polon['errors']} polon, {m['floor_errors']} plain GET, {liaison['errors']} "
        f"liaison; liaison hits outside KZ: {liaison['outside']} of {liaison['hits']}")
    say("(cpu95: the serving worker's CPU time per request, p95; PostgreSQL's own work is not in it)")

    say("")
    p95, f95 = polon["all"]["p95_ms"], floor["p95_ms"]
    ratio = p95 / f95
    say(f"polon p95 / plain GET p95: {p95:.2f} / {f95:.2f} ms = {ratio:.2f}x (target <= {TARGET_FLOOR_RATIO:.0f}x: "
        f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'missed'}); by kind "
        + ", ".join(f"{k} {polon['rows'][k]['p95_ms'] / f95:.2f}x" for k in ("real", "named", "typo"))
        + f"; in CPU {polon['all']['cpu95_ms']:.2f} / {floor['cpu95_ms']:.2f} ms = "
          f"{polon['all']['cpu95_ms'] / floor['cpu95_ms']:.2f}x")
    target = TARGET_P95_MS[db]
    say(f"polon p95: {p95:.2f} ms (target <= {target:.0f} ms for {DEFAULT_SIZE[db]:,} persons on {db}: "
        f"{'met' if p95 <= target else 'missed'}); worst kind "
        f"{max(polon['rows'][k]['p95_ms'] for k in ('real', 'named', 'typo')):.2f} ms")
    say(f"liaison p95 / analyst p95: {liaison['all']['p95_ms']:.2f} / {p95:.2f} ms = "
        f"{liaison['all']['p95_ms'] / p95:.2f}x")
    if peer:
        parts = []
        for kind in ("real", "real✓", "named", "named~", "typo", "typo~"):
            a, b = polon["rows"].get(kind), peer["rows"].get(kind)
            if a and b:
                parts.append(f"{kind} {a['r10']:.3f}/{b['r10']:.3f} = "
                             + (f"{a['r10'] / b['r10']:.2f}x" if b["r10"] else "inf"))
        say("polon R@10 vs pg_trgm: " + "; ".join(parts) + f"; p95 {p95:.2f} / {peer['all']['p95_ms']:.2f} ms")


if __name__ == "__main__":
    main()
