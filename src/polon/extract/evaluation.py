"""Scoring an extraction against a hand annotation (the format of ``tests/extract/corpus/*.gold.json``).

An annotation lists what an analyst reads in a text: the persons (names in the nominative, as the
extractor prints them), the countries named, and the events, each with its type, its participants'
countries and its count (``count_approximate`` for vague quantities: a gold approximate count with a
null value accepts any approximate count). ``location`` is optional and checked only by the tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def project(extraction: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of an extraction (``Extraction.to_dict()``) an annotation states, in its format."""
    return {
        "persons": sorted({p["name"] for p in extraction["persons"]}),
        "countries": sorted({c["code"] for c in extraction["countries"]}),
        "events": [{"type": e["type"], "countries": sorted(e["countries"]), "count": e["count"],
                    "count_approximate": bool(e.get("count_approximate")), "location": e.get("location")}
                   for e in extraction["events"]],
    }


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _count_ok(gold: Mapping[str, Any], got: Mapping[str, Any]) -> bool:
    if gold.get("count_approximate"):
        return bool(got.get("count_approximate")) and gold.get("count") in (None, got.get("count"))
    return gold.get("count") == got.get("count") and not got.get("count_approximate")


def _full_match(gold: Mapping[str, Any], got: Mapping[str, Any]) -> bool:
    return gold["type"] == got["type"] and sorted(gold["countries"]) == sorted(got["countries"]) \
        and _count_ok(gold, got)


def _matched(gold: list[Mapping[str, Any]], got: list[Mapping[str, Any]]) -> int:
    """Pairs of gold and extracted events that agree on type, participants' countries and count (greedy, 1:1)."""
    free = list(got)
    n = 0
    for g in gold:
        k = next((i for i, e in enumerate(free) if _full_match(g, e)), None)
        if k is not None:
            free.pop(k)
            n += 1
    return n


def _sets(gold: Iterable[str], got: Iterable[str]) -> tuple[int, int, int]:
    g, e = set(gold), set(got)
    return len(g & e), len(e - g), len(g - e)


def score(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> dict[str, Tally]:
    """Micro-averaged tallies over (gold, projected extraction) pairs: ``events_type`` (types as a multiset),
    ``events_full`` (type, participants' countries and count), ``persons`` and ``countries`` (sets)."""
    out = {k: Tally() for k in ("events_type", "events_full", "persons", "countries")}
    for gold, got in pairs:
        gt, et = Counter(e["type"] for e in gold["events"]), Counter(e["type"] for e in got["events"])
        tp = sum((gt & et).values())
        out["events_type"].add(tp, sum(et.values()) - tp, sum(gt.values()) - tp)
        full = _matched(list(gold["events"]), list(got["events"]))
        out["events_full"].add(full, len(got["events"]) - full, len(gold["events"]) - full)
        out["persons"].add(*_sets(gold["persons"], got["persons"]))
        out["countries"].add(*_sets(gold["countries"], got["countries"]))
    return out
