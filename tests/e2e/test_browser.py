"""A real browser (the system Chromium driven by Playwright) against a real polon server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                               "(.ci/run installs it with apt)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _polon(data_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="polon.settings")
    return subprocess.run([sys.executable, "-m", "polon", *args], env=env, capture_output=True, text=True,
                          timeout=300, **kwargs)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server on its own SQLite file, with a small fictional registry written through the CLI."""
    data_dir = tmp_path_factory.mktemp("e2e")
    assert _polon(data_dir, "migrate").returncode == 0
    for user, role in (("admin", "admin"), ("registrar", "registrar")):
        extra = [] if user == "admin" else ["--as", "admin"]
        result = _polon(data_dir, *extra, "createuser", user, "--role", role, "--password", "e2e-password-123")
        assert result.returncode == 0, result.stderr
    people = [("Ермек Катыренов", "KZ"), ("Алишер Турсунов", "UZ"), ("Фирдавс Рахмонов", "TJ")]
    for name, country in people:
        result = _polon(data_dir, "--as", "registrar", "person", "add", "--name", name, "--category", "pow",
                        "--citizenship", country)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir), POLON_SECRET_KEY="e2e-" + "k" * 60)
    process = subprocess.Popen([sys.executable, "-m", "polon", "serve", "--bind", f"127.0.0.1:{port}", "--workers",
                                "1"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("server did not start: " + (process.stdout.read() if process.stdout else ""))
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_login_filter_open_and_add_event(server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(server + "/login/")
        page.fill("input[name=username]", "registrar")
        page.fill("input[name=password]", "e2e-password-123")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/persons/")
        page.click("header .lang button[value=en]")
        expect(page.locator("h1")).to_have_text("Persons")

        page.select_option("select[name=citizenship]", "UZ")
        rows = page.locator("table.persons tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Алишер Турсунов")

        rows.first.locator("a").click()
        expect(page.locator("h1")).to_contain_text("Алишер Турсунов")
        page.select_option("#event-form select[name=type]", "captured")
        page.fill("#event-form input[name=date]", "2025-03-14")
        page.fill("#event-form input[name=place]", "Demo sector 12")
        page.click("#event-form button[type=submit]")
        expect(page.locator(".message")).to_contain_text("Event added")
        expect(page.locator("table.timeline")).to_contain_text("2025-03-14")
        expect(page.locator("h1 .status")).to_have_text("Held")
        browser.close()
