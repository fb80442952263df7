"""Lists for the ICRC Central Tracing Agency and the Power on which prisoners of war depend (GC III Arts. 122,
123): each list carries the Art. 122 particulars of every prisoner captured, and of every change to them, since
the last list sent to that recipient; each person on it is a consular transmission with its legal basis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Recipient(models.TextChoices):
    CTA = "icrc_cta", _("ICRC Central Tracing Agency")
    POWER = "state", _("Power on which they depend")


class EntryKind(models.TextChoices):
    NEW = "new", _("New capture")
    CHANGE = "change", _("Change of particulars")
    CORRECTION = "correction", _("Correction")


class CtaList(models.Model):
    """A list sent on a day to the Central Tracing Agency, or to the Power on which the persons on it depend
    (``country``). ``withheld``: the persons left out under the detriment rule, with why ([{person_id,
    warnings}]); they stay pending for the next list."""

    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    country = models.CharField(_("Power on which they depend"), max_length=2, blank=True)
    number = models.PositiveIntegerField(_("number"))
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("channel"), max_length=120)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    override_reason = models.TextField(_("reason for sending despite the warning"), blank=True)
    withheld = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "country", "number"], name="cta_list_number")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.country} {self.number}".strip()


class CtaEntry(models.Model):
    """One person on a list: his Art. 122 particulars as sent (``values``), whether he is a new capture, a change
    or a correction of what was sent before, which particulars changed, and the consular transmission."""

    cta_list = models.ForeignKey(CtaList, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    values = models.JSONField(default=dict)
    changed = models.JSONField(default=list, blank=True)
    transmission = models.ForeignKey("consular.Transmission", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["cta_list", "person"], name="cta_entry_unique")]
        indexes = [models.Index(fields=["person", "id"], name="cta_entry_person")]
