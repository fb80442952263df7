"""Sources: upload, list, the review screen and its accept/reject actions. Thin: services write, selectors read."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polon.core.errors import PermissionDenied, PolonError, ValidationFailed
from polon.registry.choices import Category
from polon.sources import selectors, storage
from polon.sources.models import Restriction
from polon.sources.services import (
    INLINE_BYTES,
    IngestError,
    accept_item,
    ingest_upload,
    reject_item,
    start_ingest,
)
from polon.sources.services.ingest import safe_name
from polon.web.policy import policy


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Files (text, Markdown, HTML, Telegram result.json, subtitles, "
                                                 "PDF, auto-archiver JSON or CSV)"))
    lang = forms.ChoiceField(label=gettext_lazy("Language"), required=False, choices=[
        ("", gettext_lazy("Detect")), ("de", "Deutsch"), ("en", "English"), ("ru", "Русский"),
        ("uk", "Українська"), ("kk", "Қазақша"), ("ky", "Кыргызча")])
    restriction = forms.ChoiceField(label=gettext_lazy("Publication restriction"), choices=Restriction.choices,
                                    initial=Restriction.INTERNAL)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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
                messages.error(request, str(exc))
                return redirect("web:source-list")
            messages.success(request, _("%(n)d file(s) are being read in the background.") % {"n": len(uploads)})
            return redirect("web:job-detail", job_id=job.pk)
        results = []
        for upload in data["files"]:
            try:
                result = ingest_upload(actor=request.user, upload=upload, lang=data["lang"], restriction=data["restriction"],
                                       notes=data["notes"])
            except (IngestError, ValidationFailed) as exc:
                messages.error(request, _("%(error)s — nothing of this file was stored.") % {"error": exc})
                continue
            results.append(result)
            messages.success(request, _("%(name)s: %(new)d new source(s), %(known)d already known.") % {
                "name": result.name, "new": len(result.created), "known": len(result.existing)})
            for warning in result.warnings:
                messages.warning(request, warning)
        if len(results) == 1 and len(results[0].sources) == 1:
            return redirect("web:source-review", source_id=results[0].sources[0].pk)
        return redirect("web:source-list")
    page = Paginator(selectors.visible_sources(request.user).order_by("-id"), 50).get_page(1)
    return render(request, "polon/sources/list.html", {"page": page, "form": form},
                  status=400 if request.method == "POST" else 200)


def _review_context(request, source, items=None, **extra):
    from polon.exchanges.selectors import rounds

    extraction = selectors.latest_extraction(source)
    items = items if items is not None else selectors.review_items(request.user, source)
    return {"source": source, "extraction": extraction, "data": extraction.data if extraction else None,
            "pending": [i for i in items if i.pending], "decided": [i for i in items if not i.pending],
            "categories": Category.choices, "rounds": list(rounds(request.user)[:50]), **extra}


@policy("sources.read")
def source_review(request, source_id: int):
    source = selectors.get_source(request.user, source_id)
    return render(request, "polon/sources/review.html", _review_context(request, source))


def _int(value):
    try:
        return int(value) if str(value or "").strip() else None
    except (TypeError, ValueError):
        raise ValidationFailed({"id": f"'{value}' is not a number"}) from None


@policy("sources.write")
@require_POST
def source_decide(request, source_id: int):
    source = selectors.get_source(request.user, source_id)
    key = request.POST.get("item", "")
    action = request.POST.get("action", "")
    error = ""
    try:
        if action == "reject":
            reject_item(actor=request.user, source_id=source.pk, item=key, note=request.POST.get("note", ""))
        elif action == "accept":
            person_ids = [_int(v) for v in request.POST.getlist("person_ids") if str(v).strip()]
            accept_item(actor=request.user, source_id=source.pk, item=key,
                        person_id=_int(request.POST.get("person_id")), category=request.POST.get("category", ""),
                        person_ids=person_ids or None, date=request.POST.get("date") or None,
                        round_id=_int(request.POST.get("round_id")),
                        round_number=_int(request.POST.get("round_number")), note=request.POST.get("note", ""))
        else:
            error = _("Choose accept or reject.")
    except ValidationFailed as exc:
        error = "; ".join(reason for reasons in exc.errors.values() for reason in reasons)
    except PermissionDenied as exc:
        error = _("Your role may not write this: %(reason)s") % {"reason": exc}
    except PolonError as exc:
        error = str(exc)
    items = selectors.review_items(request.user, source)
    if request.headers.get("HX-Request"):
        item = next((i for i in items if i.key == key), None)
        if item is None:
            raise Http404(f"no item {key!r}")
        context = _review_context(request, source, items, item=item, error=error)
        return render(request, "polon/sources/_item.html", context, status=200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("web:source-review", source_id=source.pk)


def _file_response(stored_path: str, filename: str, content_type: str = "application/octet-stream",
                   inline: bool = False):
    if not stored_path:
        raise Http404("this file was not stored")
    try:
        handle = storage.absolute(stored_path).open("rb")
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
    attachment = source.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("no such attachment")
    image = attachment.content_type in ("image/jpeg", "image/png", "image/gif", "image/webp")
    return _file_response(attachment.stored_path, Path(attachment.name).name,
                          content_type=attachment.content_type if image else "application/octet-stream",
                          inline=image)
