"""The notification of death (GC III Art. 120, Annex IV D) as a printable PDF, with the Annex's fields in its
order: the Power on which the prisoner depended, name and first names, first name of the father, place and date
of birth, place and date of death, rank and number, address of next of kin, where and when taken prisoner, cause
and circumstances of death, place of burial, whether the grave is marked and can be found later by the
relatives, the personal effects and through what agency they are forwarded, the account of someone who cared
for the deceased, then the date, seal and signature of the responsible authority and two witnesses.

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
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.deaths.models import BurialKind, Death
from polon.exchanges.pdf import spellings
from polon.registry.choices import EventType


def file_name(death: Death) -> str:
    return f"notification-of-death-{death.person_id}.pdf"


def _captured(death: Death) -> str:
    """Where and when he was taken prisoner: the first capture on his timeline."""
    for event in death.person.events.all().order_by("date", "id"):
        if event.type == EventType.CAPTURED:
            return ", ".join(part for part in (event.place or event.facility, event.date) if part)
    return ""


def _grave(death: Death, language: str) -> str:
    if death.burial_kind == BurialKind.CREMATED:
        return _("Cremated (%(reason)s).") % {"reason": death.cremation_reason}
    if not death.marker:
        return _("No: the grave is not yet marked.")
    where = [death.marker]
    if death.plot:
        where.append(_("plot %(plot)s") % {"plot": death.plot})
    if death.latitude is not None and death.longitude is not None:
        where.append(_("coordinates %(lat)s, %(lon)s") % {"lat": death.latitude, "lon": death.longitude})
    answer = _("Yes") if death.grave_found else _("Marked, not yet located")
    return f"{answer}: {'; '.join(where)}"


def notification_of_death(death: Death, *, language: str = "uk", authority: str = "",
                          today: dt.date | None = None) -> bytes:
    """The PDF of the notification of death for ``death``, in ``language``."""
    today = today or dt.date.today()
    with translation.override(language):
        return _build(death, language, authority, today)


def _build(death: Death, language: str, authority: str, today: dt.date) -> bytes:
    regular, bold = fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=9.5, leading=12)
    head = ParagraphStyle("head", parent=text, fontName=bold, fontSize=8.5, leading=10.5)
    title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=15, leading=19, alignment=1)
    small = ParagraphStyle("small", parent=text, fontSize=8, leading=10, alignment=1)

    def p(value: Any, style: ParagraphStyle = text) -> Paragraph:
        return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)

    person = death.person
    cyrillic, latin = spellings(person)
    name = " / ".join(n for n in (cyrillic, latin) if n)
    power = person.power_depended or next((c.country for c in person.citizenships.all()), "")
    place_of_death = death.place or (death.internment_place.name if death.internment_place else "")
    rank_number = " · ".join(part for part in (person.rank, person.service_number, person.internment_number) if part)
    kin = "\n".join(part for part in (person.informed_person_name, person.informed_person_address) if part)
    cause = death.cause + (f"\n{death.circumstances}" if death.circumstances else "")
    burial = ", ".join(part for part in (death.cemetery, death.burial_place,
                                         death.burial_date.isoformat() if death.burial_date else "") if part)
    effects = death.effects or _("None recorded")
    heading = _("NOTIFICATION OF DEATH")
    story: list[Flowable] = [
        Paragraph(escape(heading), title),
        Paragraph(escape(_("GC III Art. 120, Annex IV D")), small),
        Spacer(1, 3 * mm),
        Paragraph(escape(authority or _("Prisoner of War Information Bureau")), small),
        Paragraph(escape(_("(Title of responsible authority)")), small),
        Spacer(1, 5 * mm),
    ]
    rows = [
        (_("Power on which the prisoner depended"), country_label(power, language) if power else ""),
        (_("Name and first names"), name),
        (_("First name of the father"), person.father_first_name),
        (_("Place and date of birth"), ", ".join(x for x in (person.birth_place, person.birth_date) if x)),
        (_("Place and date of death"), ", ".join(x for x in (place_of_death, death.date.isoformat()) if x)),
        (_("Rank and number (as stated on identity disc)"), rank_number),
        (_("Address of next of kin"), kin),
        (_("Where and when taken prisoner"), _captured(death)),
        (_("Cause and circumstances of death"), cause),
        (_("Place of burial"), burial),
        (_("Is the grave marked and can it be found later by the relatives?"), _grave(death, language)),
        (_("Are any personal effects of the deceased in the keeping of the Detaining Power or are they being "
           "forwarded together with this notification?"), effects),
        (_("If forwarded, through what agency?"), death.effects_forwarded_through),
        (_("Could someone who looked after the deceased during sickness or during his last moments (doctor, nurse, "
           "minister of religion, fellow prisoner) give here or on an attached sheet a short account of the "
           "circumstances of his death and burial?"), death.account),
    ]
    table = Table([[p(k, head), p(v)] for k, v in rows], colWidths=[70 * mm, 110 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    story.append(Spacer(1, 10 * mm))
    signatures = Table([
        [p(_("Date, seal and signature of responsible authority"), head), p(_("Signature and address of two witnesses"), head)],
        [p(today.isoformat()), p("1.\n\n2.")],
    ], colWidths=[90 * mm, 90 * mm], rowHeights=[None, 28 * mm])
    signatures.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.3, colors.grey),
                                    ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(signatures)

    footer = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(15 * mm, 8 * mm, footer)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=heading, author="polon", invariant=1)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
