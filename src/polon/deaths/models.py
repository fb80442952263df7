"""Deaths, burials and graves (GC III Art. 120), official enquiries into deaths (Art. 121) and remains handed
over in batches (GC I Art. 16, GC III Art. 120 para 6).

A death record belongs to one person and is written beside the ``died`` event of his timeline (registry
services write that event); the notification of death (Annex IV D) and the notice of an enquiry to the
Protecting Power are recorded as consular transmissions, so what left the bureau, when and to whom is in one
place, with its legal basis. A handover of remains carries several bodies, each with how it was identified,
the effects handed over with it and the reference of its DNA sample; carrying out the handover writes the
``remains_repatriated`` event on each person's timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BurialKind(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet buried")
    BURIED = "buried", _("Buried")
    CREMATED = "cremated", _("Cremated")


class Death(models.Model):
    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="death",
                                  verbose_name=_("person"))
    date = models.DateField(_("date of death"))
    place = models.CharField(_("place of death"), max_length=200, blank=True)
    internment_place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="deaths", verbose_name=_("place of internment"))
    cause = models.TextField(_("cause of death"))
    circumstances = models.TextField(_("circumstances of death"), blank=True)
    # Art. 121: caused or suspected to have been caused by a sentry, another prisoner of war or any other
    # person, or from an unknown cause: an official enquiry follows (DeathEnquiry).
    suspicious = models.BooleanField(_("suspicious death (Art. 121)"), default=False)
    certified_by = models.CharField(_("death certified by"), max_length=200, blank=True,
                                    help_text=_("The doctor or responsible officer who certified the death."))
    # Burial (Art. 120 paras 4–6): honourably buried, graves respected, suitably maintained and marked.
    burial_kind = models.CharField(_("burial"), max_length=10, choices=BurialKind.choices,
                                   default=BurialKind.NOT_YET)
    cremation_reason = models.TextField(_("reason for cremation"), blank=True)
    burial_date = models.DateField(_("date of burial"), null=True, blank=True)
    burial_place = models.CharField(_("place of burial"), max_length=200, blank=True)
    cemetery = models.CharField(_("cemetery"), max_length=200, blank=True)
    plot = models.CharField(_("grave plot"), max_length=80, blank=True)
    marker = models.CharField(_("grave marker"), max_length=200, blank=True,
                              help_text=_("What marks the grave so that it can always be found."))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Wills (Art. 120 para 1): forwarded without delay to the Protecting Power, a certified copy to the CTA.
    will_made = models.BooleanField(_("left a will"), default=False)
    will_held_by = models.CharField(_("will held by"), max_length=200, blank=True)
    will_forwarded_on = models.DateField(_("will forwarded on"), null=True, blank=True)
    # Annex IV D: the deceased's personal effects, and through whom they are forwarded.
    effects = models.TextField(_("personal effects"), blank=True)
    effects_forwarded_through = models.CharField(_("effects forwarded through"), max_length=200, blank=True)
    # Annex IV D: a short account by someone who cared for him (doctor, nurse, chaplain, fellow prisoner).
    account = models.TextField(_("account of the death and burial"), blank=True)
    died_event = models.ForeignKey("registry.StatusEvent", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # The notification of death as sent (a consular transmission), None while not yet sent.
    notification = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("notification of death"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(burial_date__isnull=True) | models.Q(burial_date__gte=models.F("date")),
                                   name="death_burial_after_death"),
        ]

    def __str__(self) -> str:
        return f"{self.person} † {self.date}"

    @property
    def grave_found(self) -> bool:
        """Whether the grave is marked and located (Annex IV D: can it be found later by the relatives?)."""
        return bool(self.marker and (self.plot or self.latitude is not None))


class EnquiryGround(models.TextChoices):
    SENTRY = "sentry", _("Caused or suspected to have been caused by a sentry")
    PRISONER = "prisoner", _("Caused or suspected to have been caused by another prisoner of war")
    OTHER_PERSON = "other_person", _("Caused or suspected to have been caused by any other person")
    UNKNOWN = "unknown", _("Unknown cause")


class EnquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DeathEnquiry(models.Model):
    """The official enquiry of Art. 121; its notice to the Protecting Power (immediately) and its report (with
    the witnesses' statements) are consular transmissions."""

    death = models.OneToOneField(Death, on_delete=models.PROTECT, related_name="enquiry")
    ground = models.CharField(_("ground"), max_length=16, choices=EnquiryGround.choices)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=8, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    statements = models.TextField(_("statements of witnesses"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    prosecution = models.TextField(_("prosecution of those responsible"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notice = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("notice to the Protecting Power"))
    report = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("report to the Protecting Power"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]


class HandoverStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class RemainsHandover(models.Model):
    """A batch of remains handed over to the Power on which the dead depended (a body exchange)."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    receiving_state = models.CharField(_("receiving state"), max_length=2)
    mediator = models.CharField(_("mediator"), max_length=200, blank=True)
    place = models.CharField(_("place of handover"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=HandoverStatus.choices,
                              default=HandoverStatus.PLANNED)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class HandoverBody(models.Model):
    """One body of a handover: whose, how he was identified, what was handed over with him, his DNA sample."""

    handover = models.ForeignKey(RemainsHandover, on_delete=models.PROTECT, related_name="bodies")
    death = models.ForeignKey(Death, on_delete=models.PROTECT, related_name="handovers")
    identity = models.TextField(_("identification"),
                                help_text=_("How the body was identified: identity disc, documents, fingerprints."))
    effects = models.TextField(_("effects handed over with the body"), blank=True)
    dna_reference = models.CharField(_("DNA sample reference"), max_length=80, blank=True)
    remains_event = models.ForeignKey("registry.StatusEvent", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["handover", "death"], name="handover_body_once")]
