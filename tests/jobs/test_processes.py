"""Jobs across real processes on one database (a SQLite file, and a scratch PostgreSQL database where the suite
runs on PostgreSQL): a worker killed with SIGKILL mid-job leaves only whole batches and the job re-runs
cleanly; queued jobs wait for a worker started later; progress is visible from another process while a job
runs; web requests never meet "database is locked" (nor any 500) while a job writes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "process-test-pw-1"


class World(type(Path())):
    """The data directory of the processes of one test; ``env`` names their database."""

    env: dict


def _env(data_dir: Path) -> dict:
    env = getattr(data_dir, "env", None)
    if env is not None:
        return env
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # These processes test locking and recovery, not logins: their users sign in with a password alone.
    env.update(POLON_DATA_DIR=str(data_dir), PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
               POLON_JOB_STALE_SECONDS="60", POLON_SECOND_FACTOR="optional")
    return env


def polon(data_dir: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polon", *args], env=_env(data_dir), capture_output=True,
                          text=True, timeout=timeout)


def script(data_dir: Path, code: str, timeout: int = 300) -> str:
    """Run ``code`` in a fresh process with Django set up on ``data_dir``; its stdout."""
    prelude = ("import os, json, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'polon.settings'; django.setup()\n"
               "from polon.accounts.models import User\n")
    done = subprocess.run([sys.executable, "-c", prelude + code], env=_env(data_dir), capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def worker(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "polon", "worker", "--interval", "0.2", *args],
                            env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def query(data_dir: Path, sql: str, params: tuple = ()) -> list[dict]:
    """Rows read straight from the database, from this (third) process."""
    url = _env(data_dir).get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(url, row_factory=dict_row) as connection:
            rows = connection.execute(sql, params).fetchall()
        return [{k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in row.items()} for row in rows]
    connection = sqlite3.connect(f"file:{data_dir / 'polon.sqlite3'}?mode=ro", uri=True, timeout=30)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql.replace("%s", "?"), params).fetchall()]
    finally:
        connection.close()


def job_row(data_dir: Path, job_id: int) -> dict:
    return query(data_dir, "SELECT * FROM jobs_job WHERE id = %s", (job_id,))[0]


def wait_until(predicate, timeout: float = 120, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


@pytest.fixture
def world(tmp_path, scratch_database):
    """The processes' data directory and database (tests/conftest.py: a SQLite file, or a scratch PostgreSQL
    database)."""
    world = World(tmp_path)
    world.env = _env(tmp_path) | scratch_database
    return world


@pytest.fixture
def data_dir(world):
    """A database with a registrar, an auditor, a few persons and exchange round 1."""
    tmp_path = world
    assert polon(tmp_path, "migrate").returncode == 0
    assert polon(tmp_path, "createuser", "admin", "--role", "admin", "--password", PASSWORD).returncode == 0
    script(tmp_path, f"""
from polon.accounts.services import create_user
from polon.exchanges.services import create_round
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
admin = User.objects.get(username="admin")
for name, role in (("reg", "registrar"), ("other", "registrar"), ("aud", "auditor")):
    create_user(actor=admin, username=name, password="{PASSWORD}", role=role, countries=[], email="")
reg = User.objects.get(username="reg")
for i, (cyr, lat) in enumerate([("Ермек Катыренов", "Ermek Katyrenov"), ("Алишер Турсунов", "Alisher Tursunov"),
                                ("Бауржан Бегалимов", "Baurzhan Begalimov")]):
    create_person(actor=reg, category="pow", birth_date=f"199{{i}}", names=[NameInput(text=cyr), NameInput(text=lat)],
                  citizenships=[CitizenshipInput(country="KZ", provenance="document")])
create_round(actor=reg, number=1, title="process test")
""")
    return tmp_path


def enqueue_list(data_dir: Path, lines: int, batch_rows: int, user: str = "reg") -> int:
    """Queue the reconciliation of a list of ``lines`` names, ``batch_rows`` lines per transaction."""
    out = script(data_dir, f"""
from polon.exchanges.models import ExchangeRound
from polon.exchanges.reconcile import start_reconcile
from polon.jobs.models import Job
names = ["Ermek Katyrenov", "Alischer Tursunow"] + [f"Testperson Nummer{{i:05d}}" for i in range({lines} - 2)]
content = ("name\\n" + "\\n".join(names) + "\\n").encode()
job = start_reconcile(actor=User.objects.get(username="{user}"), round_id=ExchangeRound.objects.get(number=1).pk,
                      side="hand_over", content=content, file_name="their-list.csv")
Job.objects.filter(pk=job.pk).update(params={{**job.params, "batch_rows": {batch_rows}}})
print(job.pk)
""")
    return int(out.strip().splitlines()[-1])


def rows_written(data_dir: Path) -> tuple[int, int, int]:
    (rows,) = query(data_dir, "SELECT count(*) AS n, count(DISTINCT row_key) AS keys FROM exchanges_listrow")
    (batches,) = query(data_dir, "SELECT count(*) AS n FROM audit_auditevent WHERE action = 'exchange.list.batch'")
    return rows["n"], rows["keys"], batches["n"]


def test_a_job_killed_with_sigkill_leaves_whole_batches_and_reruns_cleanly(data_dir):
    lines, batch = 2000, 10
    job_id = enqueue_list(data_dir, lines, batch)
    process = worker(data_dir)
    try:
        # Progress is visible from other processes while the job runs.
        row = wait_until(lambda: (r := job_row(data_dir, job_id))["state"] == "running"
                         and r["progress_done"] >= 3 * batch and r)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert row["progress_total"] == lines and 0 < row["progress_done"] < lines
    row = job_row(data_dir, job_id)
    assert row["state"] == "running"  # nobody told the database: the worker died
    shown = polon(data_dir, "--as", "reg", "job", "show", str(job_id), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["progress"] == {"done": row["progress_done"], "total": lines,
                                                      "percent": 100 * row["progress_done"] // lines}
    written, distinct, batches = rows_written(data_dir)
    checkpoint = json.loads(row["checkpoint"])
    # Only whole batches, each with its audit event, and the checkpoint says exactly how far they got.
    assert 0 < written < lines and written % batch == 0 and written == distinct
    assert checkpoint["next"] == written == row["progress_done"] and batches == written // batch
    verify = polon(data_dir, "--as", "aud", "audit", "verify")
    assert verify.stdout.startswith("OK"), verify.stdout + verify.stderr

    # A worker starting later finds the job's worker dead and marks the job interrupted (not re-run by itself).
    later = polon(data_dir, "worker", "--batch")
    assert later.returncode == 0, later.stderr
    shown = json.loads(polon(data_dir, "--as", "reg", "job", "show", str(job_id), "--json").stdout)
    assert shown["state"] == "failed" and shown["interrupted"] is True
    assert polon(data_dir, "--as", "other", "job", "rerun", str(job_id)).returncode == 4  # not theirs

    # Re-run with no worker alive: the CLI runs it itself, resuming after the last whole batch.
    rerun = polon(data_dir, "--as", "reg", "job", "rerun", str(job_id), "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    shown = json.loads(polon(data_dir, "--as", "reg", "job", "show", str(job_id), "--json").stdout)
    assert shown["state"] == "succeeded" and shown["attempts"] == 2
    assert shown["result"]["resumed_at"] == written and shown["result"]["created"] == lines
    assert shown["result"]["matched"] >= 2 and shown["progress"] == {"done": lines, "total": lines, "percent": 100}
    assert rows_written(data_dir)[:2] == (lines, lines)
    verify = polon(data_dir, "--as", "aud", "audit", "verify")
    assert verify.stdout.startswith("OK"), verify.stdout + verify.stderr


def test_queued_jobs_wait_for_a_worker_started_later(data_dir):
    first = enqueue_list(data_dir, 12, 5)
    second = enqueue_list(data_dir, 12, 5)
    time.sleep(1)
    assert job_row(data_dir, first)["state"] == "queued" and job_row(data_dir, second)["state"] == "queued"
    listed = json.loads(polon(data_dir, "--as", "reg", "job", "list", "--json").stdout)
    assert [j["id"] for j in listed] == [second, first] and {j["state"] for j in listed} == {"queued"}
    assert json.loads(polon(data_dir, "--as", "other", "job", "list", "--json").stdout) == []
    process = worker(data_dir)
    try:
        wait_until(lambda: job_row(data_dir, first)["state"] == "succeeded"
                   and job_row(data_dir, second)["state"] == "succeeded", timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert rows_written(data_dir)[:2] == (12, 12)
    assert query(data_dir, "SELECT count(*) AS n FROM jobs_workerbeat")[0]["n"] == 0  # it said goodbye


def test_a_worker_told_to_stop_puts_the_running_job_back_on_the_queue(data_dir):
    lines, batch = 1500, 10
    job_id = enqueue_list(data_dir, lines, batch)
    process = worker(data_dir)
    try:
        wait_until(lambda: job_row(data_dir, job_id)["progress_done"] >= batch)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    row = job_row(data_dir, job_id)
    assert row["state"] == "queued" and not row["interrupted"]
    stopped_at = json.loads(row["checkpoint"])["next"]
    assert 0 < stopped_at < lines and rows_written(data_dir)[0] == stopped_at
    again = polon(data_dir, "worker", "--batch")
    assert again.returncode == 0, again.stderr
    row = job_row(data_dir, job_id)
    assert row["state"] == "succeeded" and json.loads(row["result"])["resumed_at"] == stopped_at
    assert rows_written(data_dir)[:2] == (lines, lines)


WEB_LOAD = r"""
import threading, time
from django.test import Client
from polon.jobs.models import Job
job_id = int(os.environ["JOB_ID"])
failures, statuses, lock = [], {}, threading.Lock()

def browse(n):
    client = Client()
    assert client.login(username="reg", password=os.environ["PW"])
    i = 0
    deadline = time.monotonic() + float(os.environ["SECONDS"])
    while time.monotonic() < deadline:
        i += 1
        for method, url, data in (
                ("get", "/persons/", None), ("get", f"/jobs/{job_id}/", None), ("get", f"/api/jobs/{job_id}", None),
                ("post", "/api/exchanges", {"number": 1000 + n * 1000 + i, "title": "load"}),
                ("get", "/exchanges/", None)):
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, data, content_type="application/json")
            body = response.content.decode(errors="replace")
            with lock:
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500 or "locked" in body.lower():
                    failures.append((url, response.status_code, body[:300]))

before = Job.objects.get(pk=job_id).progress_done
threads = [threading.Thread(target=browse, args=(n,)) for n in range(4)]
for t in threads: t.start()
for t in threads: t.join()
job = Job.objects.get(pk=job_id)
print(json.dumps({"failures": failures, "statuses": statuses, "state": job.state,
                  "written_meanwhile": job.progress_done - before}))
"""


def test_web_requests_never_meet_a_locked_database_while_a_job_writes(data_dir):
    # Five lines per write transaction, written as fast as matching goes, for longer than the load lasts.
    job_id = enqueue_list(data_dir, 20000, 5)
    process = worker(data_dir)
    try:
        wait_until(lambda: job_row(data_dir, job_id)["progress_done"] > 0)
        env_code = f"os.environ.update(JOB_ID='{job_id}', PW='{PASSWORD}', SECONDS='8')\n"
        report = json.loads(script(data_dir, env_code + WEB_LOAD, timeout=600).strip().splitlines()[-1])
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert report["failures"] == []
    assert report["state"] == "running" and report["written_meanwhile"] > 50, report  # the job wrote all along
    assert report["statuses"].get("201", 0) > 10 and report["statuses"].get("200", 0) > 40, report
    assert set(report["statuses"]) <= {"200", "201"}, report
    assert job_row(data_dir, job_id)["state"] == "queued"  # stopped by SIGTERM, to continue later
