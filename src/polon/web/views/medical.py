"""The seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E): the list from the timeline's
health states with the weekly report sent from it, the reports sent, Mixed Medical Commission sessions with
their decisions (communicated, carried out, the Annex IV E certificate as PDF), and a person's Art. 109 flag and
consent to repatriation."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import person_scope, visible_or_not_found
from polon.audit import reads
from polon.core.duties import rule
from polon.medical import pdf, selectors, services
from polon.medical.duties import report_anchor
from polon.registry.models import Person
from polon.web.forms.medical import (
    CarryOutForm,
    CommunicateForm,
    ConsentForm,
    DecisionForm,
    FlagForm,
    ReportForm,
    SessionForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


def _list_context(request, _key) -> dict:
    today = timezone.localdate()
    weekly = rule("medical.weekly_report")
    persons: list[Any] = list(selectors.seriously_ill_or_wounded(request.user)[:500])
    for person in persons:
        person.report_due = weekly.due_from(report_anchor(person, today))
    reads.persons_read(request.user, view="medical.list", channel="web", person_ids=[p.pk for p in persons])
    return {"persons": persons, "today": today, "reports": selectors.reports(request.user)[:20],
            "flags": list(selectors.flags(request.user).filter(must_repatriate=True)[:200]),
            "report_form": ReportForm(initial={"sent_on": today, "channel": ""})}


_list = RecordPage("polon/medical/list.html", _list_context, back=lambda _key: redirect("medical:list"))


@policy("medical.read")
def medical_list(request):
    return _list.show(request, None)


@require_POST
@policy("medical.write")
def report_send(request):
    def act(data):
        report = services.send_weekly_report(actor=request.user, **data)
        return redirect("medical:report", report_id=report.pk)

    return _list.act(request, None, "report_form", ReportForm(request.POST), act)


@policy("medical.read")
def report_detail(request, report_id: int):
    report = selectors.get_report(request.user, report_id)
    entries = list(selectors.report_entries(request.user, report.pk))
    reads.persons_read(request.user, view="medical.report", channel="web", person_ids=[e.person_id for e in entries])
    return render(request, "polon/medical/report.html", {"report": report, "entries": entries})


@policy("medical.read")
def session_list(request):
    return render(request, "polon/medical/sessions.html", {
        "sessions": selectors.sessions(request.user)[:200], "places": selectors.last_sessions_by_place(request.user),
        "visit_rule": rule("medical.commission_visit")})


@policy("medical.write")
def session_create(request):
    def create(data):
        session = services.create_session(actor=request.user, **data)
        return redirect("medical:session", session_id=session.pk)

    return form_page(request, SessionForm(request.POST or None, initial={"held_on": timezone.localdate()}),
                     "polon/medical/form.html", create, success=_("Mixed Medical Commission session recorded."))


def _session_context(request, session) -> dict:
    items = list(selectors.decisions(request.user).filter(session=session))
    reads.persons_read(request.user, view="medical.session", channel="web", person_ids=[d.person_id for d in items])
    today = timezone.localdate()
    notice, executed = rule("medical.commission_decision_notice"), rule("medical.commission_decision_executed")
    return {"session": session, "decisions": items, "today": today,
            "notice_due": notice.due_from(session.held_on),
            "execution_due": executed.due_from(session.communicated_on) if session.communicated_on else None,
            "decision_form": DecisionForm(user=request.user), "communicate_form": CommunicateForm(
                initial={"communicated_on": today}),
            "carry_out_form": CarryOutForm(initial={"carried_out_on": today})}


_session = RecordPage("polon/medical/session.html", _session_context,
                      back=lambda session: redirect("medical:session", session_id=session.pk))


@policy("medical.read")
def session_detail(request, session_id: int):
    return _session.show(request, selectors.get_session(request.user, session_id))


@require_POST
@policy("medical.write")
def decision_add(request, session_id: int):
    session = selectors.get_session(request.user, session_id)

    def act(data):
        values = dict(data)
        person = values.pop("person")
        services.record_decision(actor=request.user, session_id=session.pk, person_id=person.pk, **values)

    return _session.act(request, session, "decision_form", DecisionForm(request.POST, user=request.user), act)


@require_POST
@policy("medical.write")
def session_communicate(request, session_id: int):
    session = selectors.get_session(request.user, session_id)

    def act(data):
        services.communicate_decisions(actor=request.user, session_id=session.pk, **data)

    return _session.act(request, session, "communicate_form", CommunicateForm(request.POST), act)


@require_POST
@policy("medical.write")
def decision_carry_out(request, decision_id: int):
    decision = selectors.get_decision(request.user, decision_id)

    def act(data):
        services.carry_out_decision(actor=request.user, decision_id=decision.pk, **data)

    return _session.act(request, decision.session, "carry_out_form", CarryOutForm(request.POST), act)


@policy("medical.read")
def certificate_pdf(request, decision_id: int):
    decision = selectors.get_decision(request.user, decision_id)
    content = services.print_certificate(actor=request.user, decision_id=decision.pk, channel="web",
                                         language=(get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(decision)}"'
    return response


def _person_context(request, person) -> dict:
    reads.persons_read(request.user, view="medical.person", channel="web", person_ids=[person.pk])
    flag = selectors.flag_for(request.user, person.pk)
    today = timezone.localdate()
    return {"person": person, "flag": flag, "decisions": selectors.person_decisions(request.user, person.pk),
            "consent_form": ConsentForm(initial={"on": today, "consent": flag.consent if flag else "unknown"}),
            "flag_form": FlagForm(initial={"must_repatriate": flag.must_repatriate if flag else False,
                                           "basis": flag.basis if flag else "", "flagged_on": today})}


_person = RecordPage("polon/medical/person.html", _person_context,
                     back=lambda person: redirect("medical:person", person_id=person.pk))


def _scoped_person(request, person_id: int) -> Person:
    return visible_or_not_found(person_scope(request.user, Person.objects.all()), person_id, _("person"))


@policy("medical.read")
def person_medical(request, person_id: int):
    return _person.show(request, _scoped_person(request, person_id))


@require_POST
@policy("medical.write")
def person_consent(request, person_id: int):
    person = _scoped_person(request, person_id)

    def act(data):
        services.record_consent(actor=request.user, person_id=person.pk, **data)

    return _person.act(request, person, "consent_form", ConsentForm(request.POST), act)


@require_POST
@policy("medical.write")
def person_flag(request, person_id: int):
    person = _scoped_person(request, person_id)

    def act(data):
        services.set_flag(actor=request.user, person_id=person.pk, **data)

    return _person.act(request, person, "flag_form", FlagForm(request.POST), act)
