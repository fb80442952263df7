"""The obligation clock for one user: every provider's open duties, in his scope, sorted by due date."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

from polon.access.scope import person_scope
from polon.accounts.models import User
from polon.core.duties import RULES, Duty, Rule, soon_days
from polon.core.errors import ValidationFailed
from polon.duties import providers
from polon.registry.models import Person

log = logging.getLogger(__name__)


# The days the clock may be read for ("as of"): the years a partial date may name (core.partial_dates).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def check_day(day: date | None) -> date | None:
    """``day`` if the clock may be read for it; ValidationFailed (field ``on``) otherwise."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationFailed({"on": gettext("the day must fall between %(first)s and %(last)s") % {
            "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}})
    return day


def today() -> date:
    """The day the clock reads (tests replace it to freeze the date)."""
    return timezone.localdate()


@dataclass(frozen=True)
class KindCount:
    """One row of the clock's summary: a kind of duty, its rule, and how many are overdue, due soon or later."""

    kind: str
    rule: Rule
    overdue: int = 0
    due_soon: int = 0
    later: int = 0

    @property
    def title(self) -> str | Promise:
        return self.rule.title

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.later


@dataclass
class Clock:
    """The open duties ``user`` sees on ``today``, sorted by due date (the most overdue first)."""

    today: date
    soon: int
    duties: list[Duty]
    # Providers that failed (their module names): the rest of the clock is still shown, and the failure logged.
    failed: list[str] = field(default_factory=list)

    def status(self, duty: Duty) -> str:
        return duty.status(self.today, self.soon)

    @property
    def overdue(self) -> list[Duty]:
        return [d for d in self.duties if self.status(d) == "overdue"]

    @property
    def due_soon(self) -> list[Duty]:
        return [d for d in self.duties if self.status(d) == "due_soon"]

    @property
    def later(self) -> list[Duty]:
        return [d for d in self.duties if self.status(d) == "open"]

    def counts(self) -> list[KindCount]:
        """One row per rule (in the order of RULES), with the number of its duties in each state."""
        tally: dict[str, dict[str, int]] = {kind: {"overdue": 0, "due_soon": 0, "open": 0} for kind in RULES}
        for duty in self.duties:
            tally.setdefault(duty.kind, {"overdue": 0, "due_soon": 0, "open": 0})[self.status(duty)] += 1
        return [KindCount(kind=kind, rule=RULES[kind], overdue=n["overdue"], due_soon=n["due_soon"],
                          later=n["open"]) for kind, n in tally.items() if kind in RULES]


def _in_scope(user: User, duties: list[Duty]) -> list[Duty]:
    """Drop any duty about a person outside ``user``'s scope (providers scope their queries; this is a second
    line)."""
    ids = {d.person_id for d in duties if d.person_id is not None}
    if not ids:
        return duties
    visible = set(person_scope(user, Person.objects.filter(pk__in=sorted(ids))).values_list("pk", flat=True))
    return [d for d in duties if d.person_id is None or d.person_id in visible]


def clock(user: User, *, on: date | None = None, kinds: Iterable[str] = (), overdue_only: bool = False,
          soon: int | None = None) -> Clock:
    """The open duties ``user`` sees as of ``on`` (default: today), of ``kinds`` (default: all), sorted by due
    date then kind; ``overdue_only`` keeps those past their due date."""
    day = check_day(on) or today()
    wanted = set(kinds)
    collected: list[Duty] = []
    failed: list[str] = []
    for name, provider in providers.PROVIDERS:
        try:
            found = providers.call(provider, user=user, today=day)
        except Exception:  # one app's fault must not hide every other duty from the registrar
            log.exception("duties provider %s failed", name)
            failed.append(name)
            continue
        collected.extend(d for d in found if d.done is None and (not wanted or d.kind in wanted))
    duties = _in_scope(user, collected)
    if overdue_only:
        duties = [d for d in duties if d.is_overdue(day)]
    duties.sort(key=lambda d: (d.due, list(RULES).index(d.kind) if d.kind in RULES else len(RULES), d.subject,
                               d.key))
    return Clock(today=day, soon=soon_days() if soon is None else soon, duties=duties, failed=failed)


def rules() -> list[Rule]:
    """The due-date rules as they apply now (the days after each POLON_* setting)."""
    return list(RULES.values())


def duty_url(duty: Duty) -> str:
    """The path of the page where ``duty`` is done (or its record), "" if it names none."""
    if not duty.url_name:
        return ""
    try:
        return reverse(duty.url_name, args=duty.url_args)
    except NoReverseMatch:
        log.warning("duty %s names an unknown page %s", duty.kind, duty.url_name)
        return ""


def duty_data(clock: Clock, duty: Duty) -> dict[str, Any]:
    """One duty as the API and the command line give it (the title and the anchor's name in the active
    language)."""
    known = RULES.get(duty.kind)
    return {
        "kind": duty.kind, "article": duty.article, "title": str(duty.title), "subject": duty.subject,
        "due": duty.due.isoformat(), "status": clock.status(duty), "days_left": duty.days_left(clock.today),
        "anchor": duty.anchor.isoformat() if duty.anchor else None,
        "anchor_label": str(known.anchor) if known else "", "person_id": duty.person_id, "url": duty_url(duty),
        "key": duty.key, "detail": duty.detail,
    }


def rule_data(item: Rule) -> dict[str, Any]:
    return {"kind": item.kind, "article": item.article, "title": str(item.title), "days": item.effective_days(),
            "default_days": item.days, "anchor": str(item.anchor), "setting": item.setting, "text": str(item.text)}
