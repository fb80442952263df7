from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from polon.audit.actions import Action
from polon.audit.log import Entry, record, record_many
from polon.audit.models import AuditEvent

SRC = Path(__file__).resolve().parents[2] / "src" / "polon"


def test_record_refuses_an_action_not_in_the_catalogue(db, users):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="not an audit action"), transaction.atomic():
        record(actor=users["admin"], action="person.frobnicate", object_type="demo", object_id="1")
    with pytest.raises(ValueError), transaction.atomic():
        record_many(actor=users["admin"], entries=[Entry(Action.PERSON_READ, None, "demo", "1"),
                                                   Entry("no.such", None, "demo", "2")])
    assert AuditEvent.objects.count() == before


def test_record_takes_the_enum_or_its_string(db, users):
    with transaction.atomic():
        a = record(actor=users["admin"], action=Action.PERSON_READ, object_type="demo", object_id="1")
        b = record(actor=users["admin"], action="person.read", object_type="demo", object_id="2")
    assert a.action == b.action == "person.read"
    assert AuditEvent.objects.filter(action=Action.PERSON_READ).count() >= 2


def _literal_actions(text: str) -> set[str]:
    """Action names written as string literals: action="…" (or a conditional of two) and Entry("…", …)."""
    used: set[str] = set()
    for expression in re.findall(r'\baction=("[^"]*"(?: if [^,]+ else "[^"]*")?)', text):
        used |= {n for n in re.findall(r'"([^"]*)"', expression) if "." in n}  # argparse's have no dot
    return used | set(re.findall(r'\bEntry\("([a-z_.]+)"', text))


def test_the_scan_sees_literal_action_names():
    assert _literal_actions('record(actor=u, action="person.read", obj=p)') == {"person.read"}
    assert _literal_actions('action="a.b" if x else "c.d",') == {"a.b", "c.d"}
    assert _literal_actions('p.add_argument("--json", action="store_true")') == set()


def test_the_code_names_audit_actions_only_through_the_catalogue():
    """No literal action name anywhere in src/: every service writes Action.…, so a misspelt name cannot
    reach the log."""
    literal = {str(path.relative_to(SRC)): names for path in SRC.rglob("*.py")
               if (names := _literal_actions(path.read_text(encoding="utf-8")))}
    assert not literal, literal
