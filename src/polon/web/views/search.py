from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.core.errors import ValidationFailed
from polon.registry import services
from polon.registry.search import SearchQueryError, clean_query, search_persons
from polon.web.policy import policy


@policy("registry.read")
def search(request):
    query = request.GET.get("q", "")
    hits, error = [], ""
    if query.strip():
        try:
            hits = search_persons(request.user, query, birth_date=request.GET.get("birth_date") or None)
        except SearchQueryError as exc:
            error = str(exc)
        except ValueError as exc:
            error = str(exc)
    template = "polon/search/_results.html" if request.headers.get("HX-Request") else "polon/search/page.html"
    status = 400 if error else 200
    return render(request, template, {"query": query, "hits": hits, "error": error}, status=status)


@policy("registry.write")
@require_POST
def judge(request, person_id: int):
    """Record that the searched spelling is (or is not) this person; it beats any score from then on."""
    query = request.POST.get("query", "")
    same = request.POST.get("same") == "1"
    try:
        services.judge_match(actor=request.user, person_id=person_id, query=clean_query(query), same=same)
    except (SearchQueryError, ValidationFailed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Judgement recorded: it will win over the score from now on."))
    return redirect(f"{reverse('web:search')}?{urlencode({'q': query})}")
