"""Roles and the policies that name which roles may do what: the only module that knows roles.

Every URL pattern and API operation declares one policy from POLICIES; a test fails for any that does not.
Everything else asks ``may(user, policy)`` or ``require(user, policy)`` and never compares a role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polon.core.errors import PermissionDenied

if TYPE_CHECKING:
    from polon.accounts.models import User


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    REGISTRAR = "registrar", _("Registrar")
    ANALYST = "analyst", _("Analyst")
    LIAISON = "liaison", _("Consular liaison officer")
    ICRC = "icrc", _("ICRC delegate")
    AUDITOR = "auditor", _("Auditor")


_READERS = {Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON, Role.ICRC}

POLICIES: dict[str, frozenset[str]] = {
    # Reachable without logging in: the login page, static assets, the language switch.
    "public": frozenset(),
    # Any logged-in user, whatever the role (logout, own token, home redirect).
    "authenticated": frozenset(Role.values),
    "registry.read": frozenset(_READERS),
    "registry.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    "registry.export": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON, Role.ICRC}),
    "sources.read": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    "sources.write": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    # Actors (people a source names who are not captives): those who review sources, and a liaison officer for
    # the diplomats and officials of her countries (scoped by country); written by those who review sources.
    "actors.read": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON}),
    "actors.write": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    "audit.read": frozenset({Role.ADMIN, Role.AUDITOR}),
    "accounts.admin": frozenset({Role.ADMIN}),
    # `polon backup` / `polon restore` under --as (the operator's shell without --as may too: it holds the files).
    "backup.run": frozenset({Role.ADMIN}),
    # API tokens: minting one for oneself (not the auditor, who reads the audit log on the web only), and
    # for another user (administrators). Listing and revoking one's own stay "authenticated".
    "tokens.own": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON, Role.ICRC}),
    "tokens.others": frozenset({Role.ADMIN}),
    # Exchange rounds and their lists (entries are scoped by person like every other record).
    "exchanges.read": frozenset(_READERS),
    "exchanges.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Recording a round and preparing its lists (analysts prepare lists); executing it, which writes status
    # events on the registry, stays exchanges.write.
    "exchanges.prepare": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    # Importing the other side's list and judging its rows is an analyst's work as much as a registrar's.
    "exchanges.reconcile": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    # Consular contacts, transmissions, objections and what happened after return, scoped by country.
    "consular.read": frozenset(_READERS),
    "consular.write": frozenset({Role.ADMIN, Role.REGISTRAR, Role.LIAISON}),
    "enquiries.read": frozenset(_READERS),
    "enquiries.write": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON, Role.ICRC}),
    "dashboard.read": frozenset(_READERS),
    # The obligation clock (GC III time limits): everyone who reads the registry sees the duties in his scope;
    # the registrar lands on it (web.views.auth.LANDINGS).
    "duties.read": frozenset(_READERS),
    "duties.landing": frozenset({Role.REGISTRAR}),
    # Places of internment (not person records: their populations are counted within the reader's scope).
    "places.read": frozenset(_READERS),
    "places.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Visits of the ICRC and the Protecting Power (Art. 126): a delegate records whom he saw.
    "visits.read": frozenset(_READERS),
    "visits.write": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ICRC}),
    # Deaths, graves, enquiries into deaths and handovers of remains (Arts. 120-121), scoped by person.
    "deaths.read": frozenset(_READERS),
    "deaths.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Effects and valuables taken, impounded, returned, sealed packets and estates (Arts. 18, 119, 122).
    "effects.read": frozenset(_READERS),
    "effects.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # The seriously ill and wounded (Arts. 109-113): weekly reports, Mixed Medical Commissions, scoped by person.
    "medical.read": frozenset(_READERS),
    "medical.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Proceedings against prisoners of war (Arts. 5, 99-108, 119): status determinations, trials, notices, lists.
    "proceedings.read": frozenset(_READERS),
    "proceedings.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Lists for the Central Tracing Agency and the Power depended on (Arts. 122-123), scoped by person.
    "cta.read": frozenset(_READERS),
    "cta.write": frozenset({Role.ADMIN, Role.REGISTRAR}),
    # Checking that the stored files are intact: those who read sources, and auditors.
    "sources.verify": frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.AUDITOR}),
    # Everyone's background jobs and export history (others see their own).
    "work.everyone": frozenset({Role.ADMIN}),
    # Opening a record is audited as a read for everyone but those whose daily work is keeping the records.
    "registry.unlogged_reads": frozenset({Role.REGISTRAR}),
}

# What each policy allows, as the end of "your role may not …" (a refusal names what was refused, not a code).
DESCRIPTIONS: dict[str, Any] = {
    "authenticated": _("use polon"),
    "registry.read": _("read the registry of persons"),
    "registry.write": _("record or change persons, their names, citizenships and status events"),
    "registry.export": _("export persons"),
    "sources.read": _("read sources"),
    "sources.write": _("add or review sources"),
    "audit.read": _("read the audit log"),
    "accounts.admin": _("administer users"),
    "backup.run": _("back up or restore the database and stored files"),
    "tokens.own": _("create API tokens"),
    "tokens.others": _("create API tokens for other users"),
    "exchanges.read": _("see exchange rounds"),
    "exchanges.write": _("prepare or carry out exchange rounds"),
    "exchanges.reconcile": _("reconcile the other side's lists"),
    "exchanges.prepare": _("record exchange rounds or prepare their lists"),
    "consular.read": _("see consular contacts and transmissions"),
    "consular.write": _("record consular contacts, transmissions or objections"),
    "enquiries.read": _("read enquiries"),
    "enquiries.write": _("record or answer enquiries"),
    "dashboard.read": _("see the dashboard"),
    "duties.read": _("see the duties due"),
    "duties.landing": _("land on the duties due"),
    "places.read": _("see places of internment"),
    "places.write": _("record or change places of internment"),
    "visits.read": _("see visits to places of internment"),
    "visits.write": _("record visits to places of internment"),
    "deaths.read": _("see deaths, graves and handovers of remains"),
    "deaths.write": _("record deaths, burials, enquiries into deaths or handovers of remains"),
    "effects.read": _("see effects and valuables taken from prisoners, sealed packets and estates"),
    "effects.write": _("record effects and valuables taken, returned or sent in sealed packets"),
    "medical.read": _("see the seriously ill and wounded, health reports and Mixed Medical Commissions"),
    "medical.write": _("send health reports or record Mixed Medical Commission decisions and consent to repatriation"),
    "proceedings.read": _("see status determinations, proceedings against prisoners of war and lists of those "
                          "held back"),
    "proceedings.write": _("record status determinations, charges, trials, judgments and their notices"),
    "cta.read": _("see the lists sent to the Central Tracing Agency and the Powers depended on"),
    "cta.write": _("send lists to the Central Tracing Agency and the Powers depended on"),
    "sources.verify": _("verify the stored files"),
    "work.everyone": _("see other users' jobs and exports"),
    "registry.unlogged_reads": _("read records without the read being logged"),
    "actors.read": _("see the list of actors"),
    "actors.write": _("record or change actors"),
}

# The one list of roles that see every person and every country; the others see by country, or nothing.
SEES_EVERYONE: frozenset[str] = frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.ICRC})
# The roles whose scope is the countries recorded on their account.
SCOPED_BY_COUNTRY: frozenset[str] = frozenset({Role.LIAISON})
# The role that administers users (and whose accounts are Django staff).
ADMINISTRATOR: str = Role.ADMIN


def may(user: User | None, policy: str) -> bool:
    """Whether ``user`` (an active, logged-in account) may do what ``policy`` names."""
    if policy not in POLICIES:
        raise KeyError(f"unknown policy {policy!r}")
    if policy == "public":
        return True
    return bool(user is not None and user.is_authenticated and user.is_active and user.role in POLICIES[policy])


def require(user: User | None, policy: str) -> None:
    """Refuse with PermissionDenied unless ``user`` may do what ``policy`` names."""
    if not may(user, policy):
        role = Role(user.role).label if user is not None and getattr(user, "role", "") in Role.values else ""
        what = DESCRIPTIONS.get(policy, policy)
        if role:
            raise PermissionDenied(gettext("your role (%(role)s) may not %(action)s") % {"role": role, "action": what})
        raise PermissionDenied(gettext("you may not %(action)s") % {"action": what})


def declare_policy(name: str, enforce: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator declaring ``name`` the policy of a web view or API operation (the mark the tests look for)
    and answering each call by ``enforce(view, request, *args, **kwargs)``, which enforces it."""
    if name not in POLICIES:
        raise KeyError(f"unknown policy {name!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
            return enforce(view, request, *args, **kwargs)

        guarded.polon_policy = name  # type: ignore[attr-defined]
        return guarded

    return decorate


def is_scoped_by_country(role: str) -> bool:
    """Whether an account of ``role`` sees only the countries recorded on it (and must have at least one)."""
    return role in SCOPED_BY_COUNTRY


def is_administrator_role(role: str) -> bool:
    return role == ADMINISTRATOR
