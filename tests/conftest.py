"""Shared fixtures: one user per role, and a small multi-script registry."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed"
SEED = SEED_DIR / "000_bf021d4b5e5c8caf.txt"
PASSWORD = "test-password-polon-1"


@pytest.fixture(autouse=True)
def fresh_search_engine():
    """Each test starts the process's search engine afresh: a rolled-back test database reuses change ids,
    which a long-lived process (one database, only committed writes) never sees."""
    yield
    from polon.registry.search_index import ENGINE

    ENGINE.reset()


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Services called directly speak English, the language these tests are written in (the bureau's default,
    Ukrainian, is what a web request without a choice gets; tests of Ukrainian ask for it)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True, scope="session")
def second_factor_optional():
    """The suite logs users in with force_login and a password: the second factor is optional here, as in
    `polon demo`, except in the second factor's own tests (tests/*/test_second_factor.py), which require it."""
    from django.conf import settings

    settings.POLON_SECOND_FACTOR = "optional"


@pytest.fixture(autouse=True, scope="session")
def file_store(tmp_path_factory):
    """Files a test stores (job inputs, sources) go to a folder of the test session, never into the real data
    directory."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("store")


@pytest.fixture(autouse=True, scope="session")
def audit_key_file(tmp_path_factory):
    """The audit chain's key (polon.audit.keys) comes from a key file of the test session, made when first
    needed (as `polon demo` makes one in its data directory), never from the real data directory."""
    from django.conf import settings

    settings.AUDIT_KEY_FILE = tmp_path_factory.mktemp("audit-key") / "audit.key"


@pytest.fixture(autouse=True, scope="session")
def login_slots(tmp_path_factory):
    """The lock files bounding login work (polon.accounts.logins) go to a folder of the test session, never into
    ./polon-data."""
    from django.conf import settings

    settings.POLON_LOGIN_SLOT_DIR = tmp_path_factory.mktemp("login-slots")
    # No hashing budget: tests log in one after the other faster than a flood would be let through
    # (tests/accounts/test_logins.py tests the budget).
    settings.POLON_LOGIN_DUTY = 1.0


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_database(request):
    """The database of the polon processes a test starts, as environment entries: none for a SQLite file in their
    data directory, or (where the suite runs on PostgreSQL) DATABASE_URL of a scratch PostgreSQL database of their
    own, dropped afterwards."""
    if request.param == "sqlite":
        yield {}
        return
    import os

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the suite runs on SQLite (set DATABASE_URL=postgresql://… to run it on PostgreSQL)")
    import psycopg

    name = f"polon_processes_{os.getpid()}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield {"DATABASE_URL": f"{base}/{name}"}
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def make_user(db):
    from polon.accounts.models import User

    def make(username: str, role: str, countries: list[str] | None = None) -> User:
        user = User(username=username, role=role, countries=countries or [])
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def users(make_user):
    return {
        "admin": make_user("admin", "admin"),
        "registrar": make_user("registrar", "registrar"),
        "analyst": make_user("analyst", "analyst"),
        "liaison_kz": make_user("liaison_kz", "liaison", ["KZ"]),
        "liaison_uz": make_user("liaison_uz", "liaison", ["UZ"]),
        "icrc": make_user("icrc", "icrc"),
        "auditor": make_user("auditor", "auditor"),
    }


@pytest.fixture
def registry(users):
    """A Kazakh, an Uzbek and a Russian–Kazakh dual citizen, each with Cyrillic and Latin spellings."""
    from polon.registry.services import add_event, create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    actor = users["registrar"]
    kazakh = create_person(
        actor=actor, category="pow", birth_date="1991-03", power_depended="RU", army="RU-demo",
        service_number="T-100001",
        names=[NameInput(text="Ермек Болатович Катыренов", given="Ермек", patronymic="Болатович",
                         surname="Катыренов"), NameInput(text="Ermek Katyrenov"), NameInput(text="Ermek Katyrenow")],
        citizenships=[CitizenshipInput(country="KZ", provenance="self_declared")],
    )
    uzbek = create_person(
        actor=actor, category="pow", birth_date="1988-07-14", power_depended="RU", army="RU-demo",
        service_number="T-100002",
        names=[NameInput(text="Алишер Турсунов"), NameInput(text="Alisher Tursunov")],
        citizenships=[CitizenshipInput(country="UZ", provenance="document")],
    )
    dual = create_person(
        actor=actor, category="pow", birth_date="1979", power_depended="RU",
        names=[NameInput(text="Бауржан Бегалимов"), NameInput(text="Baurzhan Begalimov")],
        citizenships=[CitizenshipInput(country="RU", provenance="document"),
                      CitizenshipInput(country="KZ", provenance="self_declared")],
    )
    for person in (kazakh, uzbek, dual):
        add_event(actor=actor, person_id=person.pk, type="captured", date="2024-11-02", place="Demo sector 3")
    return {"kazakh": kazakh, "uzbek": uzbek, "dual": dual}
