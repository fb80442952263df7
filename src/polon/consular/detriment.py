"""The "may be detrimental to him" rule: why sending a person's data to a state, or to anyone acting for or
forwarding to a state, may harm him.

One rule for every way person data leaves for a state: a transmission whose recipient names a state (the state
itself, the Protecting Power acting for it, the Central Tracing Agency forwarding to it), and an export addressed
to a state's body or made on its behalf (exports.services). The state is always a structured country code chosen
by the sender, never read out of a free-text recipient.

A person is flagged when the state prosecutes its citizens who fought in a foreign armed force, or criminalises
fighting abroad (consular.legal_notes), when he is restricted (an objection or a risk to him recorded on his
record), or when he objected to his data being sent (to anyone, or to his state). Flagged persons are sent only
with an explicit reason, which the caller records in the audit log with the persons it let through.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from polon.consular.legal_notes import describe
from polon.consular.models import Objection
from polon.core.countries import country_label
from polon.registry.models import Person


def _legal(citizenships: set[str], country: str) -> list[str]:
    notes = describe(country)
    if not notes:
        return []
    if country in citizenships:
        return [_("may be detrimental to him: %(country)s prosecutes its citizens who fought in a foreign armed "
                  "force (%(notes)s)") % {"country": country_label(country), "notes": notes}]
    return [_("may be detrimental to him: %(country)s criminalises fighting abroad (%(notes)s)")
            % {"country": country_label(country), "notes": notes}]


def _objected(objection: Objection) -> str:
    said = f": “{objection.statement}”" if objection.statement else ""
    text = (_("he objected on %(date)s to his data being sent %(scope)s") if objection.date
            else _("he objected to his data being sent %(scope)s"))
    return text % {"date": objection.date, "scope": objection.get_scope_display().lower()} + said


def warnings_for(person: Person, country: str, *, objections: Sequence[Objection] | None = None,
                 to_state: bool = False) -> list[str]:
    """Why sending `person`'s data may harm him, when it goes to `country` (a code; empty: no state named);
    empty when nothing is known. ``to_state``: the recipient is his state of citizenship as such (an objection to
    his state is honoured even when no country was given). ``objections``: his objections not withdrawn, when
    the caller read them for many persons at once."""
    country = (country or "").upper()
    warnings: list[str] = []
    if country:
        warnings += _legal({c.country for c in person.citizenships.all()}, country)
        if person.restricted:
            warnings.append(_("his record is restricted (an objection or a risk to him): his data does not go to "
                              "%(country)s without a reason") % {"country": country_label(country)})
    if objections is None:
        objections = list(person.objections.filter(withdrawn=False).order_by("id"))
    names_a_state = bool(country) or to_state
    for objection in objections:
        if objection.scope == Objection.Scope.ALL or names_a_state:
            warnings.append(_objected(objection))
    return warnings


def warnings_by_person(persons: Iterable[Person], country: str) -> dict[int, list[str]]:
    """``warnings_for`` of many persons going to one state (their citizenships prefetched), with their objections
    read in one query: {person id: warnings} for the flagged persons only."""
    persons = list(persons)
    objections: dict[int, list[Objection]] = defaultdict(list)
    for objection in Objection.objects.filter(person_id__in=[p.pk for p in persons], withdrawn=False).order_by("id"):
        objections[objection.person_id].append(objection)
    flagged = {}
    for person in persons:
        found = warnings_for(person, country, objections=objections.get(person.pk, []))
        if found:
            flagged[person.pk] = found
    return flagged
