"""Sources: upload, list, the review screen and its accept/reject actions. Thin: services write, selectors read."""

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
from polon.review.services import accept_item, reject_item
from polon.sources import selectors
from polon.sources.services import INLINE_BYTES, IngestError, ingest_upload, start_ingest
from polon.sources.services.ingest import safe_name
from polon.web.forms.base import attach_errors
from polon.web.forms.sources import DecideForm, UploadForm
from polon.web.policy import policy


@policy("sources.read")
def source_list(request):
    page = Paginator(selectors.visible_sources(request.user).order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "polon/sources/list.html", {"page": page, "form": UploadForm()})


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
    page = Paginator(selectors.visible_sources(request.user).order_by("-id"), 50).get_page(1)
    return render(request, "polon/sources/list.html", {"page": page, "form": form},
                  status=400 if request.method == "POST" else 200)


def _review_context(request, source, items=None, **extra):
    extraction = selectors.latest_extraction(source)
    items = items if items is not None else selectors.review_items(request.user, source)
    return {"source": source, "extraction": extraction, "data": extraction.data if extraction else None,
            "pending": [i for i in items if i.pending], "decided": [i for i in items if not i.pending],
            "decide_form": DecideForm(), "rounds": list(rounds(request.user)[:50]), **extra}


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
        if data["action"] == "reject":
            reject_item(actor=request.user, source_id=source.pk, item=data["item"], note=data["note"])
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
    form = DecideForm(request.POST)
    _decide(request, source, form)
    key = form.data.get("item", "")
    items = selectors.review_items(request.user, source)
    failed = form.errors and form or None
    if request.headers.get("HX-Request"):
        item = next((i for i in items if i.key == key), None)
        if item is None:
            raise Http404(f"no item {key!r}")
        context = _review_context(request, source, items, item=item, failed=failed, failed_item=key)
        return render(request, "polon/sources/_item.html", context, status=200)
    if failed:
        context = _review_context(request, source, items, failed=failed, failed_item=key)
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
