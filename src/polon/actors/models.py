"""Actors: the people a source names who are not captives — officials, diplomats and consuls, journalists,
authors, politicians. They never enter the registry of captives; they have their own list, with every spelling
seen, the sources that mention them and the consular contacts they took part in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    DIPLOMAT = "diplomat", _("Diplomat")
    CONSUL = "consul", _("Consul")
    JOURNALIST = "journalist", _("Journalist")
    AUTHOR = "author", _("Author")
    POLITICIAN = "politician", _("Politician")
    OTHER = "other", _("Other")


class Actor(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ActorKind.choices, db_index=True)
    # The state the actor acts for (a diplomat's sending state, a journalist's country); blank when unknown.
    country = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ActorName(models.Model):
    """One spelling of an actor's name as a source wrote it; an identical spelling is kept once."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="names")
    text = models.CharField(_("spelling"), max_length=300)
    language = models.CharField(_("language"), max_length=8, blank=True)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["actor", "text"], name="actor_name_once")]

    def __str__(self) -> str:
        return self.text


class ActorMention(models.Model):
    """A source that names the actor, with the role it gives him there."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="mentions")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="actor_mentions")
    role = models.CharField(_("role in the source"), max_length=300, blank=True)
    item = models.CharField(max_length=300, blank=True)  # the review item it was recorded from
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-source_id", "id"]
        constraints = [models.UniqueConstraint(fields=["actor", "source"], name="actor_mention_once")]


class ActorContact(models.Model):
    """A consular contact the actor took part in (as the participant named, where known)."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="contact_links")
    contact = models.ForeignKey("consular.ConsularContact", on_delete=models.PROTECT, related_name="actor_links")
    participant = models.ForeignKey("consular.Participant", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="actor_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_id", "id"]
        constraints = [models.UniqueConstraint(fields=["actor", "contact"], name="actor_contact_once")]
