from __future__ import annotations

import json

import pytest

from polon.cli import main
from tests.conftest import SEED, SEED_DIR

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not SEED_DIR.exists(), reason="../shared/seed is absent on this machine")
def test_extract_prints_the_seed_as_json_and_writes_nothing(capsys):
    from polon.sources.models import Source

    assert main(["extract", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["language"], data["title"], data["author"], data["published"]) == (
        "de", "Ukraine tauscht Kasachen aus", "Vitaly Portnikov", "2025-04-22")
    assert {p["name"] for p in data["persons"]} == {
        "Vitaly Portnikov", "Ermek Katyrenow", "Baurzhan Begalimow", "Lupan Achmedjar", "Putin"}
    assert not Source.objects.exists()


def test_extract_of_an_unreadable_file_names_it(tmp_path, capsys):
    broken = tmp_path / "result.json"
    broken.write_text('{"messages": [', encoding="utf-8")
    assert main(["extract", str(broken)]) == 2
    assert str(broken) in capsys.readouterr().err
