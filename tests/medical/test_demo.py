"""The demo's seriously ill and wounded on a small demo registry: a weekly report sent ten days ago (this week's
overdue), a session whose decisions were not communicated (overdue), a decision A not carried out because its
prisoner refuses repatriation, another carried out."""

from __future__ import annotations

import time
from datetime import date

import pytest

from polon.medical.duties import open_duties
from polon.medical.models import CommissionDecision, HealthReport
from polon.registry.models import RepatriationFlag

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_overdue_weekly_report_and_commission_deadlines(users, monkeypatch):
    from polon.demo import exchanges
    from polon.demo.generate import load_demo

    # The medical demo reads only the generated timelines: the exchanges demo (rounds, enquiries) is left out.
    monkeypatch.setattr(exchanges, "load_exchanges_demo", lambda **kwargs: None)
    from polon.demo.medical import load_medical_demo

    load_demo(actor=users["admin"], captives=150, own_held=10)
    assert HealthReport.objects.count() == 1
    assert CommissionDecision.objects.filter(carried_out_on__isnull=False, decision="A").count() == 1
    refusing = RepatriationFlag.objects.get(consent="refuses")
    assert refusing.must_repatriate
    today = date.today()
    overdue = {d.kind for d in open_duties(user=users["registrar"], today=today) if d.is_overdue(today)}
    assert {"medical.weekly_report", "medical.commission_decision_notice",
            "medical.commission_decision_executed"} <= overdue
    started = time.monotonic()
    assert load_medical_demo(actor=users["admin"])["reports"] == 0  # this week's report… was sent 10 days ago
    assert time.monotonic() - started < 10
