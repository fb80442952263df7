"""Exchange rounds: the list, recording a round, its page and every action on it. Each action reads a form; a
refusal is shown on that form on the round's page, with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import visible_or_not_found
from polon.exchanges import reconcile, selectors, services
from polon.exchanges.models import Side
from polon.web.forms.exchanges import (
    AddMatchedForm,
    EntryAddForm,
    EntryUpdateForm,
    ExecuteForm,
    ListImportForm,
    NewPersonEntryForm,
    RoundForm,
    RoundUpdateForm,
    RowJudgeForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


@policy("exchanges.read")
def round_list(request):
    return render(request, "polon/exchanges/list.html", {"rounds": selectors.rounds(request.user)})


@policy("exchanges.write")
def round_create(request):
    latest = selectors.rounds(request.user).first()
    form = RoundForm(request.POST or None, initial={"number": latest.number + 1 if latest else 1})

    def create(data):
        return _back(services.create_round(actor=request.user, **data))

    return form_page(request, form, "polon/exchanges/form.html", create, success=_("Exchange round recorded."))


def _round_context(request, r) -> dict:
    """What the round's page shows, with a blank form for each action."""
    entries = list(selectors.entries(request.user, r.pk))
    return {
        "round": r, "hand_over": [e for e in entries if e.side == Side.HAND_OVER],
        "receive": [e for e in entries if e.side == Side.RECEIVE], "rows": selectors.rows_for_round(request.user, r.pk),
        "closed": r.status in services.CLOSED_ROUND,
        "update_form": RoundUpdateForm(), "execute_form": ExecuteForm(), "entry_form": EntryAddForm(),
        "new_person_form": NewPersonEntryForm(), "entry_update_form": EntryUpdateForm(),
        "import_form": ListImportForm(), "matched_form": AddMatchedForm(), "judge_form": RowJudgeForm(),
    }


def _back(r):
    return redirect("exchanges:round-detail", round_id=r.pk)


_page = RecordPage("polon/exchanges/detail.html", _round_context, back=_back)


@policy("exchanges.read")
def round_detail(request, round_id: int):
    return _page.show(request, selectors.get_round(request.user, round_id))


@require_POST
@policy("exchanges.write")
def round_update(request, round_id: int):
    r = selectors.get_round(request.user, round_id)
    form = RoundUpdateForm(request.POST)

    def act(data):
        services.update_round(actor=request.user, round_id=r.pk, changes=form.changes())

    return _page.act(request, r, "update_form", form, act)


@require_POST
@policy("exchanges.write")
def entry_add(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        services.add_entry(actor=request.user, round_id=r.pk, side=data["side"], person_id=data["person_id"],
                           status=data["status"] or form.fields["status"].initial,
                           consent=data["consent"] or form.fields["consent"].initial,
                           categories=data["categories"], note=data["note"])
        messages.success(request, _("Added to the list."))

    form = EntryAddForm(request.POST)
    return _page.act(request, r, "entry_form", form, act)


@require_POST
@policy("exchanges.write")
def entry_new_person(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        services.add_new_person_entry(actor=request.user, round_id=r.pk, name=data["name"],
                                      birth_date=data["birth_date"], held_since=data["held_since"],
                                      rank=data["rank"])
        messages.success(request, _("New person recorded and added to the list."))

    return _page.act(request, r, "new_person_form", NewPersonEntryForm(request.POST), act)


@require_POST
@policy("exchanges.write")
def entry_update(request, entry_id: int):
    entry = visible_or_not_found(selectors.entries(request.user), entry_id, _("list entry"))
    r = selectors.get_round(request.user, entry.round_id)

    def act(data):
        services.update_entry(actor=request.user, entry_id=entry.pk, status=data["status"] or None,
                              struck_by=data["struck_by"], struck_reason=data["struck_reason"],
                              consent=data["consent"] or None,
                              categories=data["categories"] if data["categories_present"] else None)

    return _page.act(request, r, "entry_update_form", EntryUpdateForm(request.POST, entry_id=entry.pk), act)


@require_POST
@policy("exchanges.write")
def round_execute(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        result = services.execute_round(actor=request.user, round_id=r.pk, date=data["date"], place=data["place"])
        messages.success(request, _("Round executed: %(n)d persons exchanged, %(e)d events written.")
                         % {"n": len(result.exchanged), "e": len(result.events)})

    return _page.act(request, r, "execute_form", ExecuteForm(request.POST), act)


@require_POST
@policy("exchanges.reconcile")
def list_import(request, round_id: int):
    """Check the list at once (bad lines are shown on the round's page, nothing written) and reconcile it in a
    background job; its page shows the progress and links back to the round."""
    r = selectors.get_round(request.user, round_id)

    def act(data):
        upload = data["file"]
        reconcile.check_upload_size(upload.size, upload.name)  # before it is read into memory
        job = reconcile.start_reconcile(actor=request.user, round_id=r.pk, side=data["side"],
                                        content=upload.read(), file_name=upload.name)
        messages.success(request, _("%(file)s: %(n)d lines are being matched in the background.") % {
            "file": job.params["file_name"], "n": job.params["lines"]})
        return redirect("web:job-detail", job_id=job.pk)

    return _page.act(request, r, "import_form", ListImportForm(request.POST, request.FILES), act)


@require_POST
@policy("exchanges.reconcile")
def row_judge(request, row_id: int):
    row = visible_or_not_found(selectors.list_rows(request.user), row_id, _("list row"))
    r = selectors.get_round(request.user, row.round_id)

    def act(data):
        reconcile.judge_row(actor=request.user, row_id=row.pk, person_id=data["person_id"], same=data["same"])

    return _page.act(request, r, "judge_form", RowJudgeForm(request.POST), act)


@require_POST
@policy("exchanges.write")
def add_matched(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        added = reconcile.add_matched_to_round(actor=request.user, round_id=r.pk, side=data["side"])
        messages.success(request, _("%(n)d matched persons added to the list.") % {"n": len(added.added)})
        for line, person, why in added.skipped:
            messages.warning(request, _("Line %(line)d, %(person)s, not added: %(why)s")
                             % {"line": line, "person": person, "why": why})

    return _page.act(request, r, "matched_form", AddMatchedForm(request.POST), act)
