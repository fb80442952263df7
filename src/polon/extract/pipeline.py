"""The extractor: one Document (or plain text) in, one Extraction out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import countries as countries_mod
from . import counts as counts_mod
from . import dates as dates_mod
from . import events as events_mod
from . import organisations as orgs_mod
from . import persons as persons_mod
from .documents import document_from_text, iso_date, read_documents
from .gazetteer import load
from .language import detect, rules_language
from .model import Count, CountryRef, DateRef, Document, Extraction
from .text import tokenize


def extract(document_or_text: Document | str, *, lang: str | None = None, published: str | None = None) -> Extraction:
    """Extract persons, countries, organisations, dates, counts and events.

    ``lang`` overrides language detection; ``published`` (ISO date) overrides the
    document's publication date, which anchors relative dates ("kürzlich").
    """
    doc = document_from_text(document_or_text) if isinstance(document_or_text, str) else document_or_text
    text = doc.text
    language = lang or doc.language or detect(text)
    rules = rules_language(language)
    pub = iso_date(published) if published else doc.published
    pub = iso_date(pub) if pub else None
    gz = load(rules)

    tokens, sentences = tokenize(text)
    matches = gz.matcher.match_all(tokens, text)
    country_mentions, places = countries_mod.find(tokens, matches, gz)
    org_mentions = orgs_mod.find(tokens, matches, country_mentions, gz)
    date_mentions = dates_mod.find(tokens, matches, text, pub)
    count_mentions = counts_mod.find(tokens, matches, country_mentions, gz, rules)
    # A Telegram "author" is the channel; it is kept as metadata, never turned into a person.
    author = None if doc.kind == "telegram_message" or doc.source_format == "telegram_json" else doc.author
    person_mentions = persons_mod.find(tokens, matches, country_mentions, gz, rules, text, author, doc.author_span)
    events = events_mod.find(tokens, sentences, matches, text, gz, country_mentions, places, org_mentions,
                             date_mentions, count_mentions, person_mentions)
    organisations = orgs_mod.merge(org_mentions, text)

    persons = [pm.person for pm in person_mentions]
    for p in persons:
        if p.posted_in and p.countries:
            emb = next((o for o in organisations if o.kind == "embassy" and o.country == p.countries[0]
                        and o.host_country in (None, p.posted_in)), None)
            if emb is not None:
                p.affiliation = emb.name

    by_code: dict[str, CountryRef] = {}
    for c in country_mentions:
        ref = by_code.setdefault(c.code, CountryRef(c.code))
        if (c.start, c.end) not in ref.spans:
            ref.spans.append((c.start, c.end))
    country_refs = sorted(by_code.values(), key=lambda r: min(r.spans))
    for r in country_refs:
        r.spans.sort()

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
        dates=[DateRef(d.value, d.approximate, d.relation, (d.start, d.end), text[d.start:d.end]) for d in date_mentions],
        counts=[Count(c.value, c.noun, c.country, (c.start, c.end), text[c.start:c.end]) for c in count_mentions],
        source={k: v for k, v in doc.to_dict().items() if k in ("source_path", "source_sha256", "index", "kind", "url",
                                                                  "attachments", "hashes", "source_format")},
    )


def extract_file(path: str | Path, *, lang: str | None = None) -> list[dict[str, Any]]:
    """One JSON-ready dict per document in ``path`` (what ``polon extract PATH --json`` prints)."""
    return [extract(doc, lang=lang).to_dict() for doc in read_documents(path, lang=lang)]
