"""The dashboard's figures, all from scoped selectors, drawn as server-side SVG."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import cast

from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from polon.core.countries import country_name
from polon.enquiries.models import Enquiry, EnquiryStatus
from polon.enquiries.selectors import enquiries
from polon.exchanges.models import EntryStatus, ExchangeRound, Side
from polon.exchanges.selectors import entries
from polon.exports.charts import PALETTE, bar_chart, column_chart
from polon.registry import selectors as registry_selectors
from polon.registry.choices import Category, Status

# gettext_lazy by its own name: the catalogs' extraction (tools/update_catalogs.py) reads that, not an alias.
AGE_BUCKETS = ((7, gettext_lazy("≤ 7 days")), (30, gettext_lazy("8–30 days")), (90, gettext_lazy("31–90 days")),
               (365, gettext_lazy("91–365 days")), (None, gettext_lazy("> 1 year")))


@dataclass(frozen=True)
class Chart:
    """One figure of the dashboard: its title (printed once, as the caption), the SVG and the same numbers as a
    table (headers and rows) for those who cannot see the drawing."""

    title: str
    svg: SafeString
    headers: tuple[str, str]
    rows: list[tuple[str, int]]
    countries: tuple[str, ...] = ()  # the country code of each row, where the rows are states (dossier links)

    @property
    def table(self) -> list[tuple[str, int, str]]:
        codes = self.countries or ("",) * len(self.rows)
        return [(label, n, code) for (label, n), code in zip(self.rows, codes, strict=True)]


@dataclass
class Dashboard:
    by_status: list[tuple[str, int]]
    by_citizenship: list[tuple[str, int]]
    exchanges: list[tuple[str, int]]  # every month from the first exchange to the last, both directions
    enquiry_ages: list[tuple[str, int]]
    total: int
    # Prisoners of war we hold and our own nationals the adversary holds are never added up together.
    held_by_status: list[tuple[str, int]] = field(default_factory=list)
    own_by_status: list[tuple[str, int]] = field(default_factory=list)
    handed_over: list[tuple[str, int]] = field(default_factory=list)  # per month: POWs we handed over
    received: list[tuple[str, int]] = field(default_factory=list)  # per month: our own servicemen returned

    @property
    def charts(self) -> list[Chart]:
        status, persons, month = _("Status"), _("Persons"), _("Month")

        def bars(title: str, rows: list[tuple[str, int]], first: str, color: str = PALETTE[0]) -> Chart:
            return Chart(title, bar_chart(rows, title=title, color=color, show_title=False), (first, persons),
                         rows)

        def columns(title: str, rows: list[tuple[str, int]], color: str) -> Chart:
            return Chart(title, column_chart(rows, title=title, color=color, y_label=persons, show_title=False),
                         (month, persons), rows)

        return [
            bars(_("Prisoners of war held by us, by status"), self.held_by_status, status),
            bars(_("Our own nationals held by the adversary, by status"), self.own_by_status, status, PALETTE[4]),
            columns(_("Prisoners of war we handed over, per month"), self.handed_over, PALETTE[1]),
            columns(_("Our own nationals returned to us, per month"), self.received, PALETTE[2]),
            self._citizenships(),
            bars(_("Open enquiries by age"), self.enquiry_ages, _("Age"), PALETTE[3]),
        ]

    def _citizenships(self) -> Chart:
        """Persons per state, each by its name in the user's language (its dossier a link in the table)."""
        title, language = _("Persons by citizenship"), get_language() or "en"
        rows = [(country_name(code, language[:2]), n) for code, n in self.by_citizenship]
        return Chart(title, bar_chart(rows, title=title, color=PALETTE[5], show_title=False),
                     (_("Citizenship"), _("Persons")), rows, tuple(code for code, _n in self.by_citizenship))


def months(per_month: dict[str, int]) -> list[tuple[str, int]]:
    """Every month from the first to the last one in ``per_month`` (YYYY-MM), those without any at zero; rounds
    whose date is not known come last, as "date unknown"."""
    known = sorted(m for m in per_month if len(m) == 7 and m[4] == "-")
    rows: list[tuple[str, int]] = []
    if known:
        year, month = int(known[0][:4]), int(known[0][5:])
        while f"{year:04d}-{month:02d}" <= known[-1]:
            key = f"{year:04d}-{month:02d}"
            rows.append((key, per_month.get(key, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    unknown = sum(n for m, n in per_month.items() if m not in known)
    if unknown:
        rows.append((str(_("date unknown")), unknown))
    return rows


def _by_status(persons) -> list[tuple[str, int]]:
    counts = registry_selectors.count_by_status(persons)
    return [(str(Status(s).label), counts[s]) for s in Status.values if counts.get(s)]


def dashboard(user) -> Dashboard:
    visible = registry_selectors.visible_persons(user)
    statuses = registry_selectors.count_by_status(visible)
    by_status = [(str(Status(s).label), statuses[s]) for s in Status.values if statuses.get(s)]
    citizenships = registry_selectors.count_by_citizenship(user)
    by_citizenship = sorted(citizenships.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    # Counted in SQL: one row per round and list, not one per person exchanged.
    per_side: dict[str, dict[str, int]] = {Side.HAND_OVER: defaultdict(int), Side.RECEIVE: defaultdict(int)}
    total: dict[str, int] = defaultdict(int)
    exchanged = entries(user).filter(status=EntryStatus.EXCHANGED).order_by().values("round_id", "side")
    per_round = list(exchanged.annotate(n=Count("id")).values_list("round_id", "side", "n"))
    dates = dict(ExchangeRound.objects.filter(pk__in={r for r, _side, _n in per_round}).values_list(
        "pk", "executed_on"))
    for round_id, side, n in per_round:
        month = (dates.get(round_id) or "?")[:7]
        per_side[side][month] += n
        total[month] += n
    span = set(total)
    today = timezone.localdate()
    ages: Counter[str] = Counter()
    open_enquiries = enquiries(user).exclude(status=EnquiryStatus.CLOSED).select_related(None)
    for received_on, closed_on in open_enquiries.values_list("received_on", "closed_on"):
        # Enquiry.days_open on the two dates it reads, without building a model instance per enquiry.
        days = Enquiry.days_open(cast(Enquiry, SimpleNamespace(received_on=received_on, closed_on=closed_on)), today)
        label = next(str(label) for limit, label in AGE_BUCKETS if limit is None or days <= limit)
        ages[label] += 1
    return Dashboard(
        by_status=by_status, by_citizenship=by_citizenship, exchanges=months(total),
        enquiry_ages=[(str(label), ages[str(label)]) for _limit, label in AGE_BUCKETS], total=sum(statuses.values()),
        held_by_status=_by_status(visible.filter(category=Category.POW)),
        own_by_status=_by_status(visible.filter(category=Category.OWN_HELD)),
        # Both series over the same months, so the two charts line up.
        handed_over=months({m: per_side[Side.HAND_OVER].get(m, 0) for m in span}),
        received=months({m: per_side[Side.RECEIVE].get(m, 0) for m in span}))
