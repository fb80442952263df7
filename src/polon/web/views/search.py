from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.audit import reads
from polon.core.errors import ValidationFailed
from polon.registry import services
from polon.registry.search import SearchQueryError, clean_query, search_persons
from polon.web.forms.base import attach_errors
from polon.web.forms.pickers import MAX_CANDIDATES, Candidate, resolve
from polon.web.forms.search import JudgeForm
from polon.web.policy import policy


def _hits(request, query: str, birth_date: str | None) -> tuple[list, str]:
    if not query.strip():
        return [], ""
    try:
        return search_persons(request.user, query, birth_date=birth_date or None), ""
    except (SearchQueryError, ValueError) as exc:
        return [], str(exc)


@policy("registry.read")
def search(request):
    query = request.GET.get("q", "")
    hits, error = _hits(request, query, request.GET.get("birth_date"))
    reads.persons_read(request.user, view="persons.search", channel="web", person_ids=[h.person.pk for h in hits],
                       query={"q": query, "birth_date": request.GET.get("birth_date")})
    template = "polon/search/_results.html" if request.headers.get("HX-Request") else "polon/search/page.html"
    status = 400 if error else 200
    return render(request, template, {"query": query, "hits": hits, "error": error, "judge_form": JudgeForm()},
                  status=status)


@policy("registry.write")
@require_POST
def judge(request, person_id: int):
    """Record that the searched spelling is (or is not) this person; it beats any score from then on. A refusal
    is shown on the search page above its results (400)."""
    form = JudgeForm(request.POST)
    if form.is_valid():
        query = form.cleaned_data["query"]
        try:
            services.judge_match(actor=request.user, person_id=person_id, query=clean_query(query),
                                 same=form.cleaned_data["same"])
        except SearchQueryError as exc:
            form.add_error("query", str(exc))
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Judgement recorded: it will win over the score from now on."))
            return redirect(f"{reverse('web:search')}?{urlencode({'q': query})}")
    query = form.data.get("query", "")
    hits, error = _hits(request, query, None)
    return render(request, "polon/search/page.html", {"query": query, "hits": hits, "error": error,
                                                      "judge_form": form}, status=400)


@policy("registry.read")
def person_pick(request):
    """Suggestions for a person picker as the user types (HTMX fills the input's datalist): the persons of the
    user's scope the typed name or number may be, as "№ id · name" options that resolve back to them."""
    field = request.GET.get("field", "")
    text = (request.GET.get("q") or (request.GET.get(field) if field else "") or "").strip()
    if len(text) > 200 or "\n" in text:
        text = text.splitlines()[-1][:200] if text.splitlines() else ""
    candidates: list[Candidate] = []
    if len(text) >= 2 or text.isdigit():
        found = resolve(request.user, [text])[0]
        if found.person is not None:
            candidates = [Candidate(found.person)]
        elif found.candidates:
            candidates = found.candidates[:MAX_CANDIDATES]
    reads.persons_read(request.user, view="persons.pick", channel="web", person_ids=[c.person.pk for c in candidates],
                       query={"q": text})
    return render(request, "polon/search/_pick.html", {"candidates": candidates})
