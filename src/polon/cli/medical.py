"""`polon medical …`: the seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E) — who is
seriously ill or wounded (from the timeline), the weekly health report sent, Mixed Medical Commission sessions
and decisions (communicated, carried out), the repatriation certificate (Annex IV E) as PDF, and a person's
Art. 109 flag and consent to repatriation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from polon.cli.common import acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("medical", help="seriously ill and wounded: weekly health reports, Mixed Medical "
                                            "Commissions, repatriation certificates (Arts. 109-113, 122)")
    sub = p.add_subparsers(dest="medical_command", required=True)

    add_command(sub, "sick", sick_list, "the seriously ill or wounded prisoners in your scope, with the next "
                                         "weekly report due", json=True)

    report = add_command(sub, "report", report_send, "send the weekly health report (one transmission a person)",
                         json=True)
    report.add_argument("--recipient", default="protecting_power", help="protecting_power, icrc_cta or state")
    report.add_argument("--channel", required=True)
    add_text_options(report, "--sent-on", "--week-of", "--note")

    show_r = add_command(sub, "report-show", report_show, "one weekly report, person by person", json=True)
    show_r.add_argument("report_id", type=int)

    add_command(sub, "sessions", session_list, "Mixed Medical Commission sessions, newest first", json=True)
    session = add_command(sub, "session-create", session_create, "record a Mixed Medical Commission session",
                          json=True)
    session.add_argument("--held-on", required=True, help="YYYY-MM-DD")
    session.add_argument("--chairman", required=True)
    session.add_argument("--members", required=True)
    session.add_argument("--place", dest="place_id", type=int, default=None, help="place of internment id")
    add_text_options(session, "--location", "--note")

    show_s = add_command(sub, "session-show", session_show, "a session with its decisions", json=True)
    show_s.add_argument("session_id", type=int)

    decide = add_command(sub, "decide", decision_record, "record a decision: A, B, NC or X (A flags Art. 109(1))",
                         json=True)
    decide.add_argument("session_id", type=int)
    decide.add_argument("person_id", type=int)
    decide.add_argument("decision", help="A (direct repatriation), B (neutral country), NC (re-examination), X")
    decide.add_argument("--diagnosis", required=True, help="injury or disease")
    decide.add_argument("--proposed-by", default="camp_doctor",
                        help="camp_doctor, man_of_confidence, power or himself (Art. 113)")
    add_text_options(decide, "--category", "--reasons")

    communicate = add_command(sub, "communicated", session_communicate,
                              "record the session's decisions as communicated (Annex II Art. 11)", json=True)
    communicate.add_argument("session_id", type=int)
    communicate.add_argument("--date", dest="communicated_on", required=True)

    carry = add_command(sub, "carry-out", decision_carry_out, "carry out a decision A or B (writes the timeline)",
                        json=True)
    carry.add_argument("decision_id", type=int)
    carry.add_argument("--date", dest="carried_out_on", required=True)
    add_text_options(carry, "--place")

    cert = add_command(sub, "certificate", certificate_pdf, "write the repatriation certificate (Annex IV E) as PDF")
    cert.add_argument("decision_id", type=int)
    cert.add_argument("--output", "-o", required=True, help="the PDF file to write")
    cert.add_argument("--language", default="uk", choices=["uk", "en"])

    consent = add_command(sub, "consent", consent_record, "record his consent to repatriation (Art. 109 para 3)",
                          json=True)
    consent.add_argument("person_id", type=int)
    consent.add_argument("consent", help="consents, refuses or unknown")
    add_text_options(consent, "--on", "--note")

    flag = add_command(sub, "flag", flag_set, "flag him as to be repatriated regardless of number (Art. 109(1))",
                       json=True)
    flag.add_argument("person_id", type=int)
    flag.add_argument("--basis", default="")
    flag.add_argument("--remove", action="store_true", help="take the flag off")

    add_command(sub, "flags", flag_list, "the Art. 109 flags and consents in your scope", json=True)


def _decision(d) -> dict:
    return {"id": d.pk, "session_id": d.session_id, "person_id": d.person_id, "name": str(d.person),
            "proposed_by": d.proposed_by, "diagnosis": d.diagnosis, "decision": d.decision, "category": d.category,
            "carried_out_on": d.carried_out_on}


def _flag(f) -> dict:
    return {"person_id": f.person_id, "name": str(f.person), "must_repatriate": f.must_repatriate, "basis": f.basis,
            "flagged_on": f.flagged_on, "consent": f.consent, "consent_on": f.consent_on}


def sick_list(args) -> int:
    from django.utils import timezone

    from polon.audit import reads
    from polon.core.duties import rule
    from polon.medical.duties import report_anchor
    from polon.medical.selectors import seriously_ill_or_wounded

    user = acting_user(args)
    rows: list[Any] = list(seriously_ill_or_wounded(user))  # annotated persons (current_health, …)
    reads.persons_read(user, view="medical.list", channel="cli", person_ids=[p.pk for p in rows])
    today, weekly = timezone.localdate(), rule("medical.weekly_report")
    data = [{"person_id": p.pk, "name": str(p), "status": p.status, "health": p.current_health,
             "health_since": p.health_since or "", "last_reported": p.last_reported,
             "report_due": weekly.due_from(report_anchor(p, today))} for p in rows]
    emit(args, data, (f"#{d['person_id']:<6} {d['health']:<18} {d['status']:<12} "
                      f"{gettext('due')} {d['report_due'].isoformat()}"
                      f"{' ' + gettext('OVERDUE') if d['report_due'] < today else ''}  {d['name']}" for d in data))
    return 0


def _report(user, report) -> dict:
    from polon.medical.selectors import report_entries

    return {"id": report.pk, "week_of": report.week_of, "recipient": report.recipient, "channel": report.channel,
            "sent_on": report.sent_on, "entries": [
                {"person_id": e.person_id, "name": str(e.person), "health": e.health,
                 "transmission_id": e.transmission_id, "held_back": e.held_back}
                for e in report_entries(user, report.pk)]}


def _report_lines(data: dict):
    yield f"{data['id']}  {data['week_of'].isoformat()}  {data['recipient']}  {data['sent_on'].isoformat()}"
    for e in data["entries"]:
        sent = gettext("sent") if e["transmission_id"] else gettext("held back") + ": " + e["held_back"]
        yield f"  #{e['person_id']:<6} {e['health']:<18} {sent}  {e['name']}"


def report_send(args) -> int:
    from polon.medical.services import send_weekly_report

    user = acting_user(args)
    report = send_weekly_report(actor=user, recipient=args.recipient, channel=args.channel, sent_on=args.sent_on,
                                week_of=args.week_of, note=args.note)
    data = _report(user, report)
    emit(args, data, _report_lines(data))
    return 0


def report_show(args) -> int:
    from polon.audit import reads
    from polon.medical.selectors import get_report

    user = acting_user(args)
    data = _report(user, get_report(user, args.report_id))
    reads.persons_read(user, view="medical.report", channel="cli", person_ids=[e["person_id"] for e in data["entries"]])
    emit(args, data, _report_lines(data))
    return 0


def _session(user, s) -> dict:
    from polon.medical.selectors import decisions

    return {"id": s.pk, "held_on": s.held_on, "place_id": s.place_id, "where": s.where, "chairman": s.chairman,
            "communicated_on": s.communicated_on,
            "decisions": [_decision(d) for d in decisions(user).filter(session=s)]}


def _session_lines(data: dict):
    communicated = data["communicated_on"].isoformat() if data["communicated_on"] else gettext("not communicated")
    yield f"{data['id']}  {data['held_on'].isoformat()}  {data['where']}  {data['chairman']}  {communicated}"
    for d in data["decisions"]:
        done = d["carried_out_on"].isoformat() if d["carried_out_on"] else ""
        yield f"  [{d['id']}] #{d['person_id']:<6} {d['decision']:<2} {d['category']:<2} {done}  {d['name']}"


def session_list(args) -> int:
    from polon.medical.selectors import sessions

    user = acting_user(args)
    data = [_session(user, s) for s in sessions(user)]
    emit(args, data, lambda: (line for d in data for line in _session_lines(d)))
    return 0


def session_create(args) -> int:
    from polon.medical.services import create_session

    user = acting_user(args)
    s = create_session(actor=user, held_on=args.held_on, chairman=args.chairman, members=args.members,
                       place_id=args.place_id, location=args.location, note=args.note)
    data = _session(user, s)
    emit(args, data, _session_lines(data))
    return 0


def session_show(args) -> int:
    from polon.audit import reads
    from polon.medical.selectors import get_session

    user = acting_user(args)
    data = _session(user, get_session(user, args.session_id))
    reads.persons_read(user, view="medical.session", channel="cli",
                       person_ids=[d["person_id"] for d in data["decisions"]])
    emit(args, data, _session_lines(data))
    return 0


def decision_record(args) -> int:
    from polon.medical.services import record_decision

    d = record_decision(actor=acting_user(args), session_id=args.session_id, person_id=args.person_id,
                        proposed_by=args.proposed_by, diagnosis=args.diagnosis, decision=args.decision,
                        category=args.category, reasons=args.reasons)
    data = _decision(d)
    emit(args, data, [f"[{d.pk}] #{d.person_id} {d.decision} {d.category}  {d.person}"])
    return 0


def session_communicate(args) -> int:
    from polon.medical.services import communicate_decisions

    user = acting_user(args)
    s = communicate_decisions(actor=user, session_id=args.session_id, communicated_on=args.communicated_on)
    data = _session(user, s)
    emit(args, data, _session_lines(data))
    return 0


def decision_carry_out(args) -> int:
    from polon.medical.services import carry_out_decision

    d = carry_out_decision(actor=acting_user(args), decision_id=args.decision_id,
                           carried_out_on=args.carried_out_on, place=args.place)
    data = _decision(d)
    emit(args, data, [f"[{d.pk}] #{d.person_id} {d.decision} {gettext('carried out on')} {d.carried_out_on}"])
    return 0


def certificate_pdf(args) -> int:
    from polon.medical.services import print_certificate

    content = print_certificate(actor=acting_user(args), decision_id=args.decision_id, channel="cli",
                                language=args.language)
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s") % {"path": args.output})
    return 0


def consent_record(args) -> int:
    from polon.medical.services import record_consent

    f = record_consent(actor=acting_user(args), person_id=args.person_id, consent=args.consent, on=args.on,
                       note=args.note)
    data = _flag(f)
    emit(args, data, [f"#{f.person_id} {f.consent} {f.consent_on}  {f.person}"])
    return 0


def flag_set(args) -> int:
    from polon.medical.services import set_flag

    f = set_flag(actor=acting_user(args), person_id=args.person_id, must_repatriate=not args.remove,
                 basis=args.basis)
    data = _flag(f)
    emit(args, data, [f"#{f.person_id} {'Art. 109(1)' if f.must_repatriate else '-'} {f.basis}  {f.person}"])
    return 0


def flag_list(args) -> int:
    from polon.audit import reads
    from polon.medical.selectors import flags

    user = acting_user(args)
    rows = list(flags(user))
    reads.persons_read(user, view="medical.flags", channel="cli", person_ids=[f.person_id for f in rows])
    data = [_flag(f) for f in rows]
    emit(args, data, (f"#{d['person_id']:<6} {'Art. 109(1)' if d['must_repatriate'] else '-':<12} "
                      f"{d['consent']:<9} {d['name']}" for d in data))
    return 0
