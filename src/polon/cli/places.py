"""`polon places …`: places of internment (GC III Arts. 22, 23, 56), their populations, the Art. 23 document,
and matching the free-text facility of status events to places."""

from __future__ import annotations

from pathlib import Path

from polon.cli.common import CommandError, acting_user, add_command, add_text_options, emit, gettext


def register(commands) -> None:
    p = commands.add_parser("places", help="places of internment (camps, transit points, hospitals, detachments)")
    sub = p.add_subparsers(dest="places_command", required=True)

    listing = add_command(sub, "list", place_list, "places with their population (persons in your scope)",
                          filters=["--kind", "--region"], json=True)
    listing.add_argument("--open", dest="open_only", action="store_true", help="open places only")

    show = add_command(sub, "show", place_show, "one place: its population by status, citizenship and category",
                       json=True)
    show.add_argument("place_id", type=int)
    show.add_argument("--on", default="", help="the population as it stood on this date (YYYY-MM-DD)")
    show.add_argument("--persons", action="store_true", help="list the persons there too")

    create = add_command(sub, "create", place_create, "record a place of internment", json=True)
    create.add_argument("--kind", required=True, help="camp, transit, hospital, labour or other")
    create.add_argument("--name", required=True)
    create.add_argument("--region", required=True, help="ISO 3166-2 code, such as UA-46")
    add_text_options(create, "--address", "--opened", "--closed", "--notes")
    create.add_argument("--capacity", type=int, default=None)
    create.add_argument("--parent", dest="parent_id", type=int, default=None,
                        help="the camp a labour detachment depends on (its record number)")
    create.add_argument("--alias", dest="aliases", action="append", default=[],
                        help="another name of the place (repeatable)")

    update = add_command(sub, "update", place_update, "change a place (close it with --closed DATE)", json=True)
    update.add_argument("place_id", type=int)
    for option in ("--kind", "--name", "--region", "--address", "--opened", "--closed", "--notes"):
        update.add_argument(option, default=None)
    update.add_argument("--capacity", type=int, default=None)
    update.add_argument("--parent", dest="parent_id", type=int, default=None)
    update.add_argument("--alias", dest="aliases", action="append", default=None)

    match = add_command(sub, "match-facilities", match_facilities,
                        "match status events' free-text facility to places and report what did not match", json=True)
    match.add_argument("--dry-run", action="store_true", help="report only; link nothing")

    assign = add_command(sub, "assign-facility", assign_facility,
                         "make an unmatched facility text another name of a place and link its events", json=True)
    assign.add_argument("text")
    assign.add_argument("place_id", type=int)

    doc = add_command(sub, "document", place_document, "the list of places and their locations as PDF (Art. 23)")
    doc.add_argument("--output", "-o", required=True, help="the PDF file to write")
    doc.add_argument("--recipient", default="", help="the Protecting Power (ISO 3166-1 code)")
    doc.add_argument("--include-closed", action="store_true")
    doc.add_argument("--language", default="uk", choices=["uk", "en"])


def _place_data(place, population=None) -> dict:
    data = {"id": place.pk, "kind": place.kind, "name": place.name, "region": place.region,
            "address": place.address, "parent_id": place.parent_id, "capacity": place.capacity,
            "opened": place.opened, "closed": place.closed, "aliases": place.aliases}
    if population is not None:
        data["population"] = {"present": population.count, "by_status": population.by_status,
                              "by_citizenship": population.by_citizenship, "by_category": population.by_category,
                              "former_by_status": population.former_by_status}
    return data


def place_list(args) -> int:
    from polon.places.selectors import PlaceFilters, places
    from polon.registry.population import Population, populations

    user = acting_user(args)
    chosen = list(places(user, PlaceFilters(kind=args.kind, region=args.region, open_only=args.open_only)))
    counts = populations(user, [p.pk for p in chosen])
    data = [_place_data(p, counts.get(p.pk, Population(place_id=p.pk))) for p in chosen]
    emit(args, data, (f"{d['id']:>5}  {d['kind']:<9} {d['region']:<7} {d['population']['present']:>6}"
                      f"{'/' + str(d['capacity']) if d['capacity'] else '':<7}  {d['name']}"
                      f"{'  ' + gettext('closed %(date)s') % {'date': d['closed']} if d['closed'] else ''}"
                      for d in data))
    return 0


def _date(value: str, option: str):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(gettext("%(option)s takes a date (YYYY-MM-DD), not '%(value)s'")
                           % {"option": option, "value": value}) from None


def place_show(args) -> int:
    from polon.audit import reads
    from polon.places.selectors import get_place
    from polon.registry.population import population, present_persons

    user = acting_user(args)
    place = get_place(user, args.place_id)
    on = _date(args.on, "--on")
    pop = population(user, place.pk, on=on)
    data = _place_data(place, pop)
    if args.persons:
        persons = list(present_persons(user, place.pk, on=on))
        data["persons"] = [{"id": p.pk, "name": str(p), "status": p.status, "category": p.category,
                            "citizenships": [c.country for c in p.citizenships.all()]} for p in persons]
        reads.persons_read(user, view="places.population", channel="cli", person_ids=[p.pk for p in persons],
                           query={"place": place.pk, "on": args.on})

    def lines():
        yield f"{place.pk}  {place.name}  [{place.kind}]  {place.region}  {place.address}"
        yield gettext("present: %(n)d") % {"n": pop.count} + (f" / {place.capacity}" if place.capacity else "")
        for title, counts in ((gettext("by status"), pop.by_status), (gettext("by citizenship"), pop.by_citizenship),
                              (gettext("by category"), pop.by_category),
                              (gettext("formerly here, by status now"), pop.former_by_status)):
            yield f"  {title}: " + (", ".join(f"{k or '—'} {v}" for k, v in counts.items()) or "—")
        for person in data.get("persons", []):
            yield f"  #{person['id']:<6} {person['status']:<13} {','.join(person['citizenships']):<6} {person['name']}"

    emit(args, data, lines)
    return 0


def _fields(args, names) -> dict:
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def place_create(args) -> int:
    from polon.places.services import create_place

    place = create_place(actor=acting_user(args), **_fields(args, (
        "kind", "name", "region", "address", "opened", "closed", "notes", "capacity", "parent_id", "aliases")))
    emit(args, _place_data(place), [gettext("recorded place %(id)s: %(name)s") % {"id": place.pk, "name": place.name}])
    return 0


def place_update(args) -> int:
    from polon.places.services import update_place

    place = update_place(actor=acting_user(args), place_id=args.place_id, **_fields(args, (
        "kind", "name", "region", "address", "opened", "closed", "notes", "capacity", "parent_id", "aliases")))
    emit(args, _place_data(place), [gettext("place %(id)s saved") % {"id": place.pk}])
    return 0


def _report_lines(report):
    from polon.places.models import Place

    names = dict(Place.objects.values_list("pk", "name"))
    if report.applied:
        yield gettext("linked %(n)d status events to their places") % {"n": report.linked}
    else:
        yield gettext("dry run: nothing was linked")
    yield gettext("matched (%(n)d texts):") % {"n": len(report.matched)}
    for row in report.matched:
        yield f"  {row['events']:>6}  {row['text']}  → {names.get(row['place'], row['place'])} [{row['how']}]"
    yield gettext("not matched (%(n)d texts, %(e)d events):") % {"n": len(report.unmatched),
                                                                   "e": report.unmatched_events}
    for row in report.unmatched:
        also = (" " + gettext("(several places: %(ids)s)") % {"ids": ", ".join(map(str, row["candidates"]))}
                if row["candidates"] else "")
        yield f"  {row['events']:>6}  {row['text']}{also}"


def _report_data(report) -> dict:
    return {"applied": report.applied, "linked": report.linked, "matched": report.matched,
            "unmatched": report.unmatched}


def match_facilities(args) -> int:
    from polon.places.services import match_facilities as match

    report = match(actor=acting_user(args), apply=not args.dry_run)
    emit(args, _report_data(report), lambda: _report_lines(report))
    return 0


def assign_facility(args) -> int:
    from polon.places.services import assign_facility_text

    report = assign_facility_text(actor=acting_user(args), text=args.text, place_id=args.place_id)
    emit(args, _report_data(report), lambda: _report_lines(report))
    return 0


def place_document(args) -> int:
    from polon.places.services import print_places_document

    content = print_places_document(actor=acting_user(args), recipient=args.recipient,
                                    include_closed=args.include_closed, language=args.language)
    Path(args.output).write_bytes(content)
    print(gettext("wrote %(path)s (%(size)d bytes)") % {"path": args.output, "size": len(content)})
    return 0
