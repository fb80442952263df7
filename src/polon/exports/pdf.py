"""PDF documents: the ICRC capture card (GC III Annex IV B) and the per-country report.

DejaVu fonts are embedded because the cards carry Cyrillic names; reportlab adds a ToUnicode map, so the
text of a card can be extracted and checked.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from polon.core.countries import country_name
from polon.registry.choices import EventType
from polon.registry.lifecycle import effective
from polon.registry.services.events import timeline_entries

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts/dejavu"))
LABELS = json.loads((Path(__file__).parent / "data" / "capture_card.json").read_text(encoding="utf-8"))
CARD_FIELDS = ("power", "surname", "first_names", "father", "birth_date", "birth_place", "rank", "service_number",
               "family_address", "taken_prisoner_on", "coming_from", "health", "present_address", "date")
BASE_LANGUAGES = ("uk", "en")


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    for directory in FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    raise FontMissing("the DejaVu fonts are needed for Cyrillic in PDFs: install fonts-dejavu-core")


def card_languages(person) -> list[str]:
    """Ukrainian and English, plus the prisoner's own language where his record names one we have."""
    extra = next((lang for lang in (person.languages or []) if lang in LABELS["languages"]
                  and lang not in BASE_LANGUAGES), None)
    return [*BASE_LANGUAGES, *([extra] if extra else [])]


def card_values(person, today: dt.date) -> dict[str, str]:
    """The card's fields from the person's record and timeline (corrections applied)."""
    names = list(person.names.all())
    primary = next((n for n in names if n.is_primary), names[0] if names else None)
    surname = (primary.surname if primary else "") or (primary.text if primary else "")
    first = " ".join(p for p in ((primary.given, primary.patronymic) if primary else ()) if p)
    events = list(person.events.all().order_by("id"))
    counted, _ = effective(timeline_entries(events))
    by_key = {e.pk: e for e in events}
    taken = coming = health = present = ""
    for entry in counted:
        event = by_key.get(entry.key)
        if event is None:
            continue
        if entry.type == EventType.CAPTURED and not taken:
            taken = " ".join(x for x in (event.date, event.place) if x)
        if entry.type in (EventType.TRANSFERRED, EventType.DISCHARGED) and event.facility:
            coming = event.facility
        if entry.type in (EventType.INTERNED, EventType.TRANSFERRED, EventType.HOSPITALISED) and event.facility:
            present = event.facility
        if event.health:
            health = event.health
    power = ""
    if person.power_depended:
        power = f"{person.power_depended} — {country_name(person.power_depended, 'uk')} / " \
                f"{country_name(person.power_depended, 'en')}"
    latin = next((n.text for n in names if n.script == "Latn"), "")
    return {
        "power": power, "surname": surname + (f" ({latin})" if latin else ""), "first_names": first,
        "father": person.father_first_name, "birth_date": person.birth_date, "birth_place": person.birth_place,
        "rank": person.rank, "service_number": " ".join(x for x in (person.service_number, person.army and
                                                                   f"({person.army})") if x),
        "family_address": " ".join(x for x in (person.informed_person_name, person.informed_person_address) if x),
        "taken_prisoner_on": taken, "coming_from": coming, "health": health,
        "present_address": person.correspondence_address or present, "date": today.isoformat(),
    }


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current else [""]


def capture_cards(persons, *, today: dt.date | None = None, header: str = "") -> bytes:
    """One capture card per page, field titles in Ukrainian, English and the prisoner's language."""
    regular, bold = fonts()
    today = today or dt.date.today()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle("Capture cards (GC III Annex IV B)")
    width, height = A4
    margin = 18 * mm
    for person in persons:
        languages = card_languages(person)
        labels = [LABELS["languages"][lang] for lang in languages]
        values = card_values(person, today)
        y = height - margin
        pdf.setFont(bold, 12)
        for label in labels:
            pdf.drawString(margin, y, label["title"])
            y -= 15
        pdf.setFont(regular, 8)
        pdf.drawString(margin, y, f"GC III Art. 70, Annex IV B · polon record {person.pk}" +
                       (f" · {header}" if header else ""))
        y -= 14
        for name in CARD_FIELDS:
            value = values[name]
            if name == "health":
                value = " / ".join(label["health_values"].get(value, value) for label in labels)
            title = " / ".join(label[name] for label in labels)
            pdf.setLineWidth(0.3)
            pdf.line(margin, y + 10, width - margin, y + 10)
            pdf.setFont(regular, 7.5)
            for line in _wrap(title, regular, 7.5, width - 2 * margin):
                pdf.drawString(margin, y, line)
                y -= 9
            pdf.setFont(bold, 10.5)
            for line in _wrap(value or "—", bold, 10.5, width - 2 * margin - 6):
                pdf.drawString(margin + 6, y - 2, line)
                y -= 13
            y -= 6
        pdf.showPage()
    if not persons:
        pdf.setFont(regular, 11)
        pdf.drawString(margin, height - margin, "No persons selected.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def country_report(dossier, *, today: dt.date | None = None, header: str = "") -> bytes:
    """A printable summary of the dossier on one state's citizens."""
    regular, bold = fonts()
    today = today or dt.date.today()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle(f"Country report: {dossier.name}")
    width, height = A4
    margin = 18 * mm
    y = height - margin

    def line(text: str, font: str = regular, size: float = 9.5, indent: float = 0):
        nonlocal y
        for part in _wrap(text, font, size, width - 2 * margin - indent):
            if y < margin:
                pdf.showPage()
                y = height - margin
            pdf.setFont(font, size)
            pdf.drawString(margin + indent, y, part)
            y -= size + 3.5

    line(f"{dossier.name} ({dossier.country}) — country report", bold, 14)
    line(f"{today.isoformat()}{' · ' + header if header else ''}", regular, 8)
    y -= 6
    line("Citizens in the registry by status", bold, 11)
    for label, count in dossier.by_status:
        line(f"{label}: {count}", indent=8)
    if not dossier.by_status:
        line("none", indent=8)
    if dossier.legal_notes:
        line("Legal notes", bold, 11)
        for article in dossier.legal_notes["articles"]:
            line(f"{dossier.legal_notes['code']}, Art. {article['article']}: {article['subject']}", indent=8)
    line("Exchanges that released them", bold, 11)
    for r in dossier.rounds:
        line(f"Round {r.number} ({r.executed_on or '?'}): {', '.join(str(p) for p in r.released)}", indent=8)
    line("Consular contacts", bold, 11)
    for c in dossier.contacts:
        theirs = "; ".join(f"{p.name} ({p.role})".replace(" ()", "") for p in c.participants.all()
                           if p.side == "theirs")
        line(f"{c.date or '?'} {c.place}: {theirs}", indent=8)
        for commitment in c.commitments:
            line(f"commitment: {commitment}", indent=16)
    line("Transmissions", bold, 11)
    for t in dossier.transmissions:
        line(f"{t.date} {t.person} → {t.get_recipient_display()} {t.country} ({t.channel}); {t.legal_basis}"
             + (" — sent despite a warning" if t.warnings else ""), indent=8)
    line("After return", bold, 11)
    for a in dossier.after_return:
        line(f"{a.date or '?'} {a.person}: {a.country} {a.place} {a.note}".strip(), indent=8)
    for p in dossier.proceedings:
        line(f"{p.date or '?'} {p.person}: proceedings in {p.country}, Art. {p.article or '?'}, "
             f"{p.get_stage_display()}{', ' + p.sentence if p.sentence else ''}", indent=8)
    line("Persons", bold, 11)
    for person in dossier.persons:
        line(f"{person.pk}  {person}  {person.birth_date or ''}  {person.status}", indent=8)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
