"""Long work with 100,000 persons in the registry: reconciliation, bulk import, and reading records while jobs run.

    .venv/bin/python bench/jobs/run.py [--db sqlite,postgresql] [--rows 1000,10000] [--files 200]

For each database, a fresh copy of bench/load's 100k fixture (demo data + bench/pages/make_persons.py) is
served by `polon serve --bind 127.0.0.1:PORT --workers 2` (gunicorn and its job worker), then:

1. reconcile: a CSV list of the other side (name, birth_date) made from registry captives' names in Latin
   spellings (each a random romanisation scheme of polon.names.latin_spellings), 20 % unknown names, is
   reconciled as users do it, `polon --as analyst reconcile FILE --round N` (the command queues the job,
   the server's worker runs it, the command waits); wall time of the command. A 20-line list first warms
   the worker's search engine; its time is printed as the cold start.
2. import: `polon --as registrar import persons FILE.jsonl` of 10,000 generated persons (polon.demo
   .person_files); persons/s of the command (bench/imports/ measures the service's phases).
3. record opens: two clients, logged in as the analyst, GET /persons/ID/ back to back: first with nothing
   else running (the floor, --opens requests), then while a reconcile of --during-rows lines and an ingest of
   --files text files run as jobs (queued with --no-wait; a second `polon worker` runs beside the server's,
   so both jobs run at once), until both jobs end. p50/p95/p99, errors (any answer but 200), and the
   server log's 5xx, tracebacks and "database is locked".

Prints the machine's `uptime` with every figure. Figures only, not a test. See README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "load"))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import harness  # noqa: E402

TARGETS = {"reconcile": {1000: 10.0, 10000: 60.0}, "import_per_s": 1000.0, "open_p95_ms": 300.0}
SYLLABLES = ("ka", "ro", "mi", "tu", "lef", "shan", "dor", "vel", "zup", "nak", "bri", "tos", "gul", "em")


def say(text: str) -> None:
    harness.say(text)


# --- inputs, made inside the database's environment (child process) ---------------------------------------

def make_inputs(out: Path, rows: list[int], files: int, seed: int) -> None:
    import django

    django.setup()
    from polon.demo.person_files import generated_persons, render
    from polon.names import Script, detect_script, latin_spellings
    from polon.registry.models import Person, PersonName

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    captives = list(Person.objects.filter(category__in=("pow", "civilian")).values_list("pk", "birth_date"))
    for n in rows:
        picked = rng.sample(captives, n)
        names = dict(PersonName.objects.filter(person_id__in=[pk for pk, _ in picked], is_primary=True)
                     .values_list("person_id", "text"))
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["name", "birth_date"])
        seen = set()
        for pk, born in picked:
            if rng.random() < 0.2:  # a name the registry does not hold
                name = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                                for _ in range(2))
                born = f"{rng.randint(1965, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            else:
                text = names.get(pk, "")
                spellings = list(latin_spellings(text).values()) if detect_script(text) == Script.CYRILLIC else []
                # the other side writes Latin: a name recorded in another script (Devanagari) is left out
                name = rng.choice(spellings) if spellings else text if detect_script(text) == Script.LATIN else ""
            if not name or (name.casefold(), born) in seen:
                continue
            seen.add((name.casefold(), born))
            writer.writerow([name, born])
        (out / f"list-{n}.csv").write_text(buf.getvalue(), encoding="utf-8")
    (out / "list-warm.csv").write_text("name,birth_date\nIvan Petrov,1990\n" + "".join(
        f"{''.join(rng.choice(SYLLABLES) for _ in range(3)).title()} Benchov,\n" for _ in range(19)), encoding="utf-8")
    (out / "persons-10000.jsonl").write_bytes(render(generated_persons(10_000, seed=seed, first_serial=500_001),
                                                     "jsonl"))
    (out / "persons-1000.jsonl").write_bytes(render(generated_persons(1_000, seed=seed + 1, first_serial=600_001),
                                                    "jsonl"))
    docs = out / "ingest"
    docs.mkdir(exist_ok=True)
    sample = rng.sample(captives, files * 3)
    texts = dict(PersonName.objects.filter(person_id__in=[pk for pk, _ in sample], is_primary=True)
                 .values_list("person_id", "text"))
    for i in range(files):
        who = [texts.get(pk, "") for pk, _ in sample[3 * i:3 * i + 3]]
        day = f"{rng.randint(1, 28)}.{rng.randint(1, 12):02d}.2025"
        (docs / f"note-{i:04d}.txt").write_text(
            f"ФИКТИВНЫЙ ТЕКСТ ДЛЯ ТЕСТА НАГРУЗКИ № {i}, не о реальных людях.\n\n"
            f"{day} военнопленный {who[0]} был переведён в лагерь Bench town {rng.randint(1, 300)}. "
            f"По словам родственников, {who[1]} находится в госпитале с {day}. "
            f"{who[2]} освобождён в ходе обмена {day}.\n", encoding="utf-8")


# --- record opens over HTTP ----------------------------------------------------------------------------------

class Opener:
    """One analyst session opening person pages back to back."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, url: str, password: str):
        import requests

        self.url, self.session = url, requests.Session()
        page = self.session.get(f"{url}/login/", timeout=60)
        r = self.session.post(f"{url}/login/", allow_redirects=False, timeout=60, data={
            "username": "analyst", "password": password, "csrfmiddlewaretoken": self.CSRF.search(page.text)[1]})
        if r.status_code != 302:
            sys.exit(f"error: login as analyst: HTTP {r.status_code}")

    def open(self, pk: int) -> tuple[float, int]:
        began = time.perf_counter()
        try:
            status = self.session.get(f"{self.url}/persons/{pk}/", allow_redirects=False, timeout=120).status_code
        except OSError:
            status = 0
        return (time.perf_counter() - began) * 1000, status


def open_records(openers: list[Opener], ids: list[int], *, count: int | None = None, until=None,
                 cap_s: float = 1800) -> dict:
    """The sessions (logged in beforehand) open random records back to back: ``count`` in all, or until
    ``until()``."""
    times: list[float] = []
    statuses: dict[int, int] = {}
    lock, stop = threading.Lock(), threading.Event()
    rng = random.Random(7)
    began = time.perf_counter()

    def client(opener: Opener) -> None:
        while not stop.is_set():
            with lock:
                if count is not None and len(times) >= count:
                    return
                pk = rng.choice(ids)
            ms, status = opener.open(pk)
            with lock:
                times.append(ms)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(o,), daemon=True) for o in openers]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if (until is not None and until()) or time.perf_counter() - began > cap_s:
            stop.set()
    for t in threads:
        t.join()
    ordered = sorted(times)

    def q(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else float("nan")

    return {"n": len(times), "p50": statistics.median(times) if times else float("nan"), "p95": q(0.95),
            "p99": q(0.99), "max": max(times, default=float("nan")), "errors": sum(v for k, v in statuses.items()
                                                                                if k != 200),
            "statuses": statuses, "seconds": time.perf_counter() - began}


# --- one database ------------------------------------------------------------------------------------------

def polon(env, *argv, log: Path, timeout: float = 3600) -> str:
    return harness.run(env, harness.polon_bin(), *argv, log=log, timeout=timeout)


def timed(env, *argv, log: Path, timeout: float = 3600, worker=None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (of the command, plus ``worker``'s where the job runs there) and output."""
    import resource

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_CHILDREN)
        total = own.ru_utime + own.ru_stime
        if worker is not None:
            t = worker.cpu_times()
            total += t.user + t.system
        return total

    began, used = time.perf_counter(), cpu()
    out = polon(env, *argv, log=log, timeout=timeout)
    return time.perf_counter() - began, cpu() - used, out


def job_worker(server):
    """The `polon worker` process `polon serve` started (psutil.Process)."""
    import psutil

    for p in psutil.Process(server.process.pid).children():
        try:
            if "worker" in p.cmdline():
                return p
        except psutil.Error:  # a child that has just ended (a zombie until reaped)
            continue
    sys.exit("error: polon serve started no job worker")


def job_state(url: str, token: str, job_id: int) -> dict:
    """GET /api/jobs/ID as the user who queued it (the analyst)."""
    import urllib.request

    request = urllib.request.Request(f"{url}/api/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as r:
        return json.loads(r.read())


def job_seconds(data: dict) -> float | None:
    """From queued to finished, by the job's own timestamps."""
    from datetime import datetime

    if not data.get("finished_at"):
        return None
    return (datetime.fromisoformat(data["finished_at"]) - datetime.fromisoformat(data["created_at"])).total_seconds()


def one_db(db: str, args, workdir: Path, log: Path) -> dict:
    say(f"\n== {args.data} on {db} ==")
    env = harness.fresh_copy(db, args.data, args.pg_url, workdir, log, tag="jobs")
    inputs = workdir / f"inputs-{db}"
    harness.run(env, sys.executable, str(Path(__file__).resolve()), "--make-inputs", str(inputs),
                "--rows", ",".join(map(str, sorted({*args.rows, args.during_rows}))), "--files", str(args.files),
                "--seed", str(args.seed), log=log)
    out: dict = {"db": db, "reconcile": {}, "start": harness.uptime()}
    for number in (9001, 9002, 9003):
        polon(env, "--as", "admin", "exchange", "create", str(number), "--title", f"Bench round {number} (fictional)",
              log=log)
    token = polon(env, "--as", "admin", "token", "create", "--user", "analyst", "--name", "bench-jobs", log=log)
    with harness.Server(env, workdir, workers=2) as server:
        ready = server.wait_ready(token, "Ivan Petrov")
        say(f"server ready in {ready:.0f} s; {harness.uptime()}")
        if "reconcile" in args.parts:
            worker = job_worker(server)
            seconds, cpu, _ = timed(env, "--as", "analyst", "reconcile", str(inputs / "list-warm.csv"), "--round",
                                    "9001", "--no-progress", log=log, worker=worker)
            out["reconcile"]["warm-up (20 lines, cold worker)"] = {"s": seconds, "cpu": cpu, "after": harness.uptime()}
            say(f"reconcile warm-up, 20 lines (the worker builds its search engine): {seconds:.1f} s, CPU {cpu:.1f} s")
            for n in args.rows:
                before = harness.uptime()
                seconds, cpu, text = timed(env, "--as", "analyst", "reconcile", str(inputs / f"list-{n}.csv"),
                                           "--round", "9001", "--no-progress", log=log, worker=worker)
                summary = text.splitlines()[-1] if text else ""
                out["reconcile"][n] = {"s": seconds, "cpu": cpu, "summary": summary, "before": before,
                                       "after": harness.uptime()}
                say(f"reconcile {n:,} lines: {seconds:.1f} s, CPU {cpu:.1f} s ({n / seconds:.0f} lines/s) — {summary}; "
                    f"{out['reconcile'][n]['after']}")
        if "import" in args.parts:
            out["import"] = {}
            for label, name, extra in (("duplicate check on (default)", "persons-1000.jsonl", ()),
                                       ("--no-duplicate-check", "persons-10000.jsonl", ("--no-duplicate-check",))):
                count = sum(1 for _ in open(inputs / name, encoding="utf-8"))
                before = harness.uptime()
                seconds, cpu, text = timed(env, "--as", "registrar", "import", "persons", str(inputs / name),
                                           "--no-progress", *extra, log=log)
                row = {"persons": count, "s": seconds, "cpu": cpu, "per_s": count / seconds,
                       "summary": text.splitlines()[-1] if text else "", "before": before, "after": harness.uptime()}
                out["import"][label] = row
                say(f"import {count:,} persons, {label}: {seconds:.1f} s, CPU {cpu:.1f} s "
                    f"({count / seconds:.0f} persons/s); {row['after']}")
        if "during" in args.parts:
            sample = json.loads(harness.run(env, sys.executable, str(Path(__file__).resolve()), "--ids"))
            ids, password = sample["ids"], sample["password"]
            openers = [Opener(server.url, password) for _ in range(2)]
            floor = open_records(openers, ids, count=args.opens)
            floor["uptime"] = harness.uptime()
            out["floor"] = floor
            say(f"record open, nothing running: n {floor['n']}, p50 {floor['p50']:.0f} ms, p95 {floor['p95']:.0f} ms, "
                f"errors {floor['errors']}; {floor['uptime']}")
            extra = subprocess.Popen([harness.polon_bin(), "worker"], env=env, stdout=open(workdir / "worker2.log", "wb"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
            try:
                known = {j["id"] for j in json.loads(polon(env, "--as", "admin", "job", "list", "--json", log=log))}
                polon(env, "--as", "analyst", "reconcile", str(inputs / f"list-{args.during_rows}.csv"), "--round", "9002",
                      "--no-wait", log=log)
                polon(env, "--as", "analyst", "ingest", str(inputs / "ingest"), "--no-wait", log=log)
                jobs = [j["id"] for j in json.loads(polon(env, "--as", "admin", "job", "list", "--json", log=log))
                        if j["id"] not in known]
                ended: set[int] = set()

                def finished() -> bool:
                    for j in jobs:
                        if j not in ended and job_state(server.url, token, j)["state"] in ("succeeded", "failed"):
                            ended.add(j)
                    return len(ended) == len(jobs)

                checker_done = threading.Event()

                def check() -> None:
                    while not finished():
                        time.sleep(3)
                    checker_done.set()

                threading.Thread(target=check, daemon=True).start()
                during = open_records(openers, ids, until=checker_done.is_set, cap_s=args.cap)
                during["uptime"] = harness.uptime()
                during["jobs"] = {}
                for j in jobs:
                    data = job_state(server.url, token, j)
                    during["jobs"][j] = {"kind": data["kind"], "state": data["state"], "s": job_seconds(data),
                                         "progress": data["progress"],
                                         "result": {k: v for k, v in (data["result"] or {}).items()
                                                    if not isinstance(v, list | dict)}}
                out["during"] = during
            finally:
                extra.terminate()
                extra.wait(timeout=60)
            say(f"record open while the jobs ran: n {during['n']}, p50 {during['p50']:.0f} ms, "
                f"p95 {during['p95']:.0f} ms, p99 {during['p99']:.0f}, errors {during['errors']} {during['statuses']}; "
                f"jobs {during['jobs']}; {during['uptime']}")
        out["problems"] = server.problems()
    say(f"server log: {out['problems']}")
    if db == "postgresql":
        harness.pg_drop(args.pg_url, f"{harness.PREFIX}jobs")
    shutil.rmtree(env["POLON_DATA_DIR"], ignore_errors=True)  # the copy; logs and inputs stay
    return out


def report(results: list[dict]) -> None:
    say("\n### reconcile (polon reconcile FILE --round N; the server's worker runs the job)\n")
    say("| database | lines | wall s | CPU s | lines/s | target | outcome | uptime after |")
    say("|---|---:|---:|---:|---:|---|---|---|")
    for r in results:
        for n, row in r["reconcile"].items():
            target = TARGETS["reconcile"].get(n) if isinstance(n, int) else None
            verdict = f"≤ {target:.0f} s: {'met' if row['s'] <= target else 'missed'}" if target else "-"
            lines = f"{n:,}" if isinstance(n, int) else n
            rate = f"{n / row['s']:.0f}" if isinstance(n, int) else "-"
            say(f"| {r['db']} | {lines} | {row['s']:.1f} | {row['cpu']:.1f} | {rate} | {verdict} | "
                f"{row.get('summary', '')} | {row['after']} |")
    if any("import" in r for r in results):
        say("\n### import (polon import persons FILE.jsonl, on the 100,000 persons)\n")
        say("| database | persons | duplicate search | wall s | CPU s | persons/s | target ≥ 1,000/s | uptime after |")
        say("|---|---:|---|---:|---:|---:|---|---|")
        for r in results:
            for label, i in r.get("import", {}).items():
                say(f"| {r['db']} | {i['persons']:,} | {label} | {i['s']:.1f} | {i['cpu']:.1f} | {i['per_s']:.0f} | "
                    f"{'met' if i['per_s'] >= TARGETS['import_per_s'] else 'missed'} | {i['after']} |")
    if any("floor" in r for r in results):
        say("\n### record open (GET /persons/ID/ as analyst, 2 clients back to back)\n")
        say("| database | while | n | p50 ms | p95 ms | p99 ms | errors | target p95 ≤ 300 ms | uptime |")
        say("|---|---|---:|---:|---:|---:|---:|---|---|")
        for r in results:
            for label, key in (("nothing (floor)", "floor"), ("reconcile + ingest jobs", "during")):
                if key in r:
                    o = r[key]
                    say(f"| {r['db']} | {label} | {o['n']} | {o['p50']:.0f} | {o['p95']:.0f} | {o['p99']:.0f} | "
                        f"{o['errors']} | {'met' if o['p95'] <= TARGETS['open_p95_ms'] else 'missed'} | {o['uptime']} |")
        for r in results:
            if "during" in r:
                for j, data in r["during"]["jobs"].items():
                    took = (f"{data['s']:.0f} s from queued to finished" if data["s"]
                            else f"still running when measuring stopped ({data['progress']})")
                    say(f"- {r['db']} job {j} {data['kind']}: {data['state']} {took}; {data['result']}")
            say(f"- {r['db']} server log: {r['problems']}")


def ids_child() -> None:
    import django

    django.setup()
    from polon.demo.users import DEMO_PASSWORD
    from polon.registry.models import Person

    ids = list(Person.objects.values_list("pk", flat=True))
    print(json.dumps({"ids": random.Random(5).sample(ids, min(5000, len(ids))), "password": DEMO_PASSWORD}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--data", default="100k", help="the fixture: 100k, or demo to try the script quickly")
    ap.add_argument("--rows", default="1000,10000", help="list sizes to reconcile")
    ap.add_argument("--during-rows", type=int, default=10_000, help="the reconcile running beside the record opens")
    ap.add_argument("--files", type=int, default=200, help="files of the ingest running beside the record opens")
    ap.add_argument("--opens", type=int, default=300, help="record opens of the floor")
    ap.add_argument("--cap", type=float, default=1800, help="at most this many seconds of record opens with jobs")
    ap.add_argument("--parts", default="reconcile,import,during")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--pg-url", default=harness.DEFAULT_PG)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--make-inputs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ids", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ids:
        ids_child()
        return
    if args.make_inputs:
        make_inputs(args.make_inputs, [int(n) for n in args.rows.split(",")], args.files, args.seed)
        return
    args.rows = [int(n) for n in args.rows.split(",") if n]
    args.parts = set(args.parts.split(","))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
    workdir = Path(tempfile.mkdtemp(prefix="polon-bench-jobs-"))
    log = workdir / "commands.log"
    say(f"bench/jobs: work files in {workdir}; {os.cpu_count()} CPUs; {harness.uptime()}")
    results = []
    for db in args.db.split(","):
        results.append(one_db(db, args, workdir, log))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    report(results)


if __name__ == "__main__":
    main()
