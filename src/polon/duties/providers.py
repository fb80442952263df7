"""The providers of the obligation clock: every ``<app>/duties.py`` with ``open_duties(*, user, today)``
(contract: polon.core.duties). Imported by name, so import-linter checks that the clock sits above them all; a
new app's provider is added here when it lands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from polon.core.duties import Duty
from polon.cta import duties as cta
from polon.deaths import duties as deaths
from polon.duties import capture_card, enquiry_replies
from polon.effects import duties as effects
from polon.medical import duties as medical
from polon.proceedings import duties as proceedings
from polon.visits import duties as visits

if TYPE_CHECKING:
    from polon.accounts.models import User

Provider = Callable[..., list[Duty]]

# (the provider's module, its open_duties), in the order their sections are shown when due on the same day.
PROVIDERS: tuple[tuple[str, Provider], ...] = (
    ("polon.duties.capture_card", capture_card.open_duties),
    ("polon.duties.enquiry_replies", enquiry_replies.open_duties),
    ("polon.visits.duties", visits.open_duties),
    ("polon.deaths.duties", deaths.open_duties),
    ("polon.effects.duties", effects.open_duties),
    ("polon.medical.duties", medical.open_duties),
    ("polon.proceedings.duties", proceedings.open_duties),
    ("polon.cta.duties", cta.open_duties),
)


def call(provider: Provider, *, user: User, today: date) -> list[Duty]:
    return provider(user=user, today=today)
