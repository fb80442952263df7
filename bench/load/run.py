"""Load test of `polon serve` with locust: 50 simulated staff on the demo data and on 100,000 persons, on SQLite
and on PostgreSQL.

    .venv/bin/python bench/load/run.py [--db sqlite,postgresql] [--data demo,100k] [-u 50 -r 10 -t 60s]

For each data set and database: a fresh copy of the cached fixture (bench/load/harness.py), API tokens for
the demo users, a sample of person ids and search queries (POLON_LOAD_DATA for locustfile.py), then
`polon serve --bind 127.0.0.1:PORT --workers 2` (gunicorn and its job worker) until every worker's search
engine is built, then `locust --headless -u 50 -r 10` against 127.0.0.1 only, measuring -t (60 s) from
the moment every user has logged in (locustfile.py resets the statistics then). Reads locust's CSV stats
and prints, per request name, p50/p95/p99 in ms, requests, failures; the server's 5xx, tracebacks and
"database is locked"; the gunicorn workers' CPU per request; PostgreSQL over SQLite per page; the
machine's `uptime` before and after each run.
Figures only, not a test: the machine is shared and its load is printed with them. See README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import harness  # noqa: E402

ROLES = ("registrar", "analyst", "liaison_kz", "icrc", "admin")
TARGET_P95_MS, TARGET_RATIO = 300.0, 1.5
#: Seconds allowed for every user to log in before the measured -t seconds begin.
LOGIN_ALLOWANCE_S = 240
#: Once per simulated user, not part of the browsing mix the targets are about (Argon2 checks the password
#: on purpose slowly).
ONCE = ("login (form)", "login (POST)", "login (second factor form)", "login (second factor POST)")


def sample(out: Path, seed: int) -> None:
    """Inside the database's environment: ids, queries and countries for locustfile.py (JSON)."""
    import django

    django.setup()
    from polon.demo.users import DEMO_PASSWORD
    from polon.names import Script, detect_script, latin_spellings
    from polon.registry.models import Citizenship, Person, PersonName

    rng = random.Random(seed)
    ids = list(Person.objects.values_list("pk", flat=True))
    kz = list(Citizenship.objects.filter(country="KZ").values_list("person_id", flat=True).distinct())
    held = list(Person.objects.filter(status="held").values_list("pk", flat=True))
    countries = sorted(set(Citizenship.objects.values_list("country", flat=True).distinct()))
    picked = rng.sample(ids, min(400, len(ids)))
    # The primary spelling, or a Latin one where the primary is in a script polon does not search (the demo's
    # Nepali recruits are recorded in Devanagari).
    names: dict[int, str] = {}
    spellings = PersonName.objects.filter(person_id__in=picked).order_by("-is_primary", "pk")
    for pk, text in spellings.values_list("person_id", "text"):
        if pk not in names and detect_script(text) in (Script.CYRILLIC, Script.LATIN):
            names[pk] = text
    queries = []
    for pk in picked:
        text = names.get(pk)
        if not text:
            continue
        kind = rng.randrange(3)
        latin = list(latin_spellings(text).values()) if kind else []
        if kind == 0 or not latin:
            queries.append(text)  # as recorded (Cyrillic for most)
        elif kind == 1:
            queries.append(rng.choice(latin))  # the other side's Latin spelling
        else:
            queries.append(rng.choice(latin).split()[-1] + " " + text.split()[0][0] + ".")  # "Surname I."
    data = {"persons": rng.sample(ids, min(3000, len(ids))), "kz_persons": rng.sample(kz, min(1000, len(kz))),
            "held": rng.sample(held, min(1000, len(held))), "queries": queries, "countries": countries,
            "liaison_countries": ["KZ"], "pages": max(1, len(ids) // 50), "count": len(ids),
            "password": DEMO_PASSWORD}
    out.write_text(json.dumps(data, ensure_ascii=False))


#: The second factor `polon serve` requires: each role gets an authenticator app and one recovery code per
#: simulated user (a TOTP code is accepted once per user and 30-second step, and 20 analysts log in at once), which
#: each simulated user types as the second step of his login. Prints {username: [codes]} as JSON.
SECOND_FACTOR = """
import json, sys, time
import django
django.setup()
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from polon.accounts import second_factor
from polon.accounts.models import User
count, codes = int(sys.argv[1]), {}
for name in sys.argv[2:]:
    user = User.objects.get(username=name)
    key = second_factor.new_secret()
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time()
    second_factor.enrol(actor=user, key=key, code=f"{totp.token():06d}", verified_session=False)
    device = StaticDevice.objects.get(user=user)
    codes[name] = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes[name]])
print(json.dumps(codes))
"""


def prepare(env: dict[str, str], workdir: Path, seed: int, log: Path, users: int) -> Path:
    path = workdir / "load-data.json"
    harness.run(env, sys.executable, str(Path(__file__).resolve()), "--sample", str(path), "--seed", str(seed),
                log=log)
    data = json.loads(path.read_text())
    data["tokens"] = {role: harness.run(env, harness.polon_bin(), "--as", "admin", "token", "create", "--user", role,
                                        "--name", "bench-load", log=log) for role in ROLES}
    data["recovery_codes"] = json.loads(harness.run(env, sys.executable, "-c", SECOND_FACTOR, str(users), *ROLES,
                                                    log=log))
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


def read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
            if int(row["Request Count"]) == 0:  # the logins, reset with the rest once all users were in
                continue
            rows[name] = {"n": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                          "rps": float(row["Requests/s"]), "p50": float(row["50%"]), "p95": float(row["95%"]),
                          "p99": float(row["99%"]), "mean": float(row["Average Response Time"])}
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, newline="") as f:
            failures = [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(f)]
    return {"rows": rows, "failures": failures}


def one_run(db: str, data: str, args, workdir: Path, log: Path) -> dict:
    harness.say(f"\n== {data} on {db} ==")
    env = harness.fresh_copy(db, data, args.pg_url, workdir, log)
    load_file = prepare(env, workdir, args.seed, log, args.users)
    info = json.loads(load_file.read_text())
    harness.say(f"{info['count']:,} persons; {len(info['queries'])} queries; server on loopback …")
    # As `polon serve` runs by default: every login passes the second factor (a recovery code each).
    with harness.Server({**env, "POLON_SECOND_FACTOR": "required"}, workdir, workers=args.workers) as server:
        ready = server.wait_ready(info["tokens"]["analyst"], info["queries"][0])
        before = harness.uptime()
        harness.say(f"server ready in {ready:.0f} s (search engines built); locust -u {args.users} "
                    f"-r {args.spawn_rate} -t {args.time}; {before}")
        prefix = workdir / f"locust-{db}-{data}"
        logins = workdir / f"logins-{db}-{data}.json"
        workers = server.gunicorn_workers()

        def cpu_now() -> float:
            return sum(w.cpu_times().user + w.cpu_times().system for w in workers)

        measure = harness.seconds(args.time)
        env_locust = {**os.environ, "POLON_LOAD_DATA": str(load_file), "POLON_LOAD_MEASURE_S": str(measure),
                      "POLON_LOAD_LOGINS": str(logins)}
        with open(workdir / f"locust-{db}-{data}.log", "wb") as out:
            locust = subprocess.Popen(
                [str(Path(sys.executable).parent / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
                 "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{measure + LOGIN_ALLOWANCE_S:.0f}s",
                 "--host", server.url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
                 "--loglevel", "WARNING"], env=env_locust, stdout=out, stderr=subprocess.STDOUT)
            began = time.perf_counter()
            while locust.poll() is None and not logins.exists():
                time.sleep(0.1)
            cpu_before, measured_from = cpu_now(), time.perf_counter()
            logged_in_s = measured_from - began
            harness.say(f"all {args.users} users logged in, and the queue behind their logins drained, after "
                        f"{logged_in_s:.0f} s; measuring {measure:.0f} s; "
                        f"{harness.uptime()}")
            before = harness.uptime()
            locust.wait(timeout=measure + LOGIN_ALLOWANCE_S + 300)
        after = harness.uptime()
        cpu = cpu_now() - cpu_before
        problems = server.problems()
    if db == "postgresql":
        harness.pg_drop(args.pg_url, f"{harness.PREFIX}run")
    shutil.rmtree(env["POLON_DATA_DIR"], ignore_errors=True)  # the copy; the logs stay in the work folder
    result = read_stats(prefix)
    login = json.loads(logins.read_text()) if logins.exists() else {}
    for name, row in login.get("logins", {}).items():
        result["rows"][name] = {**row, "rps": 0.0, "mean": 0.0}
    result["failures"] += login.get("errors", [])
    result.update(db=db, data=data, persons=info["count"], before=before, after=after, problems=problems,
                  wall=time.perf_counter() - measured_from, ready_s=ready, server_cpu_s=cpu,
                  logged_in_s=logged_in_s, failures_before=login.get("failures", 0))
    harness.say(f"done: {result['rows']['all requests']['n']:,} requests, "
                f"{result['rows']['all requests']['failures']} failures; server: {problems}; {after}")
    return result


def order(names) -> list[str]:
    fixed = ["person page", "person list", "person list ?status=held", "person list ?citizenship=CC",
             "person list ?page=2..50", "search page", "API search", "dashboard", "country dossier",
             "write: name form (GET)", "write: name (web form POST)", "write: event (API POST)", *ONCE]
    return [n for n in fixed if n in names] + sorted(n for n in names if n not in fixed and n != "all requests") \
        + ["all requests"]


def report(results: list[dict]) -> None:
    for data in dict.fromkeys(r["data"] for r in results):
        runs = {r["db"]: r for r in results if r["data"] == data}
        dbs = list(runs)
        first = runs[dbs[0]]
        harness.say(f"\n### {data}: {first['persons']:,} persons, {len(dbs)} database(s)\n")
        for db in dbs:
            r = runs[db]
            agg = r["rows"]["all requests"]
            cpu = r.get("server_cpu_s")
            per = f"; gunicorn workers' CPU {cpu:.0f} s, {1000 * cpu / agg['n']:.0f} ms a request" if cpu else ""
            harness.say(f"- {db}: all users logged in after {r.get('logged_in_s', 0):.0f} s, then {agg['n']:,} "
                        f"requests in the measured window, {agg['rps']:.1f} req/s, {agg['failures']} failures "
                        f"(+{r.get('failures_before', 0)} during the logins){per}; "
                        f"server {r['problems']}; before: `{r['before']}`; after: `{r['after']}`")
        harness.say("")
        head = "| request | " + " | ".join(f"{db} n | {db} p50/p95/p99 ms" for db in dbs)
        if len(dbs) == 2:
            head += " | PG/SQLite p50 | PG/SQLite p95"
        harness.say(head + " |")
        harness.say("|---" * (head.count("|")) + "|")
        names = order(set().union(*(runs[db]["rows"] for db in dbs)))
        for name in names:
            cells = []
            for db in dbs:
                row = runs[db]["rows"].get(name)
                cells += [f"{row['n']}" + (f" ({row['failures']} failed)" if row["failures"] else ""),
                          f"{row['p50']:.0f} / {row['p95']:.0f} / {row['p99']:.0f}"] if row else ["-", "-"]
            if len(dbs) == 2:
                a, b = runs["sqlite"]["rows"].get(name), runs["postgresql"]["rows"].get(name)
                cells += [f"{b['p50'] / a['p50']:.2f}" if a and b and a["p50"] else "-",
                          f"{b['p95'] / a['p95']:.2f}" if a and b and a["p95"] else "-"]
            harness.say(f"| {name} | " + " | ".join(cells) + " |")
        for db in dbs:
            for failure in runs[db]["failures"]:
                harness.say(f"  {db} failure: {failure}")
        verdicts(runs)


def verdicts(runs: dict) -> None:
    for db, r in runs.items():
        pages = {n: row for n, row in r["rows"].items() if n not in ONCE and n != "all requests"}
        slow = {n: row["p95"] for n, row in pages.items() if row["p95"] > TARGET_P95_MS}
        errors = r["rows"]["all requests"]["failures"] + r.get("failures_before", 0) + r["problems"]["5xx"]
        harness.say(f"{db}: p95 <= {TARGET_P95_MS:.0f} ms on every page: "
                    + ("met" if not slow else "missed (" + ", ".join(f"{n} {v:.0f}" for n, v in slow.items()) + ")")
                    + f"; errors: {errors} (target 0)")
    if len(runs) == 2:
        over = []
        for name, b in runs["postgresql"]["rows"].items():
            a = runs["sqlite"]["rows"].get(name)
            if name in ONCE or not a or not a["p50"]:
                continue
            if b["p50"] / a["p50"] > TARGET_RATIO:
                over.append(f"{name} {b['p50'] / a['p50']:.2f}x")
        harness.say(f"PostgreSQL/SQLite p50 <= {TARGET_RATIO}x on every page: "
                    + ("met" if not over else "missed (" + ", ".join(over) + ")"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--data", default="demo,100k")
    ap.add_argument("-u", "--users", type=int, default=50)
    ap.add_argument("-r", "--spawn-rate", type=float, default=10)
    ap.add_argument("-t", "--time", default="60s")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--pg-url", default=harness.DEFAULT_PG, help="server URL; databases polon_load_… only")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--sample", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.sample:
        sample(args.sample, args.seed)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
    workdir = Path(tempfile.mkdtemp(prefix="polon-bench-load-"))
    log = workdir / "commands.log"
    harness.say(f"bench/load: work files in {workdir}; fixtures in {harness.CACHE}; {os.cpu_count()} CPUs; "
                f"{harness.uptime()}")
    results = []
    for data in args.data.split(","):
        for db in args.db.split(","):
            results.append(one_run(db, data, args, workdir, log))
            if args.json:
                args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    report(results)


if __name__ == "__main__":
    main()
