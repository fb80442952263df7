"""`polon effects …`: effects and valuables (GC III Arts. 18, 119, 122) — articles taken from a prisoner
against an itemized receipt, impounded, returned; packets of what a prisoner left when he died (his estate),
was repatriated, released or escaped: opened, added to, sealed, sent through the Protecting Power or the ICRC,
their receipt acknowledged; the receipt and a packet's statement as PDF; what is due to be sent."""

from __future__ import annotations

from pathlib import Path

from polon.cli.common import CommandError, acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("effects", help="effects and valuables, sealed packets, estates (Arts. 18, 119, 122)")
    sub = p.add_subparsers(dest="effects_command", required=True)

    receipts = add_command(sub, "receipts", receipt_list, "receipts for articles taken, newest first", json=True)
    receipts.add_argument("--person", dest="person_id", type=int, default=None)

    show = add_command(sub, "receipt", receipt_show, "one receipt with its articles", json=True)
    show.add_argument("receipt_id", type=int)

    take = add_command(sub, "take", receipt_take, "record articles taken from a prisoner against a receipt (Art. 18)",
                       json=True)
    take.add_argument("person_id", type=int)
    take.add_argument("--taken-on", required=True, help="YYYY-MM-DD")
    take.add_argument("--issuer-name", required=True, help="name of the person issuing the receipt")
    take.add_argument("--issuer-rank", required=True)
    take.add_argument("--issuer-unit", required=True)
    take.add_argument("--ordered-by", required=True, help="the officer who ordered it")
    add_text_options(take, "--place", "--reason")
    take.add_argument("--article", dest="articles", action="append", default=[],
                      help="CATEGORY:DESCRIPTION[:QUANTITY] (valuable, document, personal); repeatable")
    take.add_argument("--money", action="append", default=[], help="AMOUNT:CURRENCY (ISO 4217); repeatable")

    give = add_command(sub, "return", item_return, "return an impounded article to its owner", json=True)
    give.add_argument("item_id", type=int)
    add_text_options(give, "--returned-on", "--note")

    rpdf = add_command(sub, "receipt-pdf", receipt_pdf, "write a receipt as PDF")
    rpdf.add_argument("receipt_id", type=int)
    rpdf.add_argument("--output", "-o", required=True)
    rpdf.add_argument("--lang", default="uk", choices=["uk", "en"])

    packets = add_command(sub, "packets", packet_list, "packets", filters=["--status", "--reason"], json=True)
    packets.add_argument("--person", dest="person_id", type=int, default=None)

    packet = add_command(sub, "packet", packet_show, "one packet: statement of identity and contents", json=True)
    packet.add_argument("packet_id", type=int)

    opened = add_command(sub, "open", packet_open, "open a packet of what he left (his estate when he died)",
                         json=True)
    opened.add_argument("person_id", type=int)
    opened.add_argument("reason", help="died, repatriated, released or escaped")
    add_text_options(opened, "--country", "--note")

    add = add_command(sub, "add", packet_add, "record an article he left into a packet being gathered", json=True)
    add.add_argument("packet_id", type=int)
    add.add_argument("category", help="money, valuable, document, personal, identity or decoration")
    add_text_options(add, "--description", "--amount", "--currency")
    add.add_argument("--quantity", type=int, default=1)

    seal = add_command(sub, "seal", packet_seal, "seal a packet (seal number, list of contents fixed)", json=True)
    seal.add_argument("packet_id", type=int)
    seal.add_argument("seal_number")
    seal.add_argument("--sealed-by", required=True)
    add_text_options(seal, "--sealed-on")

    send = add_command(sub, "send", packet_send, "record a sealed packet sent (protecting_power or icrc_cta)",
                       json=True)
    send.add_argument("packet_id", type=int)
    send.add_argument("via", help="protecting_power or icrc_cta")
    send.add_argument("--sent-on", required=True)
    add_text_options(send, "--channel", "--override-reason")
    send.add_argument("--confirm-names", action="store_true")

    ack = add_command(sub, "acknowledge", packet_acknowledge, "record a sent packet's receipt acknowledged",
                      json=True)
    ack.add_argument("packet_id", type=int)
    ack.add_argument("--received-on", required=True)
    add_text_options(ack, "--reference")

    ppdf = add_command(sub, "packet-pdf", packet_pdf, "write a packet's statement and list of contents as PDF")
    ppdf.add_argument("packet_id", type=int)
    ppdf.add_argument("--output", "-o", required=True)
    ppdf.add_argument("--lang", default="uk", choices=["uk", "en"])

    due = add_command(sub, "due", due_list, "what is to be sent to the Power concerned (Arts. 119, 122)", json=True)
    due.add_argument("--overdue", action="store_true")


def _item(i) -> dict:
    return {"id": i.pk, "person_id": i.person_id, "receipt_id": i.receipt_id, "packet_id": i.packet_id,
            "origin": i.origin, "category": i.category, "description": i.description, "quantity": i.quantity,
            "amount": None if i.amount is None else str(i.amount), "currency": i.currency, "status": i.status,
            "returned_on": i.returned_on}


def _receipt(r) -> dict:
    return {"id": r.pk, "number": r.number, "person_id": r.person_id, "name": str(r.person), "taken_on": r.taken_on,
            "place": r.place, "issuer": f"{r.issuer_name}, {r.issuer_rank}, {r.issuer_unit}",
            "ordered_by": r.ordered_by, "reason": r.reason, "items": [_item(i) for i in r.items.order_by("id")]}


def _packet(p) -> dict:
    return {"id": p.pk, "person_id": p.person_id, "name": str(p.person), "reason": p.reason, "status": p.status,
            "country": p.country, "seal_number": p.seal_number, "sealed_on": p.sealed_on, "via": p.via,
            "sent_on": p.sent_on, "transmission_id": p.transmission_id, "received_on": p.received_on,
            "identity_statement": p.identity_statement, "items": [_item(i) for i in p.items.order_by("id")]}


def _item_line(i: dict) -> str:
    what = f"{i['amount']} {i['currency']}" if i["amount"] else i["description"]
    if i["quantity"] != 1:
        what = f"{i['quantity']} × {what}"
    return f"  #{i['id']:<6} {i['category']:<10} {i['status']:<10} {what}"


def receipt_list(args) -> int:
    from polon.audit import reads
    from polon.effects.selectors import receipts

    user = acting_user(args)
    rows = list(receipts(user, person_id=args.person_id))
    reads.persons_read(user, view="effects.receipts", channel="cli", person_ids=[r.person_id for r in rows],
                       query={"person_id": args.person_id})
    data = [_receipt(r) for r in rows]
    emit(args, data, (f"{d['id']:>5}  {d['number']}  {d['taken_on']}  #{d['person_id']:<6} {d['name']}  "
                      f"({len(d['items'])})" for d in data))
    return 0


def receipt_show(args) -> int:
    from polon.audit import reads
    from polon.effects.selectors import get_receipt

    user = acting_user(args)
    r = get_receipt(user, args.receipt_id)
    reads.persons_read(user, view="effects.receipt", channel="cli", person_ids=[r.person_id])
    data = _receipt(r)

    def lines():
        yield f"{r.number}  {r.taken_on}  #{r.person_id} {data['name']}  {r.place}"
        yield f"  {gettext('issued by')}: {data['issuer']} · {gettext('ordered by')}: {r.ordered_by}"
        for i in data["items"]:
            yield _item_line(i)

    emit(args, data, lines)
    return 0


def _split_articles(args) -> list[dict]:
    articles: list[dict] = []
    for text in args.articles:
        parts = text.split(":")
        if len(parts) < 2:
            raise CommandError(gettext("--article takes CATEGORY:DESCRIPTION[:QUANTITY], not '%(value)s'")
                               % {"value": text})
        quantity = parts[2] if len(parts) > 2 else "1"
        articles.append({"category": parts[0].strip(), "description": parts[1].strip(), "quantity": quantity})
    for text in args.money:
        amount, _sep, currency = text.partition(":")
        articles.append({"category": "money", "amount": amount.strip(), "currency": currency.strip()})
    return articles


def receipt_take(args) -> int:
    from polon.effects.services import take_articles

    user = acting_user(args)
    r = take_articles(actor=user, person_id=args.person_id, taken_on=args.taken_on, issuer_name=args.issuer_name,
                      issuer_rank=args.issuer_rank, issuer_unit=args.issuer_unit, ordered_by=args.ordered_by,
                      place=args.place, reason=args.reason, articles=_split_articles(args))
    emit(args, _receipt(r), [gettext("receipt %(number)s issued") % {"number": r.number}])
    return 0


def item_return(args) -> int:
    from polon.effects.services import return_article

    i = return_article(actor=acting_user(args), item_id=args.item_id, returned_on=args.returned_on or None,
                       note=args.note)
    emit(args, _item(i), [gettext("article %(id)s returned") % {"id": i.pk}])
    return 0


def receipt_pdf(args) -> int:
    from polon.effects import pdf
    from polon.effects.selectors import get_receipt
    from polon.effects.services import printed

    user = acting_user(args)
    r = get_receipt(user, args.receipt_id)
    content = pdf.receipt_pdf(r, language=args.lang)
    printed(actor=user, person_id=r.person_id, what="receipt", number=r.number, channel="cli")
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s") % {"path": args.output})
    return 0


def packet_list(args) -> int:
    from polon.audit import reads
    from polon.effects.selectors import PacketFilters, packets

    user = acting_user(args)
    rows = list(packets(user, PacketFilters(status=args.status, reason=args.reason, person_id=args.person_id)))
    reads.persons_read(user, view="effects.packets", channel="cli", person_ids=[p.person_id for p in rows],
                       query={"status": args.status, "reason": args.reason, "person_id": args.person_id})
    data = [_packet(p) for p in rows]
    emit(args, data, (f"{d['id']:>5}  {d['status']:<9} {d['reason']:<12} {d['seal_number'] or '-':<14} "
                      f"#{d['person_id']:<6} {d['name']}  ({len(d['items'])})" for d in data))
    return 0


def packet_show(args) -> int:
    from polon.audit import reads
    from polon.effects.selectors import get_packet

    user = acting_user(args)
    p = get_packet(user, args.packet_id)
    reads.persons_read(user, view="effects.packet", channel="cli", person_ids=[p.person_id])
    data = _packet(p)

    def lines():
        yield (f"{p.pk}  [{p.status}]  {p.reason}  {gettext('seal')}: {p.seal_number or '-'}  "
               f"{gettext('Power concerned')}: {p.country}")
        for line in p.identity_statement.splitlines():
            yield f"  {line}"
        for i in data["items"]:
            yield _item_line(i)
        if p.sent_on:
            yield f"  {gettext('sent')}: {p.via} {p.sent_on}  {gettext('received')}: {p.received_on or '-'}"

    emit(args, data, lines)
    return 0


def packet_open(args) -> int:
    from polon.effects.services import open_packet

    p = open_packet(actor=acting_user(args), person_id=args.person_id, reason=args.reason, country=args.country,
                    note=args.note)
    emit(args, _packet(p), [gettext("packet %(id)s opened with %(n)d articles")
                            % {"id": p.pk, "n": p.items.count()}])
    return 0


def packet_add(args) -> int:
    from polon.effects.services import add_to_packet

    i = add_to_packet(actor=acting_user(args), packet_id=args.packet_id, category=args.category,
                      description=args.description, quantity=args.quantity, amount=args.amount or None,
                      currency=args.currency)
    emit(args, _item(i), [gettext("article %(id)s added") % {"id": i.pk}])
    return 0


def packet_seal(args) -> int:
    from polon.effects.services import seal_packet

    p = seal_packet(actor=acting_user(args), packet_id=args.packet_id, seal_number=args.seal_number,
                    sealed_by=args.sealed_by, sealed_on=args.sealed_on or None)
    emit(args, _packet(p), [gettext("packet %(id)s sealed: %(seal)s") % {"id": p.pk, "seal": p.seal_number}])
    return 0


def packet_send(args) -> int:
    from polon.effects.services import send_packet

    p = send_packet(actor=acting_user(args), packet_id=args.packet_id, via=args.via, sent_on=args.sent_on,
                    channel=args.channel, override_reason=args.override_reason, confirm_names=args.confirm_names)
    emit(args, _packet(p), [gettext("packet %(id)s sent (transmission %(t)s)")
                            % {"id": p.pk, "t": p.transmission_id}])
    return 0


def packet_acknowledge(args) -> int:
    from polon.effects.services import acknowledge_packet

    p = acknowledge_packet(actor=acting_user(args), packet_id=args.packet_id, received_on=args.received_on,
                           reference=args.reference)
    emit(args, _packet(p), [gettext("packet %(id)s received") % {"id": p.pk}])
    return 0


def packet_pdf(args) -> int:
    from polon.effects import pdf
    from polon.effects.selectors import get_packet
    from polon.effects.services import printed

    user = acting_user(args)
    p = get_packet(user, args.packet_id)
    content = pdf.packet_pdf(p, language=args.lang)
    printed(actor=user, person_id=p.person_id, what="packet", number=p.seal_number or str(p.pk), channel="cli")
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s") % {"path": args.output})
    return 0


def due_list(args) -> int:
    from django.utils import timezone

    from polon.effects.duties import open_duties

    today = timezone.localdate()
    duties = sorted(open_duties(user=acting_user(args), today=today), key=lambda d: d.due)
    if args.overdue:
        duties = [d for d in duties if d.is_overdue(today)]
    data = [{"person_id": d.person_id, "subject": d.subject, "due": d.due, "anchor": d.anchor, "event": d.detail,
             "article": d.article, "overdue": d.is_overdue(today)} for d in duties]
    emit(args, data, (f"{'!' if d['overdue'] else ' '} {d['due']}  #{d['person_id']:<6} {d['subject']}  "
                      f"({d['event']} {d['anchor']})" for d in data))
    return 0
