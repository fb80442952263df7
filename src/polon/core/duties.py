"""The GC III obligation clock's vocabulary: a `Duty` with a due date, and the due-date rules as data.

Contract for every app that owns a time-limited duty (places, deaths, effects, medical, proceedings, cta, …)
-------------------------------------------------------------------------------------------------------------
The app provides a module ``polon/<app>/duties.py`` with exactly this function::

    from datetime import date
    from polon.core.duties import Duty, rule

    def open_duties(*, user: User, today: date) -> list[Duty]:
        '''The duties of this app still open on `today`, within `user`'s scope.'''

- **Scoped**: start every query from ``polon.access.scope.person_scope(user)`` (or the app's scoped selectors),
  as every selector does; the collector (``polon.duties``) also drops any duty whose ``person_id`` is outside
  the user's scope, but that is a second line, not the first.
- **Open only**: return the duties not yet done (``done is None``). A provider may return duties done late or
  recently (``done`` set) only if it says so in its docstring; the clock shows only ``done is None`` by default.
- **Read-only and cheap**: no writes, no audit events (the collector records one bulk read for the page), a few
  queries per call (no query per person); it is called on every landing page of a registrar.
- **Due dates from the rules**: compute ``due`` with ``rule("<kind>").due_from(anchor)`` (below), never with a
  number written in the provider, so the days are configurable in one place and the article is cited once.
  A new kind goes into ``RULES`` here (a targeted one-line addition; tell the clock helper).
- **Kinds**: ``kind`` is ``"<app>.<what>"`` (e.g. ``"cta.information"``, ``"proceedings.trial_notice"``) and must
  be a key of ``RULES``.
- **Links**: ``url_name`` is a Django URL name of the web page where the duty is done (or the record it is
  about), with ``url_args``; leave it ``""`` if there is no page yet.
- Register the provider module in ``polon.duties.providers.PROVIDERS`` (the clock helper wires the ones
  that have landed).

The collector, the landing page, ``GET /api/duties`` and ``polon duties [--overdue]`` live in ``polon.duties``
and the channels; this module is in ``polon.core`` so every app, at any layer, can import it.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

# How many days before its due date an open duty counts as "due soon" (POLON_DUTIES_SOON_DAYS).
DEFAULT_SOON_DAYS = 3

Status = Literal["overdue", "due_soon", "open", "done"]


@dataclass(frozen=True)
class Rule:
    """A due-date rule: `days` after (or, negative, before) an anchor date, with the GC III provision it rests on.

    `setting` names what overrides `days`: a Django setting of that name if there is one, else the environment
    variable (POLON_CTA_DAYS=3 polon serve); a value that is not a whole number is ignored (and logged).
    """

    kind: str
    article: str
    title: str | Promise  # lazy translatable name of the duty
    days: int
    anchor: str | Promise  # what the days count from (lazy translatable), e.g. "capture"
    setting: str = ""
    text: str | Promise = ""  # the rule in words (lazy translatable), for the table of rules

    def effective_days(self) -> int:
        if not self.setting:
            return self.days
        value = getattr(settings, self.setting, None)
        if value is None:
            value = os.environ.get(self.setting)
        if value is None or value == "":
            return self.days
        try:
            return int(value)
        except (TypeError, ValueError):
            log.warning("%s=%r is not a whole number of days; the clock uses %s", self.setting, value, self.days)
            return self.days

    @property
    def cited(self) -> str:
        """The article as the active language cites it."""
        return article_label(self.article)

    def due_from(self, anchor: date) -> date:
        """The due date for a duty whose anchor date (capture, trial, judgment, death, …) is `anchor`."""
        return anchor + timedelta(days=self.effective_days())


# The due-date rules, as data. Days count from the anchor; negative days are before it (the Art. 104 notice).
RULES: dict[str, Rule] = {
    r.kind: r
    for r in (
        Rule(
            "exports.capture_card",
            "GC III Art. 70",
            _("Capture card"),
            7,
            _("capture"),
            "POLON_CAPTURE_CARD_DAYS",
            _("The capture card is sent to the Central Prisoners of War Agency immediately upon capture, or not "
              "more than one week after arrival at a camp."),
        ),
        Rule(
            "cta.information",
            "GC III Arts. 122–123",
            _("Information to the Central Tracing Agency"),
            7,
            _("capture"),
            "POLON_CTA_DAYS",
            _("The information on a prisoner of war is forwarded to the Central Tracing Agency and the Power "
              "depended on within the shortest possible period."),
        ),
        Rule(
            "medical.weekly_report",
            "GC III Art. 122",
            _("Weekly health report"),
            7,
            _("last report (or the person became seriously ill or wounded)"),
            "POLON_HEALTH_REPORT_DAYS",
            _("Information on the state of health of seriously ill or seriously wounded prisoners of war is "
              "supplied regularly, every week if possible."),
        ),
        Rule(
            "medical.commission_decision_notice",
            "GC III Annex II Art. 11",
            _("Mixed Medical Commission decision communicated"),
            30,
            _("commission's examination"),
            "POLON_COMMISSION_NOTICE_DAYS",
            _("The decisions of the Mixed Medical Commission are communicated to the Detaining Power, the "
              "Protecting Power and the International Committee of the Red Cross within one month after the visit."),
        ),
        Rule(
            "medical.commission_decision_executed",
            "GC III Annex II Art. 12",
            _("Mixed Medical Commission decision carried out"),
            90,
            _("notification of the decision"),
            "POLON_COMMISSION_EXECUTION_DAYS",
            _("The Detaining Power carries out the decisions of the Mixed Medical Commission within three months "
              "of being duly notified of them."),
        ),
        Rule(
            "medical.commission_visit",
            "GC III Annex II Art. 14",
            _("Mixed Medical Commission visit to a camp"),
            183,
            _("last visit to the camp"),
            "POLON_COMMISSION_VISIT_DAYS",
            _("Mixed Medical Commissions visit each camp at intervals of not more than six months."),
        ),
        Rule(
            "proceedings.trial_notice",
            "GC III Art. 104",
            _("Notice of trial to the Protecting Power"),
            -21,
            _("opening of the trial"),
            "POLON_TRIAL_NOTICE_DAYS",
            _("The Protecting Power is notified of judicial proceedings at least three weeks before the opening "
              "of the trial."),
        ),
        Rule(
            "proceedings.judgment_notice",
            "GC III Art. 107",
            _("Notice of judgment to the Protecting Power"),
            1,
            _("judgment"),
            "POLON_JUDGMENT_NOTICE_DAYS",
            _("Any judgment and sentence pronounced upon a prisoner of war is immediately reported to the "
              "Protecting Power in the form of a summary communication."),
        ),
        Rule(
            "deaths.notification",
            "GC III Arts. 120, 122",
            _("Notification of death"),
            7,
            _("death"),
            "POLON_DEATH_NOTIFICATION_DAYS",
            _("Death certificates, or lists certified by a responsible officer, are forwarded as rapidly as "
              "possible to the Prisoner of War Information Bureau and on to the Power depended on."),
        ),
        Rule(
            "deaths.enquiry_notice",
            "GC III Art. 121",
            _("Notice of an official enquiry into a death"),
            1,
            _("death"),
            "POLON_DEATH_ENQUIRY_NOTICE_DAYS",
            _("A death caused or suspected to have been caused by a sentry, another prisoner of war or any other "
              "person, or from an unknown cause, is followed by an official enquiry; a communication is sent "
              "immediately to the Protecting Power."),
        ),
        Rule(
            "effects.sealed_packet",
            "GC III Arts. 119, 122",
            _("Sealed packet of personal valuables forwarded"),
            30,
            _("death, repatriation or release"),
            "POLON_SEALED_PACKET_DAYS",
            _("Personal valuables left by prisoners of war who have been repatriated, released, escaped or died "
              "are forwarded in sealed packets through the Information Bureau to the Powers concerned."),
        ),
        Rule(
            "visits.follow_up",
            "GC III Art. 126",
            _("Follow-up of a visit"),
            30,
            _("last day of the visit"),
            "POLON_VISIT_FOLLOW_UP_DAYS",
            _("What the delegates of the ICRC or the Protecting Power asked for during a visit is done by the date "
              "recorded with it, or within this many days of the visit when none was recorded."),
        ),
        Rule(
            "enquiries.reply",
            "GC III Art. 122",
            _("Reply to an enquiry"),
            14,
            _("receipt of the enquiry"),
            "POLON_ENQUIRY_REPLY_DAYS",
            _("The Information Bureau is responsible for replying to all enquiries sent to it concerning prisoners "
              "of war, including those who have died in captivity."),
        ),
    )
}


# A citation as the active language writes it ("GC III Art. 70" → "ЖК III, ст. 70"), the longest form first.
_CITATION = (
    (re.compile(r"\bGC III Annex (?P<annex>[IVX]+) Art\."), _("GC III Annex %(annex)s Art.")),
    (re.compile(r"\bGC III Annex (?P<annex>[IVX]+)"), _("GC III Annex %(annex)s")),
    (re.compile(r"\bGC III Arts\."), _("GC III Arts.")),
    (re.compile(r"\bGC III Art\."), _("GC III Art.")),
    (re.compile(r"\bGC III\b"), _("GC III")),
)


def article_label(article: str) -> str:
    """``article`` ("GC III Art. 70", "GC III Annex II Art. 11") as the active language cites it."""
    for pattern, words in _CITATION:
        found = pattern.search(article)
        if found:
            return article[:found.start()] + str(words) % found.groupdict() + article[found.end():]
    return article


def rule(kind: str) -> Rule:
    """The rule for `kind` (KeyError if there is none: add it to RULES)."""
    return RULES[kind]


def soon_days() -> int:
    """How many days before its due date an open duty counts as due soon (POLON_DUTIES_SOON_DAYS, default 3)."""
    return int(getattr(settings, "POLON_DUTIES_SOON_DAYS", DEFAULT_SOON_DAYS))


@dataclass(frozen=True)
class Duty:
    """One time-limited obligation of the bureau: what, under which article, about whom, by when.

    kind:      a key of RULES ("<app>.<what>").
    article:   the provision cited, e.g. "GC III Art. 70" (usually `rule(kind).article`).
    title:     what is to be done, lazy translatable, without personal data (e.g. _("Capture card")).
    subject:   whom or what it is about, as data (a person's name, a list's or place's label); not translated.
    due:       the date by which it must be done.
    done:      the date it was done, or None while open.
    person_id: the registry.Person it is about, for scope (None for a duty about no single person, e.g. a
               weekly report or a place: then the provider alone decides who sees it).
    url_name, url_args: the Django URL name (and positional args) of the page where it is done; "" if none.
    key:       a stable identifier of the duty within its kind (e.g. "person:42", "trial:7"), for de-duplication
               and tests.
    detail:    a short extra line (data or an already translated string), e.g. a trial's case number.
    anchor:    the date the rule's days count from (the capture, the opening of the trial, the death, …), shown
               as "<rule.anchor>: <date>"; None if not known.
    """

    kind: str
    article: str
    title: str | Promise
    due: date
    subject: str = ""
    done: date | None = None
    person_id: int | None = None
    url_name: str = ""
    url_args: tuple[object, ...] = field(default=())
    key: str = ""
    detail: str = ""
    anchor: date | None = None

    @property
    def cited(self) -> str:
        """The article as the active language cites it."""
        return article_label(self.article)

    def days_left(self, today: date) -> int:
        """Days until the due date (negative: days overdue)."""
        return (self.due - today).days

    def status(self, today: date, soon: int | None = None) -> Status:
        """overdue (due date passed), due_soon (due within `soon` days, default POLON_DUTIES_SOON_DAYS), open."""
        if self.done is not None:
            return "done"
        left = self.days_left(today)
        if left < 0:
            return "overdue"
        if left <= (soon_days() if soon is None else soon):
            return "due_soon"
        return "open"

    def is_overdue(self, today: date) -> bool:
        return self.done is None and self.due < today
