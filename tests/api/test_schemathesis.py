"""Schemathesis over every API operation, against a real `polon serve` on fictional data, for an administrator and
a liaison officer (Kazakhstan): no answer is a server error (5xx), and every answer — errors included — conforms
to the published OpenAPI document (a documented status, a documented media type, a body of the documented shape).

Each operation gets the schema's examples and a bounded number of generated cases, valid and invalid ones (bodies
of the wrong type such as `false`, `[]`, `0`, negative and huge numbers, malformed dates, any Unicode text):
POLON_SCHEMATHESIS_EXAMPLES of them (10 by default), derandomised (the same cases every run). The coverage phase
(every boundary and every other method of each path: about 8,000 requests a role, many minutes) runs with
POLON_SCHEMATHESIS_PHASES=examples,coverage,fuzzing. Revoking tokens is left to the end of each role's run, since
it may revoke the very token the run is using; it is checked too. tests/api/test_errors.py pins the inputs that
once made the server fail, one by one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("POLON_SCHEMATHESIS_EXAMPLES", "10"))
PHASES = os.environ.get("POLON_SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")
ROLES = ("admin", "liaison_kz")
LAST = r"/tokens/\{token_id\}/revoke$"  # may revoke the run's own token: run after every other operation

# The demo's loader on a small registry (fictional captives of every citizenship the demo knows, its exchange
# rounds, consular contacts and enquiries), three persons named in Kazakh, Uzbek and Tajik spellings, one user
# per role, and an API token for each role the run uses (printed as "role token").
LOAD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from polon.accounts.models import User
from polon.accounts.services import create_api_token
from polon.demo.generate import load_demo
from polon.demo.users import ensure_demo_users
from polon.registry.services.events import EventInput
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput, PersonDraft, create_persons
admin = ensure_demo_users()
load_demo(actor=admin, captives=60, own_held=12)
create_persons(actor=admin, persons=[
    PersonDraft(names=[NameInput(text=name, language=language), NameInput(text=latin)],
                citizenships=[CitizenshipInput(country=country)],
                events=[EventInput(type="captured", date=captured, place="Demo sector 4")],
                fields={"category": "pow", "sex": "male", "birth_date": born, "service_number": number,
                        "notes": "FICTIONAL SCHEMATHESIS RECORD"})
    for name, latin, language, country, born, captured, number in [
        ("Нұрлан Сейітқалиұлы", "Nurlan Seyitkaliuly", "kk", "KZ", "1993-02-11", "2025-01-19", "ST-KZ-1"),
        ("Шерзод Тошпўлатов", "Sherzod Toshpulatov", "uz", "UZ", "1989-09-04", "2025-02-27", "ST-UZ-1"),
        ("Бахтиёр Шарифзода", "Bakhtiyor Sharifzoda", "tg", "TJ", "1995-06-23", "2025-03-08", "ST-TJ-1"),
    ]])
for role in %(roles)r:
    user = User.objects.get(username=role)
    print(role, create_api_token(actor=admin, user=user, name="schemathesis"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """A `polon serve` process (one worker, its job runner too) on its own SQLite file; its URL and tokens."""
    data_dir = tmp_path_factory.mktemp("schemathesis")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(POLON_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="polon.settings", POLON_DEMO="1",
               POLON_SECRET_KEY="schemathesis-" + "s" * 60, POLON_AUDIT_KEY="schemathesis-audit-" + "a" * 40,
               POLON_SECOND_FACTOR="optional")
    loaded = subprocess.run([sys.executable, "-c", LOAD % {"roles": ROLES}], env=env, capture_output=True,
                            text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    tokens = dict(line.split(" ", 1) for line in loaded.stdout.splitlines() if line.split(" ", 1)[0] in ROLES)
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "polon", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("server did not start: " + (data_dir / "server.log").read_text()[-3000:])
            time.sleep(0.2)
    yield {"url": f"http://127.0.0.1:{port}", "tokens": tokens, "log": data_dir / "server.log"}
    server.terminate()
    server.wait(timeout=20)
    log.close()


def _pairs_for_schemathesis(node):
    """The document as schemathesis 4.32 can check it: it rewrites a 3.1 tuple (``prefixItems``, which polon
    publishes for its [label, count] pairs) into the draft-4 ``items: [...]`` and then validates answers with a
    Draft 2020-12 validator that refuses that form. The pair becomes an array of two strings or integers."""
    if isinstance(node, dict):
        if "prefixItems" in node:
            node["items"] = {"anyOf": node.pop("prefixItems")}
        for value in node.values():
            _pairs_for_schemathesis(value)
    elif isinstance(node, list):
        for value in node:
            _pairs_for_schemathesis(value)
    return node


def _schema(url: str, token: str):
    import requests
    from schemathesis.config import SchemathesisConfig

    config = SchemathesisConfig.from_dict({
        "base-url": url,
        "headers": {"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        "request-timeout": 30,
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none",
                       "no-shrink": True},
        "phases": {phase: {"enabled": phase in PHASES} for phase in ("examples", "coverage", "fuzzing", "stateful")},
    })
    published = requests.get(f"{url}/api/openapi.json", timeout=30)
    assert published.status_code == 200, f"the OpenAPI document itself failed: {published.text[:2000]}"
    document = published.json()
    return schemathesis.openapi.from_dict(_pairs_for_schemathesis(document), config=config)


@pytest.fixture(params=ROLES)
def role(request):
    # schemathesis 4.32's pytest integration reads and rewrites the item's `_nodeid`, an attribute pytest 9 no
    # longer has (its id is built from `_id`): give it one, so that it can name each operation in the report.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    return request.param


@pytest.fixture
def api_schema(live_api, role):
    return _schema(live_api["url"], live_api["tokens"][role])


everything_but_revoking = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex=LAST)
revoking = schemathesis.pytest.from_fixture("api_schema").include(path_regex=LAST)


@everything_but_revoking.parametrize()
def test_no_server_error_and_every_answer_documented(case):
    case.call_and_validate(checks=CHECKS)


@revoking.parametrize()
def test_revoking_tokens_gives_no_server_error(case):
    case.call_and_validate(checks=CHECKS)


def test_the_server_logged_no_traceback(live_api):
    """Run last in this module: whatever schemathesis sent, the server wrote no "Internal Server Error"."""
    log = Path(live_api["log"]).read_text(errors="replace")
    assert "Internal Server Error" not in log, log[log.find("Internal Server Error"):][:3000]
