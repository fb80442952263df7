"""The list of places of internment and their locations, for the Powers concerned through the Protecting
Power (GC III Art. 23 para 4: "all useful information regarding the geographical location of prisoner of war
camps"): each place numbered with its kind, name, region (ISO 3166-2 code and name), address, the camp a
labour detachment depends on (Art. 56), and when it opened and closed; a header and a "page N of M" footer on
every page, in the reader's language, fonts embedded (DejaVu) so the text can be extracted and checked.
"""

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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.places.models import Place
from polon.places.regions import region_name

# The Detaining Power whose bureau this is.
DETAINING_POWER = "UA"


def file_name(today: dt.date) -> str:
    return f"places-of-internment-art23-{today.isoformat()}.pdf"


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
        for state in self._pages:
            self.__dict__.update(state)
            regular, _bold = fonts()
            width, height = self._pagesize
            self.setFont(regular, 8)
            self.setFillColor(colors.grey)
            self.drawString(12 * mm, height - 8 * mm, self.header)
            self.drawString(12 * mm, 7 * mm, self.footer)
            self.drawRightString(width - 12 * mm, 7 * mm, self.page_label % {"page": self._pageNumber, "pages": total})
            super().showPage()
        super().save()


def places_document(places: Sequence[Place], *, recipient: str = "", language: str = "uk",
                    today: dt.date | None = None) -> bytes:
    """The Art. 23 document listing ``places`` for ``recipient`` (a state's code for a Protecting Power, or a
    name such as the ICRC), in ``language``."""
    regular, bold = fonts()
    today = today or dt.date.today()
    with translation.override(language):
        return _build(places, recipient, language, today, regular, bold)


def _build(places: Sequence[Place], recipient: str, language: str, today: dt.date, regular: str, bold: str) -> bytes:
    text = ParagraphStyle("text", fontName=regular, fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=text, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=text, fontName=bold)
    title_style = ParagraphStyle("title", parent=text, fontName=bold, fontSize=14, leading=18, spaceAfter=4)

    def p(value: Any, style: ParagraphStyle = text) -> Paragraph:
        return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)

    title = _("Places of internment of prisoners of war and their location")
    recipient_label = country_label(recipient, language) if len(recipient) == 2 else recipient
    story: list[Flowable] = [Paragraph(escape(title), title_style)]
    facts = [
        (_("Under"), _("Third Geneva Convention, Article 23 (location of camps), Article 56 (labour detachments)")),
        (_("Detaining Power"), country_label(DETAINING_POWER, language)),
        (_("To"), recipient_label or _("the Protecting Power")),
        (_("Places listed"), str(len(places))),
        (_("Date"), today.isoformat()),
    ]
    story.append(Table([[p(k, head), p(v)] for k, v in facts], colWidths=[45 * mm, 220 * mm],
                       style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])))
    story.append(Spacer(1, 4 * mm))
    columns = [_("No."), _("Kind"), _("Name"), _("Region"), _("Address"), _("Depends on camp"), _("Opened"),
               _("Closed")]
    widths = [9 * mm, 30 * mm, 50 * mm, 45 * mm, 56 * mm, 35 * mm, 24 * mm, 24 * mm]
    rows: list[list[Any]] = [[p(c, head) for c in columns]]
    for number, place in enumerate(places, 1):
        name = region_name(place.region, language)
        region = place.region if name == place.region else f"{name} ({place.region})"
        rows.append([p(number), p(place.get_kind_display()), p(place.name), p(region), p(place.address),
                     p(place.parent.name if place.parent_id and place.parent else ""),
                     p(place.opened.isoformat() if place.opened else ""),
                     p(place.closed.isoformat() if place.closed else "", small)])
    if len(rows) == 1:
        story.append(p(_("No place of internment is recorded.")))
    else:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=title, author="polon", invariant=1)

    class Canvas(_NumberedCanvas):
        header = title
        footer = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}
        page_label = _("page %(page)s of %(pages)s")

    doc.build(story, canvasmaker=Canvas)
    return buffer.getvalue()
