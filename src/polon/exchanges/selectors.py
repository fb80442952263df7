"""Scoped reads of exchange rounds. A round itself (dates, mediator, formula) is no one's personal data;
every entry and every reconciled line is, and is filtered by the person it names."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import person_scope, scope_via_person, sees_unlinked, visible_or_not_found
from polon.accounts.models import User
from polon.core.errors import NotFound
from polon.exchanges.models import EntryStatus, ExchangeRound, ListRow, RoundEntry
from polon.registry.models import Person


def rounds(user: User | None) -> QuerySet[ExchangeRound]:
    if user is None or not user.is_authenticated:
        return ExchangeRound.objects.none()
    visible_entries = Q(entries__person__in=person_scope(user, Person.objects.all()).values("pk"))
    return ExchangeRound.objects.annotate(
        entry_count=Count("entries", filter=visible_entries, distinct=True),
        exchanged_count=Count("entries", filter=visible_entries & Q(entries__status=EntryStatus.EXCHANGED),
                              distinct=True),
    ).order_by("-number")


def get_round(user: User | None, round_id: int | str) -> ExchangeRound:
    return visible_or_not_found(rounds(user), round_id, _("exchange round"))


def get_round_by_number(user: User | None, number: int | str) -> ExchangeRound:
    # Looked up by its number, not its primary key, so not through visible_or_not_found.
    try:
        return rounds(user).get(number=number)
    except (ExchangeRound.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("exchange round"), "id": number}) from None


def entries(user: User | None, round_id: int | None = None) -> QuerySet[RoundEntry]:
    qs = scope_via_person(user, RoundEntry.objects.all())
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    return qs.select_related("person", "round").prefetch_related("person__names", "person__citizenships") \
        .order_by("round__number", "side", "id")


def list_rows(user: User | None) -> QuerySet[ListRow]:
    """Lines tied to a person in scope, plus unmatched lines for the roles that see everyone."""
    visible = Q(person__in=person_scope(user, Person.objects.all()).values("pk"))
    if sees_unlinked(user):
        visible |= Q(person__isnull=True)
    return ListRow.objects.filter(visible).select_related("person")


def rows_for_round(user: User | None, round_id: int, side: str | None = None) -> list[ListRow]:
    qs = list_rows(user).filter(round_id=round_id)
    if side:
        qs = qs.filter(side=side)
    rows = list(qs.prefetch_related("person__names").order_by("side", "line"))
    candidate_ids = {c["person_id"] for row in rows for c in row.candidates}
    allowed = set(person_scope(user, Person.objects.filter(pk__in=candidate_ids)).values_list("pk", flat=True))
    for row in rows:
        # Never show a candidate the reader may not see, even by name on someone else's line.
        row.candidates = [c for c in row.candidates if c["person_id"] in allowed]
    return rows
