"""Time the main pages for one user at a time, on SQLite and on PostgreSQL.

    python bench/pages/run.py --sqlite /tmp/pages-sqlite \
        --postgres postgresql://polon:polon@127.0.0.1:5432/polon_pages [--runs 30]

Each database must first be filled by make_persons.py. Every page is requested through Django's test client
(the whole middleware and template stack, no network), logged in as each user, a few times to warm up and then
--runs times; the table gives the median and 95th percentile in milliseconds, the median CPU time of this
process (Python and, for SQLite, the database; not PostgreSQL's server), the number of SQL queries of one
request, and PostgreSQL's median over SQLite's. Prints figures only; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2] / "src"))

# (label, url, users); {person} is a Kazakh citizen's id, so the liaison may open him too.
PAGES = (
    ("person list", "/persons/", ("bench_admin", "bench_liaison")),
    ("person list, status=held", "/persons/?status=held", ("bench_admin", "bench_liaison")),
    ("person list, page 100", "/persons/?page=100", ("bench_admin", "bench_liaison")),
    ("person page", "/persons/{person}/", ("bench_admin", "bench_liaison")),
    ("search page (no query)", "/search/", ("bench_admin", "bench_liaison")),
    ("dashboard", "/dashboard/", ("bench_admin", "bench_liaison")),
    ("country dossier KZ", "/countries/KZ/", ("bench_admin", "bench_liaison")),
    ("audit log", "/audit/", ("bench_admin", "bench_auditor")),
    ("audit log, action filter", "/audit/?action=person.read", ("bench_admin", "bench_auditor")),
)
WARM_UP = 3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def count_query(queries: list[str], execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def child(runs: int) -> None:
    """Runs inside one database's environment; prints one JSON line per page and user."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from polon.accounts.models import User
    from polon.registry.models import Citizenship, Person

    person = Citizenship.objects.filter(country="KZ").order_by("person_id").values_list("person_id", flat=True)[500]
    meta = {"vendor": connection.vendor, "persons": Person.objects.count()}
    print(json.dumps({"meta": meta}), flush=True)
    for label, url, usernames in PAGES:
        for username in usernames:
            client = Client()
            client.force_login(User.objects.get(username=username))
            path = url.format(person=person)
            for _ in range(WARM_UP):
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path} as {username}: HTTP {response.status_code}")
            queries: list[str] = []
            with connection.execute_wrapper(partial(count_query, queries)):
                client.get(path)
            times, cpu = [], []
            for _ in range(runs):
                began, began_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            print(json.dumps({"page": label, "user": username.removeprefix("bench_"), "queries": len(queries),
                              "p50": statistics.median(times), "p95": percentile(times, 0.95),
                              "cpu": statistics.median(cpu)}), flush=True)


def measure(env: dict, runs: int) -> tuple[dict, dict]:
    out = subprocess.run([sys.executable, str(HERE), "--child", "--runs", str(runs)], env={**os.environ, **env},
                         check=True, capture_output=True, text=True).stdout
    meta, rows = {}, {}
    for line in out.splitlines():
        item = json.loads(line)
        if "meta" in item:
            meta = item["meta"]
        else:
            rows[(item["page"], item["user"])] = item
    return meta, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="POLON_DATA_DIR holding the SQLite database")
    parser.add_argument("--postgres", help="DATABASE_URL of the PostgreSQL database")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.runs)
        return 0
    results = {}
    if args.sqlite:
        env = {"POLON_DATA_DIR": args.sqlite, "DATABASE_URL": ""}
        results["SQLite"] = measure(env, args.runs)
    if args.postgres:
        results["PostgreSQL"] = measure({"DATABASE_URL": args.postgres}, args.runs)
    if not results:
        parser.error("give --sqlite DIR, --postgres URL or both")
    for name, (meta, _rows) in results.items():
        print(f"{name}: {meta['persons']:,} persons, {args.runs} runs after {WARM_UP} to warm up")
    print(f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min) on {os.cpu_count()} CPUs")
    names = list(results)
    header = "| page | user | " + " | ".join(f"{n} p50 / p95 ms (app CPU p50, queries)" for n in names)
    header += " | PG/SQLite p50 |" if len(names) == 2 else " |"
    print("\n" + header)
    print("|" + "---|" * (header.count("|") - 1))
    for label, _url, usernames in PAGES:
        for user in usernames:
            key = (label, user.removeprefix("bench_"))
            cells = []
            for n in names:
                row = results[n][1][key]
                cells.append(f"{row['p50']:.0f} / {row['p95']:.0f} ({row['cpu']:.0f}, {row['queries']})")
            line = f"| {label} | {key[1]} | " + " | ".join(cells)
            if len(names) == 2:
                line += f" | {results['PostgreSQL'][1][key]['p50'] / results['SQLite'][1][key]['p50']:.2f}"
            print(line + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
