"""The export form (issue 23): persons by name (and pre-filled from the person list's ?persons=…), the state by
its localised name, the status chosen from the statuses the UI shows."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


def test_persons_from_the_list_are_filled_in_by_name(client, registry, users):
    client.login(username="analyst", password=PASSWORD)
    page = client.get(f"/exports/?persons={registry['kazakh'].pk},{registry['uzbek'].pk}").content.decode()
    assert "Ермек Болатович Катыренов" in page and "Алишер Турсунов" in page
    assert '<option value="KZ">Казахстан</option>' in page  # the state by its Ukrainian name
    assert '<option value="held">Утримується</option>' in page  # the status as the UI names it


def test_persons_typed_by_name_in_any_script_are_exported(client, registry, users):
    client.login(username="analyst", password=PASSWORD)
    answer = client.post("/exports/", {"kind": "csv", "persons": "Ermek Katyrenov\nАлишер Турсунов", **PURPOSE})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content if answer.streaming else
                                                    [answer.content]).decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == {registry["kazakh"].pk, registry["uzbek"].pk}

