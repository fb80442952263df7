"""The list of persons to be visited, printed for the delegates (GC III Art. 126): the visit (place, visitor,
dates, delegates), then each person numbered with the name in Cyrillic and in Latin letters, date of birth,
citizenship, record and prisoner numbers, and what was recorded for him; a header and a "page N of M" footer
on every page, in the reader's language, fonts embedded (DejaVu) so the text can be extracted and checked."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.names import transliterate
from polon.visits.models import Visit, VisitPerson

LATIN_SCHEME = "icao_9303"


def file_name(visit: Visit) -> str:
    return f"visit-{visit.pk}-{visit.starts.isoformat()}.pdf"


def _spellings(person: Any) -> tuple[str, str]:
    names = sorted(person.names.all(), key=lambda n: (not n.is_primary, n.pk))
    cyrillic = next((n.text for n in names if n.script == "Cyrl"), "")
    latin = next((n.text for n in names if n.script == "Latn"), "")
    if not latin and cyrillic:
        latin = transliterate(cyrillic, LATIN_SCHEME)
    return cyrillic or str(person), latin


class _NumberedCanvas(pdfcanvas.Canvas):
    header = ""
    footer = ""
    page_label = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        regular, _bold = fonts()
        for state in self._pages:
            self.__dict__.update(state)
            width, height = self._pagesize
            self.setFont(regular, 8)
            self.setFillColor(colors.grey)
            self.drawString(12 * mm, height - 8 * mm, self.header)
            self.drawString(12 * mm, 7 * mm, self.footer)
            self.drawRightString(width - 12 * mm, 7 * mm, self.page_label % {"page": self._pageNumber, "pages": total})
            super().showPage()
        super().save()


def visit_list(visit: Visit, lines: Sequence[VisitPerson], *, language: str = "uk",
               today: dt.date | None = None) -> bytes:
    """The PDF of the visit's list (``lines``, the persons in the reader's scope), in ``language``."""
    regular, bold = fonts()
    today = today or dt.date.today()
    with translation.override(language):
        text = ParagraphStyle("text", fontName=regular, fontSize=8.5, leading=10.5)
        head = ParagraphStyle("head", parent=text, fontName=bold)
        title_style = ParagraphStyle("title", parent=text, fontName=bold, fontSize=14, leading=18, spaceAfter=4)

        def p(value: Any, style: ParagraphStyle = text) -> Paragraph:
            return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)

        title = _("Persons to be visited") + f": {visit.place.name}"
        visitor = str(visit.get_visitor_display())
        if visit.protecting_power:
            visitor += f" ({country_label(visit.protecting_power, language)})"
        facts = [(_("Visitor"), visitor),
                 (_("Dates"), visit.starts.isoformat() + (f" – {visit.ends.isoformat()}" if visit.ends else "")),
                 (_("Delegates"), visit.delegates), (_("Status"), visit.get_status_display()),
                 (_("Date"), today.isoformat())]
        story: list[Flowable] = [Paragraph(escape(title), title_style),
                                 Table([[p(k, head), p(v)] for k, v in facts], colWidths=[45 * mm, 220 * mm])]
        rows: list[list[Any]] = [[p(c, head) for c in (_("No."), _("Name (Cyrillic)"), _("Name (Latin)"),
                                                       _("Date of birth"), _("Citizenship"),
                                                       _("Record no. / prisoner no."), _("Outcome"), _("Note"))]]
        for number, line in enumerate(lines, 1):
            person = line.person
            cyrillic, latin = _spellings(person)
            numbers = f"№ {person.pk}" + (f" / {person.internment_number}" if person.internment_number else "")
            rows.append([p(number), p(cyrillic), p(latin), p(person.birth_date),
                         p(", ".join(country_label(c.country, language) for c in person.citizenships.all())),
                         p(numbers), p(line.get_outcome_display()), p(line.note)])
        table = Table(rows, colWidths=[9 * mm, 50 * mm, 45 * mm, 24 * mm, 32 * mm, 34 * mm, 40 * mm, 39 * mm],
                      repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table if lines else p(_("Nobody on the list (in your scope).")))
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                topMargin=14 * mm, bottomMargin=14 * mm, title=title, author="polon", invariant=1)

        footer_text = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}

        class Canvas(_NumberedCanvas):
            header = title
            footer = footer_text
            page_label = _("page %(page)s of %(pages)s")

        doc.build(story, canvasmaker=Canvas)
        return buffer.getvalue()
