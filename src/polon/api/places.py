"""Places of internment (GC III Arts. 22, 23, 56): the places with their populations (within the reader's
scope), recording and changing them, the Art. 23 document, and matching status events' free-text facility to
places with its report."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS, ERRORS_NO_CONFLICT, RecordId, file_answer
from polon.api.schemas.places import (
    AssignFacilityIn,
    EventPlaceIn,
    EventPlaceOut,
    FacilityReportOut,
    PlaceIn,
    PlaceOut,
    PlacePatch,
    PlacePopulationOut,
)
from polon.audit import reads
from polon.places import selectors, services
from polon.places.pdf import file_name
from polon.registry.population import Population, population, populations, present_persons

router = Router(tags=["places"])


def population_out(pop: Population) -> dict:
    return {"present": pop.count, "by_status": pop.by_status, "by_citizenship": pop.by_citizenship,
            "by_category": pop.by_category, "former_by_status": pop.former_by_status}


def place_out(place, pop: Population | None = None) -> dict:
    out = {"id": place.pk, "kind": place.kind, "name": place.name, "region": place.region, "address": place.address,
           "parent_id": place.parent_id, "capacity": place.capacity, "opened": place.opened, "closed": place.closed,
           "aliases": place.aliases, "notes": place.notes}
    if pop is not None:
        out["population"] = population_out(pop)
    return out


def report_out(report) -> dict:
    return {"applied": report.applied, "linked": report.linked, "matched": report.matched,
            "unmatched": report.unmatched}


@router.get("/places", response={200: list[PlaceOut], **ERRORS_NO_CONFLICT})
@operation_policy("places.read")
def list_places(request, kind: str = "", region: str = "", open_only: bool = False):
    """Every place (a `kind`, a `region` code, open ones only) with its population among the persons you see."""
    chosen = list(selectors.places(request.auth, selectors.PlaceFilters(kind=kind, region=region,
                                                                       open_only=open_only)))
    counts = populations(request.auth, [p.pk for p in chosen])
    return [place_out(p, counts.get(p.pk, Population(place_id=p.pk))) for p in chosen]


@router.post("/places", response={201: PlaceOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.write")
def create_place(request, payload: PlaceIn):
    """Record a place: kind camp, transit, hospital, labour or other; region an ISO 3166-2 code (UA-46)."""
    data = payload.dict()
    place = services.create_place(actor=request.auth, kind=data.pop("kind"), name=data.pop("name"),
                                  region=data.pop("region"), **data)
    return Status(201, place_out(place))


@router.get("/places/document.pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The list of places and their locations (GC III Art. 23)", "application/pdf"))
@operation_policy("places.read")
def places_document(request, recipient: str = "", include_closed: bool = False, lang: str = ""):
    """The Art. 23 document for the Protecting Power (`recipient`: its ISO 3166-1 code), in `lang` (uk or en)."""
    language = lang if lang in ("uk", "en") else (get_language() or "uk").split("-")[0]
    content = services.print_places_document(actor=request.auth, recipient=recipient, include_closed=include_closed,
                                             language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(timezone.localdate())}"'
    return response


@router.get("/places/facilities", response={200: FacilityReportOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.write")
def facilities_report(request):
    """What matching status events' free-text facility to places would do (writes nothing)."""
    return report_out(services.match_facilities(actor=request.auth, apply=False))


@router.post("/places/facilities", response={200: FacilityReportOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.write")
def match_facilities(request):
    """Link every status event whose facility text matches a place; the report lists what did not match."""
    return report_out(services.match_facilities(actor=request.auth))


@router.post("/places/facilities/assign", response={200: FacilityReportOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.write")
def assign_facility(request, payload: AssignFacilityIn):
    """Make an unmatched text another name of a place and link the events carrying it."""
    return report_out(services.assign_facility_text(actor=request.auth, text=payload.text,
                                                    place_id=payload.place_id))


@router.get("/places/{place_id}", response={200: PlaceOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.read")
def get_place(request, place_id: RecordId):
    place = selectors.get_place(request.auth, place_id)
    return place_out(place, population(request.auth, place.pk))


@router.patch("/places/{place_id}", response={200: PlaceOut, **ERRORS})
@operation_policy("places.write")
def update_place(request, place_id: RecordId, payload: PlacePatch):
    """Change fields of a place (close it by setting `closed`); only the fields given are changed."""
    place = services.update_place(actor=request.auth, place_id=place_id, **payload.dict(exclude_unset=True))
    return place_out(place)


@router.get("/places/{place_id}/population", response={200: PlacePopulationOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.read")
def place_population(request, place_id: RecordId, on: date | None = None):
    """The persons at the place (now, or on the date `on`) among those you see, and their counts."""
    place = selectors.get_place(request.auth, place_id)
    pop = population(request.auth, place.pk, on=on)
    persons = list(present_persons(request.auth, place.pk, on=on))
    reads.persons_read(request.auth, view="places.population", channel="api", person_ids=[p.pk for p in persons],
                       query={"place": place.pk, "on": on.isoformat() if on else ""})
    return {"place_id": place.pk, "on": on, "population": population_out(pop), "persons": [
        {"id": p.pk, "name": str(p), "status": p.status, "category": p.category,
         "citizenships": [c.country for c in p.citizenships.all()]} for p in persons]}


@router.put("/events/{event_id}/place", response={200: EventPlaceOut, **ERRORS_NO_CONFLICT})
@operation_policy("places.write")
def set_event_place(request, event_id: RecordId, payload: EventPlaceIn):
    """Link one status event to its place of internment by hand."""
    event = services.set_event_place(actor=request.auth, event_id=event_id, place_id=payload.place_id)
    return {"event_id": event.pk, "internment_place_id": event.internment_place_id}
