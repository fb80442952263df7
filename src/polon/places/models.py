"""Places of internment (GC III Arts. 22, 23, 56): camps, transit points, hospitals, labour detachments.

A status event refers to the place it happened at (registry.StatusEvent.internment_place); a place's
population is derived from the timeline (places.selectors), never typed in. This app sits below registry, so
it names no registry model: the selectors reach the events through the relation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    CAMP = "camp", _("Camp")
    TRANSIT = "transit", _("Transit point")
    HOSPITAL = "hospital", _("Hospital")
    LABOUR = "labour", _("Labour detachment")
    OTHER = "other", _("Other place")


class Place(models.Model):
    """A place where the Detaining Power holds prisoners of war, with its location as Art. 23 asks it to
    be communicated to the Protecting Power."""

    kind = models.CharField(_("kind"), max_length=12, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # ISO 3166-2 subdivision code (UA-46, RU-ROS), validated with pycountry by places.services.
    region = models.CharField(_("region (ISO 3166-2)"), max_length=8)
    address = models.TextField(_("address"), blank=True)
    # A labour detachment depends on its camp (Art. 56: under the camp's control and administration).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="detachments",
                               verbose_name=_("depends on camp"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    opened = models.DateField(_("opened"), null=True, blank=True)
    closed = models.DateField(_("closed"), null=True, blank=True)
    # Other spellings of the name as free text has it on past events (the facility-text matching reads them).
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="place_unique_name_per_region"),
            models.CheckConstraint(condition=models.Q(closed__isnull=True) | models.Q(opened__isnull=True)
                                   | models.Q(closed__gte=models.F("opened")), name="place_closed_after_opened"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed is None
