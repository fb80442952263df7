"""The notices of a case as a printable PDF for the Protecting Power: the Art. 104 notice of the trial with its
particulars (names, rank, army, serial number, date of birth; place of internment or confinement; the charges
and the legal provisions applicable; the court, the date and place of the opening of the trial), and once the
judgment is recorded the Art. 107 communication (with the detailed communication for a final conviction or a
death sentence, and the Art. 101 stay). Written in the reader's language, DejaVu fonts embedded
(core.pdf_fonts) so the text can be extracted."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.proceedings.models import Prosecution
from polon.proceedings.services import judgment_notice_text, trial_notice_text


def file_name(case: Prosecution) -> str:
    return f"proceedings-{case.pk}-notices.pdf"


def notices_pdf(case: Prosecution, *, language: str = "uk", today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    with translation.override(language):
        regular, bold = fonts()
        text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13.5)
        title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=13, leading=17, spaceAfter=4)
        small = ParagraphStyle("small", parent=text, fontSize=8, leading=10)

        def lines(block: str) -> list[Paragraph]:
            first, *rest = block.splitlines()
            return [Paragraph(escape(first), title), *(Paragraph(escape(line), text) for line in rest)]

        story = [Paragraph(escape(_("To the Protecting Power acting for %(country)s")
                                  % {"country": country_label(case.country)}), small), Spacer(1, 4 * mm)]
        story += lines(trial_notice_text(case))
        if case.judged_on:
            story += [Spacer(1, 8 * mm), *lines(judgment_notice_text(case))]
        story += [Spacer(1, 10 * mm), Paragraph(escape(_("Date: %(date)s · Signature and seal of the responsible "
                                                         "authority") % {"date": today.isoformat()}), small)]
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                          bottomMargin=16 * mm, title=case.case_number).build(story)
        return buffer.getvalue()
