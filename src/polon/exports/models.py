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
    parameters = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
