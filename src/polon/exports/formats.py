"""CSV, XLSX and FollowTheMoney renderings.

FollowTheMoney entities are written by hand in the JSON shape Aleph imports ({"id", "schema",
"properties": {name: [values]}}): the `followthemoney` package would pull SQLAlchemy, mypy and networkx into
the bureau's dependencies for what is a few dictionaries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence

from polon.registry.choices import EventType
from polon.sources.models import Restriction

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "｜", "＝", "＋", "－", "＠")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def to_csv(columns: Sequence[str], rows: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    # A BOM so spreadsheet programs read Cyrillic as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Iterable[dict], title: str = "list") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([neutralise(row.get(c, "")) for c in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # never a formula, whatever the text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PERSON_COLUMNS = ("id", "name", "other_spellings", "category", "status", "citizenships", "sex", "birth_date",
                  "birth_place", "father_first_name", "rank", "army", "service_number", "unit", "power_depended",
                  "restricted")


def person_rows(persons) -> list[dict]:
    rows = []
    for p in persons:
        names = list(p.names.all())
        primary = next((n.text for n in names if n.is_primary), "")
        rows.append({
            "id": p.pk, "name": primary, "other_spellings": "; ".join(n.text for n in names if not n.is_primary),
            "category": p.category, "status": getattr(p, "status", ""),
            "citizenships": ",".join(c.country for c in p.citizenships.all()), "sex": p.sex,
            "birth_date": p.birth_date, "birth_place": p.birth_place, "father_first_name": p.father_first_name,
            "rank": p.rank, "army": p.army, "service_number": p.service_number, "unit": p.unit,
            "power_depended": p.power_depended, "restricted": "yes" if p.restricted else "no",
        })
    return rows


def _id(*parts) -> str:
    return "polon-" + hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def _entity(entity_id: str, schema: str, **properties) -> dict:
    props = {k: [v for v in (vs if isinstance(vs, list) else [vs]) if v not in (None, "")]
             for k, vs in properties.items()}
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in sorted(props.items()) if v}}


# FollowTheMoney goes to Aleph, whose collections are shared beyond the bureau and whose readers the bureau
# does not control. Only sources marked "already public" go there. "May be shared with the ICRC" is left out
# too, whoever the export's recipient is: that mark allows the bureau's own channels to the Central Tracing
# Agency (capture cards, CSV), and the free-text recipient of an export cannot show that an Aleph collection
# stays with the ICRC. "Internal only" never leaves the bureau.
FTM_SOURCE_RESTRICTIONS = frozenset({Restriction.PUBLIC})


def ftm_entities(persons) -> list[dict]:
    """Person, Organization, Membership, Event, Document and Documentation entities for Aleph.

    Internal working text stays out: the person's notes, and event notes (sources review writes a sentence
    of the source into them, whatever the source's restriction). Documents are only the sources in
    FTM_SOURCE_RESTRICTIONS.
    """
    out: dict[str, dict] = {}
    for p in persons:
        person_id = _id("person", p.pk)
        names = list(p.names.all())
        primary = next((n for n in names if n.is_primary), names[0] if names else None)
        out[person_id] = _entity(
            person_id, "Person", name=primary.text if primary else "", alias=[n.text for n in names
                                                                            if n is not primary],
            firstName=primary.given if primary else "", lastName=primary.surname if primary else "",
            fatherName=p.father_first_name, birthDate=p.birth_date, birthPlace=p.birth_place,
            nationality=[c.country.lower() for c in p.citizenships.all()], gender=p.sex if p.sex != "unknown" else "",
            idNumber=p.service_number, position=p.rank)
        for org_name in (p.army, p.unit):
            if not org_name:
                continue
            org_id = _id("organization", org_name)
            out.setdefault(org_id, _entity(org_id, "Organization", name=org_name))
            membership_id = _id("membership", p.pk, org_name)
            out[membership_id] = _entity(membership_id, "Membership", member=person_id, organization=org_id,
                                         role=p.rank)
        for event in p.events.all().order_by("id"):
            if event.type == EventType.CORRECTED:
                continue
            event_id = _id("event", event.pk)
            out[event_id] = _entity(
                event_id, "Event", name=f"{event.get_type_display()}: {primary.text if primary else p.pk}",
                date=event.date, location=" ".join(x for x in (event.place, event.facility) if x),
                involved=person_id)
            for source in event.sources.all():
                if source.restriction not in FTM_SOURCE_RESTRICTIONS:
                    continue
                document_id = _id("document", source.pk)
                out.setdefault(document_id, _entity(
                    document_id, "Document", title=source.title or str(source), sourceUrl=source.url,
                    publishedAt=source.published, author=source.author, language=source.language))
                link_id = _id("documentation", source.pk, event.pk)
                out[link_id] = _entity(link_id, "Documentation", document=document_id, entity=event_id)
    return list(out.values())


def to_jsonl(entities: Iterable[dict]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entities).encode("utf-8")
