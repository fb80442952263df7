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


def test_every_action_string_in_the_code_is_declared():
    """A literal action name anywhere in src/ (action="…", or Entry("…", …)) is in the catalogue."""
    declared = {str(a) for a in Action}
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for expression in re.findall(r'\baction=("[^"]*"(?: if [^,]+ else "[^"]*")?)', text):
            used |= {n for n in re.findall(r'"([^"]*)"', expression) if "." in n}  # argparse's have no dot
        used |= set(re.findall(r'\bEntry\("([a-z_.]+)"', text))
    assert used, "the scan found no action names"
    assert used <= declared, sorted(used - declared)
