"""The demo's tracing lists: a list to the Central Tracing Agency and one to Russia sent, restricted records left
out of the latter, a correction and a change pending for both, the duties demo's fresh captures new to both,
those captured more than a week ago overdue on the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polon.cta import selectors
from polon.cta.duties import open_duties
from polon.cta.models import CtaList
from polon.demo.generate import load_demo

pytestmark = pytest.mark.django_db


def test_demo_lists_corrections_and_overdue(users):
    load_demo(actor=users["admin"], captives=120, own_held=10)
    registrar, today = users["registrar"], timezone.localdate()
    cta = CtaList.objects.get(recipient="icrc_cta")
    power = CtaList.objects.get(recipient="state", country="RU")
    assert cta.sent_on == today - timedelta(days=30) and cta.entries.count() > 50
    assert power.entries.count() + len(power.withheld) == cta.entries.count()
    summary = {(s.recipient, s.country): s for s in selectors.summaries(registrar)}
    for key in (("icrc_cta", ""), ("state", "RU")):
        assert summary[key].corrections == 1 and summary[key].changes == 1, key
        assert summary[key].new >= 5, key  # the duties demo's fresh captures
    overdue = [d for d in open_duties(user=registrar, today=today) if d.is_overdue(today)]
    assert {(today - d.anchor).days for d in overdue} >= {12, 9}
