"""Reads of actors (people who are not captives). The roles that review sources see every actor; a consular
liaison officer sees the actors of her countries (the diplomats she meets), never those of other states or
of none. Sources and contacts are shown through their own scoped selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.access.scope import country_scope, visible_or_not_found
from polon.actors.models import Actor, ActorContact, ActorMention
from polon.consular.models import ConsularContact
from polon.consular.selectors import contacts as visible_contacts
from polon.sources.models import Source
from polon.sources.selectors import visible_sources

if TYPE_CHECKING:
    from polon.accounts.models import User


def visible_actors(user: User | None) -> QuerySet[Actor]:
    if not may(user, "actors.read"):
        return Actor.objects.none()
    return country_scope(user, Actor.objects.all())


def actor_list(user: User | None, *, q: str = "", kind: str = "", country: str = "") -> QuerySet[Actor]:
    """Actors in the user's scope; ``q`` finds a part of the name or of any spelling seen (any script)."""
    actors = visible_actors(user)
    text = " ".join((q or "").split())
    if text:
        matching = Actor.objects.filter(Q(name__icontains=text) | Q(names__text__icontains=text)).values("pk")
        actors = actors.filter(pk__in=matching)
    if kind:
        actors = actors.filter(kind=kind)
    if country:
        actors = actors.filter(country=country.upper())
    return actors.prefetch_related("names")


def get_actor(user: User | None, actor_id: int | str) -> Actor:
    return visible_or_not_found(visible_actors(user).prefetch_related("names"), actor_id, _("actor"))


def mentions(user: User | None, actor: Actor) -> QuerySet[ActorMention]:
    """The sources that name the actor, for the roles that may read sources."""
    return ActorMention.objects.filter(actor=actor, source__in=visible_sources(user)).select_related("source")


def contacts(user: User | None, actor: Actor) -> list[ConsularContact]:
    """The consular contacts the actor took part in, within the user's country scope."""
    ids = ActorContact.objects.filter(actor=actor).values("contact_id")
    return list(visible_contacts(user).filter(pk__in=ids))


def actors_of_contact(user: User | None, contact: ConsularContact) -> QuerySet[Actor]:
    ids = ActorContact.objects.filter(contact=contact).values("actor_id")
    return visible_actors(user).filter(pk__in=ids)


def actors_of_source(user: User | None, source: Source) -> QuerySet[Actor]:
    ids = ActorMention.objects.filter(source=source).values("actor_id")
    return visible_actors(user).filter(pk__in=ids)


def proposals(user: User | None, name: str, *, limit: int = 5) -> list[Actor]:
    """Actors who may be the one a source names: the same spelling, or a spelling sharing its last word
    (a surname written alone: "Putin"), the same spelling first."""
    text = " ".join((name or "").split())
    if not text:
        return []
    actors = visible_actors(user)
    same = list(actors.filter(Q(name__iexact=text) | Q(names__text__iexact=text)).distinct()[:limit])
    last = text.split()[-1]
    if len(last) < 3:
        return same
    similar = actors.filter(Q(name__icontains=last) | Q(names__text__icontains=last)).exclude(
        pk__in=[a.pk for a in same]).distinct()
    return same + list(similar[: max(0, limit - len(same))])
