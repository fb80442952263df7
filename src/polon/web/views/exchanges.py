"""Exchange rounds: the list, recording a round, its page and every action on it. Each action reads a form; a
refusal is shown on that form on the round's page, with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import visible_or_not_found
from polon.exchanges import pdf, reconcile, selectors, services
from polon.exchanges.models import EntryCategory, EntryStatus, Outcome, Side
from polon.web.forms.base import USER_ERRORS, IdListField, attach_errors
from polon.web.forms.exchanges import (
    AddMatchedForm,
    BulkEntryForm,
    EntryAddForm,
    EntryUpdateForm,
    ExecuteForm,
    ListImportForm,
    NewPersonEntryForm,
    RoundChoiceForm,
    RoundForm,
    RoundUpdateForm,
    RowAbsentForm,
    RowCorrectForm,
    RowJudgeForm,
    RowNewPersonForm,
)
from polon.web.policy import policy
from polon.web.views.base import REFUSED, RecordPage, attempt, form_page


@policy("exchanges.read")
def round_list(request):
    return render(request, "polon/exchanges/list.html", {"rounds": selectors.rounds(request.user)})


@policy("exchanges.prepare")
def round_create(request):
    latest = selectors.rounds(request.user).first()
    form = RoundForm(request.POST or None, initial={"number": latest.number + 1 if latest else 1})

    def create(data):
        return _back(services.create_round(actor=request.user, **data))

    return form_page(request, form, "polon/exchanges/form.html", create, success=_("Exchange round recorded."))


def _round_context(request, r, **forms) -> dict:
    """What the round's page shows, with a blank form for each action."""
    entries = [_Shown(e, warnings=services.entry_warnings(e.person, e.side) if e.status not in _DONE else [],
                      category_labels=[EntryCategory(c).label for c in e.categories if c in EntryCategory.values])
               for e in selectors.entries(request.user, r.pk)]
    refused = forms.get("correct_form")
    all_rows = selectors.rows_for_round(request.user, r.pk)
    counts = {value: sum(1 for row in all_rows if row.outcome == value) for value in Outcome.values}
    shown_outcome = request.GET.get("outcome", "")
    rows = [_Shown(row, correct_form=(refused if refused is not None and refused.row_id == row.pk
                                      else RowCorrectForm(row_id=row.pk, initial=row.raw))
                   if row.outcome == Outcome.INVALID else None)
            for row in all_rows if not shown_outcome or row.outcome == shown_outcome]
    return {
        "round": r, "hand_over": [e for e in entries if e.side == Side.HAND_OVER],
        "receive": [e for e in entries if e.side == Side.RECEIVE], "rows": rows,
        "invalid_rows": counts[Outcome.INVALID], "all_rows": len(all_rows), "shown_outcome": shown_outcome,
        "outcome_counts": [(value, label, counts[value]) for value, label in Outcome.choices if counts[value]],
        "closed": r.status in services.CLOSED_ROUND,
        "update_form": RoundUpdateForm(), "execute_form": ExecuteForm(), "entry_form": EntryAddForm(user=request.user),
        "new_person_form": NewPersonEntryForm(), "entry_update_form": EntryUpdateForm(),
        "import_form": ListImportForm(), "matched_form": AddMatchedForm(), "judge_form": RowJudgeForm(),
        "absent_form": RowAbsentForm(), "correct_form": RowCorrectForm(),
    }


_DONE = (EntryStatus.EXCHANGED, EntryStatus.RELEASED_OUTSIDE, EntryStatus.STRUCK)


class _Shown:
    """A record as the page shows it: the record's own attributes, and what the page adds (warnings, a form)."""

    def __init__(self, record, **extra):
        self._record, self._extra = record, extra

    def __getattr__(self, name):
        extra = self.__dict__.get("_extra", {})
        return extra[name] if name in extra else getattr(self.__dict__["_record"], name)


def _back(r):
    return redirect("exchanges:round-detail", round_id=r.pk)


class _RoundPage(RecordPage):
    """The round's page; a refused correction of a line is drawn on that line (the context sees the forms)."""

    def show(self, request, key, *, status: int = 200, **forms):
        return render(request, self.template, {**self.context(request, key, **forms), **forms}, status=status)


_page = _RoundPage("polon/exchanges/detail.html", _round_context, back=_back)


@policy("exchanges.read")
def round_detail(request, round_id: int):
    return _page.show(request, selectors.get_round(request.user, round_id))


@require_POST
@policy("exchanges.prepare")
def round_update(request, round_id: int):
    r = selectors.get_round(request.user, round_id)
    form = RoundUpdateForm(request.POST)

    def act(data):
        services.update_round(actor=request.user, round_id=r.pk, changes=form.changes())

    return _page.act(request, r, "update_form", form, act)


@policy("exchanges.prepare")
def entry_add(request, round_id: int):
    """POST: the round page's form putting one person on a list. GET with ``?persons=1,2``: the persons selected
    elsewhere (the list of persons), to confirm and put on one of this round's lists (posted to entries-bulk)."""
    r = selectors.get_round(request.user, round_id)
    if request.method != "POST":
        return _bulk_page(request, r, BulkEntryForm(user=request.user, initial={
            "persons": _ids(request.GET.get("persons", "")), "side": request.GET.get("side", Side.HAND_OVER)}))

    def act(data):
        services.add_entry(actor=request.user, round_id=r.pk, side=data["side"], person_id=data["person"].pk,
                           status=data["status"] or form.fields["status"].initial,
                           consent=data["consent"] or form.fields["consent"].initial,
                           categories=data["categories"], note=data["note"], confirm_warnings=data["confirm"])
        messages.success(request, _("Added to the list."))

    form = EntryAddForm(request.POST, user=request.user)
    return _page.act(request, r, "entry_form", form, act)


def _ids(text: str) -> list[int]:
    try:
        return IdListField(required=False).clean(text)
    except Exception:  # a hand-edited address: start from an empty list rather than fail
        return []


def _bulk_page(request, r, form, status: int = 200):
    return render(request, "polon/exchanges/bulk.html", {"round": r, "form": form,
                                                         "closed": r.status in services.CLOSED_ROUND}, status=status)


@require_POST
@policy("exchanges.prepare")
def entry_bulk(request, round_id: int):
    """Put the confirmed persons on the list, all or none; a refusal (a warning to confirm) shows the page again
    with what was chosen."""
    r = selectors.get_round(request.user, round_id)
    form = BulkEntryForm(request.POST, user=request.user)

    def act(data):
        added = services.add_entries(actor=request.user, round_id=r.pk, side=data["side"],
                                     person_ids=[p.pk for p in data["persons"]], status=data["status"],
                                     confirm_warnings=data["confirm"])
        messages.success(request, _("%(n)d persons added to the list.") % {"n": len(added)})
        return _back(r)

    response = attempt(form, act)
    return _bulk_page(request, r, form, status=400) if response is REFUSED else response


@policy("exchanges.prepare")
def entry_choose_round(request):
    """The persons selected on the list of persons, before a round is chosen: which round do they go on?"""
    rounds = [r for r in selectors.rounds(request.user) if r.status not in services.CLOSED_ROUND]
    ids = _ids(request.GET.get("persons", ""))
    form = RoundChoiceForm(request.GET if "round" in request.GET else None, rounds=rounds,
                           initial={"persons": ",".join(map(str, ids))})
    if form.is_bound and form.is_valid():
        url = reverse("exchanges:entry-add", kwargs={"round_id": form.cleaned_data["round"]})
        return redirect(f"{url}?{urlencode({'persons': form.cleaned_data['persons']})}")
    return render(request, "polon/exchanges/choose_round.html", {"form": form, "rounds": rounds, "count": len(ids)})


@require_POST
@policy("exchanges.prepare")
def entry_new_person(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        services.add_new_person_entry(actor=request.user, round_id=r.pk, name=data["name"],
                                      birth_date=data["birth_date"], held_since=data["held_since"],
                                      rank=data["rank"], citizenship=data["citizenship"])
        messages.success(request, _("New person recorded and added to the list."))

    return _page.act(request, r, "new_person_form", NewPersonEntryForm(request.POST), act)


@require_POST
@policy("exchanges.prepare")
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
    """Executing is irreversible: the date and place first lead to a page saying what will be written (who gets
    "exchanged", who "repatriated", who stays on the lists, whom the registry would refuse); only the form on
    that page (``confirmed``) executes."""
    r = selectors.get_round(request.user, round_id)
    form = ExecuteForm(request.POST)
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        try:
            plan = services.execution_plan(actor=request.user, round_id=r.pk, date=form.cleaned_data["date"])
        except USER_ERRORS as exc:
            attach_errors(form, exc)
            return _page.show(request, r, status=400, execute_form=form)
        confirm = ExecuteForm(initial={**form.cleaned_data, "confirmed": True})
        return render(request, "polon/exchanges/execute_confirm.html", {"round": r, "plan": plan, "form": confirm,
                                                                        "data": form.cleaned_data})

    def act(data):
        result = services.execute_round(actor=request.user, round_id=r.pk, date=data["date"], place=data["place"])
        messages.success(request, _("Round executed: %(n)d persons exchanged, %(e)d events written.")
                         % {"n": len(result.exchanged), "e": len(result.events)})

    return _page.act(request, r, "execute_form", form, act)


@policy("registry.export")
def round_pdf(request, round_id: int):
    """The printable list for the mediator: both lists (or ``?side=``) of the persons in the reader's scope."""
    r = selectors.get_round(request.user, round_id)
    side = request.GET.get("side") or None
    content = services.print_lists(actor=request.user, round_id=r.pk, side=side,
                                   language=(get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.file_name(r, side)}"'
    return response


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


def _row(request, row_id: int):
    row = visible_or_not_found(selectors.list_rows(request.user), row_id, _("list row"))
    return row, selectors.get_round(request.user, row.round_id)


@require_POST
@policy("exchanges.reconcile")
def row_judge(request, row_id: int):
    row, r = _row(request, row_id)

    def act(data):
        reconcile.judge_row(actor=request.user, row_id=row.pk, person_id=data["person_id"], same=data["same"])

    return _page.act(request, r, "judge_form", RowJudgeForm(request.POST), act)


@require_POST
@policy("exchanges.reconcile")
def row_absent(request, row_id: int):
    row, r = _row(request, row_id)

    def act(data):
        reconcile.mark_not_in_registry(actor=request.user, row_id=row.pk)
        messages.success(request, _("Line %(line)d: not in the registry.") % {"line": row.line})

    return _page.act(request, r, "absent_form", RowAbsentForm(request.POST), act)


@require_POST
@policy("exchanges.reconcile")
def row_correct(request, row_id: int):
    row, r = _row(request, row_id)

    def act(data):
        corrected = reconcile.correct_row(actor=request.user, row_id=row.pk, **data)
        messages.success(request, _("Line %(line)d corrected: %(outcome)s.")
                         % {"line": corrected.line, "outcome": corrected.get_outcome_display()})

    return _page.act(request, r, "correct_form", RowCorrectForm(request.POST, row_id=row.pk), act)


@policy("registry.write")
def row_new_person(request, row_id: int):
    """Record the person a line not in the registry names, prefilled from the line, and tie the line to him."""
    row, r = _row(request, row_id)
    allowed = reconcile.categories_for(row.side)
    form = RowNewPersonForm(request.POST or None, categories=allowed, initial={
        "birth_date": row.birth_date, "citizenship": row.citizenship, "rank": row.rank, "unit": row.unit,
        "category": reconcile.new_person_category(row.side)})

    def create(data):
        done = reconcile.record_row_as_new(
            actor=request.user, row_id=row.pk, names=data["names"].splitlines(), birth_date=data["birth_date"],
            citizenships=[data["citizenship"]] if data["citizenship"] else [], category=data["category"],
            rank=data["rank"], unit=data["unit"])
        messages.success(request, _("%(person)s recorded from line %(line)d and tied to it.")
                         % {"person": done.person, "line": done.line})
        return _back(r)

    return form_page(request, form, "polon/exchanges/row_new_person.html", create,
                     context={"row": row, "round": r}, aliases={"names": "names"})


@require_POST
@policy("exchanges.prepare")
def add_matched(request, round_id: int):
    r = selectors.get_round(request.user, round_id)

    def act(data):
        added = reconcile.add_matched_to_round(actor=request.user, round_id=r.pk, side=data["side"])
        messages.success(request, _("%(n)d matched persons added to the list.") % {"n": len(added.added)})
        for line, person, why in added.skipped:
            messages.warning(request, _("Line %(line)d, %(person)s, not added: %(why)s")
                             % {"line": line, "person": person, "why": why})

    return _page.act(request, r, "matched_form", AddMatchedForm(request.POST), act)
