"""Proceedings against prisoners of war (GC III Arts. 5, 99-108, 119): the overview (notices due first, open
cases, lists of those held back, status determinations), a case's page with its action forms (trial fixed, the
Art. 104 notice, its receipt, the judgment, the Art. 107 notice, its receipt, the Art. 101 execution date,
closed), a status determination, a list of those held back drawn up, communicated and acknowledged."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.audit import reads
from polon.proceedings import pdf, selectors, services
from polon.proceedings.duties import open_duties
from polon.web.forms.proceedings import (
    AcknowledgeForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    DeterminationForm,
    ExecutionForm,
    JudgmentForm,
    ListForm,
    NoticeForm,
    ReceiptForm,
    SendForm,
    TrialForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


@policy("proceedings.read")
def proceedings_list(request):
    form = CaseFilterForm(request.GET or None)
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    today = timezone.localdate()
    cases = list(selectors.cases(request.user, selectors.CaseFilters(stage=stage))[:200])
    determinations = list(selectors.determinations(request.user)[:50])
    duties = sorted(open_duties(user=request.user, today=today), key=lambda d: d.due)
    reads.persons_read(request.user, view="proceedings.list", channel="web",
                       person_ids=[c.person_id for c in cases] + [d.person_id for d in determinations])
    return render(request, "polon/proceedings/list.html", {
        "form": form, "cases": cases, "determinations": determinations, "duties": duties, "today": today,
        "lists": list(selectors.lists(request.user)[:50])})


@policy("proceedings.write")
def determination_create(request):
    form = DeterminationForm(request.POST or None, initial={"person": request.GET.get("person", "")},
                             user=request.user)

    def create(data):
        services.record_determination(actor=request.user, person_id=data["person"].pk, tribunal=data["tribunal"],
                                      decided_on=data["decided_on"], outcome=data["outcome"], doubt=data["doubt"],
                                      reasons=data["reasons"])
        return redirect("proceedings:list")

    return form_page(request, form, "polon/proceedings/form.html", create,
                     success=_("Status determination recorded."), context={"title": _("Status determination")})


@policy("proceedings.write")
def case_create(request):
    form = CaseForm(request.POST or None, initial={"person": request.GET.get("person", "")}, user=request.user)

    def create(data):
        case = services.charge(
            actor=request.user, person_id=data["person"].pk, case_number=data["case_number"],
            charged_on=data["charged_on"], charges=data["charges"], legal_provisions=data["legal_provisions"],
            court=data["court"], country=data["country"] or "", place_id=data["place"],
            confinement=data["confinement"], trial_on=data["trial_on"], trial_place=data["trial_place"])
        return redirect("proceedings:case", case_id=case.pk)

    return form_page(request, form, "polon/proceedings/form.html", create,
                     success=_("Proceedings recorded."), context={"title": _("Proceedings against a prisoner of war")})


def _case_context(request, case) -> dict:
    today = timezone.localdate()
    return {"case": case, "today": today, "too_soon": services.trial_too_soon(case),
            "earliest": services.earliest_trial(case), "detailed": services.detailed_communication(case),
            "trial_form": TrialForm(initial={"trial_on": case.trial_on, "trial_place": case.trial_place}),
            "notice_form": NoticeForm(initial={"sent_on": today}),
            "receipt_form": ReceiptForm(initial={"received_on": today}),
            "judgment_form": JudgmentForm(initial={"judged_on": today}),
            "judgment_notice_form": SendForm(initial={"sent_on": today}),
            "judgment_receipt_form": ReceiptForm(initial={"received_on": today}),
            "execution_form": ExecutionForm(initial={"execution_on": case.execution_not_before}),
            "close_form": CloseForm(initial={"closed_on": today}),
            "notice_text": services.trial_notice_text(case),
            "judgment_text": services.judgment_notice_text(case) if case.judged_on else ""}


_case_page = RecordPage("polon/proceedings/case.html", _case_context,
                        back=lambda c: redirect("proceedings:case", case_id=c.pk))


@policy("proceedings.read")
def case_detail(request, case_id: int):
    case = selectors.get_case(request.user, case_id)
    reads.persons_read(request.user, view="proceedings.case", channel="web", person_ids=[case.person_id])
    return _case_page.show(request, case)


@policy("proceedings.read")
def case_pdf(request, case_id: int):
    case = selectors.get_case(request.user, case_id)
    services.printed(actor=request.user, case_id=case.pk, channel="web")
    language = (get_language() or "uk").split("-")[0]
    response = HttpResponse(pdf.notices_pdf(case, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(case)}"'
    return response


def _action(name: str, action_form, message: str, call):
    @require_POST
    @policy("proceedings.write")
    def view(request, case_id: int):
        case = selectors.get_case(request.user, case_id)

        def act(data):
            call(request.user, case.pk, data)
            messages.success(request, message)

        return _case_page.act(request, case, name, action_form(request.POST), act)

    return view


case_trial = _action("trial_form", TrialForm, _("Trial date fixed."), lambda u, pk, d: services.fix_trial(
    actor=u, case_id=pk, trial_on=d["trial_on"], trial_place=d["trial_place"]))
case_notice = _action("notice_form", NoticeForm, _("Notice of trial recorded as sent."),
                      lambda u, pk, d: services.send_trial_notice(
                          actor=u, case_id=pk, sent_on=d["sent_on"], trial_on=d["trial_on"],
                          trial_place=d["trial_place"], channel=d["channel"], override_reason=d["override_reason"],
                          confirm_names=d["confirm_names"]))
case_notice_receipt = _action("receipt_form", ReceiptForm, _("Receipt of the notice recorded."),
                              lambda u, pk, d: services.record_notice_receipt(actor=u, case_id=pk,
                                                                              received_on=d["received_on"]))
case_judgment = _action("judgment_form", JudgmentForm, _("Judgment recorded."),
                        lambda u, pk, d: services.record_judgment(actor=u, case_id=pk, **d))
case_judgment_notice = _action("judgment_notice_form", SendForm, _("Notice of judgment recorded as sent."),
                               lambda u, pk, d: services.send_judgment_notice(actor=u, case_id=pk, **d))
case_judgment_receipt = _action("judgment_receipt_form", ReceiptForm, _("Receipt of the notice recorded."),
                                lambda u, pk, d: services.record_judgment_receipt(actor=u, case_id=pk,
                                                                                  received_on=d["received_on"]))
case_execution = _action("execution_form", ExecutionForm, _("Date recorded."),
                         lambda u, pk, d: services.fix_execution_date(actor=u, case_id=pk,
                                                                      execution_on=d["execution_on"]))
case_close = _action("close_form", CloseForm, _("Proceedings closed."),
                     lambda u, pk, d: services.close_case(actor=u, case_id=pk, **d))


@policy("proceedings.write")
def list_create(request):
    form = ListForm(request.POST or None, initial={"recipient": "protecting_power"})

    def create(data):
        held = services.draw_up_list(actor=request.user, country=data["country"], recipient=data["recipient"],
                                     as_of=data["as_of"])
        return redirect("proceedings:held-back", list_id=held.pk)

    return form_page(request, form, "polon/proceedings/form.html", create,
                     success=_("List of prisoners held back drawn up."),
                     context={"title": _("Prisoners held back (Art. 119)")})


def _list_context(request, held) -> dict:
    today = timezone.localdate()
    return {"held": held, "entries": list(selectors.entries(request.user, held)),
            "changes": selectors.changes_since(request.user, held, today),
            "send_form": SendForm(initial={"sent_on": today}),
            "acknowledge_form": AcknowledgeForm(initial={"acknowledged_on": today})}


_list_page = RecordPage("polon/proceedings/held_back.html", _list_context,
                        back=lambda h: redirect("proceedings:held-back", list_id=h.pk))


@policy("proceedings.read")
def list_detail(request, list_id: int):
    held = selectors.get_list(request.user, list_id)
    context = _list_context(request, held)
    reads.persons_read(request.user, view="proceedings.held_back", channel="web",
                       person_ids=[e.person_id for e in context["entries"]])
    return _list_page.show(request, held)


@require_POST
@policy("proceedings.write")
def list_send(request, list_id: int):
    held = selectors.get_list(request.user, list_id)

    def act(data):
        services.send_list(actor=request.user, list_id=held.pk, **data)
        messages.success(request, _("List recorded as communicated."))

    return _list_page.act(request, held, "send_form", SendForm(request.POST), act)


@require_POST
@policy("proceedings.write")
def list_acknowledge(request, list_id: int):
    held = selectors.get_list(request.user, list_id)

    def act(data):
        services.acknowledge_list(actor=request.user, list_id=held.pk, **data)
        messages.success(request, _("Receipt of the list acknowledged."))

    return _list_page.act(request, held, "acknowledge_form", AcknowledgeForm(request.POST), act)
