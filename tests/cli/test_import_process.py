"""A real `polon import persons` process killed with SIGKILL while it writes leaves nothing half-written."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from polon.demo.person_files import generated_persons, write


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir), LANGUAGE="en", COLUMNS="100")
    return env


def polon(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polon", *args], env=_env(data_dir), capture_output=True,
                          text=True, timeout=600)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pseudo-terminal for the progress bar")
def test_sigkill_while_writing_leaves_no_person_and_an_intact_audit_chain(tmp_path):
    assert polon(tmp_path, "migrate").returncode == 0
    assert polon(tmp_path, "createuser", "adm", "--role", "admin", "--password", "x-test-pass-1").returncode == 0
    assert polon(tmp_path, "--as", "adm", "createuser", "reg", "--role", "registrar",
                 "--password", "x-test-pass-1").returncode == 0
    path = write(tmp_path / "persons.jsonl", generated_persons(6000, seed=7))
    # The progress bar goes to a terminal, so the test sees the moment the writing starts.
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # tqdm draws to its width
    process = subprocess.Popen([sys.executable, "-m", "polon", "--as", "reg", "import", "persons", str(path),
                                "--no-duplicate-check"], env=_env(tmp_path), stdout=subprocess.DEVNULL,
                               stderr=follower)
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 300
    try:
        while b"writing" not in seen and time.monotonic() < deadline and process.poll() is None:
            if select.select([leader], [], [], 1)[0]:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break
        assert b"writing" in seen, seen[-500:]
        time.sleep(0.3)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    listing = polon(tmp_path, "--as", "reg", "person", "list", "--json")
    assert listing.returncode == 0 and listing.stdout.strip() == "[]"
    verify = polon(tmp_path, "--as", "adm", "audit", "verify")
    assert verify.returncode == 0 and "OK" in verify.stdout, verify.stdout + verify.stderr
    again = polon(tmp_path, "--as", "reg", "import", "persons", str(path), "--no-duplicate-check", "--no-progress")
    assert again.returncode == 0 and "6000 created" in again.stdout, again.stderr[-2000:]
