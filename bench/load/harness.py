"""What bench/load/run.py and bench/jobs/run.py share: the databases they serve, `polon serve` on loopback,
and the machine's load.

Fixtures are made once and kept in a cache (default /tmp/polon-bench-load, or $POLON_BENCH_CACHE); every run
serves a fresh copy of one (a copied SQLite directory, or a PostgreSQL database created from the fixture's as
its template), so a run's writes never reach the next run.

    demo   `polon demo --no-serve`: the fictional demo data and its users (password demo-polon-2025)
    100k   the demo data, then bench/pages/make_persons.py up to 100,000 persons in all (bulk, visibly
           fictional, statuses derived by lifecycle.derive, an unbroken audit chain)

PostgreSQL databases are all named polon_load_… (the fixtures, and polon_load_run… copies) and only these are
dropped or created.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("POLON_BENCH_CACHE", "/tmp/polon-bench-load"))
DEFAULT_PG = "postgresql://polon:polon@127.0.0.1:5432/"
PREFIX = "polon_load_"
SIZES = {"demo": None, "100k": 100_000}


def say(text: str) -> None:
    print(text, flush=True)


def uptime() -> str:
    """The `uptime` line (its load averages are those of the whole shared machine)."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def load_avg() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def polon_bin() -> str:
    beside = Path(sys.executable).parent / "polon"
    found = str(beside) if beside.exists() else shutil.which("polon")
    if not found:
        sys.exit("error: the polon command is not installed (make install)")
    return found


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "POLON_DATA_DIR", "POLON_USER", "POLON_PURE_PYTHON", "POLON_DEMO")}
    env.update(POLON_SECRET_KEY=secrets.token_urlsafe(48), DJANGO_SETTINGS_MODULE="polon.settings",
               POLON_AUDIT_KEY="bench-load-audit-key-" + "a" * 32,
               PYTHONUNBUFFERED="1")
    # The benchmarks' own clients (bench/jobs' reader and others) log in by password alone: the second factor
    # `polon serve` requires is optional for them; bench/load serves with it required, and its simulated staff
    # pass it (bench/load/run.py: a recovery code each).
    env["POLON_SECOND_FACTOR"] = "optional"
    return env


def run(env: dict[str, str], *argv: str, log: Path | None = None, timeout: float = 3600) -> str:
    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, timeout=timeout)
    if log is not None:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(argv)}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    return done.stdout.strip()


# --- PostgreSQL ---------------------------------------------------------------------------------

def pg_url(base: str, name: str) -> str:
    if not name.startswith(PREFIX):
        raise ValueError(f"{name}: this benchmark only touches databases named {PREFIX}…")
    return urlunsplit(urlsplit(base)._replace(path="/" + name))


def _admin(base: str):
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(base)._replace(path="/postgres")), autocommit=True,
                           connect_timeout=10)


def pg_exists(base: str, name: str) -> bool:
    with _admin(base) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def pg_create(base: str, name: str, template: str | None = None) -> str:
    """Drop ``name`` if it exists and create it (as a copy of ``template``); its URL."""
    from psycopg import sql

    url = pg_url(base, name)
    if template:
        pg_url(base, template)
    with _admin(base) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        conn.execute(query)
    return url


def pg_drop(base: str, name: str) -> None:
    from psycopg import sql

    pg_url(base, name)
    with _admin(base) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- fixtures -----------------------------------------------------------------------------------

def _make_persons(env: dict[str, str], count: int, log: Path) -> None:
    run(env, sys.executable, str(REPO / "bench" / "pages" / "make_persons.py"), "--count", str(count), log=log,
        timeout=7200)


def fixture(db: str, data: str, pg_base: str, log: Path) -> dict[str, str]:
    """The environment of the cached fixture ``data`` on ``db``, made first if absent."""
    env = base_env()
    marker = CACHE / f"{db}-{data}.ready"
    if db == "sqlite":
        where = CACHE / f"sqlite-{data}"
        env["POLON_DATA_DIR"] = str(where)
        if marker.exists():
            return env
        shutil.rmtree(where, ignore_errors=True)
        began = time.perf_counter()
        if data == "demo":
            run(env, polon_bin(), "demo", "--no-serve", log=log)
        else:
            shutil.copytree(fixture(db, "demo", pg_base, log)["POLON_DATA_DIR"], where)
            _make_persons(env, SIZES[data], log)
    else:
        name = PREFIX + data
        env["DATABASE_URL"] = pg_url(pg_base, name)
        env["POLON_DATA_DIR"] = str(CACHE / f"pg-{data}-files")
        if marker.exists() and pg_exists(pg_base, name):
            return env
        began = time.perf_counter()
        if data == "demo":
            pg_create(pg_base, name)
            run(env, polon_bin(), "demo", "--no-serve", log=log)
        else:
            fixture(db, "demo", pg_base, log)
            pg_create(pg_base, name, template=PREFIX + "demo")
            shutil.rmtree(env["POLON_DATA_DIR"], ignore_errors=True)
            shutil.copytree(CACHE / "pg-demo-files", env["POLON_DATA_DIR"], dirs_exist_ok=True)
            _make_persons(env, SIZES[data], log)
    marker.write_text(f"made in {time.perf_counter() - began:.0f} s; {uptime()}\n")
    say(f"fixture {db}/{data}: made in {time.perf_counter() - began:.0f} s ({load_avg()})")
    return env


def fresh_copy(db: str, data: str, pg_base: str, workdir: Path, log: Path, tag: str = "run") -> dict[str, str]:
    """A copy of the fixture for one run to write to; its environment."""
    CACHE.mkdir(parents=True, exist_ok=True)
    source = fixture(db, data, pg_base, log)
    env = dict(source)
    target = workdir / f"{db}-{data}-{tag}"
    shutil.rmtree(target, ignore_errors=True)
    if db == "sqlite":
        shutil.copytree(source["POLON_DATA_DIR"], target)
    else:
        if Path(source["POLON_DATA_DIR"]).exists():
            shutil.copytree(source["POLON_DATA_DIR"], target)
        env["DATABASE_URL"] = pg_create(pg_base, f"{PREFIX}{tag}", template=PREFIX + data)
    target.mkdir(parents=True, exist_ok=True)
    env["POLON_DATA_DIR"] = str(target)
    env["POLON_SECRET_KEY"] = secrets.token_urlsafe(48)
    run(env, polon_bin(), "migrate", log=log)  # a fixture cached by an older commit gets the newer schema
    return env


# --- the server -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`polon serve --bind 127.0.0.1:PORT --workers N` (gunicorn and one job worker), in its own session."""

    def __init__(self, env: dict[str, str], workdir: Path, workers: int = 2, job_worker: bool = True):
        self.env, self.workdir, self.workers, self.job_worker = env, workdir, workers, job_worker
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.out = self.workdir / f"server-{self.port}.access.log"
        self.err = self.workdir / f"server-{self.port}.err.log"
        argv = [polon_bin(), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        if not self.job_worker:
            argv.append("--no-worker")
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen(argv, env=self.env, stdout=out, stderr=err, start_new_session=True)
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # `polon serve` stops gunicorn and its job worker
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()

    def gunicorn_workers(self) -> list:
        import psutil

        assert self.process is not None
        out = []
        for p in psutil.Process(self.process.pid).children(recursive=True):
            try:
                parent = p.parent()
                if parent and "gunicorn" in " ".join(parent.cmdline()) and parent.pid != self.process.pid:
                    out.append(p)
            except psutil.Error:
                pass
        return out

    def wait_ready(self, token: str, query: str, timeout: float = 900) -> float:
        """Until every gunicorn worker has built its search engine (its build thread ended) and a search
        answers fast; seconds from launch. A search keeps both workers busy meanwhile, as users would."""
        import threading
        import urllib.error
        import urllib.request

        began = time.perf_counter()
        stop = threading.Event()

        def ask() -> float | None:
            request = urllib.request.Request(f"{self.url}/api/persons/search?q={urllib.parse.quote(query)}",
                                             headers={"Authorization": f"Bearer {token}"})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as r:
                    r.read()
                return time.perf_counter() - t
            except (urllib.error.URLError, OSError):
                return None

        def poke() -> None:
            while not stop.is_set():
                if ask() is None:
                    time.sleep(0.2)

        import urllib.parse

        pokers = [threading.Thread(target=poke, daemon=True) for _ in range(self.workers)]
        for t in pokers:
            t.start()
        try:
            while time.perf_counter() - began < timeout:
                assert self.process is not None
                if self.process.poll() is not None:
                    sys.exit(f"error: polon serve stopped (exit {self.process.returncode}); see {self.err}")
                workers = self.gunicorn_workers()
                if len(workers) == self.workers and all(w.num_threads() == 1 for w in workers):
                    stop.set()
                    for t in pokers:
                        t.join(timeout=130)
                    fast = [ask() for _ in range(4 * self.workers)]
                    if all(s is not None and s < 0.5 for s in fast):
                        return time.perf_counter() - began
                    stop.clear()
                    pokers = [threading.Thread(target=poke, daemon=True) for _ in range(self.workers)]
                    for t in pokers:
                        t.start()
                time.sleep(0.5)
            sys.exit(f"error: the server was not ready after {timeout:.0f} s; see {self.err}")
        finally:
            stop.set()

    def problems(self) -> dict[str, int]:
        """Counts in the server's logs: 5xx answers, tracebacks, 'database is locked', worker timeouts. A login
        answered 503 "busy, try again" (the bound on login work, polon.accounts.logins) is counted apart: it is
        the server protecting its other users, not an error."""
        import re

        access = self.out.read_text(errors="replace") if self.out.exists() else ""
        err = self.err.read_text(errors="replace") if self.err.exists() else ""
        busy_logins = len(re.findall(r'"POST /login/[^"]*" 503 ', access))
        return {"5xx": len(re.findall(r'" 5\d\d ', access)) - busy_logins, "busy logins (503)": busy_logins,
                "tracebacks": err.count("Traceback"),
                "database is locked": (err + access).lower().count("database is locked"),
                "worker timeouts": err.count("WORKER TIMEOUT")}


def seconds(text: str) -> float:
    """locust's run time ("60s", "2m", "1h30m") in seconds."""
    import re

    parts = re.findall(r"(\d+)([hms]?)", text)
    return sum(int(n) * {"h": 3600, "m": 60, "s": 1, "": 1}[unit] for n, unit in parts)
