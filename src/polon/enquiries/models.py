from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polon.core.fields import PartialDateField


class RequesterKind(models.TextChoices):
    FAMILY = "family", _("Family")
    CONSULATE = "consulate", _("Consulate")
    ICRC = "icrc", _("ICRC")
    OTHER = "other", _("Other")


class EnquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Enquiry(models.Model):
    """A tracing enquiry. Match suggestions are not stored: they are computed whenever the enquiry is read."""

    received_on = models.DateField(_("received on"), default=timezone.localdate)
    requester_kind = models.CharField(_("from"), max_length=12, choices=RequesterKind.choices)
    requester_name = models.CharField(_("requester"), max_length=200)
    requester_contact = models.CharField(_("contact"), max_length=300, blank=True)
    sought_name = models.CharField(_("name of the person sought"), max_length=300)
    sought_birth_date = PartialDateField(_("date of birth"), blank=True)
    # The sought person's citizenship: it decides which liaison officers see the enquiry.
    sought_country = models.CharField(_("citizenship"), max_length=2, blank=True, db_index=True)
    details = models.TextField(_("details"), blank=True)
    # The state the enquiry comes from or is made for (a consulate's state): a reply to it goes to that state,
    # so the "may be detrimental" rule applies to the persons it tells of (consular.detriment).
    requester_country = models.CharField(_("requester's state"), max_length=2, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assigned_enquiries")
    status = models.CharField(_("status"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"E-{self.pk}: {self.sought_name}"

    def days_open(self, today=None) -> int:
        end = self.closed_on or today or timezone.localdate()
        return max((end - self.received_on).days, 0)


class Reply(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="replies")
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=120, blank=True)
    text = models.TextField(_("text"))
    # The persons this reply tells the requester about; never a restricted one.
    persons = models.ManyToManyField("registry.Person", blank=True, related_name="+")
    # What polon warned about when the reply went to a state (the requester's), and the reason to send anyway.
    warnings = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("reason for sending despite the warning"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "id"]
