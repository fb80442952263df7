"""One demo user per role; the passwords are printed by `polon demo` and are for the demo only."""

from __future__ import annotations

from polon.accounts.models import User
from polon.accounts.services import create_user

DEMO_PASSWORD = "demo-polon-2025"
DEMO_USERS = [
    ("admin", "admin", []),
    ("registrar", "registrar", []),
    ("analyst", "analyst", []),
    ("liaison_kz", "liaison", ["KZ"]),
    ("liaison_uz", "liaison", ["UZ"]),
    ("icrc", "icrc", []),
    ("auditor", "auditor", []),
]


def ensure_demo_users() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = create_user(actor=None, username="admin", password=DEMO_PASSWORD, role="admin")
    for username, role, countries in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            create_user(actor=admin, username=username, password=DEMO_PASSWORD, role=role, countries=countries)
    return admin
