"""Visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126).

A visit has its dates and delegates; the list of persons to be visited is generated from the place's
population on the first day of the visit (visits.services.generate_list) and kept as it was generated, each
line then recording whether the person was seen, and if not why (access refused to him included); the visit
itself may have been refused (Art. 126 para 2: only for imperative military necessity, exceptionally and
temporarily). Follow-up items carry what the visitors asked for, until someone records what was done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visitor(models.TextChoices):
    ICRC = "icrc", _("International Committee of the Red Cross")
    PROTECTING_POWER = "protecting_power", _("Protecting Power")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CARRIED_OUT = "carried_out", _("Carried out")
    REFUSED = "refused", _("Access to the place refused")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    TO_VISIT = "to_visit", _("To be visited")
    SEEN = "seen", _("Seen, interviewed without witnesses")
    SEEN_WITH_WITNESS = "seen_with_witness", _("Seen in the presence of others")
    DECLINED = "declined", _("Declined to meet the visitors")
    NOT_PRESENT = "not_present", _("Not at the place")
    ACCESS_REFUSED = "access_refused", _("Access to him refused")


class Visit(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="visits",
                              verbose_name=_("place of internment"))
    visitor = models.CharField(_("visitor"), max_length=20, choices=Visitor.choices)
    # The Protecting Power (a state, ISO 3166-1 alpha-2), when the visitor is one.
    protecting_power = models.CharField(_("Protecting Power"), max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"), null=True, blank=True)
    delegates = models.TextField(_("delegates"), blank=True, help_text=_("One per line: name and function."))
    refusal_reason = models.TextField(_("reason given for refusing access"), blank=True)
    report = models.TextField(_("findings"), blank=True)
    # When the list of persons to be visited was generated (None: not yet).
    list_generated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__isnull=True) | models.Q(ends__gte=models.F("starts")),
                                   name="visit_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_visitor_display()} · {self.place} · {self.starts}"


class VisitPerson(models.Model):
    """A line of the list of persons to be visited, and what became of it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="visits")
    # His status at the place when the list was generated (a Person.status code).
    status_at_listing = models.CharField(max_length=24, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.TO_VISIT)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="visit_person_once")]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class FollowUp(models.Model):
    """Something the visitors asked for or found (a sick man to be examined, a letter not delivered)."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="follow_ups")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="visit_follow_ups", verbose_name=_("person concerned"))
    text = models.TextField(_("what is to be done"))
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    outcome = models.TextField(_("what was done"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["due", "id"]
