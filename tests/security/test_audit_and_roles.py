"""Every write goes through a service that checks the role and audits in the same transaction; opening a
person's record as a non-registrar is audited as a read.

Tests marked `# FINDING` in their docstring FAIL today.
"""

from __future__ import annotations

import pytest

from polon.accounts.models import ApiToken, User
from polon.audit.models import AuditEvent
from polon.consular import services as consular_services
from polon.core.errors import PermissionDenied
from tests.security.conftest import login

pytestmark = pytest.mark.django_db


def reads_of(person) -> int:
    return AuditEvent.objects.filter(action="person.read", object_id=str(person.pk)).count()


@pytest.mark.parametrize("url", ["/persons/{}/", "/api/persons/{}", "/api/persons/{}/names", "/api/persons/{}/events"])
def test_opening_a_record_as_a_non_registrar_is_audited(registry, users, url):
    kazakh = registry["kazakh"]
    before = reads_of(kazakh)
    assert login(users["liaison_kz"]).get(url.format(kazakh.pk)).status_code == 200
    assert reads_of(kazakh) == before + 1


@pytest.mark.parametrize("url", [
    "/consular/persons/{}/",
    "/api/consular/persons/{}",
    "/api/consular/persons/{}/transmission-warnings?recipient=state&country=KZ",
])
def test_opening_the_consular_record_of_a_person_is_audited(registry, users, url):
    """# FINDING: consular/views.py person_consular and consular/api.py person_consular /
    transmission_warnings call registry_selectors.get_person(..., log_read=False). These pages show the
    person's name with his transmissions, objections (his own words), where he went after return and the
    criminal proceedings against him — the most sensitive part of his record — and a liaison/ICRC/analyst/
    admin opening them leaves no person.read event."""
    kazakh = registry["kazakh"]
    consular_services.record_objection(actor=users["registrar"], person_id=kazakh.pk, scope="state",
                                       statement="I do not want my state told")
    before = reads_of(kazakh)
    assert login(users["liaison_kz"]).get(url.format(kazakh.pk)).status_code == 200
    assert reads_of(kazakh) == before + 1, f"{url}: no person.read audit event"


def test_write_services_refuse_roles_that_may_not_write(registry, users):
    from polon.registry.services import add_event, create_person
    from polon.registry.services.names import NameInput

    for role in ("analyst", "liaison_kz", "icrc", "auditor"):
        with pytest.raises(PermissionDenied):
            create_person(actor=users[role], category="pow", names=[NameInput(text="Fictional Person")])
        with pytest.raises(PermissionDenied):
            add_event(actor=users[role], person_id=registry["kazakh"].pk, type="interned", date="2025-01-01")


def test_create_user_checks_the_actors_role(users):
    """# FINDING: accounts/services.py create_user performs no role check (only the CLI wrapper in
    cli/admin.py does). Any caller passing a non-admin actor creates users of any role, including admin."""
    with pytest.raises(PermissionDenied):
        from polon.accounts.services import create_user

        create_user(actor=users["analyst"], username="mallory", password="a-long-enough-password-1",
                    role="admin")
    assert not User.objects.filter(username="mallory").exists()


def test_create_api_token_checks_the_actors_role(users):
    """# FINDING: accounts/services.py create_api_token performs no role check: a non-admin actor obtains a
    bearer token for the administrator (only cli/admin.py token_create checks)."""
    from polon.accounts.services import create_api_token

    with pytest.raises(PermissionDenied):
        create_api_token(actor=users["analyst"], user=users["admin"], name="stolen")
    assert not ApiToken.objects.filter(user=users["admin"]).exists()


def test_revoked_and_inactive_tokens_are_refused(registry, users):
    from django.test import Client

    from polon.accounts.services import create_api_token

    secret = create_api_token(actor=users["admin"], user=users["icrc"], name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/persons").status_code == 200
    ApiToken.objects.filter(user=users["icrc"]).update(revoked=True)
    assert client.get("/api/persons").status_code == 401
    secret = create_api_token(actor=users["admin"], user=users["icrc"], name="t2")
    User.objects.filter(pk=users["icrc"].pk).update(is_active=False)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/persons").status_code == 401


def test_audit_log_is_for_auditors_and_admins_only(registry, users):
    for role in ("registrar", "analyst", "liaison_kz", "icrc"):
        assert login(users[role]).get("/audit/").status_code == 403, role
    assert login(users["auditor"]).get("/audit/").status_code == 200


def test_session_writes_need_the_csrf_token(registry, users):
    client = login(users["registrar"], enforce_csrf_checks=True)
    # API over the session cookie
    response = client.post("/api/enquiries", {"requester_kind": "family", "requester_name": "x",
                                              "sought_name": "Ermek Katyrenov"}, content_type="application/json")
    assert response.status_code == 403
    # A web form
    response = client.post("/enquiries/new/", {"requester_kind": "family", "requester_name": "x",
                                               "sought_name": "Ermek Katyrenov"})
    assert response.status_code == 403
    from polon.enquiries.models import Enquiry

    assert not Enquiry.objects.exists()
