"""Printable documents of effects and valuables, in the reader's language, DejaVu fonts embedded
(core.pdf_fonts) so the text can be extracted:

- the itemized receipt for sums of money and articles of value taken from a prisoner of war (GC III Art. 18):
  the receipt number and date, the owner's particulars (name, rank, number, unit, Power), each article with the
  amount and currency of each sum, the officer who ordered it and the reason of security, and, legibly, the
  name, rank and unit of the person issuing the receipt, with his signature and the owner's;
- a sealed packet's statement (GC III Art. 122 para 9, Art. 119): the seal number, the statement giving clear
  and full particulars of the identity of the person to whom the articles belonged, the complete list of the
  contents, through whom it is sent, and the signatures.
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
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from polon.core.countries import country_label
from polon.core.pdf_fonts import fonts
from polon.effects.models import Category, Item, Packet, Receipt
from polon.exchanges.pdf import spellings


def receipt_file_name(receipt: Receipt) -> str:
    return f"receipt-{receipt.number}.pdf"


def packet_file_name(packet: Packet) -> str:
    return f"sealed-packet-{packet.seal_number or packet.pk}.pdf"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=9.5, leading=12)
    return {"text": text, "head": ParagraphStyle("head", parent=text, fontName=bold, fontSize=8.5, leading=10.5),
            "title": ParagraphStyle("title", parent=text, fontName=bold, fontSize=15, leading=19, alignment=1),
            "small": ParagraphStyle("small", parent=text, fontSize=8, leading=10, alignment=1)}


def _p(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)


def _owner_rows(person: Any, language: str) -> list[tuple[str, str]]:
    cyrillic, latin = spellings(person)
    power = person.power_depended or next((c.country for c in person.citizenships.all()), "")
    return [
        (_("Name and first names"), " / ".join(n for n in (cyrillic, latin) if n)),
        (_("Date of birth"), person.birth_date),
        (_("Rank"), person.rank),
        (_("Army, regimental, personal or serial number"), person.service_number),
        (_("Prisoner (internment) number"), person.internment_number),
        (_("Unit"), person.unit),
        (_("Power on which he depends"), country_label(power, language) if power else ""),
        (_("Record number in the bureau"), str(person.pk)),
    ]


def _grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = False) -> Table:
    table = Table(list(rows), colWidths=list(widths), repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table


def _what(category: str, description: str, quantity: int, amount: Any, currency: str) -> tuple[str, str]:
    """(description, amount) of one line as printed."""
    money = f"{amount} {currency}".strip() if amount not in (None, "") else ""
    if category == Category.MONEY:
        return description, money
    return (description if quantity == 1 else f"{quantity} × {description}"), money


def _build(story: list[Flowable], heading: str, today: dt.date) -> bytes:
    regular, _bold = fonts()
    footer = _("polon · information bureau (GC III Art. 122) · printed %(day)s") % {"day": today.isoformat()}

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(15 * mm, 8 * mm, footer)
        canvas.drawRightString(195 * mm, 8 * mm, _("page %(n)d") % {"n": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=heading, author="polon", invariant=1)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def receipt_pdf(receipt: Receipt, *, language: str = "uk", today: dt.date | None = None) -> bytes:
    """The itemized receipt (GC III Art. 18) for what was taken from a prisoner, in ``language``."""
    today = today or dt.date.today()
    with translation.override(language):
        s = _styles()
        heading = _("RECEIPT FOR MONEY AND ARTICLES OF VALUE TAKEN FROM A PRISONER OF WAR")
        story: list[Flowable] = [
            Paragraph(escape(heading), s["title"]),
            Paragraph(escape(_("GC III Art. 18")), s["small"]),
            Spacer(1, 4 * mm),
            _grid([[_p(_("Receipt number"), s["head"]), _p(receipt.number, s["text"])],
                   [_p(_("Taken on"), s["head"]), _p(receipt.taken_on.isoformat(), s["text"])],
                   [_p(_("Place"), s["head"]), _p(receipt.place, s["text"])]], [70 * mm, 110 * mm]),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("Owner")), s["head"]),
            _grid([[_p(k, s["head"]), _p(v, s["text"])] for k, v in _owner_rows(receipt.person, language)],
                  [70 * mm, 110 * mm]),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("Articles taken")), s["head"]),
        ]
        rows: list[list[Any]] = [[_p(h, s["head"]) for h in (_("No."), _("Category"), _("Description"),
                                                               _("Amount and currency"))]]
        lines: list[Item] = list(receipt.items.order_by("id"))
        for n, item in enumerate(lines, start=1):
            what, money = _what(item.category, item.description, item.quantity, item.amount, item.currency)
            rows.append([_p(n, s["text"]), _p(item.get_category_display(), s["text"]), _p(what, s["text"]),
                         _p(money, s["text"])])
        story.append(_grid(rows, [12 * mm, 50 * mm, 80 * mm, 38 * mm], header=True))
        story += [
            Spacer(1, 4 * mm),
            _grid([[_p(_("Taken by order of the officer"), s["head"]), _p(receipt.ordered_by, s["text"])],
                   [_p(_("Reasons of security"), s["head"]), _p(receipt.reason, s["text"])]], [70 * mm, 110 * mm]),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("Person issuing the receipt")), s["head"]),
            _grid([[_p(_("Name"), s["head"]), _p(receipt.issuer_name, s["text"])],
                   [_p(_("Rank"), s["head"]), _p(receipt.issuer_rank, s["text"])],
                   [_p(_("Unit"), s["head"]), _p(receipt.issuer_unit, s["text"])]], [70 * mm, 110 * mm]),
            Spacer(1, 3 * mm),
            Paragraph(escape(_("The articles are kept in the custody of the Detaining Power and returned in their "
                               "initial shape to the prisoner at the end of his captivity (GC III Art. 18).")),
                      s["text"]),
            Spacer(1, 8 * mm),
        ]
        signatures = Table([[_p(_("Signature of the person issuing the receipt"), s["head"]),
                             _p(_("Signature of the owner"), s["head"])], ["", ""]],
                           colWidths=[90 * mm, 90 * mm], rowHeights=[None, 22 * mm])
        signatures.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.3, colors.grey),
                                        ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey)]))
        story.append(signatures)
        return _build(story, heading, today)


def packet_pdf(packet: Packet, *, language: str = "uk", today: dt.date | None = None) -> bytes:
    """A packet's statement of identity and complete list of contents (GC III Art. 122 para 9)."""
    today = today or dt.date.today()
    with translation.override(language):
        s = _styles()
        heading = _("SEALED PACKET OF PERSONAL VALUABLES")
        contents = packet.contents or [
            {"n": n, "category": i.category, "description": i.description, "quantity": i.quantity,
             "amount": None if i.amount is None else str(i.amount), "currency": i.currency,
             "receipt": i.receipt.number if i.receipt else ""}
            for n, i in enumerate(packet.items.select_related("receipt").order_by("id"), start=1)]
        story: list[Flowable] = [
            Paragraph(escape(heading), s["title"]),
            Paragraph(escape(_("GC III Arts. 119, 122")), s["small"]),
            Spacer(1, 4 * mm),
            _grid([[_p(_("Seal number"), s["head"]), _p(packet.seal_number or _("not yet sealed"), s["text"])],
                   [_p(_("Sealed on"), s["head"]), _p(packet.sealed_on.isoformat() if packet.sealed_on else "",
                                                        s["text"])],
                   [_p(_("Sealed by"), s["head"]), _p(packet.sealed_by, s["text"])],
                   [_p(_("Reason"), s["head"]), _p(packet.get_reason_display(), s["text"])],
                   [_p(_("Power concerned"), s["head"]), _p(country_label(packet.country, language), s["text"])],
                   [_p(_("Sent through"), s["head"]),
                    _p(" · ".join(x for x in (packet.get_via_display() if packet.via else "",
                                              packet.sent_on.isoformat() if packet.sent_on else "") if x), s["text"])]],
                  [70 * mm, 110 * mm]),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("Statement of identity of the person to whom the articles belonged")), s["head"]),
            _grid([[_p(label, s["head"]), _p(value, s["text"])] for label, value in packet.identity_lines]
                  or [[_p("", s["text"]), _p("", s["text"])]], [70 * mm, 110 * mm]),
            Spacer(1, 4 * mm),
            Paragraph(escape(_("Complete list of the contents")), s["head"]),
        ]
        rows: list[list[Any]] = [[_p(h, s["head"]) for h in (_("No."), _("Category"), _("Description"),
                                                               _("Amount and currency"), _("Receipt number"))]]
        labels = dict(Category.choices)
        for line in contents:
            what, money = _what(line["category"], line["description"], line.get("quantity", 1), line.get("amount"),
                                line.get("currency", ""))
            rows.append([_p(line["n"], s["text"]), _p(labels.get(line["category"], line["category"]), s["text"]),
                         _p(what, s["text"]), _p(money, s["text"]), _p(line.get("receipt", ""), s["text"])])
        story.append(_grid(rows, [10 * mm, 38 * mm, 64 * mm, 32 * mm, 36 * mm], header=True))
        story.append(Paragraph(escape(_("Number of articles: %(n)d") % {"n": len(contents)}), s["text"]))
        story.append(Spacer(1, 8 * mm))
        signatures = Table([[_p(_("Date, seal and signature of the Information Bureau"), s["head"]),
                             _p(_("Receipt acknowledged (date, signature)"), s["head"])],
                            [_p(today.isoformat(), s["text"]),
                             _p(packet.received_on.isoformat() if packet.received_on else "", s["text"])]],
                           colWidths=[90 * mm, 90 * mm], rowHeights=[None, 22 * mm])
        signatures.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.3, colors.grey),
                                        ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(signatures)
        return _build(story, heading, today)
