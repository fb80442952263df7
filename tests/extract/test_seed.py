"""The founding document must yield exactly these facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polon.extract import extract, extract_file, read_documents

COORD = "Coordination Headquarters for the Treatment of Prisoners of War"
EMBASSY = "Embassy of Kazakhstan in Ukraine"


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> tuple[str, dict]:
    text = seed_path.read_text(encoding="utf-8")
    return text, extract(text).to_dict()


def _person(d: dict, name: str) -> dict:
    found = [p for p in d["persons"] if p["name"] == name]
    assert len(found) == 1, f"{name} not found once in {[p['name'] for p in d['persons']]}"
    return found[0]


def _events(d: dict, type_: str) -> list[dict]:
    return [e for e in d["events"] if e["type"] == type_]


def test_header(seed: tuple[str, dict]) -> None:
    _, d = seed
    assert d["language"] == "de"
    assert d["title"] == "Ukraine tauscht Kasachen aus"
    assert d["author"] == "Vitaly Portnikov"
    assert d["published"] == "2025-04-22"


def test_persons_exactly(seed: tuple[str, dict]) -> None:
    _, d = seed
    assert sorted(p["name"] for p in d["persons"]) == sorted(
        ["Vitaly Portnikov", "Ermek Katyrenow", "Baurzhan Begalimow", "Lupan Achmedjar", "Putin"]
    )
    assert "Kommentar verfassen" not in {p["name"] for p in d["persons"]}


def test_person_roles_and_countries(seed: tuple[str, dict]) -> None:
    _, d = seed
    assert _person(d, "Vitaly Portnikov")["roles"] == ["author"]
    k = _person(d, "Ermek Katyrenow")
    assert k["roles"] == ["chargé d'affaires"] and k["countries"] == ["KZ"] and k["posted_in"] == "UA"
    assert k["affiliation"] == EMBASSY
    b = _person(d, "Baurzhan Begalimow")
    assert b["roles"] == ["consul"] and b["countries"] == ["KZ"]
    j = _person(d, "Lupan Achmedjar")
    assert j["roles"] == ["journalist"] and j["countries"] == ["KZ"] and "detained" in j["statuses"]
    assert _person(d, "Putin")["roles"] == []


def test_spans_are_exact(seed: tuple[str, dict]) -> None:
    text, d = seed
    for p in d["persons"]:
        assert p["spans"], p
        for s, e in p["spans"]:
            assert text[s:e] in p["mentions"]
    for p in ("Ermek Katyrenow", "Baurzhan Begalimow", "Lupan Achmedjar", "Putin", "Vitaly Portnikov"):
        s, e = _person(d, p)["spans"][0]
        assert text[s:e] == p
    for c in d["countries"]:
        for s, e in c["spans"]:
            assert 0 <= s < e <= len(text)
    for o in d["organisations"]:
        assert all(text[s:e] in o["mentions"] for s, e in o["spans"])
    for ev in d["events"]:
        assert ev["spans"]
        for s, e in ev["spans"]:
            assert text[s:e].strip() == text[s:e] and text[s:e]


def test_countries(seed: tuple[str, dict]) -> None:
    text, d = seed
    assert {c["code"] for c in d["countries"]} == {"UA", "RU", "KZ", "KG"}
    kg = next(c for c in d["countries"] if c["code"] == "KG")
    assert [text[s:e] for s, e in kg["spans"]] == ["kirgisischen"]
    ru = {text[s:e] for s, e in next(c for c in d["countries"] if c["code"] == "RU")["spans"]}
    assert {"Russland", "Moskaus", "Russischen Föderation"} <= ru  # capital as government counts


def test_organisations(seed: tuple[str, dict]) -> None:
    text, d = seed
    orgs = {o["name"]: o for o in d["organisations"]}
    assert orgs[COORD]["kind"] == "coordination_headquarters"
    assert "Koordinierungsstabs für die Behandlung von Kriegsgefangenen" in orgs[COORD]["mentions"]
    assert orgs[EMBASSY]["kind"] == "embassy"
    assert orgs[EMBASSY]["country"] == "KZ" and orgs[EMBASSY]["host_country"] == "UA"
    assert len(orgs[EMBASSY]["spans"]) == 3
    # Besides these two, the only organisation is the Russian army the Kazakhs served in.
    others = [o for n, o in orgs.items() if n not in (COORD, EMBASSY)]
    assert [(o["kind"], o["country"]) for o in others] == [("armed_forces", "RU")]


def test_prisoner_exchange(seed: tuple[str, dict]) -> None:
    _, d = seed
    (ex,) = _events(d, "prisoner_exchange")
    assert ex["parties"] == ["UA", "RU"]
    assert ex["date"] == "2025-04-22" and ex["date_approximate"] is True and ex["date_relation"] == "before"
    assert ex["count"] == 2 and ex["counted"] == "citizens" and ex["nationality"] == "KZ"
    assert ex["fought_for"] == "RU"
    assert {"UA", "RU", "KZ"} <= set(ex["countries"])


def test_earlier_release_of_kyrgyz(seed: tuple[str, dict]) -> None:
    _, d = seed
    (rel,) = _events(d, "release")
    assert rel["count"] == 1 and rel["nationality"] == "KG" and rel["countries"] == ["KG"]
    assert rel["date_approximate"] is True and rel["date_relation"] == "before"


def test_consular_meeting(seed: tuple[str, dict]) -> None:
    _, d = seed
    (m,) = _events(d, "consular_meeting")
    assert m["place"] == "Kyiv"
    assert set(m["persons"]) == {"Ermek Katyrenow", "Baurzhan Begalimow"}
    assert COORD in m["organisations"]
    assert set(m["countries"]) == {"KZ", "UA"}


def test_detention_of_journalist(seed: tuple[str, dict]) -> None:
    _, d = seed
    (det,) = _events(d, "detention_of_journalist")
    assert det["persons"] == ["Lupan Achmedjar"]
    assert det["countries"] == ["KZ"]
    assert det["date_approximate"] is True


def test_no_other_events(seed: tuple[str, dict]) -> None:
    _, d = seed
    assert sorted(e["type"] for e in d["events"]) == sorted(
        ["prisoner_exchange", "release", "consular_meeting", "detention_of_journalist"]
    )


def test_json_round_trip_and_file_api(seed: tuple[str, dict], seed_path: Path) -> None:
    text, d = seed
    (doc,) = read_documents(seed_path)
    assert doc.kind == "news_article" and len(doc.source_sha256 or "") == 64
    (from_file,) = extract_file(seed_path)
    assert json.loads(json.dumps(from_file)) == from_file
    assert from_file["persons"] == d["persons"] and from_file["events"] == d["events"]
    assert json.loads(extract(text).to_json()) == d


def test_lang_override(seed: tuple[str, dict]) -> None:
    text, _ = seed
    assert extract(text, lang="de").language == "de"
    assert extract(text, published="2025-05-01").to_dict()["events"][0]["date"] == "2025-05-01"
