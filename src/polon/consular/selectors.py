"""Scoped reads: contacts by state, transmissions and post-return records by person, and the dossier."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from polon.access.scope import country_scope, person_scope, require_country, scope_via_person
from polon.consular.legal_notes import notes_for
from polon.consular.models import AfterReturn, ConsularContact, Objection, Proceeding, Transmission
from polon.core.batches import in_batches
from polon.core.countries import country_name
from polon.core.errors import NotFound
from polon.core.pages import ListPaginator
from polon.registry import selectors as registry_selectors
from polon.registry.choices import Status
from polon.registry.models import Person, PersonName


def contacts(user, country: str = "") -> QuerySet[ConsularContact]:
    qs = country_scope(user, ConsularContact.objects.all())
    if country:
        qs = qs.filter(country=country.upper())
    visible = person_scope(user, Person.objects.all()).prefetch_related("names")
    return qs.prefetch_related("participants", "sources", Prefetch("persons", queryset=visible))


def get_contact(user, contact_id) -> ConsularContact:
    try:
        return contacts(user).get(pk=contact_id)
    except (ConsularContact.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"consular contact {contact_id} not found") from None


def transmissions(user) -> QuerySet[Transmission]:
    return scope_via_person(user, Transmission.objects.select_related("person", "created_by"))


def objections(user) -> QuerySet[Objection]:
    return scope_via_person(user, Objection.objects.select_related("person"))


def after_return(user) -> QuerySet[AfterReturn]:
    return scope_via_person(user, AfterReturn.objects.select_related("person").prefetch_related("sources"))


def proceedings(user) -> QuerySet[Proceeding]:
    return scope_via_person(user, Proceeding.objects.select_related("person").prefetch_related("sources"))


@dataclass
class Dossier:
    country: str
    name: str
    persons: list  # the page shown, or all of them when no page was asked for
    by_status: list[tuple[str, int]]
    rounds: list  # each with .released_count and .released (persons; on a page the names of the first few)
    contacts: list
    transmissions: list
    enquiries: list
    after_return: list
    proceedings: list
    legal_notes: dict | None
    charts: dict = field(default_factory=dict)
    total: int = 0
    page: Page | None = None
    # Rows in each section; on a page a section shows its first SECTION_ROWS of them.
    totals: dict = field(default_factory=dict)


PER_PAGE = 50
SECTION_ROWS = 20  # on a page: the newest transmissions, enquiries, after-return records and proceedings shown
NAMES_PER_ROUND = 20  # on a page: citizens named under each exchange round


def _section(rows: QuerySet, paged: bool) -> tuple[list, int]:
    """All rows and their number, or on a page the first SECTION_ROWS and the number of all."""
    if not paged:
        found = list(rows)
        return found, len(found)
    return list(rows[:SECTION_ROWS]), rows.count()


def _rounds(user, citizens: QuerySet, paged: bool) -> list:
    """Executed rounds that released citizens, each with .released_count and .released: the persons, or on a page
    the names of the first NAMES_PER_ROUND of each round (read with the entries, so the page stays short and
    quick whatever the numbers)."""
    from polon.exchanges.models import EntryStatus, ExchangeRound
    from polon.exchanges.selectors import entries

    released = entries(user).filter(person__in=citizens, status=EntryStatus.EXCHANGED)
    by_round: dict[int, list] = {}
    counts: dict[int, int] = {}
    if paged:
        # One read: the first NAMES_PER_ROUND entries of each round, each with the round's number of entries.
        in_round = {"partition_by": [F("round_id")]}
        first = list(released.order_by()
                     .annotate(nth=Window(RowNumber(), order_by=F("id").asc(), **in_round),
                               total=Window(Count("id"), **in_round))
                     .filter(nth__lte=NAMES_PER_ROUND).values_list("round_id", "person_id", "total"))
        ids = sorted({person_id for _, person_id, _ in first})
        names = {}
        for batch in in_batches(ids):
            names.update(PersonName.objects.filter(person_id__in=batch, is_primary=True)
                         .values_list("person_id", "text"))
        for round_id, person_id, total in first:
            by_round.setdefault(round_id, []).append(names.get(person_id, f"person {person_id}"))
            counts[round_id] = total
    else:
        for entry in released:
            by_round.setdefault(entry.round_id, []).append(entry.person)
        counts = {round_id: len(persons) for round_id, persons in by_round.items()}
    rounds = list(ExchangeRound.objects.filter(pk__in=list(counts)).order_by("executed_on", "number"))
    for r in rounds:
        r.released, r.released_count = by_round.get(r.pk, []), counts[r.pk]
    return rounds


def dossier(user, country: str, language: str = "en", *, page: int | str | None = None,
            per_page: int = PER_PAGE) -> Dossier:
    """Everything the bureau holds about one state's citizens, within the reader's scope.

    With `page` (the web page), `persons` is that page of the citizens and every other section is cut short
    (its first rows and their number); without, everything (exports). Counts come from GROUP BYs (the status
    is stored); each section selects its rows whose person is a citizen, never by a list of ids."""
    from polon.enquiries.selectors import enquiries
    from polon.exports.charts import bar_chart, column_chart

    code = require_country(user, country)
    try:
        name = country_name(code, language)
    except ValueError:
        raise NotFound(f"country {country} not found") from None
    paged = page is not None
    citizens = registry_selectors.person_list(user, registry_selectors.PersonFilters(citizenship=code))
    counts = registry_selectors.count_by_status(citizens)
    by_status = [(Status(s).label, counts[s]) for s in Status.values if counts.get(s)]
    total = sum(counts.values())
    shown = None
    if paged:
        shown = ListPaginator(citizens, per_page, count=total).get_page(page)
        persons = list(shown.object_list)
    else:
        persons = list(citizens)
    # Each section's selector applies the reader's scope; the citizens are a subquery, run from the index.
    ids = registry_selectors.citizens_of(code)
    rounds = _rounds(user, ids, paged)
    primary = PersonName.objects.filter(person=OuterRef("person_id"), is_primary=True).values("text")[:1]

    def of_citizens(rows: QuerySet) -> QuerySet:
        # Each row shows its person's name (.person_name), read with the row: a join with the persons would read
        # every citizen's person row before finding the few with rows in the section. Exports get the persons.
        rows = rows.filter(person__in=ids).select_related(None).annotate(person_name=Subquery(primary))
        return rows.prefetch_related(None) if paged else rows.prefetch_related("person__names")

    transmitted, n_transmitted = _section(of_citizens(transmissions(user)).order_by("-date", "-id"), paged)
    returned, n_returned = _section(of_citizens(after_return(user)), paged)
    proceeded, n_proceeded = _section(of_citizens(proceedings(user)), paged)
    asked, n_asked = _section(enquiries(user).filter(sought_country=code), paged)
    charts = {
        "status": bar_chart(by_status, title=f"{name}: citizens by status"),
        "exchanges": column_chart([(r.executed_on[:7] or f"#{r.number}", r.released_count) for r in rounds],
                                  title=f"{name}: citizens released per exchange"),
    }
    return Dossier(
        country=code, name=name, persons=persons, by_status=by_status, rounds=rounds,
        contacts=list(contacts(user, code)), transmissions=transmitted, enquiries=asked, after_return=returned,
        proceedings=proceeded, legal_notes=notes_for(code), charts=charts, total=total, page=shown,
        totals={"transmissions": n_transmitted, "enquiries": n_asked, "after_return": n_returned,
                "proceedings": n_proceeded})
