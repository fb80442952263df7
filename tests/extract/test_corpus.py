"""The annotated fictional corpus of issue 26 (tests/extract/corpus): each text beside its NAME.gold.json.

Persons, countries and events (type, participants' countries, count, whether it is approximate, and the
location where the annotation gives one) must equal the annotation exactly. The texts still read wrongly
are listed in KNOWN_MISSES with what goes wrong; they are strict xfails, so a fix must remove them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polon.extract import extract_file
from polon.extract.evaluation import project

CORPUS = Path(__file__).parent / "corpus"
KNOWN_MISSES: dict[str, str] = {}


def _key(e: dict, with_location: bool, vague: bool = False) -> tuple:
    """``vague``: the annotation has an approximate count without a value here, so any approximate one fits."""
    count = None if vague and e["count_approximate"] else e["count"]
    return (e["type"], tuple(sorted(e["countries"])), -1 if count is None else count, bool(e["count_approximate"]),
            (e.get("location") or "") if with_location else "")


def _cases() -> list:
    out = []
    for gold in sorted(CORPUS.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        marks = [pytest.mark.xfail(reason=KNOWN_MISSES[stem], strict=True)] if stem in KNOWN_MISSES else []
        out.append(pytest.param(stem, marks=marks, id=stem))
    return out


@pytest.mark.parametrize("stem", _cases())
def test_corpus_article_exact(stem: str) -> None:
    gold = json.loads((CORPUS / f"{stem}.gold.json").read_text(encoding="utf-8"))
    got = project(extract_file(CORPUS / f"{stem}.txt")[0])
    assert got["persons"] == gold["persons"]
    assert got["countries"] == gold["countries"]
    # the location is compared only where the annotation states it
    expected = sorted(_key(e, "location" in e) for e in gold["events"])
    located = {(e["type"], tuple(sorted(e["countries"]))) for e in gold["events"] if "location" in e}
    vague = {e["type"] for e in gold["events"] if e["count_approximate"] and e["count"] is None}
    actual = sorted(_key(e, (e["type"], tuple(sorted(e["countries"]))) in located, e["type"] in vague)
                    for e in got["events"])
    assert actual == expected


def test_every_text_has_an_annotation() -> None:
    texts = {p.stem for p in CORPUS.glob("*.txt")}
    golds = {p.name[: -len(".gold.json")] for p in CORPUS.glob("*.gold.json")}
    assert texts == golds and len(texts) >= 30
