"""Plain data classes shared by the readers and the extractor.

Kept free of behaviour beyond serialisation so that other tools (and the
Django side) can rely on the shape without importing any NLP machinery.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

DOCUMENT_KINDS = ("news_article", "telegram_message", "video_interview", "official_statement", "other")

EVENT_TYPES = (
    "prisoner_exchange",
    "release",
    "capture",
    "consular_meeting",
    "detention_of_journalist",
    "prosecution",
    "interview_published",
    "recruitment",
)

ORGANISATION_KINDS = ("coordination_headquarters", "embassy", "icrc", "ministry", "armed_forces", "other")


@dataclass
class Document:
    """One document as read from a source file (a file may hold several)."""

    text: str
    kind: str = "other"
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601, partial allowed ("2025", "2025-04")
    language: str | None = None
    url: str | None = None
    attachments: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # hashes supplied by the source, kept verbatim
    source_sha256: str | None = None
    source_path: str | None = None
    source_format: str | None = None
    index: int = 0  # position of the document inside its source file
    # Where the header fields sit inside ``text`` when the reader left them there,
    # so that the author can be given a span like every other person.
    author_span: Span | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "url": self.url,
            "attachments": list(self.attachments),
            "hashes": dict(self.hashes),
            "source_sha256": self.source_sha256,
            "source_path": self.source_path,
            "source_format": self.source_format,
            "index": self.index,
            "meta": dict(self.meta),
        }


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    posted_in: str | None = None  # host country of a diplomat ("… in der Ukraine")
    affiliation: str | None = None  # organisation name when the text ties the person to one
    statuses: list[str] = field(default_factory=list)  # e.g. "detained", "released"
    mentions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "roles": self.roles,
            "countries": self.countries,
            "spans": [list(s) for s in self.spans],
            "posted_in": self.posted_in,
            "affiliation": self.affiliation,
            "statuses": self.statuses,
            "mentions": self.mentions,
        }


@dataclass
class CountryRef:
    code: str
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "spans": [list(s) for s in self.spans]}


@dataclass
class Organisation:
    name: str  # canonical English name
    kind: str
    country: str | None = None
    spans: list[Span] = field(default_factory=list)
    host_country: str | None = None  # for embassies/consulates
    mentions: list[str] = field(default_factory=list)
    key: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "spans": [list(s) for s in self.spans],
            "host_country": self.host_country,
            "mentions": self.mentions,
        }


@dataclass
class DateRef:
    value: str  # ISO, partial allowed
    approximate: bool
    relation: str  # "on", "before", "after"
    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "approximate": self.approximate,
            "relation": self.relation,
            "spans": [list(self.span)],
            "text": self.text,
        }


@dataclass
class Count:
    value: int
    noun: str  # English label of what is counted: "citizens", "prisoners of war", …
    country: str | None
    span: Span
    text: str
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "approximate": self.approximate, "noun": self.noun, "country": self.country,
                "spans": [list(self.span)], "text": self.text}


@dataclass
class Event:
    type: str
    date: str | None = None
    date_approximate: bool = False
    date_relation: str | None = None
    countries: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # the two sides of an exchange
    count: int | None = None
    count_approximate: bool = False  # "several", "dozens", "more than 1,200": a vague or lower-bound quantity
    counted: str | None = None  # what ``count`` counts
    nationality: str | None = None  # country of the counted people
    fought_for: str | None = None  # country whose forces the counted people served in
    persons: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    place: str | None = None
    location: str | None = None  # ISO code of the country where it happened (not a participant by itself)
    mediator: str | None = None  # the state that mediated an exchange
    # groups named among the people concerned: {"count", "count_approximate", "counted", "nationality"}
    among: list[dict[str, Any]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "date": self.date,
            "date_approximate": self.date_approximate,
            "date_relation": self.date_relation,
            "countries": self.countries,
            "parties": self.parties,
            "count": self.count,
            "count_approximate": self.count_approximate,
            "counted": self.counted,
            "nationality": self.nationality,
            "fought_for": self.fought_for,
            "persons": self.persons,
            "organisations": self.organisations,
            "place": self.place,
            "location": self.location,
            "mediator": self.mediator,
            "among": [dict(g) for g in self.among],
            "spans": [list(s) for s in self.spans],
        }


@dataclass
class Extraction:
    language: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    kind: str = "other"
    persons: list[Person] = field(default_factory=list)
    countries: list[CountryRef] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "kind": self.kind,
            "persons": [p.to_dict() for p in self.persons],
            "countries": [c.to_dict() for c in self.countries],
            "organisations": [o.to_dict() for o in self.organisations],
            "events": [e.to_dict() for e in self.events],
            "dates": [d.to_dict() for d in self.dates],
            "counts": [c.to_dict() for c in self.counts],
            "source": self.source,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The extraction as ONE JSON object (a string); ``to_dict`` gives the same as a dict."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
