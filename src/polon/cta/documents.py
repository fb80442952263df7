"""A list as it leaves the bureau: CSV, XLSX or PDF, one row (or block) per person with the Art. 122 particulars,
whether he is a new capture, a change or a correction (and what changed), in the reader's language.

What the reader may not see is blanked (access.fields: the address of the person to be informed); the PDF sets
Cyrillic in DejaVu (core.pdf_fonts), its text extractable."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from polon.access import fields
from polon.core.duties import article_label
from polon.core.pdf_fonts import fonts
from polon.cta.models import CtaEntry, CtaList, EntryKind
from polon.cta.particulars import LABELS, NAMES, shown
from polon.exports import formats

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}


def file_name(item: CtaList, fmt: str) -> str:
    who = "cta" if not item.country else f"power-{item.country.lower()}"
    return f"art122-list-{who}-{item.number}-{item.sent_on.isoformat()}.{fmt}"


def _rows(user: Any, entries: Sequence[CtaEntry]) -> list[dict[str, str]]:
    address = fields.sees(user, fields.INFORMED_ADDRESS)
    rows = []
    for entry in entries:
        values = {name: shown(name, entry.values.get(name, "")) for name in NAMES}
        if not address:
            values["informed_person_address"] = ""
        rows.append({"record": str(entry.person_id), "kind": str(EntryKind(entry.kind).label),
                     "changed": ", ".join(str(LABELS[n]) for n in entry.changed if n in LABELS), **values})
    return rows


def _columns() -> tuple[list[str], list[str]]:
    keys = ["record", "kind", "changed", *NAMES]
    heads = [_("Record number"), _("New, change or correction"), _("What changed"), *(str(LABELS[n]) for n in NAMES)]
    return keys, heads


def render(user: Any, item: CtaList, entries: Sequence[CtaEntry], fmt: str, *, recipient: str) -> bytes:
    """The list ``item`` (its ``entries`` as ``user`` may see them) as ``fmt`` (csv, xlsx, pdf)."""
    keys, heads = _columns()
    rows = [dict(zip(heads, (row[k] for k in keys), strict=True)) for row in _rows(user, entries)]
    if fmt == "csv":
        return formats.to_csv(heads, rows)
    if fmt == "xlsx":
        return formats.to_xlsx(heads, rows, title=_("List no. %(number)s") % {"number": item.number})
    if fmt == "pdf":
        return _pdf(user, item, entries, recipient=recipient)
    raise ValueError(fmt)


def _pdf(user: Any, item: CtaList, entries: Sequence[CtaEntry], *, recipient: str) -> bytes:
    regular, bold = fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=13, leading=16)
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=10.5)
    strong = ParagraphStyle("strong", fontName=bold, fontSize=9, leading=11)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=_("List no. %(number)s") % {"number": item.number})
    story: list[Any] = [
        Paragraph(escape(_("Information on prisoners of war — list no. %(number)s") % {"number": item.number}), title),
        Spacer(1, 2 * mm),
        Paragraph(escape(_("To: %(recipient)s") % {"recipient": recipient}), body),
        Paragraph(escape(_("Sent on: %(date)s; channel: %(channel)s") % {
            "date": item.sent_on.isoformat(), "channel": item.channel}), body),
        Paragraph(escape(_("Legal basis: %(basis)s") % {"basis": article_label(item.legal_basis)}), body),
        Paragraph(escape(_("Persons on this list: %(count)s (new captures, changes and corrections since the last "
                           "list to this recipient)") % {"count": len(entries)}), body),
        Spacer(1, 4 * mm)]
    for index, row in enumerate(_rows(user, entries), start=1):
        head = _("%(index)s. Record %(record)s — %(kind)s") % {"index": index, "record": row["record"],
                                                              "kind": row["kind"]}
        if row["changed"]:
            head += " — " + _("changed: %(fields)s") % {"fields": row["changed"]}
        cells = [[Paragraph(escape(str(LABELS[n])), body), Paragraph(escape(row[n] or "—"), body)] for n in NAMES]
        table = Table(cells, colWidths=[62 * mm, 118 * mm])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]))
        story.append(KeepTogether([Paragraph(escape(head), strong), Spacer(1, 1 * mm), table, Spacer(1, 4 * mm)]))
    doc.build(story)
    return buffer.getvalue()
