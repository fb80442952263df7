"""Visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126): the list, recording a
visit, its page (the list of persons to be visited generated from the place's population, who was seen or
why not, follow-up items) and every action on it; the open follow-up items, overdue first."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import visible_or_not_found
from polon.audit import reads
from polon.visits import pdf, selectors, services
from polon.visits.models import Outcome
from polon.web.forms.base import ActionForm
from polon.web.forms.visits import (
    FollowUpCloseForm,
    FollowUpForm,
    OutcomeForm,
    OutcomeForPersonForm,
    VisitFilterForm,
    VisitForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


@policy("visits.read")
def visit_list(request):
    form = VisitFilterForm(request.GET or None)
    filters = selectors.VisitFilters()
    if form.is_valid():
        filters = selectors.VisitFilters(visitor=form.cleaned_data["visitor"], status=form.cleaned_data["status"])
    today = timezone.localdate()
    return render(request, "polon/visits/list.html", {
        "form": form, "visits": selectors.visits(request.user, filters),
        "overdue": selectors.overdue_follow_ups(request.user, today).count(), "today": today})


@policy("visits.write")
def visit_create(request):
    initial = {"place_id": request.GET.get("place", ""), "starts": timezone.localdate()}

    def create(data):
        visit = services.create_visit(actor=request.user, **_form_values(data))
        return redirect("visits:detail", visit_id=visit.pk)

    return form_page(request, VisitForm(request.POST or None, initial=initial), "polon/visits/form.html", create,
                     success=_("Visit recorded."), context={"creating": True})


def _form_values(data: dict) -> dict:
    values = dict(data)
    values["protecting_power"] = values.get("protecting_power") or ""
    return values


@policy("visits.write")
def visit_edit(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)

    def save(data):
        services.update_visit(actor=request.user, visit_id=visit.pk, **_form_values(data))
        return redirect("visits:detail", visit_id=visit.pk)

    return form_page(request, VisitForm(request.POST or None, visit=visit), "polon/visits/form.html", save,
                     success=_("Changes saved."), context={"visit": visit, "creating": False})


def _context(request, visit) -> dict:
    lines = list(selectors.visit_persons(request.user, visit.pk, outcome=request.GET.get("outcome", "")))
    reads.persons_read(request.user, view="visits.list", channel="web", person_ids=[line.person_id for line in lines],
                       query={"visit": visit.pk})
    counts: dict[str, int] = {}
    for line in selectors.visit_persons(request.user, visit.pk):
        counts[line.outcome] = counts.get(line.outcome, 0) + 1
    return {"visit": visit, "lines": lines, "outcome_form": OutcomeForm(), "generate_form": ActionForm(),
            "counts": [(value, label, counts.get(value, 0)) for value, label in Outcome.choices if counts.get(value)],
            "shown_outcome": request.GET.get("outcome", ""),
            "person_form": OutcomeForPersonForm(user=request.user), "follow_up_form": FollowUpForm(user=request.user),
            "close_form": FollowUpCloseForm(), "follow_ups": selectors.follow_ups(request.user, visit_id=visit.pk),
            "today": timezone.localdate(),
            "delegates": [d for d in visit.delegates.splitlines() if d.strip()]}


def _back(visit):
    return redirect("visits:detail", visit_id=visit.pk)


_page = RecordPage("polon/visits/detail.html", _context, back=_back)


@policy("visits.read")
def visit_detail(request, visit_id: int):
    return _page.show(request, selectors.get_visit(request.user, visit_id))


@require_POST
@policy("visits.write")
def visit_generate(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)

    def act(data):
        added = services.generate_list(actor=request.user, visit_id=visit.pk)
        messages.success(request, _("%(n)d persons put on the list.") % {"n": len(added)})

    return _page.act(request, visit, "generate_form", ActionForm(request.POST), act)


@require_POST
@policy("visits.write")
def visit_outcome(request, visit_id: int, person_id: int):
    visit = selectors.get_visit(request.user, visit_id)

    def act(data):
        services.record_outcome(actor=request.user, visit_id=visit.pk, person_id=person_id,
                                outcome=data["outcome"], note=data["note"])
        messages.success(request, _("Outcome recorded."))

    return _page.act(request, visit, "outcome_form", OutcomeForm(request.POST), act)


@require_POST
@policy("visits.write")
def visit_person(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)

    def act(data):
        services.record_outcome(actor=request.user, visit_id=visit.pk, person_id=data["person"].pk,
                                outcome=data["outcome"], note=data["note"])
        messages.success(request, _("Outcome recorded."))

    return _page.act(request, visit, "person_form", OutcomeForPersonForm(request.POST, user=request.user), act)


@require_POST
@policy("visits.write")
def follow_up_add(request, visit_id: int):
    visit = selectors.get_visit(request.user, visit_id)

    def act(data):
        services.add_follow_up(actor=request.user, visit_id=visit.pk, text=data["text"], due=data["due"],
                               person_id=data["person"].pk if data["person"] else None)
        messages.success(request, _("Follow-up item recorded."))

    return _page.act(request, visit, "follow_up_form", FollowUpForm(request.POST, user=request.user), act)


@require_POST
@policy("visits.write")
def follow_up_close(request, follow_up_id: int):
    item = visible_or_not_found(selectors.follow_ups(request.user), follow_up_id, _("follow-up item"))
    visit = selectors.get_visit(request.user, item.visit_id)

    def act(data):
        services.close_follow_up(actor=request.user, follow_up_id=item.pk, outcome=data["outcome"],
                                 done_on=data["done_on"])
        messages.success(request, _("Follow-up item closed."))

    return _page.act(request, visit, "close_form", FollowUpCloseForm(request.POST), act)


@policy("visits.read")
def visit_pdf(request, visit_id: int):
    """The list of persons to be visited (those in the reader's scope) as a PDF for the delegates."""
    visit = selectors.get_visit(request.user, visit_id)
    lines = list(selectors.visit_persons(request.user, visit.pk))
    reads.persons_read(request.user, view="visits.list.pdf", channel="web", person_ids=[x.person_id for x in lines],
                       query={"visit": visit.pk})
    content = pdf.visit_list(visit, lines, language=(get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(visit)}"'
    return response


@policy("visits.read")
def follow_up_list(request):
    today = timezone.localdate()
    items = sorted(selectors.follow_ups(request.user, open_only=True),
                   key=lambda f: (f.due is None, f.due or today, f.pk))
    return render(request, "polon/visits/follow_ups.html", {"items": items, "today": today})
