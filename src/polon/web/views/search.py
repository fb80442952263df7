from __future__ import annotations

from django.shortcuts import render

from polon.registry.search import SearchQueryError, search_persons
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
