"""What the review screen proposes for each extracted item: the outcome that fits what the source says of the
person (a captive, an actor, or nothing the reviewer should be led to), with the category or actor kind to
start from, and the actors already recorded who may be the one named. Proposals only: the reviewer decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from polon.actors.models import Actor, ActorKind
from polon.actors.selectors import proposals as actor_proposals
from polon.core.countries import OWN_COUNTRY
from polon.registry.choices import Category
from polon.sources.models import Outcome, Source
from polon.sources.selectors import ReviewItem, review_items

if TYPE_CHECKING:
    from polon.accounts.models import User

# The roles polon.extract gives persons (its data/roles.tsv) that make someone an actor, and of which kind.
ACTOR_ROLES: dict[str, str] = {
    "chargé d'affaires": ActorKind.DIPLOMAT, "ambassador": ActorKind.DIPLOMAT, "diplomat": ActorKind.DIPLOMAT,
    "consul": ActorKind.CONSUL,
    "journalist": ActorKind.JOURNALIST, "blogger": ActorKind.JOURNALIST,
    "author": ActorKind.AUTHOR,
    "president": ActorKind.POLITICIAN, "prime minister": ActorKind.POLITICIAN, "minister": ActorKind.POLITICIAN,
    "foreign minister": ActorKind.POLITICIAN, "deputy": ActorKind.POLITICIAN,
    "ombudsman": ActorKind.OFFICIAL, "spokesperson": ActorKind.OFFICIAL, "prosecutor": ActorKind.OFFICIAL,
    "judge": ActorKind.OFFICIAL, "investigator": ActorKind.OFFICIAL, "head": ActorKind.OFFICIAL,
    "representative": ActorKind.OFFICIAL,
    "lawyer": ActorKind.OTHER, "activist": ActorKind.OTHER, "human rights defender": ActorKind.OTHER,
    "expert": ActorKind.OTHER,
}
# What the source says of a captive: his role, or what happened to him.
CAPTIVE_ROLES = {"prisoner of war", "soldier", "mercenary"}
CAPTIVE_STATUSES = {"captured", "released"}


@lru_cache(maxsize=1)
def _known_persons() -> dict[str, str]:
    """Well-known public figures polon.extract recognises (its data/known_persons.tsv), by their full Latin
    name and by their surname alone ("Putin" → "Vladimir Putin")."""
    known: dict[str, str] = {}
    text = resources.files("polon.extract").joinpath("data/known_persons.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name = line.split("\t", 1)[0].strip()
        known.setdefault(name.casefold(), name)
        known.setdefault(name.split()[-1].casefold(), name)
    return known


def known_public_figure(name: str) -> str:
    """The full name of the public figure ``name`` is, or ""."""
    return _known_persons().get(" ".join((name or "").split()).casefold(), "")


@dataclass
class Suggestion:
    """The outcome to start from and why; "" when the source says nothing that decides it."""

    outcome: str = ""
    reason: str = ""
    category: str = ""  # for a new captive
    actor_kind: str = ""  # for an actor
    actor_name: str = ""
    country: str = ""
    organisation: str = ""
    position: str = ""


def suggest(data: dict[str, Any]) -> Suggestion:
    """What a person mention of an extraction most likely is, from the roles, countries and statuses the source
    gives him. Never a captive by default: only a role or a status of captivity suggests one."""
    roles = [r for r in data.get("roles") or [] if r]
    statuses = set(data.get("statuses") or [])
    countries = data.get("countries") or []
    country = countries[0] if countries else ""
    name = data.get("name", "")
    for role in roles:
        if role in ACTOR_ROLES:
            return Suggestion(Outcome.ACTOR, _("the source calls this person %(role)s") % {"role": role},
                              actor_kind=ACTOR_ROLES[role], actor_name=name, country=country,
                              organisation=data.get("affiliation") or "", position=", ".join(roles))
    if set(roles) & CAPTIVE_ROLES or statuses & CAPTIVE_STATUSES:
        said = ", ".join(sorted(set(roles) & CAPTIVE_ROLES | statuses & CAPTIVE_STATUSES))
        category = Category.OWN_HELD if OWN_COUNTRY in countries else Category.POW
        return Suggestion(Outcome.NEW_CAPTIVE, _("the source says: %(what)s") % {"what": said}, category=category,
                          country=country)
    known = known_public_figure(name)
    if known:
        return Suggestion(Outcome.ACTOR, _("a public figure (%(name)s)") % {"name": known},
                          actor_kind=ActorKind.POLITICIAN, actor_name=known, country=country)
    return Suggestion()


@dataclass
class ItemView:
    """One item of the review screen: the extracted item, what is suggested, the actors who may be it."""

    item: ReviewItem
    suggestion: Suggestion = field(default_factory=Suggestion)
    actors: list[Actor] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:  # the template reads the item's own attributes through the view
        if name.startswith("__") or name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)

    @property
    def group(self) -> bool:
        """A mention of several people, or of people not named ("two Kazakh citizens", "a Kyrgyz")."""
        data = self.item.data
        return self.item.kind == "event" and bool(data.get("count") or data.get("nationality")) \
            and not data.get("persons")


def review_page(user: User | None, source: Source) -> list[ItemView]:
    """The source's review items, each with its suggestion and (for a pending person) the actors it may be."""
    views = []
    for item in review_items(user, source):
        view = ItemView(item)
        if item.kind == "person":
            view.suggestion = suggest(item.data)
            if item.pending:
                names = [item.data.get("name", ""), view.suggestion.actor_name]
                found: dict[int, Actor] = {}
                for name in dict.fromkeys(n for n in names if n):
                    for actor in actor_proposals(user, name):
                        found.setdefault(actor.pk, actor)
                view.actors = list(found.values())
        views.append(view)
    return views
