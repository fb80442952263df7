"""A round's lists as a printable PDF for the mediator: the round, its dates, the mediating state and the list,
then the persons numbered, each with the name in Cyrillic and in Latin letters, date of birth, citizenship,
record and prisoner (internment) numbers and registry status; a header and a "page N of M" footer on every page.

Written in the reader's language. DejaVu fonts are embedded for the Cyrillic (Debian's fonts-dejavu-core);
reportlab adds a ToUnicode map, so the text can be extracted and checked.
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
from polon.exchanges.models import ExchangeRound, RoundEntry, Side
from polon.names import transliterate

# The Latin spelling printed when no passport (ICAO 9303) spelling is recorded: the same scheme for everyone,
# the one passports use, so a mediator comparing the list with documents meets one system.
LATIN_SCHEME = "icao_9303"


def file_name(r: ExchangeRound, side: str | None) -> str:
    return f"exchange-round-{r.number}{'-' + side.replace('_', '-') if side else ''}.pdf"


def spellings(person: Any) -> tuple[str, str]:
    """The name in Cyrillic (the primary Cyrillic spelling) and in Latin letters (the passport spelling if
    recorded, else the Cyrillic transliterated by ICAO 9303, else the first Latin spelling recorded)."""
    names = sorted(person.names.all(), key=lambda n: (not n.is_primary, n.pk))
    cyrillic = next((n.text for n in names if n.script == "Cyrl"), "")
    latin = next((n.text for n in names if n.script == "Latn" and n.scheme == LATIN_SCHEME), "")
    if not latin and cyrillic:
        latin = transliterate(cyrillic, LATIN_SCHEME)
    if not latin:
        latin = next((n.text for n in names if n.script == "Latn"), "")
    if not cyrillic and not latin:
        cyrillic = str(person)
    return cyrillic, latin


class _NumberedCanvas(pdfcanvas.Canvas):
    """A canvas that knows the page count when it writes each page's footer ("page N of M")."""

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
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        regular, _bold = fonts()
        width, height = self._pagesize
        self.setFont(regular, 8)
        self.setFillColor(colors.grey)
        self.drawString(12 * mm, height - 8 * mm, self.header)
        self.drawString(12 * mm, 7 * mm, self.footer)
        self.drawRightString(width - 12 * mm, 7 * mm, self.page_label % {"page": self._pageNumber, "pages": total})


def round_lists(r: ExchangeRound, entries: Sequence[RoundEntry], *, language: str = "uk", side: str | None = None,
                today: dt.date | None = None) -> bytes:
    """The PDF of the round's lists (``side`` only, if given) with ``entries``, in ``language``."""
    regular, bold = fonts()
    today = today or dt.date.today()
    with translation.override(language):
        return _build(r, entries, language, side, today, regular, bold)


def _build(r: ExchangeRound, entries: Sequence[RoundEntry], language: str, side: str | None, today: dt.date,
           regular: str, bold: str) -> bytes:
    text = ParagraphStyle("text", fontName=regular, fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=text, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=text, fontName=bold)
    title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=14, leading=18, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=text, fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)

    def p(value: Any, style: ParagraphStyle = text) -> Paragraph:
        return Paragraph(escape(str(value or "—")), style)

    round_title = (_("Exchange round %(number)s (%(title)s)") if r.title else _("Exchange round %(number)s")) % {
        "number": r.number, "title": r.title}
    story: list[Flowable] = [Paragraph(escape(round_title), title)]
    facts = [
        (_("Mediating state"), country_label(r.mediator, language) if r.mediator else "—"),
        (_("Parties"), ", ".join(country_label(c, language) for c in r.parties) or "—"),
        (_("Proposed / agreed / executed"), " / ".join(d or "—" for d in (r.proposed_on, r.agreed_on, r.executed_on))),
        (_("Place"), r.place or "—"),
        (_("Printed on"), today.isoformat()),
    ]
    story.append(Table([[p(k, head), p(v)] for k, v in facts], colWidths=[55 * mm, 200 * mm],
                       style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])))
    columns = [_("No."), _("Name (Cyrillic)"), _("Name (Latin)"), _("Date of birth"), _("Citizenship"),
               _("Record no. / prisoner no."), _("Status in the registry"), _("On the list")]
    widths = [9 * mm, 54 * mm, 50 * mm, 26 * mm, 32 * mm, 38 * mm, 34 * mm, 30 * mm]
    sides = [side] if side else [Side.HAND_OVER, Side.RECEIVE]
    for current in sides:
        chosen = [e for e in entries if e.side == current]
        story.append(Paragraph(escape(f"{Side(current).label} ({len(chosen)})"), h2))
        if not chosen:
            story.append(p(_("Nobody on this list (in your scope).")))
            continue
        rows: list[list[Any]] = [[p(c, head) for c in columns]]
        for number, entry in enumerate(chosen, 1):
            person = entry.person
            cyrillic, latin = spellings(person)
            numbers = f"№ {person.pk}" + (f" / {person.internment_number}" if person.internment_number else "")
            rows.append([p(number), p(cyrillic), p(latin), p(person.birth_date),
                         p(", ".join(country_label(c.country, language) for c in person.citizenships.all())),
                         p(numbers, small), p(person.get_status_display()), p(entry.get_status_display(), small)])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    story.append(Spacer(1, 6 * mm))
    story.append(p(_("Latin spellings: the passport spelling where recorded, otherwise ICAO 9303 transliteration."),
                   small))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=round_title, author="polon",
                            invariant=1)

    class Canvas(_NumberedCanvas):
        header = round_title + (f" · {Side(side).label}" if side else "")
        footer = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}
        page_label = _("page %(page)s of %(pages)s")

    doc.build(story, canvasmaker=Canvas)
    return buffer.getvalue()
