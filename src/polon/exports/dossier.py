"""The dossier of one state: everything the bureau holds about its citizens (persons, exchange rounds that
released them, consular contacts, transmissions, enquiries, what happened after return), within the reader's
scope. It reads consular, exchanges and enquiries alike, so it sits here above them, next to the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from polon.access.scope import require_country
from polon.consular.legal_notes import notes_for
from polon.consular.selectors import after_return, contacts, proceedings, transmissions
from polon.core.batches import in_batches
from polon.core.countries import country_name
from polon.core.errors import NotFound
from polon.core.pages import ListPaginator
from polon.enquiries.selectors import enquiries
from polon.exchanges.models import EntryStatus, ExchangeRound
from polon.exchanges.selectors import entries
from polon.exports.charts import bar_chart, column_chart
from polon.registry import selectors as registry_selectors
from polon.registry.choices import Status
from polon.registry.models import PersonName

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass(frozen=True)
class ReleasedPerson:
    """A released citizen as a page lists him: his record number and primary name (shown as the name)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Dossier:
    country: str
    name: str
    persons: list[Any]  # the page shown, or all of them when no page was asked for
    by_status: list[tuple[str, int]]
    rounds: list[ExchangeRound]  # each with .released_count and .released (persons; on a page the first few)
    contacts: list[Any]
    transmissions: list[Any]
    enquiries: list[Any]
    after_return: list[Any]
    proceedings: list[Any]
    legal_notes: dict[str, Any] | None
    charts: dict[str, SafeString] = field(default_factory=dict)
    total: int = 0
    page: Page[Any] | None = None
    # Rows in each section; on a page a section shows its first SECTION_ROWS of them.
    totals: dict[str, int] = field(default_factory=dict)


PER_PAGE = 50
SECTION_ROWS = 20  # on a page: the newest transmissions, enquiries, after-return records and proceedings shown
NAMES_PER_ROUND = 20  # on a page: citizens named under each exchange round


def _section(rows: QuerySet[Any], paged: bool) -> tuple[list[Any], int]:
    """All rows and their number, or on a page the first SECTION_ROWS and the number of all."""
    if not paged:
        found = list(rows)
        return found, len(found)
    return list(rows[:SECTION_ROWS]), rows.count()


def _rounds(user: User | None, citizens: QuerySet[Any], paged: bool) -> list[ExchangeRound]:
    """Executed rounds that released citizens, each with .released_count and .released: the persons, or on a page
    the first NAMES_PER_ROUND of each round as ReleasedPerson (read with the entries, so the page stays short and
    quick whatever the numbers)."""
    released = entries(user).filter(person__in=citizens, status=EntryStatus.EXCHANGED)
    by_round: dict[int, list[Any]] = {}
    counts: dict[int, int] = {}
    if paged:
        # One read: the first NAMES_PER_ROUND entries of each round, each with the round's number of entries.
        first = list(released.order_by()
                     .annotate(nth=Window(RowNumber(), partition_by=[F("round_id")], order_by=F("id").asc()),
                               total=Window(Count("id"), partition_by=[F("round_id")]))
                     .filter(nth__lte=NAMES_PER_ROUND).values_list("round_id", "person_id", "total"))
        ids = sorted({person_id for _round, person_id, _total in first})
        names: dict[int, str] = {}
        for batch in in_batches(ids):
            names.update(PersonName.objects.filter(person_id__in=batch, is_primary=True)
                         .values_list("person_id", "text"))
        for round_id, person_id, total in first:
            by_round.setdefault(round_id, []).append(
                ReleasedPerson(person_id, names.get(person_id, _("person %(id)s") % {"id": person_id})))
            counts[round_id] = total
    else:
        for entry in released:
            by_round.setdefault(entry.round_id, []).append(entry.person)
        counts = {round_id: len(persons) for round_id, persons in by_round.items()}
    rounds = list(ExchangeRound.objects.filter(pk__in=list(counts)).order_by("executed_on", "number"))
    for r in rounds:
        r.released, r.released_count = by_round.get(r.pk, []), counts[r.pk]  # type: ignore[attr-defined]
    return rounds


def dossier(user: User | None, country: str, language: str = "en", *, page: int | str | None = None,
            per_page: int = PER_PAGE) -> Dossier:
    """Everything the bureau holds about one state's citizens, within the reader's scope.

    With `page` (the web page), `persons` is that page of the citizens and every other section is cut short
    (its first rows and their number); without, everything (exports). Counts come from GROUP BYs (the status
    is stored); each section selects its rows whose person is a citizen, never by a list of ids."""
    code = require_country(user, country)
    try:
        name = country_name(code, language)
    except ValueError:
        raise NotFound(_("country %(country)s not found") % {"country": country}) from None
    paged = page is not None
    citizens = registry_selectors.person_list(user, registry_selectors.PersonFilters(citizenship=code))
    counts = registry_selectors.count_by_status(citizens)
    by_status = [(str(Status(s).label), counts[s]) for s in Status.values if counts.get(s)]
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

    def of_citizens(rows: QuerySet[Any]) -> QuerySet[Any]:
        # Each row shows its person's name (.person_name), read with the row: a join with the persons would read
        # every citizen's person row before finding the few with rows in the section. Exports get the persons.
        rows = rows.filter(person__in=ids).select_related(None).annotate(person_name=Subquery(primary))
        return rows.prefetch_related(None) if paged else rows.prefetch_related("person__names")

    transmitted, n_transmitted = _section(of_citizens(transmissions(user)).order_by("-date", "-id"), paged)
    returned, n_returned = _section(of_citizens(after_return(user)), paged)
    proceeded, n_proceeded = _section(of_citizens(proceedings(user)), paged)
    asked, n_asked = _section(enquiries(user).filter(sought_country=code), paged)
    charts = {
        "status": bar_chart(by_status, title=_("%(country)s: citizens by status") % {"country": name}),
        "exchanges": column_chart(
            [(r.executed_on[:7] or f"#{r.number}", r.released_count) for r in rounds],  # type: ignore[attr-defined]
            title=_("%(country)s: citizens released per exchange") % {"country": name}),
    }
    return Dossier(
        country=code, name=name, persons=persons, by_status=by_status, rounds=rounds,
        contacts=list(contacts(user, code)), transmissions=transmitted, enquiries=asked, after_return=returned,
        proceedings=proceeded, legal_notes=notes_for(code), charts=charts, total=total, page=shown,
        totals={"transmissions": n_transmitted, "enquiries": n_asked, "after_return": n_returned,
                "proceedings": n_proceeded})
