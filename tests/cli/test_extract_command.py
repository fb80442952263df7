from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polon.cli import main
from polon.cli.extract import wants
from tests.conftest import SEED, SEED_DIR

ARTICLE = Path(__file__).resolve().parents[1] / "extract" / "articles" / "ru_uzbek_exchange.txt"

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


def test_extract_starts_without_django():
    """`polon extract` writes nothing, so it never sets Django up: that is most of a quick start."""
    code = ("import json, sys; from polon.cli import main; rc = main(['--as', 'nobody', 'extract', sys.argv[1]]); "
            "print(json.dumps([rc, sorted(m for m in sys.modules if m.partition('.')[0] == 'django')]))")
    done = subprocess.run([sys.executable, "-c", code, str(ARTICLE)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.strip().splitlines()
    assert json.loads(last) == [0, []]
    assert json.loads("\n".join(printed))["language"] == "ru"


@pytest.mark.parametrize(("argv", "expected"), [
    (["extract", "a.txt"], True),
    (["--as", "alice", "extract", "a.txt"], True),
    (["--data-dir=/tmp/x", "--as=alice", "extract", "--help"], True),
    (["--data-dir", "extract", "person", "list"], False),  # "extract" is the value of --data-dir
    (["--help", "extract"], False),
    (["person", "show", "extract"], False),
    ([], False),
])
def test_only_the_extract_command_skips_django(argv, expected):
    assert wants(argv) is expected


def test_a_reader_that_stops_reading_ends_the_command_quietly():
    """`polon … | head`: the pipe closes before the command has written; no traceback, exit code 141."""
    process = subprocess.Popen([sys.executable, "-m", "polon", "extract", str(ARTICLE)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()  # before the command has started: its every write meets a closed pipe
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141 and err == ""
