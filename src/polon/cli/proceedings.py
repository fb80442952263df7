"""`polon proceedings …`: proceedings against prisoners of war by the Detaining Power (GC III Arts. 5, 99-108,
119) — Art. 5 status determinations; cases charged, the trial fixed, the Art. 104 notice to the Protecting Power
(at least three weeks before the trial) and its receipt, the judgment, the Art. 107 notice and its receipt, the
Art. 101 execution date; the Art. 119 lists of prisoners held back, communicated and acknowledged; what is due."""

from __future__ import annotations

from polon.cli.common import acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("proceedings", help="proceedings against prisoners of war (Arts. 5, 99-108, 119)")
    sub = p.add_subparsers(dest="proceedings_command", required=True)

    det = add_command(sub, "determine", determine, "record an Art. 5 status determination", json=True)
    det.add_argument("person_id", type=int)
    det.add_argument("--tribunal", required=True)
    det.add_argument("--decided-on", required=True, help="YYYY-MM-DD")
    det.add_argument("--outcome", required=True, choices=["pow", "not_pow"])
    add_text_options(det, "--doubt", "--reasons")

    dets = add_command(sub, "determinations", determinations, "Art. 5 status determinations", json=True)
    dets.add_argument("--person", dest="person_id", type=int, default=None)

    cases = add_command(sub, "cases", case_list, "proceedings, newest first", filters=["--stage"], json=True)
    cases.add_argument("--person", dest="person_id", type=int, default=None)

    show = add_command(sub, "case", case_show, "one case with its notices", json=True)
    show.add_argument("case_id", type=int)

    new = add_command(sub, "charge", case_charge, "record proceedings against a prisoner of war", json=True)
    new.add_argument("person_id", type=int)
    new.add_argument("case_number")
    new.add_argument("--charged-on", required=True)
    new.add_argument("--charges", required=True)
    new.add_argument("--law", dest="legal_provisions", required=True, help="legal provisions applicable")
    new.add_argument("--court", required=True)
    new.add_argument("--place", dest="place_id", type=int, default=None, help="place of internment (id)")
    add_text_options(new, "--country", "--confinement", "--trial-on", "--trial-place")

    trial = add_command(sub, "trial", case_trial, "fix or postpone the opening of the trial", json=True)
    trial.add_argument("case_id", type=int)
    trial.add_argument("trial_on")
    add_text_options(trial, "--trial-place")

    notice = add_command(sub, "notice", case_notice, "record the Art. 104 notice sent to the Protecting Power",
                         json=True)
    notice.add_argument("case_id", type=int)
    notice.add_argument("--sent-on", required=True)
    add_text_options(notice, "--trial-on", "--trial-place", "--channel", "--override-reason")
    notice.add_argument("--confirm-names", action="store_true")

    got = add_command(sub, "notice-received", case_notice_received, "record the notice received", json=True)
    got.add_argument("case_id", type=int)
    got.add_argument("received_on")

    judgment = add_command(sub, "judgment", case_judgment, "record the judgment and sentence", json=True)
    judgment.add_argument("case_id", type=int)
    judgment.add_argument("--judged-on", required=True)
    judgment.add_argument("--verdict", required=True, choices=["convicted", "acquitted"])
    add_text_options(judgment, "--sentence", "--appeal", "--finding-wording", "--trial-summary",
                     "--establishment", "--sentence-ends")
    judgment.add_argument("--death-sentence", action="store_true")
    judgment.add_argument("--final", action="store_true")

    jn = add_command(sub, "judgment-notice", case_judgment_notice, "record the Art. 107 notice sent", json=True)
    jn.add_argument("case_id", type=int)
    jn.add_argument("--sent-on", required=True)
    add_text_options(jn, "--channel", "--override-reason")
    jn.add_argument("--confirm-names", action="store_true")

    jr = add_command(sub, "judgment-received", case_judgment_received, "record the Art. 107 notice received",
                     json=True)
    jr.add_argument("case_id", type=int)
    jr.add_argument("received_on")

    ex = add_command(sub, "execution-date", case_execution, "record the date fixed for an execution (Art. 101)",
                     json=True)
    ex.add_argument("case_id", type=int)
    ex.add_argument("execution_on")

    close = add_command(sub, "close", case_close, "close proceedings", json=True)
    close.add_argument("case_id", type=int)
    close.add_argument("reason", choices=["acquitted", "dropped", "served", "other"])
    close.add_argument("--closed-on", required=True)
    add_text_options(close, "--note")

    npdf = add_command(sub, "notices-pdf", case_pdf, "write a case's notices to the Protecting Power as PDF")
    npdf.add_argument("case_id", type=int)
    npdf.add_argument("--output", "-o", required=True)
    npdf.add_argument("--lang", default="uk", choices=["uk", "en"])

    lists = add_command(sub, "held-back", held_back_lists, "lists of prisoners held back (Art. 119)", json=True)
    del lists
    draw = add_command(sub, "held-back-draw", held_back_draw, "draw up the list of one Power's prisoners held back",
                       json=True)
    draw.add_argument("country")
    draw.add_argument("--recipient", default="protecting_power", choices=["protecting_power", "state"])
    add_text_options(draw, "--as-of")

    hs = add_command(sub, "held-back-send", held_back_send, "record a list communicated", json=True)
    hs.add_argument("list_id", type=int)
    hs.add_argument("--sent-on", required=True)
    add_text_options(hs, "--channel", "--override-reason")
    hs.add_argument("--confirm-names", action="store_true")

    ha = add_command(sub, "held-back-ack", held_back_ack, "record a list's receipt acknowledged", json=True)
    ha.add_argument("list_id", type=int)
    ha.add_argument("--acknowledged-on", required=True)
    add_text_options(ha, "--reference")

    due = add_command(sub, "due", due_list, "notices of trials and judgments due (Arts. 104, 107)", json=True)
    due.add_argument("--overdue", action="store_true")


def _case(c) -> dict:
    from polon.api.proceedings import case_out

    return case_out(c)


def _case_line(d: dict) -> str:
    return (f"{d['id']:>5}  {d['case_number']}  {d['stage']:<9} #{d['person_id']:<6} {d['name']}  "
            f"{gettext('trial')}: {d['trial_on'] or '—'}")


def determine(args) -> int:
    from polon.api.proceedings import determination_out
    from polon.proceedings.services import record_determination

    d = record_determination(actor=acting_user(args), person_id=args.person_id, tribunal=args.tribunal,
                             decided_on=args.decided_on, outcome=args.outcome, doubt=args.doubt,
                             reasons=args.reasons)
    emit(args, determination_out(d), [gettext("status determination %(id)s recorded") % {"id": d.pk}])
    return 0


def determinations(args) -> int:
    from polon.api.proceedings import determination_out
    from polon.audit import reads
    from polon.proceedings.selectors import determinations as rows_of

    user = acting_user(args)
    rows = [determination_out(d) for d in rows_of(user, person_id=args.person_id)]
    reads.persons_read(user, view="proceedings.determinations", channel="cli",
                       person_ids=[d["person_id"] for d in rows])
    emit(args, rows, (f"{d['id']:>5}  {d['decided_on']}  {d['outcome']:<8} #{d['person_id']:<6} {d['name']}  "
                      f"{d['tribunal']}" for d in rows))
    return 0


def case_list(args) -> int:
    from polon.audit import reads
    from polon.proceedings.selectors import CaseFilters, cases

    user = acting_user(args)
    rows = [_case(c) for c in cases(user, CaseFilters(stage=args.stage or "", person_id=args.person_id))]
    reads.persons_read(user, view="proceedings.cases", channel="cli", person_ids=[d["person_id"] for d in rows])
    emit(args, rows, (_case_line(d) for d in rows))
    return 0


def case_show(args) -> int:
    from polon.audit import reads
    from polon.proceedings.selectors import get_case
    from polon.proceedings.services import judgment_notice_text, trial_notice_text

    user = acting_user(args)
    c = get_case(user, args.case_id)
    reads.persons_read(user, view="proceedings.case", channel="cli", person_ids=[c.person_id])
    data = _case(c)

    def lines():
        yield _case_line(data)
        yield trial_notice_text(c)
        if c.judged_on:
            yield judgment_notice_text(c)
        if data["trial_too_soon"]:
            yield gettext("the trial must be adjourned to %(date)s or later (GC III Art. 104)") % {
                "date": data["earliest_trial"]}

    emit(args, data, lines)
    return 0


def _done(args, c, message: str) -> int:
    emit(args, _case(c), [message % {"case": c.case_number}])
    return 0


def case_charge(args) -> int:
    from polon.proceedings.services import charge

    c = charge(actor=acting_user(args), person_id=args.person_id, case_number=args.case_number,
               charged_on=args.charged_on, charges=args.charges, legal_provisions=args.legal_provisions,
               court=args.court, country=args.country, place_id=args.place_id, confinement=args.confinement,
               trial_on=args.trial_on or None, trial_place=args.trial_place)
    return _done(args, c, gettext("proceedings %(case)s recorded"))


def case_trial(args) -> int:
    from polon.proceedings.services import fix_trial

    c = fix_trial(actor=acting_user(args), case_id=args.case_id, trial_on=args.trial_on,
                  trial_place=args.trial_place)
    return _done(args, c, gettext("%(case)s: trial date fixed"))


def case_notice(args) -> int:
    from polon.proceedings.services import send_trial_notice

    c = send_trial_notice(actor=acting_user(args), case_id=args.case_id, sent_on=args.sent_on,
                          trial_on=args.trial_on or None, trial_place=args.trial_place, channel=args.channel,
                          override_reason=args.override_reason, confirm_names=args.confirm_names)
    return _done(args, c, gettext("%(case)s: notice of trial recorded as sent"))


def case_notice_received(args) -> int:
    from polon.proceedings.services import record_notice_receipt

    c = record_notice_receipt(actor=acting_user(args), case_id=args.case_id, received_on=args.received_on)
    return _done(args, c, gettext("%(case)s: receipt of the notice recorded"))


def case_judgment(args) -> int:
    from polon.proceedings.services import record_judgment

    c = record_judgment(actor=acting_user(args), case_id=args.case_id, judged_on=args.judged_on,
                        verdict=args.verdict, sentence=args.sentence, death_sentence=args.death_sentence,
                        final=args.final, appeal=args.appeal, finding_wording=args.finding_wording,
                        trial_summary=args.trial_summary, establishment=args.establishment,
                        sentence_ends=args.sentence_ends or None)
    return _done(args, c, gettext("%(case)s: judgment recorded"))


def case_judgment_notice(args) -> int:
    from polon.proceedings.services import send_judgment_notice

    c = send_judgment_notice(actor=acting_user(args), case_id=args.case_id, sent_on=args.sent_on,
                             channel=args.channel, override_reason=args.override_reason,
                             confirm_names=args.confirm_names)
    return _done(args, c, gettext("%(case)s: notice of judgment recorded as sent"))


def case_judgment_received(args) -> int:
    from polon.proceedings.services import record_judgment_receipt

    c = record_judgment_receipt(actor=acting_user(args), case_id=args.case_id, received_on=args.received_on)
    return _done(args, c, gettext("%(case)s: receipt of the notice recorded"))


def case_execution(args) -> int:
    from polon.proceedings.services import fix_execution_date

    c = fix_execution_date(actor=acting_user(args), case_id=args.case_id, execution_on=args.execution_on)
    return _done(args, c, gettext("%(case)s: date recorded"))


def case_close(args) -> int:
    from polon.proceedings.services import close_case

    c = close_case(actor=acting_user(args), case_id=args.case_id, closed_on=args.closed_on, reason=args.reason,
                   note=args.note)
    return _done(args, c, gettext("%(case)s: closed"))


def case_pdf(args) -> int:
    from pathlib import Path

    from polon.proceedings import pdf
    from polon.proceedings.selectors import get_case
    from polon.proceedings.services import printed

    user = acting_user(args)
    c = get_case(user, args.case_id)
    content = pdf.notices_pdf(c, language=args.lang)
    printed(actor=user, case_id=c.pk, channel="cli")
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s") % {"path": args.output})
    return 0


def _list(user, h) -> dict:
    from polon.api.proceedings import list_out

    return list_out(user, h)


def _list_lines(d: dict):
    yield f"{d['id']:>5}  {d['country']}  {d['as_of']}  {d['recipient']}  {d['status']}  ({len(d['entries'])})"
    for e in d["entries"]:
        yield f"        #{e['person_id']:<6} {e['name']}  {e['case_number']}  {e['reason']}  {e['until'] or '—'}"


def held_back_lists(args) -> int:
    from polon.audit import reads
    from polon.proceedings.selectors import lists

    user = acting_user(args)
    rows = [_list(user, h) for h in lists(user)]
    reads.persons_read(user, view="proceedings.held_back", channel="cli",
                       person_ids=[e["person_id"] for d in rows for e in d["entries"]])
    emit(args, rows, (line for d in rows for line in _list_lines(d)))
    return 0


def held_back_draw(args) -> int:
    from polon.proceedings.services import draw_up_list

    user = acting_user(args)
    h = draw_up_list(actor=user, country=args.country, recipient=args.recipient, as_of=args.as_of or None)
    data = _list(user, h)
    emit(args, data, _list_lines(data))
    return 0


def held_back_send(args) -> int:
    from polon.proceedings.services import send_list

    user = acting_user(args)
    h = send_list(actor=user, list_id=args.list_id, sent_on=args.sent_on, channel=args.channel,
                  override_reason=args.override_reason, confirm_names=args.confirm_names)
    data = _list(user, h)
    emit(args, data, _list_lines(data))
    return 0


def held_back_ack(args) -> int:
    from polon.proceedings.services import acknowledge_list

    user = acting_user(args)
    h = acknowledge_list(actor=user, list_id=args.list_id, acknowledged_on=args.acknowledged_on,
                         reference=args.reference)
    data = _list(user, h)
    emit(args, data, _list_lines(data))
    return 0


def due_list(args) -> int:
    from django.utils import timezone

    from polon.proceedings.duties import open_duties

    today = timezone.localdate()
    duties = sorted(open_duties(user=acting_user(args), today=today), key=lambda d: d.due)
    if args.overdue:
        duties = [d for d in duties if d.is_overdue(today)]
    rows = [{"kind": d.kind, "article": d.article, "due": d.due, "overdue": d.is_overdue(today),
             "person_id": d.person_id, "subject": d.subject, "case": d.detail} for d in duties]
    emit(args, rows, (f"{d['due']}  {'!' if d['overdue'] else ' '} {d['kind']:<28} {d['case']}  {d['subject']}"
                      for d in rows))
    return 0
