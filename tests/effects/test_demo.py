"""The demo's effects and valuables on a small demo registry: receipts for articles taken at capture (one
returned), a sum still impounded after repatriation, dead prisoners' estates gathered, sealed, sent and
acknowledged, and the clock showing what is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from polon.effects.duties import open_duties
from polon.effects.models import Item, Packet, Receipt

pytestmark = pytest.mark.django_db


def test_the_demo_has_receipts_estates_and_an_overdue_packet(users):
    from polon.demo.generate import load_demo

    load_demo(actor=users["admin"], captives=120, own_held=10)
    assert Receipt.objects.count() >= 5
    assert Item.objects.filter(status="returned").count() == 1
    statuses = set(Packet.objects.filter(reason="died").values_list("status", flat=True))
    assert {"open", "sent", "received"} <= statuses
    assert Packet.objects.filter(status="sent", transmission__legal_basis="GC III Arts. 119, 122").exists()
    duties = open_duties(user=users["registrar"], today=date.today())
    overdue = [d for d in duties if d.is_overdue(date.today())]
    assert {d.detail for d in overdue} >= {"Died", "Repatriated"}
