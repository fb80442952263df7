"""The list of persons a registrar works from: filters (the name found by the search engine, status, citizenship
by name, category), sortable columns, page size and page jump (paging keeps filters and sort), and the persons
ticked on a page exported or put on an exchange round."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from polon.access.policies import may, require
from polon.audit import reads
from polon.core.pages import ListPaginator
from polon.registry import selectors
from polon.web.forms import PersonImportForm
from polon.web.forms.person_list import (
    DEFAULT_PAGE_SIZE,
    SORT_LABELS,
    PersonListForm,
    SelectionForm,
)
from polon.web.policy import policy


@policy("registry.read")
def person_list(request):
    language = (get_language() or "en").split("-")[0]
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("per_page", str(DEFAULT_PAGE_SIZE))  # the size shown chosen is the size listed
    form = PersonListForm(data, countries=selectors.count_by_citizenship(request.user), language=language)
    if form.is_bound:
        form.is_valid()  # a value that does not fit is ignored: the list shows as if it were absent
    cleaned = getattr(form, "cleaned_data", {})
    filters = selectors.PersonFilters(status=cleaned.get("status") or "", category=cleaned.get("category") or "",
                                      citizenship=cleaned.get("citizenship") or "", q=cleaned.get("q") or "")
    order = cleaned.get("sort") or ""
    per_page = cleaned.get("per_page") or DEFAULT_PAGE_SIZE
    persons = selectors.person_list(request.user, filters, order=order, language=language)
    page = ListPaginator(persons, per_page).get_page(request.GET.get("page"))
    reads.persons_read(request.user, view="persons.list", channel="web", person_ids=[p.pk for p in page],
                       query={"status": filters.status, "citizenship": filters.citizenship,
                              "category": filters.category, "q": filters.q, "sort": order, "page": page.number,
                              "per_page": per_page}, total=page.paginator.count)
    params = _without(request.GET, "page", "select", "ids", "unticked")
    template = "polon/persons/_rows.html" if request.headers.get("HX-Request") else "polon/persons/list.html"
    import_form = PersonImportForm() if may(request.user, "registry.write") else None
    return render(request, template, {
        "form": form, "page": page, "list_query": params.urlencode(), "keep": _pairs(params),
        "searched": bool(filters.q.strip()),
        "columns": _columns(params, order), "all_selected": request.GET.get("select") == "page",
        "selected": {int(v) for v in request.GET.getlist("ids") if v.isdigit()},
        "select_all_query": _with(params, page.number, select="page"), "clear_query": _with(params, page.number),
        "import_form": import_form, "unticked": "unticked" in request.GET,
        "may_export": may(request.user, "registry.export"),
        "may_round": may(request.user, "exchanges.prepare"),
    })


def _without(params, *names: str):
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params


def _pairs(params) -> list[tuple[str, str]]:
    """The list's parameters as hidden fields (a page jump keeps the filters and sort)."""
    return [(key, value) for key, values in params.lists() for value in values]


def _with(params, page: int, **extra: str) -> str:
    params = params.copy()
    params["page"] = str(page)
    for key, value in extra.items():
        params[key] = value
    return params.urlencode()


def _columns(params, order: str) -> dict[str, dict]:
    """Each sortable column's link (ascending first, then descending) and its current direction (for aria-sort)."""
    columns = {}
    for key, label in SORT_LABELS.items():
        current = "ascending" if order == key else "descending" if order == f"-{key}" else ""
        linked = _without(params, "sort")
        linked["sort"] = f"-{key}" if current == "ascending" else key
        columns[key] = {"label": label, "query": linked.urlencode(), "current": current}
    return columns


@policy("registry.read")
def persons_selected(request):
    """What the buttons under the list do with the ticked persons: the export form with them filled in, or the
    exchanges' choice of a round to put them on (which then adds them, warnings confirmed, all or none). Nothing
    is written here."""
    form = SelectionForm(request.GET)
    back = request.GET.get("back", "")
    if not form.is_valid():  # nothing ticked: the list as it was, saying so above its buttons
        return HttpResponseRedirect(f"{reverse('web:person-list')}?{back}{'&' if back else ''}unticked=1")
    ids = ",".join(str(pk) for pk in dict.fromkeys(form.cleaned_data["ids"]))
    if form.cleaned_data["action"] == "export":
        require(request.user, "registry.export")
        return HttpResponseRedirect(f"{reverse('exports:export')}?{urlencode({'persons': ids})}")
    require(request.user, "exchanges.prepare")
    return HttpResponseRedirect(f"{reverse('exchanges:entry-choose-round')}?{urlencode({'persons': ids})}")
