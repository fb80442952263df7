"""Issue 24: what auditing bulk reads costs. Each GET /api/persons records one persons.read event with the ids
it returned (polon.audit.reads, written once per request). Against gunicorn on loopback (2 workers, as `polon
serve`), serving a fresh copy of the demo fixture of bench/load, compare the ordinary application ("audited")
with a control whose read notes are switched off ("unaudited", bench/audit/unaudited_wsgi.py):

  sequential   one client, GET /api/persons?limit=50 and ?limit=500, N times each: p50/p95/mean latency
  concurrent   100 threads at once, each GET /api/persons?limit=50&offset=… R times: wall time, throughput,
               p50/p95, errors

The two are run alternately (audited, unaudited, audited, unaudited) so that the shared machine's load drifts
over both. Then, in process on the audited copy, the write of one read note alone (bench/audit/micro.py), and
`polon audit verify`, which must pass.

    .venv/bin/python bench/audit/run.py                     # SQLite, 2 rounds
    .venv/bin/python bench/audit/run.py --db postgresql --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "load"))

import harness  # noqa: E402

APPS = {"audited": "polon.wsgi:application", "unaudited": "bench.audit.unaudited_wsgi:application"}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Gunicorn(harness.Server):
    """gunicorn serving one of APPS with `polon serve`'s options (no job worker: nothing is queued here)."""

    def __init__(self, env: dict[str, str], workdir: Path, app: str, workers: int = 2):
        super().__init__(env | {"PYTHONPATH": os.pathsep.join([str(harness.REPO), str(harness.REPO / "src")])},
                         workdir, workers=workers, job_worker=False)
        self.app = app

    def __enter__(self) -> Gunicorn:
        self.out = self.workdir / f"server-{self.port}.access.log"
        self.err = self.workdir / f"server-{self.port}.err.log"
        argv = [sys.executable, "-m", "gunicorn", self.app, "--bind", f"127.0.0.1:{self.port}", "--workers",
                str(self.workers), "--timeout", "180", "--no-control-socket"]
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen(argv, env=self.env, stdout=out, stderr=err, start_new_session=True,
                                            cwd=harness.REPO)
        return self

    def gunicorn_workers(self) -> list:
        import psutil

        assert self.process is not None
        return psutil.Process(self.process.pid).children()


def timed_get(session, url: str) -> tuple[float, int]:
    began = time.perf_counter()
    response = session.get(url, timeout=120)
    response.content  # noqa: B018 (read the whole body)
    return time.perf_counter() - began, response.status_code


def sequential(server: Gunicorn, token: str, count: int) -> dict:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    out = {}
    for limit in (50, 500):
        times, bad = [], 0
        for i in range(count):
            seconds, status = timed_get(session, f"{server.url}/api/persons?limit={limit}&offset={(i * 37) % 1900}")
            times.append(seconds)
            bad += status != 200
        out[f"limit={limit}"] = {"n": count, "p50_ms": 1000 * percentile(times, 50),
                                 "p95_ms": 1000 * percentile(times, 95), "mean_ms": 1000 * statistics.mean(times),
                                 "non_200": bad}
    return out


def concurrent(server: Gunicorn, token: str, threads: int, repeat: int) -> dict:
    import requests

    times: list[float] = []
    bad = [0]
    lock = threading.Lock()
    start = threading.Barrier(threads + 1)

    def client(n: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        start.wait()
        for r in range(repeat):
            try:
                seconds, status = timed_get(session, f"{server.url}/api/persons?limit=50&offset={(n * 7 + r) % 2000}")
            except Exception:  # noqa: BLE001 (a refused or timed-out connection counts as an error)
                seconds, status = float("nan"), 0
            with lock:
                if status == 200:
                    times.append(seconds)
                else:
                    bad[0] += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    start.wait()
    began = time.perf_counter()
    for w in workers:
        w.join()
    wall = time.perf_counter() - began
    return {"threads": threads, "requests": threads * repeat, "wall_s": wall,
            "per_s": len(times) / wall if wall else 0.0, "p50_ms": 1000 * percentile(times, 50),
            "p95_ms": 1000 * percentile(times, 95), "max_ms": 1000 * max(times, default=float("nan")),
            "errors": bad[0]}


def audit_rows(env: dict[str, str]) -> dict:
    script = ("import json, django; django.setup(); from polon.audit.models import AuditEvent as E; "
              "from django.db.models.functions import Length; from django.db.models import Sum, Count; "
              "q = E.objects.filter(action='persons.read'); "
              "print(json.dumps(q.aggregate(n=Count('id'), bytes=Sum(Length('changes')))))")
    out = subprocess.run([sys.executable, "-c", script], env=env | {"DJANGO_SETTINGS_MODULE": "polon.settings"},
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg", default=harness.DEFAULT_PG)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--count", type=int, default=200, help="sequential requests per limit")
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="requests per concurrent thread")
    parser.add_argument("--out", type=Path, default=HERE.parent / "results" / "audit.json")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="polon-bench-audit-"))
    log = workdir / "bench.log"
    harness.say(f"{harness.uptime()}\nworkdir {workdir}")
    results: dict = {"db": args.db, "machine": harness.uptime(), "runs": []}
    copies = {}
    for mode in APPS:
        env = harness.fresh_copy(args.db, "demo", args.pg, workdir, log, tag=f"audit_{mode}")
        token = harness.run(env, harness.polon_bin(), "--as", "admin", "token", "create", "--user", "analyst",
                            "--name", "bench-audit", log=log).strip().splitlines()[-1]
        copies[mode] = (env, token)
    for round_number in range(1, args.rounds + 1):
        for mode, app in APPS.items():
            env, token = copies[mode]
            before = audit_rows(env)
            with Gunicorn(env, workdir, app) as server:
                ready = server.wait_ready(token, "Ermek Katyrenov")
                run = {"round": round_number, "mode": mode, "ready_s": ready, "load_before": harness.load_avg(),
                       "sequential": sequential(server, token, args.count),
                       "concurrent": concurrent(server, token, args.threads, args.repeat),
                       "load_after": harness.load_avg(), "problems": server.problems()}
            after = audit_rows(env)
            run["persons_read_events"] = after["n"] - before["n"]
            run["persons_read_bytes"] = (after["bytes"] or 0) - (before["bytes"] or 0)
            results["runs"].append(run)
            harness.say(json.dumps(run))
    micro = subprocess.run([sys.executable, str(HERE / "micro.py"), "300"], capture_output=True, text=True,
                           env=copies["audited"][0] | {"DJANGO_SETTINGS_MODULE": "polon.settings"})
    results["in_process"] = json.loads(micro.stdout.strip().splitlines()[-1]) if micro.returncode == 0 else micro.stderr
    harness.say(f"in process: {results['in_process']}")
    verified = subprocess.run([harness.polon_bin(), "audit", "verify"], env=copies["audited"][0],
                              capture_output=True, text=True)
    results["audit_verify"] = (verified.stdout + verified.stderr).strip()
    harness.say(f"audit verify (audited copy): {results['audit_verify']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    harness.say(f"written {args.out}")
    return 0 if verified.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
