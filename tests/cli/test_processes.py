"""Real processes: `polon demo` comes up on its own, and a search sees what another process committed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir))
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def polon(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polon", *args], env=_env(data_dir), capture_output=True,
                          text=True, timeout=300)


def test_demo_serves_prints_logins_and_reuses_data(tmp_path):
    port = _free_port()
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "polon", "--data-dir", str(tmp_path), "demo", "--port",
                                str(port)], env=_env(tmp_path / "ignored"), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        while time.monotonic() - started < 120:
            line = process.stdout.readline()
            output.append(line)
            if line.strip().startswith("auditor"):
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as response:
            assert response.status == 200
        elapsed = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = "".join(output)
    assert f"http://127.0.0.1:{port}/" in text
    for login in ("admin", "registrar", "analyst", "liaison_kz", "icrc", "auditor"):
        assert login in text
    assert (tmp_path / "polon.sqlite3").exists()
    print(f"demo up in {elapsed:.1f} s")

    again = polon(tmp_path, "demo", "--no-serve")
    assert again.returncode == 0 and "reusing the demo data" in again.stdout
    listing = polon(tmp_path, "--as", "analyst", "person", "list", "--limit", "5000", "--json")
    rows = json.loads(listing.stdout)
    captives = [r for r in rows if r["category"] != "own_held"]
    assert len(captives) >= 2000
    assert len({c for r in captives for c in r["citizenships"]}) >= 8
    assert 200 <= len([r for r in rows if r["category"] == "own_held"]) <= 500
    liaison = json.loads(polon(tmp_path, "--as", "liaison_kz", "person", "list", "--limit", "5000",
                               "--json").stdout)
    assert liaison and all("KZ" in r["citizenships"] for r in liaison)
    assert polon(tmp_path, "--as", "auditor", "audit", "verify").stdout.startswith("OK")


@pytest.fixture
def database_env(tmp_path, scratch_database):
    """The environment of polon processes sharing one database (tests/conftest.py: SQLite, or PostgreSQL)."""
    return _env(tmp_path) | scratch_database


def test_search_sees_a_write_committed_by_another_process(tmp_path, database_env):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "polon", *args], env=database_env, capture_output=True,
                              text=True, timeout=300)

    assert run("migrate").returncode == 0
    assert run("createuser", "reg", "--role", "registrar", "--password", "process-test-pw").returncode == 0
    # A long-lived reader, like a web server worker: it searches on request, from its own process.
    reader = subprocess.Popen(
        [sys.executable, "-c", (
            "import os, sys, json, django; os.environ['DJANGO_SETTINGS_MODULE']='polon.settings'; django.setup();"
            "from polon.accounts.models import User; from polon.registry.search import search_persons;"
            "user = User.objects.get(username='reg')\n"
            "for line in sys.stdin:\n"
            "    hits = search_persons(user, line.strip())\n"
            "    print(json.dumps([str(h.person) for h in hits]), flush=True)\n")],
        env=database_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        reader.stdin.write("Lupan Achmedjar\n")
        reader.stdin.flush()
        assert json.loads(reader.stdout.readline()) == []
        written = run("--as", "reg", "person", "add", "--name", "Лукпан Ахмедьяров", "--category", "pow",
                        "--citizenship", "KZ")
        assert written.returncode == 0, written.stderr
        reader.stdin.write("Lupan Achmedjar\n")
        reader.stdin.flush()
        assert json.loads(reader.stdout.readline()) == ["Лукпан Ахмедьяров"]
    finally:
        reader.stdin.close()
        reader.wait(timeout=10)


def test_two_servers_share_no_gunicorn_control_socket(tmp_path):
    """gunicorn's control socket defaults to one path per user; two `polon serve` would fight over it (the second
    takes it over, either's stop removes it): none unless a server is given its own path."""
    home = tmp_path / "home"
    home.mkdir()
    env = _env(tmp_path) | {"HOME": str(home), "POLON_SECRET_KEY": "x" * 50, "POLON_AUDIT_KEY": "a" * 40,
                            "XDG_RUNTIME_DIR": ""}
    assert subprocess.run([sys.executable, "-m", "polon", "migrate"], env=env, capture_output=True,
                          timeout=300).returncode == 0
    own = tmp_path / "second.ctl"
    servers, ports = [], [_free_port(), _free_port()]
    try:
        for port, extra in zip(ports, ([], ["--control-socket", str(own)]), strict=True):
            servers.append(subprocess.Popen(
                [sys.executable, "-m", "polon", "serve", "--no-worker", "--workers", "1", "--bind",
                 f"127.0.0.1:{port}", *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in ports:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as response:
                        assert response.status == 200
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        assert not (home / ".gunicorn").exists()
        assert own.is_socket()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_serve_refuses_a_database_behind_its_migrations(tmp_path):
    """A server started on an older schema would fail every request touching a new column: `polon serve`
    says to run `polon migrate` instead, and serves once it has."""
    env = _env(tmp_path) | {"POLON_SECRET_KEY": "x" * 50, "POLON_AUDIT_KEY": "a" * 40}
    refused = subprocess.run([sys.executable, "-m", "polon", "serve", "--no-worker", "--bind", "127.0.0.1:1"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0
    assert "migrations not applied" in refused.stderr and "polon migrate" in refused.stderr
    assert polon(tmp_path, "migrate").stdout.strip() == "database is up to date"


def test_the_data_directory_may_follow_the_command_as_the_readme_writes_it(tmp_path):
    """`polon demo [--port N] [--data-dir DIR]` (README): the global option is taken after any subcommand."""
    from polon.cli import build_parser

    where = tmp_path / "elsewhere"
    done = subprocess.run([sys.executable, "-m", "polon", "migrate", "--data-dir", str(where)], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (where / "polon.sqlite3").exists() and not (tmp_path / "polon.sqlite3").exists()
    args = build_parser().parse_args(["demo", "--port", "8123", "--data-dir", str(where)])
    assert (args.command, args.port) == ("demo", 8123)
