"""Throughput of `polon import persons`: persons per second for generated, fictional files.

    .venv/bin/python bench/imports/run.py [--sizes 1000,10000] [--format jsonl|csv|xlsx] [--no-search]

For each size, in a fresh database (SQLite in a temporary directory, or the test database of DATABASE_URL's
PostgreSQL): import that many persons with the registry search off (``--no-duplicate-check``), then as many
other persons with it on, against the registry the first import filled. Prints wall-clock and CPU persons/s
and where the time went (reading and checking the file, the duplicate search, writing). Not a test: the
numbers depend on the machine and its load. See README.md next to this file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))


class Phases:
    """The import's progress as seconds per phase (``read`` is the time before the first phase)."""

    def __init__(self):
        self.started = self.mark = time.perf_counter()
        self.phase = "read"
        self.seconds: dict[str, float] = {}

    def start(self, phase: str, total: int) -> None:
        now = time.perf_counter()
        self.seconds[self.phase] = self.seconds.get(self.phase, 0.0) + now - self.mark
        self.phase, self.mark = phase, now

    def advance(self, n: int) -> None:
        pass

    def done(self) -> dict[str, float]:
        self.start("", 0)
        return self.seconds


def measure(actor, persons: list[dict], file_format: str, *, check: bool) -> dict:
    from polon.demo.person_files import render
    from polon.registry.services.imports import import_persons

    content = render(persons, file_format)
    phases = Phases()
    cpu = time.process_time()
    report = import_persons(actor=actor, content=content, file_name=f"bench.{file_format}", check_registry=check,
                            progress=phases)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - phases.started
    assert len(report.created_ids) == len(persons), report.summary()
    return {"wall": wall, "cpu": cpu, "phases": phases.done(), "duplicates": report.duplicate_lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "xlsx"))
    parser.add_argument("--no-search", action="store_true", help="only the runs without the registry search")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="polon-bench-import-"))
    os.environ.setdefault("POLON_DATA_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
    import django

    django.setup()
    from django.db import connection

    from polon.accounts.models import User
    from polon.demo.person_files import generated_persons

    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    if connection.vendor == "sqlite":  # a file like the real one, not Django's in-memory test database
        connection.settings_dict["TEST"]["NAME"] = str(tmp / "bench.sqlite3")
    from polon import _native

    print(f"polon import persons, {args.format}, {engine}, name libraries {_native.status()}; "
          f"{os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f} at start\n")
    print("| persons | registry before | duplicate search | wall s | persons/s (wall) | persons/s (CPU) | "
          "read+check s | search s | write s |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            actor = User.objects.create(username="bench-registrar", role="registrar")
            first = generated_persons(size, seed=size, first_serial=1)
            second = [] if args.no_search else generated_persons(size, seed=size + 1, first_serial=size + 1)
            runs = [(0, first, False)] + ([] if args.no_search else [(size, second, True)])
            for before, persons, check in runs:
                r = measure(actor, persons, args.format, check=check)
                p = r["phases"]
                print(f"| {size:,} | {before:,} | {'on' if check else 'off'} | {r['wall']:.1f} | "
                      f"{size / r['wall']:,.0f} | {size / r['cpu']:,.0f} | "
                      f"{p.get('read', 0) + p.get('check', 0):.1f} | {p.get('duplicates', 0):.1f} | "
                      f"{p.get('write', 0):.1f} |", flush=True)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
