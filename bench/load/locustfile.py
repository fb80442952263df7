"""Locust load test of polon: simulated bureau staff browsing, searching and occasionally writing.

    locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:PORT

Run through bench/load/run.py, which starts `polon serve`, prepares the data and writes the file named by
POLON_LOAD_DATA (JSON): the demo password, an API token per role, person ids to open (all, Kazakh citizens
for the liaison officer, held persons for the registrar's events), search queries, countries and the number
of list pages. Requests go to the host given (run.py: 127.0.0.1 only).

Each simulated user logs in once (GET /login/ for the CSRF token, POST the form, session cookie, then the second
factor `polon serve` requires: GET its form, POST one of his recovery codes), then
repeats tasks with 1-5 s of think time between them. Users by role (locust's class weights, of 50 users):
analyst 4 (20), registrar 3 (15), liaison_kz 1 (5), icrc 1 (5), admin 1 (5). Task weights per user:

    person page              5   GET /persons/ID/ (a read is audited for every role but registrar)
    person list              3   GET /persons/ plain, ?status=held, ?citizenship=CC or ?page=2..50
    API search               2   GET /api/persons/search?q=… with the role's bearer token
    search page              2   GET /search/?q=… (the web page, session)
    dashboard                1   GET /dashboard/
    country dossier          1   GET /countries/CC/ (the liaison officer: KZ, her country)
    write (registrar only)   1   alternately: a spelling through the web form (GET the form, POST it with
                                 its CSRF token and the person's version; 302 expected) or a "transferred"
                                 event through POST /api/persons/ID/events (201 expected)

So a registrar writes in about 1 of 15 of his tasks; writes are ~3 % of all requests. A response other
than the one expected is a failure (locust counts it as an error); the liaison officer only opens persons
of her scope, so a 404 is an error too.
"""

from __future__ import annotations

import json
import os
import random
import re

import gevent
from locust import HttpUser, between, task

with open(os.environ["POLON_LOAD_DATA"], encoding="utf-8") as f:
    DATA = json.load(f)

#: With POLON_LOAD_MEASURE_S set (run.py sets it), the statistics are reset once every user has logged in
#: and the test stops that many seconds later: the figures are those of the browsing mix with all users
#: on, not of 50 Argon2 logins in the first seconds. The logins' own figures, and any failure before the
#: reset, are written to POLON_LOAD_LOGINS (JSON) at the reset.
MEASURE_S = float(os.environ.get("POLON_LOAD_MEASURE_S") or 0)
STATE = {"logged_in": 0, "reset": False, "before": {}}


#: Seconds between the last login and the reset: 50 Argon2 hashes take the two cores ~10 s, and the requests
#: that queued behind them meanwhile answer in 1-2 s; without a pause they were every page's p99 and most
#: of their p95 (the time series showed the tail only in the first seconds after the reset).
SETTLE_S = float(os.environ.get("POLON_LOAD_SETTLE_S") or 10)


def _logged_in(environment) -> None:
    STATE["logged_in"] += 1
    if not MEASURE_S or STATE["reset"] or STATE["logged_in"] < (environment.runner.target_user_count or 0):
        return
    STATE["reset"] = True
    gevent.spawn_later(SETTLE_S, _reset, environment)


def _reset(environment) -> None:
    stats = environment.stats
    STATE["before"] = {
        "failures": stats.total.num_failures, "requests": stats.total.num_requests,
        "errors": [f"{e.name}: {e.error} x{e.occurrences}" for e in stats.errors.values()],
        "logins": {name: {"n": entry.num_requests, "failures": entry.num_failures,
                          **{q: entry.get_response_time_percentile(p) for q, p in
                             (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}}
                   for (name, _method), entry in stats.entries.items() if name.startswith("login")}}
    stats.reset_all()
    path = os.environ.get("POLON_LOAD_LOGINS")
    if path:  # run.py reads the server's CPU time when this file appears
        with open(path, "w", encoding="utf-8") as out:
            json.dump(STATE["before"], out)
    gevent.spawn_later(MEASURE_S, environment.runner.quit)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
GIVEN = ("Ivan", "Petr", "Yerlan", "Bakyt", "Timur", "Oleg")  # spellings added by the registrar's writes


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""
    persons_key = "persons"
    countries_key = "countries"

    def on_start(self) -> None:
        self.rng = random.Random()
        self.token = DATA["tokens"][self.username]
        page = self.client.get("/login/", name="login (form)")
        token = CSRF.search(page.text)
        going = ""
        for _attempt in range(180):
            # 503 "busy, try again" (the server's bound on login work, polon.accounts.logins): as a person would,
            # try again after the Retry-After the answer gives. 50 logins at once hash for ~25 s in all, which the
            # bound spreads over a minute or two (a burst, then half of one core's time).
            with self.client.post("/login/", name="login (POST)", allow_redirects=False, catch_response=True,
                                  data={"username": self.username, "password": DATA["password"],
                                        "csrfmiddlewaretoken": token[1] if token else "", "next": "/"}) as r:
                if r.status_code == 503:
                    r.success()
                    gevent.sleep(float(r.headers.get("Retry-After", "1")))
                    continue
                if r.status_code != 302:
                    r.failure(f"login as {self.username}: HTTP {r.status_code}")
                going = r.headers.get("Location", "")
                break
        if going.startswith("/login/second-factor/"):
            self._second_step(going)
        _logged_in(self.environment)

    def _second_step(self, url: str) -> None:
        """The login's second step (`polon serve` requires it): one of the user's recovery codes, each used once
        (run.py made one per simulated user)."""
        page = self.client.get(url, name="login (second factor form)")
        token = CSRF.search(page.text)
        code = DATA["recovery_codes"][self.username].pop()
        with self.client.post(url, name="login (second factor POST)", allow_redirects=False, catch_response=True,
                              data={"code": code, "next": "/",
                                    "csrfmiddlewaretoken": token[1] if token else ""}) as r:
            if r.status_code != 302:
                r.failure(f"second factor of {self.username}: HTTP {r.status_code}")

    def _get(self, path: str, name: str, expect: int = 200, **kwargs) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False, **kwargs) as r:
            if r.status_code != expect:
                r.failure(f"HTTP {r.status_code}")

    @task(5)
    def person_page(self) -> None:
        self._get(f"/persons/{self.rng.choice(DATA[self.persons_key])}/", "person page")

    @task(3)
    def person_list(self) -> None:
        kind = self.rng.randrange(4)
        if kind == 0:
            self._get("/persons/", "person list")
        elif kind == 1:
            self._get("/persons/?status=held", "person list ?status=held")
        elif kind == 2:
            self._get(f"/persons/?citizenship={self.rng.choice(DATA[self.countries_key])}",
                      "person list ?citizenship=CC")
        else:
            page = self.rng.randint(2, max(2, min(50, DATA["pages"])))
            self._get(f"/persons/?page={page}", "person list ?page=2..50")

    @task(2)
    def api_search(self) -> None:
        self._get("/api/persons/search", "API search", params={"q": self.rng.choice(DATA["queries"])},
                  headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"})

    @task(2)
    def search_page(self) -> None:
        self._get("/search/", "search page", params={"q": self.rng.choice(DATA["queries"])})

    @task(1)
    def dashboard(self) -> None:
        self._get("/dashboard/", "dashboard")

    @task(1)
    def dossier(self) -> None:
        self._get(f"/countries/{self.rng.choice(DATA[self.countries_key])}/", "country dossier")


class Analyst(Staff):
    weight = 4
    username = "analyst"


class Registrar(Staff):
    weight = 3
    username = "registrar"

    @task(1)
    def write(self) -> None:
        person = self.rng.choice(DATA["held"])
        if self.rng.random() < 0.5:
            self.add_name(person)
        else:
            self.add_event(person)

    def add_name(self, person: int) -> None:
        path = f"/persons/{person}/names/new/"
        with self.client.get(path, name="write: name form (GET)", catch_response=True) as form:
            csrf, version = CSRF.search(form.text), VERSION.search(form.text)
            if form.status_code != 200 or not (csrf and version):
                form.failure(f"HTTP {form.status_code}, no CSRF token or version in the form")
                return
        data = {"csrfmiddlewaretoken": csrf[1], "version": version[1],
                "text": f"{self.rng.choice(GIVEN)} {self._surname()}"}
        with self.client.post(path, data=data, name="write: name (web form POST)", allow_redirects=False,
                              catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"HTTP {r.status_code} (a conflict or a form error re-renders the form)")

    def _surname(self) -> str:
        return "".join(self.rng.choice("bdklmnprstv") + self.rng.choice("aeiou") for _ in range(3)).title() + "ov"

    def add_event(self, person: int) -> None:
        with self.client.post(f"/api/persons/{person}/events", name="write: event (API POST)",
                              json={"type": "transferred", "place": "Load-test camp (fictional)",
                                    "note": "bench/load"},
                              headers={"Authorization": f"Bearer {self.token}"}, catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")


class LiaisonKZ(Staff):
    weight = 1
    username = "liaison_kz"
    persons_key = "kz_persons"
    countries_key = "liaison_countries"


class Icrc(Staff):
    weight = 1
    username = "icrc"


class Admin(Staff):
    weight = 1
    username = "admin"
