"""Dates: absolute ones as written, relative ones anchored to the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Match
from .text import Token

_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(slots=True)
class DateMention:
    value: str
    approximate: bool
    relation: str
    first: int  # token index range
    last: int
    start: int
    end: int


def parse_iso(value: str | None) -> dt.date | None:
    """A ``date`` for a full ISO date, None for partial or missing ones."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    return f"{y:04d}"


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    first = next((t.index for t in tokens if t.end > start), len(tokens))
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return first, last


def find(tokens: Sequence[Token], matches: Sequence[Match], text: str, published: str | None) -> list[DateMention]:
    pub = parse_iso(published)
    pub_year = int(published[:4]) if published and published[:4].isdigit() else None
    out: list[DateMention] = []
    taken: set[int] = set()

    def add(value: str | None, approx: bool, relation: str, start: int, end: int) -> None:
        if value is None:
            return
        first, last = _token_range(tokens, start, end)
        if any(i in taken for i in range(first, last)):
            return
        taken.update(range(first, last))
        out.append(DateMention(value, approx, relation, first, last, start, end))

    for m in _NUMERIC.finditer(text):
        add(_iso(int(m.group(3)), int(m.group(2)), int(m.group(1))), False, "on", m.start(), m.end())
    for m in _ISO.finditer(text):
        add(_iso(int(m.group(1)), int(m.group(2)), int(m.group(3))), False, "on", m.start(), m.end())

    n = len(tokens)
    for mt in matches:
        month = mt.get("month")
        if month is not None:
            mon = month.value
            first, last = mt.first, mt.last
            day = year = None
            # "22. April", "22 апреля", "April 22"
            if first > 0 and tokens[first - 1].is_digit and len(tokens[first - 1].text) <= 2:
                day, first = int(tokens[first - 1].text), first - 1
            elif last < n and tokens[last].is_digit and len(tokens[last].text) <= 2:
                day, last = int(tokens[last].text), last + 1
            if last < n and _YEAR.match(tokens[last].text):
                year, last = int(tokens[last].text), last + 1
            if year is None and day is None and month.pattern[0] in ("may", "mai", "march", "mar"):
                continue  # "may" the verb, "Mai" without a day is too weak, "march" the verb
            if year is None:
                if pub_year is None:
                    continue
                year = pub_year
                # A month later than the publication month belongs to the previous year.
                if pub and (mon > pub.month or (mon == pub.month and day and day > pub.day)):
                    year -= 1
            add(_iso(year, mon, day), False, "on", tokens[first].start, tokens[last - 1].end)
            continue
        rel = mt.get("reldate")
        if rel is not None:
            relation, days, approx = rel.value
            if pub is not None:
                value = (pub + dt.timedelta(days=days)).isoformat()
            elif published:
                value, approx = published, True
            else:
                continue
            add(value, approx, relation, mt.start, mt.end)

    # A bare year after a preposition: "im Jahr 2023", "in 2023", "в 2023 году".
    for t in tokens:
        if t.index in taken or not _YEAR.match(t.text) or t.index == 0:
            continue
        prev = tokens[t.index - 1].lower
        if prev in ("in", "im", "jahr", "jahre", "в", "у", "since", "seit", "с", "з"):
            add(_iso(int(t.text)), False, "on", t.start, t.end)
    out.sort(key=lambda d: d.start)
    return out
