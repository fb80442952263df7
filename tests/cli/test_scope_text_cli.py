"""Free text that crosses scope, on the command line (issue 24): `polon enquiry reply` naming an Uzbek captive in
a reply about a Kazakh citizen is refused with the names found until it is given --confirm (audited)."""

from __future__ import annotations

import pytest

from polon.audit.models import AuditEvent
from polon.cli import main
from polon.enquiries.models import Reply
from polon.enquiries.services import create_enquiry

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_reply_naming_an_uzbek_needs_confirm(registry, users, capsys):
    enquiry = create_enquiry(actor=users["analyst"], requester_kind="family", requester_name="Fictional mother",
                             sought_name="Ермек Катыренов", sought_country="KZ")
    text = "Ermek Katyrenov is held, with Alisher Tursunov."
    code, out, err = run(capsys, "--as", "analyst", "enquiry", "reply", str(enquiry.pk), "--text", text)
    assert code == 2 and "Алишер Турсунов" in err and "--confirm" in err and "nothing was written" in err
    assert not Reply.objects.exists()
    code, out, err = run(capsys, "--as", "analyst", "enquiry", "reply", str(enquiry.pk), "--person",
                         str(registry["uzbek"].pk), "--text", "Held.")
    assert code == 2 and "not a citizen of Kazakhstan" in err
    code, out, err = run(capsys, "--as", "analyst", "enquiry", "reply", str(enquiry.pk), "--text", text, "--confirm")
    assert code == 0 and Reply.objects.count() == 1
    assert AuditEvent.objects.get(action="text.names.confirm").actor_id == users["analyst"].pk


def test_a_reply_to_a_consulate_needs_a_reason(registry, users, capsys):
    enquiry = create_enquiry(actor=users["analyst"], requester_kind="consulate", requester_name="Consulate (fict.)",
                             sought_name="Ермек Катыренов", sought_country="KZ")
    text = "Ermek Katyrenov is held."
    code, out, err = run(capsys, "--as", "analyst", "enquiry", "reply", str(enquiry.pk), "--text", text)
    assert code == 2 and "may be detrimental" in err
    code, out, err = run(capsys, "--as", "analyst", "enquiry", "reply", str(enquiry.pk), "--text", text,
                         "--override-reason", "He asked for it (fictional).")
    assert code == 0 and Reply.objects.get().override_reason
