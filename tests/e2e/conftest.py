"""The browser tests' shared parts: a real `polon serve` process on a small demo registry, the system Chromium
driven by Playwright, axe-core run on every page a journey visits, and screenshots of each step.

axe-core comes from the npm registry, pinned in package-lock.json beside this file; `make test` runs `npm ci`
here first, so nothing is downloaded while the tests run."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "demo-polon-2025"  # polon.demo.users: every demo login has it
# The rules axe checks: WCAG 2.0 and 2.1, levels A and AA. A "serious" or "critical" violation fails the page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                                    "(.ci/run installs it with apt)")


def totp_key(username: str) -> str:
    """The TOTP secret (hex) of a demo login's authenticator app in these tests (LOAD_DEMO enrols them with it)."""
    return hashlib.sha1(f"polon-e2e-{username}".encode()).hexdigest()


def totp_code(key: str, steps_ahead: int = 1) -> str:
    """What the app shows now (``steps_ahead=0``) or for the next 30-second step (the default): the server accepts
    one step either side, and only a step later than the last code used, so a login right after the enrolment,
    within the same step, passes with the next step's code."""
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def polon_env(data_dir: Path) -> dict[str, str]:
    """The server's environment: its own SQLite file in data_dir, whatever database the test run uses."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="polon.settings",
               POLON_SECRET_KEY="e2e-" + "k" * 60, POLON_AUDIT_KEY="e2e-audit-" + "a" * 40)
    return env


def run_polon(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polon", *args], env=polon_env(data_dir), capture_output=True,
                          text=True, timeout=300)


# The demo's loader on a tenth of its registry (360 persons, its ten exchange rounds, consular contacts,
# transmissions and enquiries) and its one user per role: the same story as `polon demo`, in a few seconds.
LOAD_DEMO = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from polon.demo.generate import load_demo
from polon.demo.users import ensure_demo_users
from polon.registry.services.events import EventInput
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput, PersonDraft, create_persons
admin = ensure_demo_users()
load_demo(actor=admin, captives=300, own_held=60)
# Three persons the journeys know by name (fictional), held since their capture.
create_persons(actor=admin, persons=[
    PersonDraft(names=[NameInput(text=name, language=language)], citizenships=[CitizenshipInput(country=country)],
                events=[EventInput(type="captured", date=captured, place="Demo sector 7")],
                fields={"category": "pow", "sex": "male", "birth_date": born, "service_number": number,
                        "notes": "FICTIONAL E2E RECORD"})
    for name, language, country, born, captured, number in [
        ("Ерлан Тулегенов", "kk", "KZ", "1994-05-17", "2025-02-03", "E2E-KZ-1"),
        ("Дилшод Каримов", "uz", "UZ", "1990-11-02", "2025-03-11", "E2E-UZ-1"),
        ("Фирдавс Рахмонов", "tg", "TJ", "1988-01-30", "2025-04-20", "E2E-TJ-1"),
    ]])
# `polon serve` requires the second factor: each demo login has an authenticator app whose secret the journeys
# know (tests/e2e/conftest.totp_key); analyst_tj has none yet and sets one up in the browser.
import hashlib, time
from django_otp.oath import TOTP
from polon.accounts.models import User
from polon.accounts.second_factor import enrol
from polon.accounts.services import create_user
for user in User.objects.all():
    key = hashlib.sha1(f"polon-e2e-{user.username}".encode()).hexdigest()
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time()
    enrol(actor=user, key=key, code=f"{totp.token():06d}", verified_session=False)
create_user(actor=admin, username="analyst_tj", password="Khujand-analyst-2026", role="analyst")
"""


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "polon", "serve", "--bind", f"127.0.0.1:{port}", "--workers",
                                "1"], env=polon_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    pytest.fail("server did not start: " + (process.stdout.read() if process.stdout else ""))


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A server (with its job worker) on the demo's fictional data, shared by the role journeys."""
    data_dir = tmp_path_factory.mktemp("e2e-demo")
    env = polon_env(data_dir) | {"POLON_DEMO": "1"}
    loaded = subprocess.run([sys.executable, "-c", LOAD_DEMO], env=env, capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    process, url = start_server(data_dir)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the journeys leave a PNG of each page they check ($POLON_E2E_SCREENSHOTS to keep them)."""
    kept = os.environ.get("POLON_E2E_SCREENSHOTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("screenshots")


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2 A/AA violations on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci --prefix tests/e2e` (make test does)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", AXE_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}  {node['html'][:160]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check_accessible(page) -> None:
    """Fails with the list of axe's serious and critical violations on the page."""
    bad = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not bad, f"accessibility violations on {page.url}:\n{describe(bad)}"


class Journey:
    """One user's browser session: each `check` step runs axe on the page and takes a screenshot of it."""

    def __init__(self, page, base: str, name: str, shots: Path, locale: str):
        self.page, self.base, self.name, self.shots, self.locale, self.step = page, base, name, shots, locale, 0

    def t(self, msgid: str) -> str:
        """msgid as the page shows it in the journey's language (polon's own catalogs)."""
        from django.utils import translation

        with translation.override(self.locale):
            return str(translation.gettext(msgid))

    def field(self, msgid: str, within=None):
        """The input labelled msgid (its label may end in a colon or a required mark)."""
        label = re.compile(r"^\s*" + re.escape(self.t(msgid)) + r"\s*:?\s*\*?\s*$")
        return (within or self.page).get_by_label(label)

    def button(self, msgid: str, within=None):
        return (within or self.page.locator("main")).get_by_role("button", name=self.t(msgid), exact=True)

    def link(self, msgid: str, within=None):
        return (within or self.page.locator("main")).get_by_role("link", name=self.t(msgid), exact=True)

    def menu(self, msgid: str) -> None:
        """Follows a link of the header's main menu."""
        menu = self.page.get_by_role("navigation", name=self.t("Main menu"))
        self.follow(menu.get_by_role("link", name=self.t(msgid), exact=True))

    def follow(self, link) -> None:
        """Clicks a link (or a submit button) and waits for the page it leads to."""
        with self.page.expect_navigation():
            link.click()

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def fits_width(self) -> None:
        """Nothing makes the page wider than the window (a table scrolls in its own box)."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.viewport_size["width"]
        assert width <= viewport, f"{self.page.url} is {width} px wide in a {viewport} px window"

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def check(self, what: str) -> None:
        self.step += 1
        started = time.monotonic()
        slug = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
        # The whole page, unless it is very long (a long log): then its first screens.
        height = self.page.evaluate("document.documentElement.scrollHeight")
        clip = None if height <= 6000 else {"x": 0, "y": 0, "width": self.page.viewport_size["width"], "height": 6000}
        self.page.screenshot(path=str(self.shots / f"{self.name}-{self.step:02d}-{slug}.png"), full_page=True,
                             clip=clip)
        shot = time.monotonic()
        check_accessible(self.page)
        if os.environ.get("POLON_E2E_TIMING"):
            print(f"{self.name} {what}: screenshot {shot - started:.1f} s, axe {time.monotonic() - shot:.1f} s")

    def login(self, username: str, password: str = DEMO_PASSWORD, *, code: str | None = None) -> None:
        """Logs in through the form, in the language the browser context asks for, and (a user with an app) its
        second step: ``code``, or the code of the app LOAD_DEMO gave him."""
        page = self.page
        page.goto(self.base + "/login/")
        self.check("login")
        self.field("Username").fill(username)
        self.field("Password").fill(password)
        with page.expect_navigation():
            self.button("Log in").click()
        if "/login/second-factor/" in page.url:
            self.second_step(code or totp_code(totp_key(username)))

    def second_step(self, code: str) -> None:
        """The second step of a login: the code typed in, on a page checked like every other."""
        from playwright.sync_api import expect

        expect(self.heading()).to_have_text(self.t("Second factor"))
        self.check("second factor")
        self.field("Code").fill(code)
        with self.page.expect_navigation():
            self.button("Continue").click()

    def enrol(self) -> list[str]:
        """On the set-up page: the app takes the key shown as text (as a user who cannot scan the QR code would
        type it), its code is typed in; returns the recovery codes shown."""
        import base64

        from playwright.sync_api import expect

        expect(self.heading()).to_have_text(self.t("Set up the second factor"))
        expect(self.page.locator("main .qr svg")).to_be_visible()
        self.check("set up the second factor")
        secret = self.page.locator("#second-factor-secret").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
        self.field("Code from the app").fill(totp_code(key, steps_ahead=0))
        with self.page.expect_navigation():
            self.button("Confirm and show my recovery codes").click()
        expect(self.heading()).to_have_text(self.t("Your recovery codes"))
        self.check("recovery codes")
        self.enrolled_key = key
        return [c.strip() for c in self.page.locator("ul.recovery-codes code").all_inner_texts()]


@pytest.fixture
def journey(demo_server, browser, screenshots, request):
    """journey(name, locale="uk", width=1280): a fresh browser context (its own cookies) in that language."""
    contexts = []

    def start(name: str, *, locale: str = "uk", width: int = 1280, height: int = 900) -> Journey:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height},
                                      extra_http_headers={"Accept-Language": locale}, bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Journey(context.new_page(), demo_server, name, screenshots, locale)

    yield start
    for context in contexts:
        context.close()


def dump(obj) -> str:  # for failure messages
    return json.dumps(obj, ensure_ascii=False, indent=1)
