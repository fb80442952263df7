"""Matching the free-text facility of status events to places of internment (the text polon kept before
places were records; GC III Arts. 22, 23).

A text matches a place when its comparison form equals the place's name or one of its other names, or, failing
that, when exactly one place's name or other name is contained in it word for word ("Camp No. 7, barrack 3"
→ "Camp No. 7"). Two or more candidates, or none, leave the text unmatched, for a person to decide. Pure: the
service (places.services.match_facilities) reads and writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_SIGNS = re.compile(r"[№#]|\b(?:no|nr)(?:\b\.?|(?=\d))", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w]+")


def comparison_form(text: str) -> str:
    """Case-folded words (letters and digits), "No.", "№" and punctuation dropped: "Табір № 7" → "табір 7"."""
    text = _SIGNS.sub(" ", text or "")
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Candidate:
    place_id: int
    names: tuple[str, ...]  # the place's name and other names


@dataclass
class Outcome:
    """What became of one distinct facility text."""

    text: str
    place_id: int | None = None
    how: str = ""  # "exact", "contained"; "" when unmatched
    candidates: list[int] = field(default_factory=list)  # when ambiguous


def match_texts(texts: Iterable[str], places: Iterable[Candidate]) -> dict[str, Outcome]:
    """Each distinct text's outcome against the places."""
    exact: dict[str, set[int]] = {}
    forms: list[tuple[str, int]] = []
    for place in places:
        for name in place.names:
            form = comparison_form(name)
            if form:
                exact.setdefault(form, set()).add(place.place_id)
                forms.append((form, place.place_id))
    result: dict[str, Outcome] = {}
    for text in texts:
        if text in result:
            continue
        form = comparison_form(text)
        outcome = Outcome(text=text)
        hits = exact.get(form, set()) if form else set()
        how = "exact"
        if not hits and form:
            padded = f" {form} "
            hits = {pk for name, pk in forms if f" {name} " in padded}
            how = "contained"
        if len(hits) == 1:
            outcome.place_id, outcome.how = next(iter(hits)), how
        elif hits:
            outcome.candidates = sorted(hits)
        result[text] = outcome
    return result


def summary(outcomes: Mapping[str, Outcome], counts: Mapping[str, int]) -> dict[str, list[dict[str, object]]]:
    """The report's two lists: matched texts (with their place and how), and unmatched ones (with the
    candidates, if several), each with the number of events carrying the text, most frequent first."""
    matched = [{"text": t, "place": o.place_id, "how": o.how, "events": counts.get(t, 0)}
               for t, o in outcomes.items() if o.place_id is not None]
    unmatched = [{"text": t, "candidates": o.candidates, "events": counts.get(t, 0)}
                 for t, o in outcomes.items() if o.place_id is None]

    def key(row: dict[str, object]) -> tuple[int, str]:
        events = row["events"]
        return (-(events if isinstance(events, int) else 0), str(row["text"]))

    return {"matched": sorted(matched, key=key), "unmatched": sorted(unmatched, key=key)}
