from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.core.fields import PartialDateField


class ConsularContact(models.Model):
    """A meeting, call or letter between the bureau (or the Coordination Headquarters) and a state."""

    country = models.CharField(_("state"), max_length=2, db_index=True)
    date = PartialDateField(_("date"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True, help_text=_("meeting, call, note verbale …"))
    our_side = models.CharField(_("our side"), max_length=300, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    commitments = models.JSONField(_("commitments made"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    persons = models.ManyToManyField("registry.Person", blank=True, related_name="consular_contacts")
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="consular_contacts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.country} {self.date} {self.place}".strip()


class Participant(models.Model):
    class Side(models.TextChoices):
        OURS = "ours", _("Ours")
        THEIRS = "theirs", _("Theirs")

    contact = models.ForeignKey(ConsularContact, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["side", "id"]


class Recipient(models.TextChoices):
    PROTECTING_POWER = "protecting_power", _("Protecting Power")
    ICRC_CTA = "icrc_cta", _("ICRC Central Tracing Agency")
    STATE_OF_CITIZENSHIP = "state", _("State of citizenship")


class Transmission(models.Model):
    """A notification of a person's data or of an event to someone outside the bureau (GC III Art. 122, 123)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="transmissions")
    recipient = models.CharField(_("recipient"), max_length=20, choices=Recipient.choices)
    country = models.CharField(_("state"), max_length=2, blank=True)
    channel = models.CharField(_("channel"), max_length=120)
    date = PartialDateField(_("date"))
    content = models.TextField(_("what was sent"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    # What polon warned about when this was sent, and the sender's reason for sending anyway.
    warnings = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("reason for sending despite the warning"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        # The newest first (the dossier's section, a person's page) without sorting them all.
        indexes = [models.Index(fields=["date", "id"], name="transmission_date_id")]


class Objection(models.Model):
    """A person's objection to his data going somewhere; honoured like the legal-notes warning."""

    class Scope(models.TextChoices):
        STATE = "state", _("To his state of citizenship")
        ALL = "all", _("To anyone")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="objections")
    scope = models.CharField(_("objects to transmission"), max_length=8, choices=Scope.choices, default=Scope.STATE)
    date = PartialDateField(_("date"), blank=True)
    statement = models.TextField(_("statement"), blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class AfterReturn(models.Model):
    """Where a released person went and when."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="after_return")
    date = PartialDateField(_("date"), blank=True)
    country = models.CharField(_("went to"), max_length=2, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]


class ProceedingStage(models.TextChoices):
    UNKNOWN = "unknown", _("Not known")
    INVESTIGATION = "investigation", _("Under investigation")
    CHARGED = "charged", _("Charged")
    TRIAL = "trial", _("On trial")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DROPPED = "dropped", _("Dropped")


class Proceeding(models.Model):
    """Criminal proceedings against a returned person in his own state."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="proceedings")
    country = models.CharField(_("state"), max_length=2)
    article = models.CharField(_("article"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=ProceedingStage.choices,
                             default=ProceedingStage.UNKNOWN)
    date = PartialDateField(_("date"), blank=True)
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
