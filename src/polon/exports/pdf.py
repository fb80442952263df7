"""PDF documents: the ICRC capture card (GC III Annex IV B) and the per-country report.

DejaVu fonts are embedded because the cards carry Cyrillic names; reportlab adds a ToUnicode map, so the
text of a card can be extracted and checked.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.exports.capture_card import BASE_LANGUAGES, FIELDS, HEALTH_CATEGORIES, LABELS, card


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
    """One capture card (GC III Annex IV B) per page, its titles in Ukrainian, English and, where we have it,
    the prisoner's language or his Power's (capture_card.card_languages); the Annex's items numbered as there.
    Callers leave out the dead (capture_card.refusal)."""
    regular, bold = fonts()
    today = today or dt.date.today()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle(" / ".join(LABELS["languages"][lang]["title"] for lang in BASE_LANGUAGES) + " (GC III Annex IV B)")
    width, height = A4
    margin = 18 * mm
    text_width = width - 2 * margin
    for person in persons:
        item = card(person, today)
        labels = [LABELS["languages"][lang] for lang in item.languages]
        y = height - margin
        pdf.setFont(regular, 7.5)
        pdf.drawString(margin, y, " / ".join(label["mail"] for label in labels))
        y -= 14
        pdf.setFont(bold, 12)
        for label in labels:
            pdf.drawString(margin, y, label["title"])
            y -= 15
        pdf.setFont(regular, 7.5)
        for line in _wrap(labels[1]["agency"], regular, 7.5, text_width):
            pdf.drawString(margin, y, line)
            y -= 9
        y -= 6
        for number, name in enumerate(FIELDS, start=1):
            # Item 10 is "Taken prisoner on … (or) Coming from …", item 12 "Prisoner No. … Name of camp …".
            shown = number - (number > 10) - (number > 13)
            title = f"{shown}. " + " / ".join(label[name] for label in labels) if name not in (
                "coming_from", "camp") else " / ".join(label[name] for label in labels)
            pdf.setLineWidth(0.3)
            pdf.line(margin, y + 10, width - margin, y + 10)
            pdf.setFont(regular, 7.5)
            for line in _wrap(title, regular, 7.5, text_width):
                pdf.drawString(margin, y, line)
                y -= 9
            if name == "health":
                y = _health(pdf, item, labels, y, (regular, bold), margin, text_width)
                continue
            if name == "signature":
                continue
            pdf.setFont(bold, 10.5)
            for line in _wrap(item.values[name] or "—", bold, 10.5, text_width - 6):
                pdf.drawString(margin + 6, y - 2, line)
                y -= 13
            y -= 4
        # Room to sign (item 14), then which record and which Latin-spelling rule the card was made from.
        pdf.line(margin + 6, y - 22, margin + 80 * mm, y - 22)
        pdf.setFont(regular, 7)
        footer = [f"GC III Art. 70, Annex IV B · {labels[1]['record']} {person.pk}" + (f" · {header}" if header else ""),
                  " / ".join(label["latin_rule"][item.latin_rule] for label in labels)]
        y = margin + 4
        for line in [part for text in footer for part in _wrap(text, regular, 7, text_width)]:
            pdf.drawString(margin, y, line)
            y -= 9
        pdf.showPage()
    if not persons:
        pdf.setFont(regular, 11)
        pdf.drawString(margin, height - margin, _("No persons selected."))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _health(pdf, item, labels, y: float, fonts: tuple[str, str], margin: float, width: float) -> float:
    """Item 11: the Annex's seven states of health, two columns, the recorded one marked (☒), the others not
    (☐); then the note (as of when, or no longer held)."""
    regular, bold = fonts
    column = width / 2
    for index, category in enumerate(HEALTH_CATEGORIES):
        marked = category == item.health
        x = margin + 6 + (index % 2) * column
        pdf.setFont(bold if marked else regular, 9 if marked else 8.5)
        text = ("☒ " if marked else "☐ ") + " / ".join(label["health_values"][category] for label in labels)
        pdf.drawString(x, y - 2, text[:90])
        if index % 2 or index == len(HEALTH_CATEGORIES) - 1:
            y -= 11
    if item.health_note:
        pdf.setFont(regular, 8)
        pdf.drawString(margin + 6, y - 2, item.health_note)
        y -= 11
    return y - 4


def country_report(dossier, *, today: dt.date | None = None, header: str = "", language: str = "en") -> bytes:
    """A printable summary of the dossier on one state's citizens, in the active language (``language`` picks
    the legal notes' wording where the notes have it)."""
    regular, bold = fonts()
    today = today or dt.date.today()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle(_("%(country)s: country report") % {"country": dossier.name})
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

    def in_language(item: dict, key: str) -> str:
        return str(item.get(f"{key}_{language}") or item[key])

    line(_("%(country)s (%(code)s): country report") % {"country": dossier.name, "code": dossier.country}, bold, 14)
    line(f"{today.isoformat()}{' · ' + header if header else ''}", regular, 8)
    y -= 6
    line(_("Citizens in the registry by status"), bold, 11)
    for label, count in dossier.by_status:
        line(f"{label}: {count}", indent=8)
    if not dossier.by_status:
        line(_("none"), indent=8)
    if dossier.legal_notes:
        line(_("Legal notes"), bold, 11)
        for article in dossier.legal_notes["articles"]:
            line(_("%(code)s, Art. %(article)s: %(subject)s") % {
                "code": in_language(dossier.legal_notes, "code"), "article": article["article"],
                "subject": in_language(article, "subject")}, indent=8)
    line(_("Exchanges that released them"), bold, 11)
    for r in dossier.rounds:
        line(_("Round %(number)s (%(date)s): %(persons)s") % {
            "number": r.number, "date": r.executed_on or "?", "persons": ", ".join(str(p) for p in r.released)},
            indent=8)
    line(_("Consular contacts"), bold, 11)
    for c in dossier.contacts:
        theirs = "; ".join(f"{p.name} ({p.role})".replace(" ()", "") for p in c.participants.all()
                           if p.side == "theirs")
        line(f"{c.date or '?'} {c.place}: {theirs}", indent=8)
        for commitment in c.commitments:
            line(_("commitment: %(text)s") % {"text": commitment}, indent=16)
    line(_("Transmissions"), bold, 11)
    for t in dossier.transmissions:
        text = _("%(date)s %(person)s → %(recipient)s %(country)s (%(channel)s); %(basis)s") % {
            "date": t.date, "person": t.person, "recipient": t.get_recipient_display(),
            "country": country_label(t.country, language),
            "channel": t.channel,
            "basis": t.legal_basis}
        line(text + (" — " + _("sent despite a warning") if t.warnings else ""), indent=8)
    line(_("After return"), bold, 11)
    for a in dossier.after_return:
        line(f"{a.date or '?'} {a.person}: {country_label(a.country, language)} {a.place} {a.note}".strip(), indent=8)
    for p in dossier.proceedings:
        line(_("%(date)s %(person)s: proceedings in %(country)s, Art. %(article)s, %(stage)s") % {
            "date": p.date or "?", "person": p.person, "country": country_label(p.country, language),
            "article": p.article or "?",
            "stage": p.get_stage_display()} + (", " + p.sentence if p.sentence else ""), indent=8)
    line(_("Persons"), bold, 11)
    for person in dossier.persons:
        line(f"{person.pk}  {person}  {person.birth_date or ''}  {person.get_status_display()}", indent=8)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
