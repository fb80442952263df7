"""Every POST view of the site reads a form: its choices are the models', and a refusal (the form's or the
service's) comes back on the form, on the page, with what was typed, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from polon.consular.models import Objection, ProceedingStage, Recipient
from polon.enquiries.models import RequesterKind
from polon.exchanges.models import Consent, EntryCategory, Formula, Side
from polon.exports.models import ExportKind
from polon.web.forms import consular, enquiries, exchanges, exports
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
VIEWS = Path(__file__).resolve().parents[2] / "src" / "polon" / "web" / "views"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_choices_are_the_models():
    assert exchanges.RoundForm.base_fields["formula"].choices == Formula.choices
    assert exchanges.EntryAddForm.base_fields["side"].choices == Side.choices
    assert exchanges.EntryAddForm.base_fields["consent"].choices == Consent.choices
    assert exchanges.EntryAddForm.base_fields["categories"].choices == EntryCategory.choices
    assert consular.TransmissionForm.base_fields["recipient"].choices == Recipient.choices
    assert consular.ObjectionForm.base_fields["scope"].choices == Objection.Scope.choices
    assert consular.ProceedingForm.base_fields["stage"].choices == ProceedingStage.choices
    assert enquiries.EnquiryForm.base_fields["requester_kind"].choices == RequesterKind.choices
    assert exports.ExportForm.base_fields["kind"].choices == ExportKind.choices


def test_views_read_posted_data_only_through_forms():
    for path in VIEWS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        reads = [line.strip() for line in text.splitlines()
                 if re.search(r"request\.(POST|FILES)", line)
                 and not re.search(r"(Form|_form)\(request\.POST", line)]
        assert not reads, f"{path.name} reads request.POST/FILES outside a form: {reads}"
        assert "messages.error" not in text, f"{path.name} shows a failure as a message, not on its form"


def test_refused_round_action_is_shown_on_the_round_page_with_what_was_typed(registry, users):
    from polon.exchanges.services import create_round

    r = create_round(actor=users["registrar"], number=7)
    client = login(users["registrar"])
    response = client.post(f"/exchanges/{r.pk}/execute/", {"date": "2025-13-01", "place": "Border post 4"})
    page = response.content.decode()
    assert response.status_code == 400 and "місяця 13 не існує" in page and 'value="Border post 4"' in page
    assert 'class="error"' in page
    response = client.post(f"/exchanges/{r.pk}/entries/", {"person": "abc", "side": "hand_over"})
    assert response.status_code == 400 and 'value="abc"' in response.content.decode()
    assert not r.entries.exists()


def test_refused_reply_keeps_the_text(registry, users):
    from polon.enquiries.services import create_enquiry

    enquiry = create_enquiry(actor=users["registrar"], requester_kind="family", requester_name="Aigerim",
                             sought_name="Ermek Katyrenov", sought_country="KZ")
    client = login(users["registrar"])
    response = client.post(f"/enquiries/{enquiry.pk}/reply/", {"text": "We hold him.", "persons": "x1"})
    page = response.content.decode()
    assert response.status_code == 400 and "x1" in page and "We hold him." in page
    assert not enquiry.replies.exists()


def test_source_numbers_only_for_those_who_read_sources(registry, users):
    assert 'name="source_ids"' in login(users["registrar"]).get("/consular/contacts/new/").content.decode()
    page = login(users["liaison_kz"]).get("/consular/contacts/new/?country=KZ").content.decode()
    assert 'name="source_ids"' not in page and 'value="KZ"' in page
