from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from polon.core.errors import ValidationFailed
from polon.exchanges import reconcile, selectors, services
from polon.exchanges.models import Consent, EntryCategory, EntryStatus, Formula, Side
from polon.web.feedback import USER_ERRORS, report_failure
from polon.web.policy import policy


class RoundForm(forms.Form):
    number = forms.IntegerField(label=_l("Number"), min_value=1)
    title = forms.CharField(label=_l("Title"), max_length=200, required=False)
    proposed_on = forms.CharField(label=_l("Proposed on (YYYY-MM-DD)"), max_length=10, required=False)
    agreed_on = forms.CharField(label=_l("Agreed on"), max_length=10, required=False)
    place = forms.CharField(label=_l("Place"), max_length=200, required=False)
    parties = forms.CharField(label=_l("Parties (ISO codes)"), initial="UA, RU", max_length=40)
    mediator = forms.CharField(label=_l("Mediator (ISO code, e.g. AE, TR)"), max_length=3, required=False)
    formula = forms.ChoiceField(label=_l("Formula"), choices=Formula.choices)
    formula_n = forms.IntegerField(label=_l("N"), min_value=1, required=False)
    formula_category = forms.CharField(label=_l("Category (all for all)"), max_length=200, required=False)
    notes = forms.CharField(label=_l("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


@policy("exchanges.read")
def round_list(request):
    return render(request, "polon/exchanges/list.html", {"rounds": selectors.rounds(request.user)})


@policy("exchanges.write")
def round_create(request):
    form = RoundForm(request.POST or None, initial={"number": (selectors.rounds(request.user).first().number + 1)
                                                     if selectors.rounds(request.user).exists() else 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("number")
        try:
            r = services.create_round(actor=request.user, number=number, **data)
        except ValidationFailed as exc:
            from polon.web.views.errors import attach_errors

            attach_errors(form, exc)
        else:
            messages.success(request, _("Exchange round recorded."))
            return redirect("exchanges:round-detail", round_id=r.pk)
    return render(request, "polon/exchanges/form.html", {"form": form})


@policy("exchanges.read")
def round_detail(request, round_id: int):
    r = selectors.get_round(request.user, round_id)
    entries = list(selectors.entries(request.user, r.pk))
    rows = selectors.rows_for_round(request.user, r.pk)
    return render(request, "polon/exchanges/detail.html", {
        "round": r, "hand_over": [e for e in entries if e.side == Side.HAND_OVER],
        "receive": [e for e in entries if e.side == Side.RECEIVE], "rows": rows,
        "sides": Side.choices, "entry_statuses": EntryStatus.choices, "consents": Consent.choices,
        "categories": EntryCategory.choices, "closed": r.status in services.CLOSED_ROUND,
    })


def _post(request, round_id, action):
    try:
        action()
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("exchanges:round-detail", round_id=round_id)


@require_POST
@policy("exchanges.write")
def round_update(request, round_id: int):
    changes = {k: request.POST[k] for k in ("status", "agreed_on", "notes") if request.POST.get(k)}
    return _post(request, round_id, lambda: services.update_round(actor=request.user, round_id=round_id,
                                                                  changes=changes))


@require_POST
@policy("exchanges.write")
def entry_add(request, round_id: int):
    def act():
        try:
            person_id = int(request.POST.get("person_id", ""))
        except ValueError:
            raise ValidationFailed({"person_id": "give the person's record number"}) from None
        services.add_entry(actor=request.user, round_id=round_id, side=request.POST.get("side", ""),
                           person_id=person_id, status=request.POST.get("status", EntryStatus.PROPOSED),
                           consent=request.POST.get("consent", Consent.UNKNOWN),
                           categories=request.POST.getlist("categories"), note=request.POST.get("note", ""))
        messages.success(request, _("Added to the list."))

    return _post(request, round_id, act)


@require_POST
@policy("exchanges.write")
def entry_new_person(request, round_id: int):
    def act():
        services.add_new_person_entry(actor=request.user, round_id=round_id, name=request.POST.get("name", ""),
                                      birth_date=request.POST.get("birth_date", ""),
                                      held_since=request.POST.get("held_since", ""),
                                      rank=request.POST.get("rank", ""))
        messages.success(request, _("New person recorded and added to the list."))

    return _post(request, round_id, act)


@require_POST
@policy("exchanges.write")
def entry_update(request, entry_id: int):
    entry = selectors.entries(request.user).filter(pk=entry_id).first()
    if entry is None:
        from django.http import Http404

        raise Http404("list entry not found")
    return _post(request, entry.round_id, lambda: services.update_entry(
        actor=request.user, entry_id=entry_id, status=request.POST.get("status") or None,
        struck_by=request.POST.get("struck_by", ""), struck_reason=request.POST.get("struck_reason", ""),
        consent=request.POST.get("consent") or None,
        categories=request.POST.getlist("categories") if "categories_present" in request.POST else None))


@require_POST
@policy("exchanges.write")
def round_execute(request, round_id: int):
    def act():
        result = services.execute_round(actor=request.user, round_id=round_id, date=request.POST.get("date", ""),
                                        place=request.POST.get("place", ""))
        messages.success(request, _("Round executed: %(n)d persons exchanged, %(e)d events written.")
                         % {"n": len(result.exchanged), "e": len(result.events)})

    return _post(request, round_id, act)


@require_POST
@policy("exchanges.reconcile")
def list_import(request, round_id: int):
    """Check the list at once (bad lines are reported here, nothing written) and reconcile it in a background
    job; its page shows the progress and links back to the round."""
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed({"file": "choose the other side's list (CSV or XLSX)"})
        reconcile.check_upload_size(upload.size, upload.name)
        job = reconcile.start_reconcile(actor=request.user, round_id=round_id, side=request.POST.get("side", ""),
                                        content=upload.read(), file_name=upload.name)
    except USER_ERRORS as exc:
        report_failure(request, exc)
        return redirect("exchanges:round-detail", round_id=round_id)
    messages.success(request, _("%(file)s: %(n)d lines are being matched in the background.") % {
        "file": job.params["file_name"], "n": job.params["lines"]})
    return redirect("web:job-detail", job_id=job.pk)


@require_POST
@policy("exchanges.reconcile")
def row_judge(request, row_id: int):
    row = selectors.list_rows(request.user).filter(pk=row_id).first()
    if row is None:
        from django.http import Http404

        raise Http404("list row not found")

    def act():
        try:
            person_id = int(request.POST.get("person_id", ""))
        except ValueError:
            raise ValidationFailed({"person_id": "give the person's record number"}) from None
        reconcile.judge_row(actor=request.user, row_id=row_id, person_id=person_id,
                            same=request.POST.get("same") == "1")

    return _post(request, row.round_id, act)


@require_POST
@policy("exchanges.write")
def add_matched(request, round_id: int):
    def act():
        added = reconcile.add_matched_to_round(actor=request.user, round_id=round_id,
                                               side=request.POST.get("side", ""))
        messages.success(request, _("%(n)d matched persons added to the list.") % {"n": len(added)})

    return _post(request, round_id, act)
