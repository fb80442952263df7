"""`polon deaths …`: deaths, burials and graves (GC III Art. 120), the notification of death (Annex IV D) as PDF
and as sent, official enquiries into deaths with their notice to the Protecting Power (Art. 121), and handovers
of remains in batches (GC I Art. 16)."""

from __future__ import annotations

from pathlib import Path

from polon.cli.common import acting_user, add_command, add_text_options, emit, gettext

GRAVE_OPTIONS = ("--place", "--circumstances", "--certified-by", "--burial-kind", "--cremation-reason",
                 "--burial-date", "--burial-place", "--cemetery", "--plot", "--marker", "--latitude", "--longitude",
                 "--will-held-by", "--will-forwarded-on", "--effects", "--effects-forwarded-through", "--account")
GRAVE_FIELDS = tuple(o[2:].replace("-", "_") for o in GRAVE_OPTIONS)


def register(commands) -> None:
    p = commands.add_parser("deaths", help="deaths, graves, enquiries into deaths, handovers of remains "
                                           "(Arts. 120-121)")
    sub = p.add_subparsers(dest="deaths_command", required=True)

    listing = add_command(sub, "list", death_list, "deaths in your scope, newest first", json=True)
    listing.add_argument("--pending", default="", choices=["", "notification", "enquiry", "grave"],
                         help="notification (not sent), enquiry (open), grave (not located)")

    show = add_command(sub, "show", death_show, "one death record with its enquiry and what was sent", json=True)
    show.add_argument("death_id", type=int)

    record = add_command(sub, "record", death_record, "record a person's death (writes the died event)", json=True)
    record.add_argument("person_id", type=int)
    record.add_argument("--date", required=True, help="date of death (YYYY-MM-DD)")
    record.add_argument("--cause", required=True)
    record.add_argument("--internment-place", dest="internment_place_id", type=int, default=None)
    record.add_argument("--enquiry-ground", default="",
                        help="suspicious death: sentry, prisoner, other_person or unknown (opens the Art. 121 enquiry)")
    add_text_options(record, *GRAVE_OPTIONS)

    update = add_command(sub, "update", death_update, "record the burial, grave, will, effects or account",
                         json=True)
    update.add_argument("death_id", type=int)
    update.add_argument("--cause", default=None)
    update.add_argument("--will", dest="will_made", action="store_true", default=None, help="he left a will")
    for option in GRAVE_OPTIONS:
        update.add_argument(option, default=None)

    notice = add_command(sub, "notice-pdf", death_pdf, "write the notification of death (Annex IV D) as PDF")
    notice.add_argument("death_id", type=int)
    notice.add_argument("--output", "-o", required=True, help="the PDF file to write")
    notice.add_argument("--language", default="uk", choices=["uk", "en"])
    notice.add_argument("--authority", default="", help="the title of the responsible authority printed on it")

    notify = add_command(sub, "notify", death_notify, "record the notification of death as sent", json=True)
    notify.add_argument("death_id", type=int)
    notify.add_argument("--channel", required=True)
    notify.add_argument("--date", required=True, help="sent on (YYYY-MM-DD)")
    notify.add_argument("--recipient", default="protecting_power", help="protecting_power, icrc_cta or state")
    add_text_options(notify, "--country", "--override-reason")

    enquiry = add_command(sub, "enquiry-open", enquiry_open, "open the official enquiry into a death (Art. 121)",
                          json=True)
    enquiry.add_argument("death_id", type=int)
    enquiry.add_argument("ground", help="sentry, prisoner, other_person or unknown")
    enquiry.add_argument("--opened-on", default="")

    enquiry_notice_ = add_command(sub, "enquiry-notice", enquiry_notice,
                                  "record the notice of the enquiry sent to the Protecting Power", json=True)
    enquiry_notice_.add_argument("death_id", type=int)
    enquiry_notice_.add_argument("--channel", required=True)
    enquiry_notice_.add_argument("--date", required=True)
    add_text_options(enquiry_notice_, "--country", "--override-reason")

    close = add_command(sub, "enquiry-close", enquiry_close, "close the enquiry with its findings", json=True)
    close.add_argument("death_id", type=int)
    close.add_argument("--findings", required=True)
    add_text_options(close, "--statements", "--prosecution", "--closed-on", "--report-channel", "--country",
                     "--override-reason")

    add_command(sub, "handovers", handover_list, "handovers of remains", json=True)

    handover = add_command(sub, "handover-create", handover_create, "plan a handover of remains", json=True)
    handover.add_argument("reference")
    handover.add_argument("--to", dest="receiving_state", required=True, help="the receiving state (ISO code)")
    add_text_options(handover, "--mediator", "--place", "--planned-on", "--note")

    show_h = add_command(sub, "handover-show", handover_show, "a handover with its bodies", json=True)
    show_h.add_argument("handover_id", type=int)

    body = add_command(sub, "body-add", body_add, "put a dead person's body on a planned handover", json=True)
    body.add_argument("handover_id", type=int)
    body.add_argument("person_id", type=int)
    body.add_argument("--identity", required=True, help="how the body was identified")
    add_text_options(body, "--effects", "--dna-reference")

    remove = add_command(sub, "body-remove", body_remove, "take a body off a planned handover", json=True)
    remove.add_argument("body_id", type=int)
    remove.add_argument("--reason", required=True)

    complete = add_command(sub, "handover-complete", handover_complete,
                           "record the remains as handed over (writes remains_repatriated)", json=True)
    complete.add_argument("handover_id", type=int)
    complete.add_argument("--date", dest="handed_over_on", required=True)


def _transmission(t) -> dict | None:
    return None if t is None else {"id": t.pk, "recipient": t.recipient, "country": t.country,
                                   "channel": t.channel, "date": t.date, "legal_basis": t.legal_basis}


def _death_data(d) -> dict:
    enquiry = getattr(d, "enquiry", None)
    return {"id": d.pk, "person_id": d.person_id, "name": str(d.person), "date": d.date, "place": d.place,
            "cause": d.cause, "suspicious": d.suspicious, "burial_kind": d.burial_kind, "burial_date": d.burial_date,
            "cemetery": d.cemetery, "plot": d.plot, "marker": d.marker,
            "latitude": None if d.latitude is None else str(d.latitude),
            "longitude": None if d.longitude is None else str(d.longitude), "grave_found": d.grave_found,
            "will_made": d.will_made, "notification": _transmission(d.notification),
            "enquiry": None if enquiry is None else {
                "id": enquiry.pk, "ground": enquiry.ground, "status": enquiry.status,
                "opened_on": enquiry.opened_on, "notice": _transmission(enquiry.notice),
                "report": _transmission(enquiry.report)}}


def _given(args, names) -> dict:
    return {name: getattr(args, name) for name in names if getattr(args, name, None) not in (None, "")}


def death_list(args) -> int:
    from polon.audit import reads
    from polon.deaths.selectors import DeathFilters, deaths

    user = acting_user(args)
    rows = list(deaths(user, DeathFilters(pending=args.pending)))
    reads.persons_read(user, view="deaths.list", channel="cli", person_ids=[d.person_id for d in rows],
                       query={"pending": args.pending})
    data = [_death_data(d) for d in rows]
    emit(args, data, (f"{d['id']:>5}  {d['date'].isoformat()}  #{d['person_id']:<6} "
                      f"{'notified' if d['notification'] else 'NOT NOTIFIED':<12} {d['name']}" for d in data))
    return 0


def death_show(args) -> int:
    from polon.audit import reads
    from polon.deaths.selectors import get_death

    user = acting_user(args)
    d = get_death(user, args.death_id)
    reads.persons_read(user, view="deaths.detail", channel="cli", person_ids=[d.person_id])
    data = _death_data(d)

    def lines():
        yield f"{d.pk}  {d.person}  † {d.date}  {d.place}"
        yield f"  {gettext('cause')}: {d.cause}"
        yield f"  {gettext('grave')}: {d.cemetery} {d.plot} {d.marker} {data['latitude'] or ''} {data['longitude'] or ''}"
        note = data["notification"]
        yield f"  {gettext('notification')}: {note['date'] + ' ' + note['channel'] if note else gettext('not sent')}"
        if data["enquiry"]:
            e = data["enquiry"]
            yield f"  {gettext('enquiry')}: {e['ground']} [{e['status']}] {gettext('notice')}: " + (
                e["notice"]["date"] if e["notice"] else gettext("not sent"))

    emit(args, data, lines)
    return 0


def death_record(args) -> int:
    from polon.deaths.services import record_death

    fields = _given(args, GRAVE_FIELDS)
    if args.internment_place_id:
        fields["internment_place_id"] = args.internment_place_id
    d = record_death(actor=acting_user(args), person_id=args.person_id, date=args.date, cause=args.cause,
                     enquiry_ground=args.enquiry_ground, **fields)
    emit(args, _death_data(d), [gettext("recorded death %(id)s") % {"id": d.pk}])
    return 0


def death_update(args) -> int:
    from polon.deaths.services import update_death

    d = update_death(actor=acting_user(args), death_id=args.death_id,
                     **_given(args, ("cause", "will_made", *GRAVE_FIELDS)))
    emit(args, _death_data(d), [gettext("death record %(id)s saved") % {"id": d.pk}])
    return 0


def death_pdf(args) -> int:
    from polon.deaths.services import print_notification

    content = print_notification(actor=acting_user(args), death_id=args.death_id, channel="cli",
                                 language=args.language, authority=args.authority)
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s") % {"path": args.output})
    return 0


def death_notify(args) -> int:
    from polon.deaths.services import record_notification

    t = record_notification(actor=acting_user(args), death_id=args.death_id, recipient=args.recipient,
                            channel=args.channel, date=args.date, country=args.country,
                            override_reason=args.override_reason)
    emit(args, _transmission(t), [gettext("notification of death recorded as sent (transmission %(id)s)")
                                  % {"id": t.pk}])
    return 0


def enquiry_open(args) -> int:
    from polon.deaths.services import open_enquiry

    e = open_enquiry(actor=acting_user(args), death_id=args.death_id, ground=args.ground,
                     opened_on=args.opened_on or None)
    emit(args, {"id": e.pk, "death_id": e.death_id, "ground": e.ground, "opened_on": e.opened_on},
         [gettext("enquiry %(id)s opened") % {"id": e.pk}])
    return 0


def _enquiry_id(args) -> int:
    from polon.core.errors import ValidationFailed
    from polon.deaths.selectors import get_death

    death = get_death(acting_user(args), args.death_id)
    enquiry = getattr(death, "enquiry", None)
    if enquiry is None:
        raise ValidationFailed({"enquiry": gettext("no enquiry into this death is open")})
    return int(enquiry.pk)


def enquiry_notice(args) -> int:
    from polon.deaths.services import send_enquiry_notice

    t = send_enquiry_notice(actor=acting_user(args), enquiry_id=_enquiry_id(args), channel=args.channel,
                            date=args.date, country=args.country, override_reason=args.override_reason)
    emit(args, _transmission(t), [gettext("notice to the Protecting Power recorded (transmission %(id)s)")
                                  % {"id": t.pk}])
    return 0


def enquiry_close(args) -> int:
    from polon.deaths.services import close_enquiry

    e = close_enquiry(actor=acting_user(args), enquiry_id=_enquiry_id(args), findings=args.findings,
                      statements=args.statements, prosecution=args.prosecution, closed_on=args.closed_on or None,
                      report_channel=args.report_channel, country=args.country,
                      override_reason=args.override_reason)
    emit(args, {"id": e.pk, "status": e.status, "closed_on": e.closed_on, "report": _transmission(e.report)},
         [gettext("enquiry %(id)s closed") % {"id": e.pk}])
    return 0


def _handover_data(h, bodies=()) -> dict:
    return {"id": h.pk, "reference": h.reference, "receiving_state": h.receiving_state, "mediator": h.mediator,
            "place": h.place, "planned_on": h.planned_on, "handed_over_on": h.handed_over_on, "status": h.status,
            "bodies": [{"id": b.pk, "person_id": b.death.person_id, "name": str(b.death.person),
                        "identity": b.identity, "effects": b.effects, "dna_reference": b.dna_reference,
                        "remains_event_id": b.remains_event_id} for b in bodies]}


def handover_list(args) -> int:
    from polon.deaths.selectors import handovers

    data = [{**_handover_data(h), "body_count": getattr(h, "body_count", 0)} for h in handovers(acting_user(args))]
    emit(args, data, (f"{d['id']:>5}  {d['reference']:<14} {d['receiving_state']}  {d['status']:<12} "
                      f"{d['body_count']:>3}  {d['handed_over_on'] or d['planned_on'] or ''}" for d in data))
    return 0


def handover_create(args) -> int:
    from polon.deaths.services import create_handover

    h = create_handover(actor=acting_user(args), reference=args.reference, receiving_state=args.receiving_state,
                        mediator=args.mediator, place=args.place, planned_on=args.planned_on or None, note=args.note)
    emit(args, _handover_data(h), [gettext("recorded handover %(id)s") % {"id": h.pk}])
    return 0


def handover_show(args) -> int:
    from polon.audit import reads
    from polon.deaths.selectors import bodies, get_handover

    user = acting_user(args)
    h = get_handover(user, args.handover_id)
    rows = list(bodies(user, h.pk))
    reads.persons_read(user, view="deaths.handover", channel="cli", person_ids=[b.death.person_id for b in rows],
                       query={"handover": h.pk})
    data = _handover_data(h, rows)

    def lines():
        yield f"{h.pk}  {h.reference}  → {h.receiving_state}  [{h.status}]  {h.place}"
        for b in data["bodies"]:
            yield f"  {b['id']:>4}  #{b['person_id']:<6} {b['name']}  DNA {b['dna_reference'] or '—'}"

    emit(args, data, lines)
    return 0


def body_add(args) -> int:
    from polon.core.errors import ValidationFailed
    from polon.deaths.selectors import death_of
    from polon.deaths.services import add_body

    user = acting_user(args)
    death = death_of(user, args.person_id)
    if death is None:
        raise ValidationFailed({"person_id": gettext("no death is recorded for this person")})
    b = add_body(actor=user, handover_id=args.handover_id, death_id=death.pk, identity=args.identity,
                 effects=args.effects, dna_reference=args.dna_reference)
    emit(args, {"id": b.pk, "handover_id": b.handover_id, "person_id": death.person_id},
         [gettext("body put on the handover (%(id)s)") % {"id": b.pk}])
    return 0


def body_remove(args) -> int:
    from polon.deaths.services import remove_body

    remove_body(actor=acting_user(args), body_id=args.body_id, reason=args.reason)
    emit(args, {"removed": args.body_id}, [gettext("body taken off the handover")])
    return 0


def handover_complete(args) -> int:
    from polon.deaths.selectors import bodies
    from polon.deaths.services import complete_handover

    user = acting_user(args)
    h = complete_handover(actor=user, handover_id=args.handover_id, handed_over_on=args.handed_over_on)
    emit(args, _handover_data(h, bodies(user, h.pk)),
         [gettext("remains handed over; each timeline records it")])
    return 0
