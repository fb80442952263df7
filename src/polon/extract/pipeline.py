"""The extractor: one Document (or plain text) in, one Extraction out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import boilerplate
from . import countries as countries_mod
from . import counts as counts_mod
from . import dates as dates_mod
from . import events as events_mod
from . import organisations as orgs_mod
from . import persons as persons_mod
from .documents import document_from_text, iso_date, read_documents
from .gazetteer import load
from .language import detect, rules_language
from .model import Count, CountryRef, DateRef, Document, Extraction, Organisation
from .text import tokenize


def extract(document_or_text: Document | str, *, lang: str | None = None, published: str | None = None) -> Extraction:
    """Extract persons, countries, organisations, dates, counts and events.

    ``lang`` overrides language detection; ``published`` (ISO date) overrides the
    document's publication date, which anchors relative dates ("kürzlich").
    """
    doc = document_from_text(document_or_text) if isinstance(document_or_text, str) else document_or_text
    raw = doc.text
    language = lang or doc.language or detect(raw)
    rules = rules_language(language)
    pub = iso_date(published) if published else doc.published
    pub = iso_date(pub) if pub else None
    gz = load(rules)

    # Credits, "Read more" lines, share bars and URLs are blanked (offsets stay exact).
    text = boilerplate.mask(raw, gz)
    meta_end, headline_end = _header_regions(text, doc)
    tokens, sentences = tokenize(text)
    matches = gz.matcher.match_all(tokens, text)
    country_mentions, places = countries_mod.find(tokens, matches, gz)
    org_mentions = orgs_mod.find(tokens, matches, country_mentions, gz)
    date_mentions = dates_mod.find(tokens, matches, text, pub)
    if pub is None:
        # Statements often carry their date on a line of its own under the heading ("15 липня 2025 року").
        head = _first_lines_end(text, 4)
        lead = next((d for d in date_mentions if d.start < head and len(d.value) == 10 and not d.approximate
                     and d.relation == "on"), None)
        if lead is not None:
            pub = lead.value
            date_mentions = dates_mod.find(tokens, matches, text, pub)
    count_mentions = counts_mod.find(tokens, matches, country_mentions, gz, rules, text)
    # A Telegram "author" is the channel; it is kept as metadata, never turned into a person.
    author = None if doc.kind == "telegram_message" or doc.source_format == "telegram_json" else doc.author
    person_mentions = persons_mod.find(tokens, matches, country_mentions, gz, rules, text, author, doc.author_span,
                                       org_mentions)
    events = events_mod.find(tokens, sentences, matches, text, gz, country_mentions, places, org_mentions,
                             date_mentions, count_mentions, person_mentions, raw=raw, meta_end=meta_end,
                             headline_end=headline_end)
    organisations = orgs_mod.merge(org_mentions, text)

    persons = [pm.person for pm in person_mentions]
    embassies: dict[str | None, list[Organisation]] = {}
    for o in organisations:
        if o.kind == "embassy":
            embassies.setdefault(o.country, []).append(o)
    for p in persons:
        if p.posted_in and p.countries:
            emb = next((o for o in embassies.get(p.countries[0], ()) if o.host_country in (None, p.posted_in)), None)
            if emb is not None:
                p.affiliation = emb.name

    spans: dict[str, set[tuple[int, int]]] = {}
    for c in country_mentions:
        spans.setdefault(c.code, set()).add((c.start, c.end))
    country_refs = sorted((CountryRef(code, sorted(s)) for code, s in spans.items()), key=lambda r: r.spans[0])

    return Extraction(
        language=language,
        title=doc.title,
        author=doc.author,
        published=pub,
        kind=doc.kind,
        persons=persons,
        countries=country_refs,
        organisations=organisations,
        events=events,
        dates=[DateRef(d.value, d.approximate, d.relation, (d.start, d.end), raw[d.start:d.end]) for d in date_mentions],
        counts=[Count(c.value, c.noun, c.country, (c.start, c.end), raw[c.start:c.end], c.approximate)
                for c in count_mentions],
        source={k: v for k, v in doc.to_dict().items() if k in ("source_path", "source_sha256", "index", "kind", "url",
                                                                  "attachments", "hashes", "source_format")},
    )


_FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def _first_lines_end(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        while pos < len(text) and text[pos] == "\n":
            pos += 1
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def _header_regions(text: str, doc: Document) -> tuple[int, int]:
    """(end of the metadata header, end of the headline): front matter or a "Title | Author. date." line is
    metadata whose date is the publication date; a short first paragraph without a full stop is a headline."""
    meta_end = 0
    fm = _FRONT.match(text)
    if fm:
        meta_end = fm.end()
    elif doc.author_span and "\n" not in text[: doc.author_span[0]].strip("\n"):
        nl = text.find("\n", doc.author_span[1])
        meta_end = len(text) if nl < 0 else nl
    body = text[meta_end:]
    stripped = body.lstrip()
    start = meta_end + len(body) - len(stripped)
    nl = stripped.find("\n")
    first = stripped if nl < 0 else stripped[:nl]
    headline_end = meta_end
    if nl >= 0 and stripped[nl:nl + 2] == "\n\n" and 0 < len(first.strip()) <= 200 and not first.rstrip().endswith("."):
        headline_end = start + len(first)
    return meta_end, headline_end


def extract_file(path: str | Path, *, lang: str | None = None) -> list[dict[str, Any]]:
    """One JSON-ready dict per document in ``path`` (what ``polon extract PATH --json`` prints)."""
    return [extract(doc, lang=lang).to_dict() for doc in read_documents(path, lang=lang)]
