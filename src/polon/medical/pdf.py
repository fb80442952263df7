"""The repatriation certificate (GC III Annex IV E) as a printable PDF, with the Annex's fields in its order:
date, camp, hospital, surname, first names, date of birth, rank, army, regimental, personal or serial number,
P.W. number, injury–disease, decision of the Commission, the chairman of the Mixed Medical Commission, and the
key to the decision (A = direct repatriation, B = accommodation in a neutral country, NC = re-examination by
next Commission).

Written in the reader's language, DejaVu fonts embedded (core.pdf_fonts) so the text can be extracted.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from polon.core.pdf_fonts import fonts
from polon.exchanges.pdf import spellings
from polon.medical.models import CommissionDecision
from polon.places.models import PlaceKind


def file_name(decision: CommissionDecision) -> str:
    return f"repatriation-certificate-{decision.person_id}-{decision.pk}.pdf"


def _places(decision: CommissionDecision) -> tuple[str, str]:
    """The camp and the hospital he was last recorded at, on or before the session (the timeline's places)."""
    camp = hospital = ""
    session = decision.session
    if session.place is not None:
        if session.place.kind == PlaceKind.HOSPITAL:
            hospital = session.place.name
        else:
            camp = session.place.name
    events = sorted(decision.person.events.all(), key=lambda e: (e.date, e.pk))
    for event in reversed(events):
        if event.date and event.date > session.held_on.isoformat():
            continue
        place = event.internment_place
        if place is not None and place.kind == PlaceKind.HOSPITAL and not hospital:
            hospital = place.name
        elif place is not None and place.kind != PlaceKind.HOSPITAL and not camp:
            camp = place.name
        elif place is None and event.facility and not camp and event.type != "hospitalised":
            camp = event.facility
    return camp, hospital


def repatriation_certificate(decision: CommissionDecision, *, language: str = "uk",
                             today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    with translation.override(language):
        return _build(decision, today)


def _build(decision: CommissionDecision, today: dt.date) -> bytes:
    regular, bold = fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=9.5, leading=12)
    head = ParagraphStyle("head", parent=text, fontName=bold, fontSize=8.5, leading=10.5)
    title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=14, leading=18, alignment=1)
    small = ParagraphStyle("small", parent=text, fontSize=8, leading=10, alignment=1)

    def p(value: Any, style: ParagraphStyle = text) -> Paragraph:
        return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)

    person = decision.person
    names = sorted(person.names.all(), key=lambda n: (not n.is_primary, n.pk))
    primary = names[0] if names else None
    cyrillic, latin = spellings(person)
    surname = primary.surname if primary and primary.surname else (cyrillic or latin)
    given = " ".join(x for x in (primary.given, primary.patronymic) if x) if primary else ""
    camp, hospital = _places(decision)
    session = decision.session
    heading = _("REPATRIATION CERTIFICATE")
    rows = [
        (_("Date"), session.held_on.isoformat()),
        (_("Camp"), camp),
        (_("Hospital"), hospital),
        (_("Surname"), surname),
        (_("First names"), given),
        (_("Name in Latin letters"), latin),
        (_("Date of birth"), person.birth_date),
        (_("Rank"), person.rank),
        (_("Army, regimental, personal or serial number"), person.service_number),
        (_("P.W. number"), person.internment_number),
        (_("Injury–Disease"), decision.diagnosis),
        (_("Decision of the Commission"), decision.get_decision_display()),
    ]
    story: list[Flowable] = [
        Paragraph(escape(heading), title),
        Paragraph(escape(_("GC III Arts. 110, 112, Annex IV E")), small),
        Spacer(1, 5 * mm),
    ]
    table = Table([[p(k, head), p(v)] for k, v in rows], colWidths=[45 * mm, 80 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 8 * mm),
              p(_("Chairman of the Mixed Medical Commission:"), head), p(session.chairman), Spacer(1, 12 * mm),
              p(_("A = direct repatriation"), text), p(_("B = accommodation in a neutral country"), text),
              p(_("NC = re-examination by next Commission"), text)]
    footer = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(10 * mm, 6 * mm, footer)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A5, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=heading, author="polon", invariant=1)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
