"""Sources: upload, the review queue, the review screen and its decisions (the registry person a mention is, a
new captive, an actor who is not a captive, a group mention tied to registry persons, an event, a dismissal).
Thin: services write, selectors read; each button is shown only to the roles whose policy allows what it does."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import visible_or_not_found
from polon.core import files
from polon.core.errors import PermissionDenied, PolonError, ValidationFailed
from polon.exchanges.selectors import rounds
from polon.review.selectors import review_page
from polon.review.services import accept_item, record_as_actor, reject_item
from polon.sources import selectors
from polon.sources.models import Outcome
from polon.sources.services import INLINE_BYTES, IngestError, ingest_upload, start_ingest
from polon.sources.services.ingest import safe_name
from polon.web.forms.base import attach_errors
from polon.web.forms.sources import (
    ActorOutcomeForm,
    DecideForm,
    LinkForm,
    QueueFilterForm,
    TieForm,
    UploadForm,
    decision_form,
)
from polon.web.policy import policy


def _queue(request, page_number=None):
    """The review queue: sources with undecided items first, each with how many are left; filtered."""
    filters = QueueFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    sources = selectors.review_queue(request.user, state=wanted.get("state", ""), q=wanted.get("q", ""),
                                     kind=wanted.get("kind", ""))
    page = Paginator(sources, 50).get_page(page_number or request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    waiting = selectors.review_queue(request.user, state="undecided")
    return {"page": page, "filters": filters, "query": query.urlencode(), "waiting": waiting.count(),
            "next_source": waiting.first()}


@policy("sources.read")
def source_list(request):
    return render(request, "polon/sources/list.html", {**_queue(request), "form": UploadForm()})


@policy("sources.write")
def source_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploads = data["files"]
        if len(uploads) > 1 or sum(u.size or 0 for u in uploads) > INLINE_BYTES:
            # Many files, or a large one: a background job reads them; its page shows the progress.
            try:
                job = start_ingest(actor=request.user, files=((safe_name(u.name), u.read(), "") for u in uploads),
                                   count=len(uploads), lang=data["lang"], restriction=data["restriction"],
                                   notes=data["notes"])
            except ValidationFailed as exc:
                attach_errors(form, exc)
                return _list_page(request, form)
            messages.success(request, _("%(n)d file(s) are being read in the background.") % {"n": len(uploads)})
            return redirect("web:job-detail", job_id=job.pk)
        try:
            result = ingest_upload(actor=request.user, upload=uploads[0], lang=data["lang"],
                                   restriction=data["restriction"], notes=data["notes"])
        except (IngestError, ValidationFailed) as exc:
            form.add_error("files", _("%(error)s — nothing of this file was stored.") % {"error": exc})
            return _list_page(request, form)
        messages.success(request, _("%(name)s: %(new)d new source(s), %(known)d already known.") % {
            "name": result.name, "new": len(result.created), "known": len(result.existing)})
        for warning in result.warnings:
            messages.warning(request, warning)
        if len(result.sources) == 1:
            return redirect("web:source-review", source_id=result.sources[0].pk)
        return redirect("web:source-list")
    return _list_page(request, form)


def _list_page(request, form):
    """The list's first page with the upload form as typed and why it was refused (400)."""
    return render(request, "polon/sources/list.html", {**_queue(request, 1), "form": form},
                  status=400 if request.method == "POST" else 200)


def _with_forms(request, views, failed=None, failed_item=""):
    """Each pending item's own forms: a new actor's fields filled from what the source says of the person, and
    for a group mention the persons it stands for (the refused form, as typed, on the item it was sent for)."""
    for view in views:
        if not view.pending:
            continue
        if view.kind == "person":
            s = view.suggestion
            view.actor_form = ActorOutcomeForm(auto_id=f"actor-{view.anchor}-%s", initial={
                "name": s.actor_name or view.data.get("name", ""), "kind": s.actor_kind,
                "country": s.country or next(iter(view.data.get("countries") or []), ""),
                "organisation": s.organisation or view.data.get("affiliation") or "",
                "position": s.position or ", ".join(view.data.get("roles") or [])})
            if failed_item == view.key and isinstance(failed, LinkForm):
                view.link_form = failed
            else:
                view.link_form = LinkForm(user=request.user, auto_id=f"link-{view.anchor}-%s",
                                          initial={"item": view.key})
        else:
            if failed_item == view.key and isinstance(failed, TieForm):
                view.tie_form = failed
            else:
                view.tie_form = TieForm(user=request.user, auto_id=f"tie-{view.anchor}-%s",
                                        initial={"item": view.key})
    return views


def _review_context(request, source, views=None, failed=None, failed_item="", **extra):
    extraction = selectors.latest_extraction(source)
    views = _with_forms(request, views if views is not None else review_page(request.user, source), failed,
                        failed_item)
    following = selectors.review_queue(request.user, state="undecided").exclude(pk=source.pk).first()
    return {"source": source, "extraction": extraction, "data": extraction.data if extraction else None,
            "pending": [i for i in views if i.pending], "decided": [i for i in views if not i.pending],
            "decide_form": DecideForm(), "rounds": list(rounds(request.user)[:50]), "next_source": following,
            "failed": failed, "failed_item": failed_item, "outcomes": Outcome, **extra}


@policy("sources.read")
def source_review(request, source_id: int):
    source = selectors.get_source(request.user, source_id)
    return render(request, "polon/sources/review.html", _review_context(request, source))


def _decide(request, source, form) -> None:
    """Write the decision the form holds, or put on the form why it was refused."""
    if not form.is_valid():
        return
    data = form.cleaned_data
    try:
        if isinstance(form, LinkForm):
            accept_item(actor=request.user, source_id=source.pk, item=data["item"], person_id=data["person"].pk)
        elif isinstance(form, TieForm):
            accept_item(actor=request.user, source_id=source.pk, item=data["item"],
                        person_ids=[p.pk for p in data["persons"]], record_events=data["record_events"],
                        date=data["date"] or None, note=data["note"])
        elif data["action"] in ("reject", "dismiss"):
            reject_item(actor=request.user, source_id=source.pk, item=data["item"], note=data["note"],
                        reason=data["reason"] or Outcome.NOT_RELEVANT)
        elif data["action"] == "actor":
            record_as_actor(actor=request.user, source_id=source.pk, item=data["item"], actor_id=data["actor_id"],
                            kind=data["kind"], name=data["name"], country=data["country"],
                            organisation=data["organisation"], position=data["position"], note=data["note"])
        else:
            accept_item(actor=request.user, source_id=source.pk, item=data["item"], person_id=data["person_id"],
                        category=data["category"], person_ids=data["person_ids"] or None,
                        date=data["date"] or None, round_id=data["round_id"], round_number=data["round_number"],
                        note=data["note"])
    except ValidationFailed as exc:
        attach_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, _("Your role may not write this: %(reason)s") % {"reason": exc})
    except PolonError as exc:
        form.add_error(None, str(exc))


@policy("sources.write")
@require_POST
def source_decide(request, source_id: int):
    """Accept or reject one item. With HTMX the item's fragment comes back (its error on it); otherwise the
    review page, or after a refusal the page with the error on that item (400)."""
    source = selectors.get_source(request.user, source_id)
    form = decision_form(request.POST, user=request.user)
    _decide(request, source, form)
    key = form.data.get("item", "")
    views = review_page(request.user, source)
    failed = form.errors and form or None
    if request.headers.get("HX-Request"):
        item = next((i for i in views if i.key == key), None)
        if item is None:
            raise Http404(_("source %(id)s has no item %(item)s to review") % {"id": source.pk, "item": repr(key)})
        context = _review_context(request, source, views, failed=failed, failed_item=key, item=item)
        return render(request, "polon/sources/_item.html", context, status=200)
    if failed:
        context = _review_context(request, source, views, failed=failed, failed_item=key)
        return render(request, "polon/sources/review.html", context, status=400)
    messages.success(request, _("Decision recorded."))
    return redirect("web:source-review", source_id=source.pk)


def _file_response(stored_path: str, filename: str, content_type: str = "application/octet-stream",
                   inline: bool = False):
    if not stored_path:
        raise Http404("this file was not stored")
    try:
        handle = files.absolute(stored_path).open("rb")
    except (OSError, ValueError):
        raise Http404("the stored file is missing; run `polon sources verify`") from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@policy("sources.read")
def source_file(request, source_id: int):
    source = selectors.get_source(request.user, source_id)
    return _file_response(source.stored_path, source.original_name or f"source-{source.pk}")


@policy("sources.read")
def source_attachment(request, source_id: int, attachment_id: int):
    source = selectors.get_source(request.user, source_id)
    attachment = visible_or_not_found(source.attachments.all(), attachment_id, _("attachment"))
    image = attachment.content_type in ("image/jpeg", "image/png", "image/gif", "image/webp")
    return _file_response(attachment.stored_path, Path(attachment.name).name,
                          content_type=attachment.content_type if image else "application/octet-stream",
                          inline=image)
