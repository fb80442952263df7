"""The dashboard's figures, all from scoped selectors, drawn as server-side SVG."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import cast

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from polon.enquiries.models import Enquiry, EnquiryStatus
from polon.enquiries.selectors import enquiries
from polon.exchanges.models import EntryStatus, ExchangeRound
from polon.exchanges.selectors import entries
from polon.exports.charts import PALETTE, bar_chart, column_chart
from polon.registry import selectors as registry_selectors
from polon.registry.choices import Status

AGE_BUCKETS = ((7, _l("≤ 7 days")), (30, _l("8–30 days")), (90, _l("31–90 days")), (365, _l("91–365 days")),
               (None, _l("> 1 year")))


@dataclass
class Dashboard:
    by_status: list[tuple[str, int]]
    by_citizenship: list[tuple[str, int]]
    exchanges: list[tuple[str, int]]
    enquiry_ages: list[tuple[str, int]]
    total: int

    @property
    def charts(self) -> dict:
        return {
            "status": bar_chart(self.by_status, title=_("Persons by status")),
            "citizenship": bar_chart(self.by_citizenship, title=_("Persons by citizenship"), color=PALETTE[2]),
            "exchanges": column_chart(self.exchanges, title=_("Persons exchanged per month")),
            "enquiries": bar_chart(self.enquiry_ages, title=_("Open enquiries by age"), color=PALETTE[3]),
        }


def dashboard(user) -> Dashboard:
    statuses = registry_selectors.count_by_status(registry_selectors.visible_persons(user))
    by_status = [(str(Status(s).label), statuses[s]) for s in Status.values if statuses.get(s)]
    citizenships = registry_selectors.count_by_citizenship(user)
    by_citizenship = sorted(citizenships.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    # Counted in SQL: one row per round, not one per person exchanged.
    per_month: dict[str, int] = defaultdict(int)
    exchanged = entries(user).filter(status=EntryStatus.EXCHANGED).order_by().values("round_id")
    per_round = dict(exchanged.annotate(n=Count("id")).values_list("round_id", "n"))
    for round_id, executed_on in ExchangeRound.objects.filter(pk__in=list(per_round)).values_list("pk",
                                                                                                 "executed_on"):
        per_month[(executed_on or "?")[:7]] += per_round[round_id]
    today = timezone.localdate()
    ages: Counter[str] = Counter()
    open_enquiries = enquiries(user).exclude(status=EnquiryStatus.CLOSED).select_related(None)
    for received_on, closed_on in open_enquiries.values_list("received_on", "closed_on"):
        # Enquiry.days_open on the two dates it reads, without building a model instance per enquiry.
        days = Enquiry.days_open(cast(Enquiry, SimpleNamespace(received_on=received_on, closed_on=closed_on)), today)
        label = next(str(label) for limit, label in AGE_BUCKETS if limit is None or days <= limit)
        ages[label] += 1
    return Dashboard(
        by_status=by_status, by_citizenship=by_citizenship, exchanges=sorted(per_month.items()),
        enquiry_ages=[(str(label), ages[str(label)]) for _limit, label in AGE_BUCKETS], total=sum(statuses.values()))
