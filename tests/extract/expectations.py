"""Assertions shared by the article suites: exact persons, countries, organisations and events."""

from __future__ import annotations

from collections.abc import Collection


def assert_persons(d: dict, exp: dict) -> None:
    got = {p["name"]: (p["roles"], p["countries"]) for p in d["persons"]}
    assert got == exp["persons"]


def assert_countries(d: dict, exp: dict) -> None:
    assert {c["code"] for c in d["countries"]} == exp["countries"]


def assert_organisations(d: dict, exp: dict) -> None:
    assert {o["name"] for o in d["organisations"]} == exp["organisations"]


def assert_events(d: dict, exp: dict, *, unordered: Collection[str] = ()) -> None:
    """Event types in order, then each expected field; fields in `unordered` compare as sets."""
    assert [e["type"] for e in d["events"]] == [t for t, _ in exp["events"]]
    for ev, (_, fields) in zip(d["events"], exp["events"], strict=True):
        for k, v in fields.items():
            got = ev[k]
            if k in unordered:
                got, v = set(got), set(v)
            assert got == v, (ev["type"], k, got, v)
