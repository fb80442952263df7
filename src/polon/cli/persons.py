"""person add|show|list, event add."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext

from polon.cli.common import CommandError, acting_user, add_command, add_text_options, emit, options
from polon.core.errors import ValidationFailed


def register(commands) -> None:
    p = commands.add_parser("person", help="record and read persons")
    sub = p.add_subparsers(dest="person_command", required=True)

    a = add_command(sub, "add", person_add, "record a person (the first --name is primary)")
    a.add_argument("--name", action="append", default=[], help="a spelling as written; repeatable")
    a.add_argument("--category", help="pow, own_held, civilian or missing")
    a.add_argument("--citizenship", action="append", default=[],
                   help="CC or CC:provenance (self_declared, document, confirmed); repeatable")
    a.add_argument("--sex", default="unknown")
    add_text_options(a, "--birth-date", "--birth-place", "--rank", "--army", "--service-number",
                     "--internment-number", "--unit", "--power-depended", "--father-first-name", "--notes")
    a.add_argument("--from-json", metavar="FILE", help="read the person from a JSON file (API format)")

    add_command(sub, "show", person_show, "one person with names and timeline", json=True).add_argument(
        "person_id", type=int)
    add_command(sub, "list", person_list, "persons in your scope", filters=["--status", "--citizenship", "--category"],
                limit=100, json=True)

    e = commands.add_parser("event", help="status events")
    esub = e.add_subparsers(dest="event_command", required=True)
    ea = add_command(esub, "add", event_add, "add a status event to a person's timeline")
    ea.add_argument("person_id", type=int)
    ea.add_argument("--type", required=True)
    add_text_options(ea, "--date", "--place", "--facility", "--health")
    ea.add_argument("--confidence", default="preliminary")
    ea.add_argument("--note", default="")
    ea.add_argument("--corrects", type=int, default=None)
    ea.add_argument("--corrected-type", default="")
    ea.add_argument("--internment-place", type=int, default=None, help="the place of internment's record number")


def _load_json(path: str) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(gettext("%(file)s: cannot read: %(reason)s") % {"file": path, "reason": exc}) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(gettext("%(file)s: line %(line)s, column %(column)s: malformed JSON: %(reason)s")
                           % {"file": path, "line": exc.lineno, "column": exc.colno, "reason": exc.msg}) from None
    if not isinstance(data, dict):
        raise CommandError(gettext("%(file)s: expected one JSON object describing a person") % {"file": path})
    return data


def person_add(args) -> int:
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    actor = acting_user(args)
    if args.from_json:
        data = _load_json(args.from_json)
        try:
            names = [NameInput(**n) if isinstance(n, dict) else NameInput(text=str(n)) for n in data.pop("names", [])]
            citizenships = [CitizenshipInput(**c) if isinstance(c, dict) else CitizenshipInput(country=str(c))
                            for c in data.pop("citizenships", [])]
        except TypeError as exc:
            raise ValidationFailed({"names": gettext("%(file)s: %(error)s") % {"file": args.from_json, "error": exc}}) from None
        fields = data
    else:
        names = [NameInput(text=n) for n in args.name]
        citizenships = []
        for item in args.citizenship:
            country, _, provenance = item.partition(":")
            citizenships.append(CitizenshipInput(country=country, provenance=provenance or "self_declared"))
        fields = options(args, "category", "sex", "birth_date", "birth_place", "rank", "army", "service_number",
                         "internment_number", "unit", "power_depended", "father_first_name", "notes")
        if args.category is None:
            fields.pop("category")
    person = create_person(actor=actor, names=names, citizenships=citizenships, **fields)
    print(gettext("recorded person %(id)s: %(person)s") % {"id": person.pk, "person": person})
    return 0


def person_show(args) -> int:
    from polon.access import fields
    from polon.registry import selectors

    user = acting_user(args)
    person = selectors.get_person(user, args.person_id)
    timeline = selectors.timeline(person)
    data = {
        "id": person.pk, "version": person.version, "status": timeline.status, "category": person.category,
        "names": [{"text": n.text, "script": n.script, "primary": n.is_primary, "scheme": n.scheme}
                  for n in person.names.all()],
        "citizenships": [{"country": c.country, "provenance": c.provenance} for c in person.citizenships.all()],
        "birth_date": person.birth_date, "rank": person.rank, "service_number": person.service_number,
        "internment_number": person.internment_number,
        "power_depended": person.power_depended,
        "events": [{"id": e.pk, "type": e.type, "date": e.date, "place": e.place,
                    "conflict": e.pk in timeline.derivation.conflicts} for e in timeline.events],
    }
    # The sensitive fields, only for the roles that see them (access.fields); others get no such key.
    visible = {column: getattr(person, column) for column in ("informed_person_name", "informed_person_address",
                                                               "notes")}
    data.update({k: v for k, v in fields.person_values(user, visible).items() if v is not None})

    def lines():
        yield f"#{person.pk} {person}  [{timeline.status}]  {person.get_category_display()}"
        for n in data["names"]:
            yield f"  name: {n['text']} ({n['script']}{', primary' if n['primary'] else ''})"
        for c in data["citizenships"]:
            yield f"  citizenship: {c['country']} ({c['provenance']})"
        yield f"  born: {person.birth_date or '?'}  rank: {person.rank or '?'}  number: {person.service_number or '?'}"
        if person.internment_number:
            yield f"  prisoner number: {person.internment_number}"
        if data.get("informed_person_name") or data.get("informed_person_address"):
            informed = ", ".join(" ".join(str(data.get(k) or "").split())
                                 for k in ("informed_person_name", "informed_person_address") if data.get(k))
            yield f"  to be informed: {informed}"
        if data.get("notes"):
            yield f"  notes: {' '.join(data['notes'].split())}"
        for e in data["events"]:
            yield (f"  {e['date'] or '?':<10} {e['type']:<20} {e['place']}"
                   f"{'  (conflicting account)' if e['conflict'] else ''}")

    emit(args, data, lines)
    return 0


def person_list(args) -> int:
    from polon.audit import reads
    from polon.registry import selectors

    user = acting_user(args)
    persons = selectors.person_list(user, selectors.PersonFilters(
        status=args.status, citizenship=args.citizenship, category=args.category))[: args.limit]
    rows = [{"id": p.pk, "name": str(p), "status": p.status, "category": p.category,
             "citizenships": [c.country for c in p.citizenships.all()], "birth_date": p.birth_date} for p in persons]
    reads.persons_read(user, view="persons.list", channel="cli", person_ids=[row["id"] for row in rows],
                       query={"status": args.status, "citizenship": args.citizenship, "category": args.category,
                              "limit": args.limit})
    emit(args, rows, (f"{row['id']:>7}  {row['name']:<40} {row['status']:<14} {','.join(row['citizenships']):<8} "
                      f"{row['birth_date']}" for row in rows))
    return 0


def event_add(args) -> int:
    from polon.registry.services import add_event

    event = add_event(actor=acting_user(args), corrects_id=args.corrects,
                      internment_place_id=args.internment_place, **options(
        args, "person_id", "type", "date", "place", "facility", "health", "confidence", "note", "corrected_type"))
    print(gettext("added event %(id)s: %(type)s %(date)s") % {"id": event.pk, "type": event.type, "date": event.date})
    return 0
