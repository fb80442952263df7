"""Dates: absolute ones as written, relative ones anchored to the publication date."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Match
from .text import Token

_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_WEEKDAY_PREP = {"am", "on", "в", "во", "у", "seit", "vom", "bis", "since", "last", "vergangenen", "letzten",
                  "прошлый", "прошлую", "минулий", "минулу", "минулого", "минулої"}
_EN_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# "next Monday" and friends point forward; they are not resolved.
_NEXT = {"next", "nächsten", "kommenden", "следующий", "следующую", "наступного", "наступний", "наступну", "this", "coming"}


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


def _token_range(tokens: Sequence[Token], ends: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The tokens overlapping ``start:end``; ``ends`` are the tokens' end offsets (sorted, as tokens are)."""
    first = bisect_right(ends, start)
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return first, last


def find(tokens: Sequence[Token], matches: Sequence[Match], text: str, published: str | None) -> list[DateMention]:
    pub = parse_iso(published)
    pub_year = int(published[:4]) if published and published[:4].isdigit() else None
    out: list[DateMention] = []
    taken: set[int] = set()
    ends = [t.end for t in tokens]

    def add(value: str | None, approx: bool, relation: str, start: int, end: int) -> None:
        if value is None:
            return
        first, last = _token_range(tokens, ends, start, end)
        if any(i in taken for i in range(first, last)):
            return
        taken.update(range(first, last))
        out.append(DateMention(value, approx, relation, first, last, start, end))

    for m in _NUMERIC.finditer(text):
        add(_iso(int(m.group(3)), int(m.group(2)), int(m.group(1))), False, "on", m.start(), m.end())
    for m in _ISO.finditer(text):
        add(_iso(int(m.group(1)), int(m.group(2)), int(m.group(3))), False, "on", m.start(), m.end())

    n = len(tokens)
    by_first = {mt.first: mt for mt in matches}
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
        wd = mt.get("weekday")
        if wd is not None:
            # "am Montag", "on Wednesday", "в понедельник": the latest such day on or before publication.
            prev = tokens[mt.first - 1] if mt.first > 0 and tokens[mt.first - 1].sent == tokens[mt.first].sent else None
            if pub is None or (prev is not None and prev.lower in _NEXT):
                continue
            # "в среду", "у понеділок", "am Montag"; a bare Russian/Ukrainian/German weekday word is too often
            # something else ("серед" is also a plural genitive of "середа").
            if not (prev is not None and prev.lower in _WEEKDAY_PREP) and not tokens[mt.first].is_cap:
                continue
            if not (prev is not None and prev.lower in _WEEKDAY_PREP) and tokens[mt.first].lower not in _EN_DAYS:
                continue
            back = (pub.weekday() - wd.value) % 7
            add((pub - dt.timedelta(days=back)).isoformat(), False, "on", mt.start, mt.end)
            continue
        rel = mt.get("reldate")
        if rel is not None:
            relation, days, approx = rel.value
            if relation in ("year", "year-1"):
                # Seasons need a year: "im Herbst 2024", "летом прошлого года"; "last year" alone is enough.
                nxt = by_first.get(mt.last)
                year_val: int | None = None
                last = mt.last
                if last < n and tokens[last].lower in ("of", "des", "года", "року") and last + 1 < n:
                    last += 1
                if relation == "year-1" and pub_year is not None:
                    year_val = pub_year - 1
                elif last < n and _YEAR.match(tokens[last].text) and tokens[last].sent == tokens[mt.first].sent:
                    year_val, last = int(tokens[last].text), last + 1
                elif nxt is not None and (r2 := nxt.get("reldate")) is not None and r2.value[0] == "year-1" and pub_year:
                    year_val, last = pub_year - 1, nxt.last
                if year_val is None:
                    continue
                add(str(year_val), relation == "year-1" or relation == "year", "on", mt.start, tokens[last - 1].end)
                continue
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
        word_before = tokens[t.index - 1].lower
        if word_before in ("in", "im", "jahr", "jahre", "в", "у", "since", "seit", "с", "з"):
            add(_iso(int(t.text)), False, "on", t.start, t.end)
    out.sort(key=lambda d: d.start)
    return out
