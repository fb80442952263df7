from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    CAPTURE_CARD = "capture_card", _("ICRC capture card (PDF)")
    CSV = "csv", _("Persons (CSV)")
    FTM = "ftm", _("FollowTheMoney entities (JSON lines)")
    COUNTRY_REPORT = "country_report", _("Country report (PDF)")
    RECONCILIATION = "reconciliation", _("Reconciled exchange list")


class ExportRecord(models.Model):
    """What left the bureau, for whom, on what legal basis and by whose hand (GC III Art. 122, 123)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=8)
    recipient = models.CharField(_("recipient"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    person_ids = models.JSONField(default=list)
    # The state the export is addressed to or made on behalf of (its embassy, ministry, the Protecting Power
    # acting for it): a country code chosen by the sender, never read out of the free-text recipient. An export
    # to a state leaves out the persons it may harm (consular.detriment) unless a reason is given.
    state = models.CharField(_("addressed to or on behalf of the state"), max_length=2, blank=True, default="")
    # The persons left out (no reason given) and the reason that let flagged persons through, with their ids.
    withheld_ids = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("reason for sending despite the warnings"), blank=True, default="")
    overridden_ids = models.JSONField(default=list, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
