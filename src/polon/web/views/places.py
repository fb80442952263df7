"""Places of internment (GC III Arts. 22, 23, 56): the list with each place's population, a place's page (its
population by status, citizenship and category, the persons there, its visits), recording and changing a
place, the Art. 23 document, and matching the free-text facilities of status events to places."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.audit import reads
from polon.places import selectors, services
from polon.places.pdf import file_name
from polon.places.regions import region_label
from polon.registry.choices import Category, Status
from polon.registry.population import Population, population, populations, present_persons
from polon.visits.selectors import VisitFilters, visits
from polon.web.forms.base import USER_ERRORS, ActionForm, attach_errors
from polon.web.forms.places import (
    AssignFacilityForm,
    PlaceFilterForm,
    PlaceForm,
    PlacesDocumentForm,
    PopulationDateForm,
)
from polon.web.policy import policy
from polon.web.views.base import form_page


def _labelled(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    labels = dict(choices)
    return [(str(labels.get(code, code or "—")), n) for code, n in counts.items()]


@policy("places.read")
def place_list(request):
    form = PlaceFilterForm(request.GET or None)
    filters = selectors.PlaceFilters()
    if form.is_valid():
        filters = selectors.PlaceFilters(kind=form.cleaned_data["kind"], q=form.cleaned_data["q"],
                                         open_only=form.cleaned_data["open_only"])
    chosen = list(selectors.places(request.user, filters))
    counts = populations(request.user, [p.pk for p in chosen])
    rows = [(p, region_label(p.region), counts.get(p.pk, Population(place_id=p.pk))) for p in chosen]
    return render(request, "polon/places/list.html", {"form": form, "rows": rows,
                                                      "document_form": PlacesDocumentForm()})


@policy("places.read")
def place_detail(request, place_id: int):
    place = selectors.get_place(request.user, place_id)
    on_form = PopulationDateForm(request.GET if request.GET.get("on") else None)
    on = on_form.cleaned_data["on"] if on_form.is_bound and on_form.is_valid() else None
    pop = population(request.user, place.pk, on=on)
    persons = list(present_persons(request.user, place.pk, on=on)[:500])
    reads.persons_read(request.user, view="places.population", channel="web", person_ids=[p.pk for p in persons],
                       query={"place": place.pk, "on": on.isoformat() if on else ""}, total=pop.count)
    return render(request, "polon/places/detail.html", {
        "place": place, "region": region_label(place.region), "population": pop, "on": on, "persons": persons,
        "on_form": on_form,
        "by_status": _labelled(pop.by_status, Status.choices), "by_category": _labelled(pop.by_category,
                                                                                         Category.choices),
        "by_citizenship": list(pop.by_citizenship.items()),
        "former": _labelled(pop.former_by_status, Status.choices),
        "visits": visits(request.user, VisitFilters(place_id=place.pk))[:20],
        "detachments": place.detachments.order_by("name")})


@policy("places.write")
def place_create(request):
    def create(data):
        place = services.create_place(actor=request.user, **_values(data))
        return redirect("places:detail", place_id=place.pk)

    return form_page(request, PlaceForm(request.POST or None), "polon/places/form.html", create,
                     success=_("Place of internment recorded."), context={"creating": True})


def _values(data: dict) -> dict:
    values = dict(data)
    values["aliases"] = (values.get("aliases") or "").splitlines()
    return values


@policy("places.write")
def place_edit(request, place_id: int):
    place = selectors.get_place(request.user, place_id)

    def save(data):
        services.update_place(actor=request.user, place_id=place.pk, **_values(data))
        return redirect("places:detail", place_id=place.pk)

    return form_page(request, PlaceForm(request.POST or None, place=place), "polon/places/form.html", save,
                     success=_("Changes saved."), context={"place": place, "creating": False})


@policy("places.read")
def places_document(request):
    """The Art. 23 document: the list of places and their locations, as PDF."""
    form = PlacesDocumentForm(request.GET)
    if not form.is_valid():
        return render(request, "polon/places/document.html", {"document_form": form}, status=400)
    content = services.print_places_document(
        actor=request.user, recipient=form.cleaned_data["recipient"] or "",
        include_closed=form.cleaned_data["include_closed"], language=(get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(timezone.localdate())}"'
    return response


@policy("places.write")
def facilities(request):
    """What matching the free-text facilities would do (GET, writing nothing) or did (POST), and a form per
    unmatched text to assign it to a place."""
    apply = request.method == "POST" and ActionForm(request.POST).is_valid()
    report = services.match_facilities(actor=request.user, apply=apply)
    if report.applied:
        messages.success(request, _("%(n)d status events linked to their places.") % {"n": report.linked})
    return _facilities_page(request, report)


def _facilities_page(request, report, *, refused: AssignFacilityForm | None = None, status: int = 200):
    names = dict((p.pk, p.name) for p in selectors.places(request.user))
    unmatched = [(row, refused if refused is not None and refused.data.get("text") == row["text"]
                  else AssignFacilityForm(initial={"text": row["text"]},
                                          auto_id=f"assign{i}-%s")) for i, row in enumerate(report.unmatched)]
    return render(request, "polon/places/facilities.html", {
        "report": report, "matched": [(row, names.get(row["place"], row["place"])) for row in report.matched],
        "unmatched": unmatched}, status=status)


@require_POST
@policy("places.write")
def facility_assign(request):
    form = AssignFacilityForm(request.POST)
    if form.is_valid():
        try:
            report = services.assign_facility_text(actor=request.user, text=form.cleaned_data["text"],
                                                   place_id=form.cleaned_data["place"])
            messages.success(request, _("%(n)d status events linked to their places.") % {"n": report.linked})
            return redirect("places:facilities")
        except USER_ERRORS as exc:
            attach_errors(form, exc)
    return _facilities_page(request, services.match_facilities(actor=request.user, apply=False), refused=form,
                            status=400)
