"""Extraction is linear in text length because its stages look things up instead of searching.

These tests check behaviour, never time: an article repeated N times must read as the article N times
(every span shifted by one copy's length), and each index must find exactly what the search it replaces
would have found.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from polon.extract import extract, read_documents
from polon.extract.events import _absorb, _compatible, _Compatibles
from polon.extract.model import Event
from polon.extract.persons import _SurnameIndex, same_name

from .conftest import ARTICLES, SEED_DIR

# Articles whose repetition changes nothing but the spans. In the others a later copy legitimately adds to
# an event of an earlier one (a place the first copy's sentence lacked), which is the merge doing its job.
REPEATABLE = [
    "de_dpa_exchange.txt", "de_interview_kyrgyz.txt", "en_interview_kazakh.txt", "en_kazakh_consul.txt",
    "en_kyrgyz_swap.txt", "en_reuters_exchange.txt", "ru_court_kazakh.txt", "ru_interview_uzbek.txt",
    "ru_kyrgyz_trial.txt", "ru_uzbek_exchange.txt", "uk_coordination_statement.txt", "uk_nepal_capture.txt",
]
COPIES = 7
SEP = "\n\n"


def _body(path: Path) -> tuple[str, str, str | None]:
    """The article without its header line and headline (those are only read at the top of a document),
    its language and its publication date."""
    doc = read_documents(path)[0]
    whole = extract(doc)
    paras = doc.text.split(SEP)
    while paras and not paras[0].rstrip().endswith((".", "»", '"', "“", "”")):
        paras.pop(0)
    return SEP.join(paras).strip(), whole.language or "en", whole.published


def _spans(item: dict) -> list[tuple[int, int]]:
    return sorted(tuple(s) for s in item["spans"])


def _shifted(spans: list[tuple[int, int]], stride: int) -> list[tuple[int, int]]:
    return sorted((a + k * stride, b + k * stride) for k in range(COPIES) for a, b in spans)


def _without_spans(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "spans"}


def _assert_repeats(text: str, lang: str, published: str | None) -> None:
    one = extract(text, lang=lang, published=published).to_dict()
    many = extract(SEP.join([text] * COPIES), lang=lang, published=published).to_dict()
    stride = len(text) + len(SEP)
    assert one["persons"], "the article should name someone"
    for key in ("persons", "countries", "organisations", "events"):
        # the same facts, each found again in every copy
        assert [_without_spans(x) for x in many[key]] == [_without_spans(x) for x in one[key]], key
        assert [_spans(x) for x in many[key]] == [_shifted(_spans(x), stride) for x in one[key]], key
    for key in ("dates", "counts"):
        # mentions, one per copy
        expected = [dict(x, spans=[[a + k * stride, b + k * stride] for a, b in x["spans"]])
                    for k in range(COPIES) for x in one[key]]
        assert many[key] == expected, key
    for p in many["persons"]:
        for a, b in p["spans"]:  # each span is a mention as written in its copy
            k = a // stride
            assert text[a - k * stride:b - k * stride] in p["mentions"]


@pytest.mark.parametrize("name", REPEATABLE)
def test_an_article_repeated_reads_as_the_article_repeated(name: str) -> None:
    _assert_repeats(*_body(ARTICLES / name))


def test_the_seed_repeated_reads_as_the_seed_repeated() -> None:
    seeds = sorted(SEED_DIR.glob("000_*.txt")) if SEED_DIR.is_dir() else []
    if not seeds:
        pytest.skip(f"no founding document in {SEED_DIR}")
    _assert_repeats(*_body(seeds[0]))


def test_a_text_of_many_articles_keeps_every_article_s_people() -> None:
    """Forty Russian and Ukrainian articles in one text: every person of each article, at its shifted spans."""
    bodies = [_body(ARTICLES / name) for name in REPEATABLE if name.startswith(("ru_", "uk_"))]
    text, offsets = "", []
    for k in range(40):
        offsets.append(len(text))
        text += bodies[k % len(bodies)][0] + SEP
    d = extract(text, lang="ru")
    spans = {s for p in d.persons for s in p.spans}
    for k, start in enumerate(offsets):
        body = bodies[k % len(bodies)][0]
        for p in extract(body, lang="ru").persons:
            for a, b in p.spans:
                assert (a + start, b + start) in spans, (k, p.name)


def _random_event(rng: random.Random) -> Event:
    return Event(
        type=rng.choice(["capture", "release"]),
        count=rng.choice([None, None, 1, 2]),
        date=rng.choice([None, None, "2025-01", "2025-02"]),
        nationality=rng.choice([None, "KZ", "KG"]),
        place=rng.choice([None, None, "Kyiv"]),
        persons=rng.sample(["Aibek", "Bolat", "Chingiz"], rng.choice([0, 0, 1, 2])),
        countries=rng.sample(["UA", "RU", "KZ"], rng.choice([0, 1, 2])),
    )


@pytest.mark.parametrize("seed", range(20))
def test_compatible_events_are_found_by_lookup_as_by_search(seed: int) -> None:
    """The index finds the first compatible event a scan would, while events absorb drafts and grow."""
    rng = random.Random(seed)
    events: list[Event] = []
    index = _Compatibles()
    for _ in range(300):
        draft = _random_event(rng)
        scanned = next((k for k, e in enumerate(events) if _compatible(e, draft)), None)
        assert index.first(draft) == scanned
        assert {id(e) for e in index.each(draft)} == {id(e) for e in events if _compatible(e, draft)}
        if scanned is None:
            events.append(draft)
            index.add(draft)
        else:
            _absorb(events[scanned], draft)
            index.changed(scanned)


def test_spellings_of_a_surname_are_found_by_lookup_as_by_search() -> None:
    rng = random.Random(7)
    stems = ["Тестов", "Тестбеков", "Testov", "Katyrenow", "Kat", "Ли", "Примеров"]
    endings = ["", "а", "у", "ым", "ой", "s", "ого", "ыми"]
    words = [rng.choice(stems) + rng.choice(endings) for _ in range(400)]
    index = _SurnameIndex()
    for k, w in enumerate(words):
        found = sorted(i for items in index.same(w) for i in items)
        assert found == [i for i, v in enumerate(words[:k]) if same_name(w, v)], w
        index.add(w, k)
