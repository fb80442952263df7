"""The seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E).

The weekly health report (Art. 122 para 4: information on the state of health of seriously ill or seriously
wounded prisoners supplied regularly, every week if possible) is generated from the timeline's states of health
and sent as one consular transmission per person. Mixed Medical Commissions (Art. 112, Annex II) examine
prisoners (Art. 113 says who may be proposed) and decide by the Model Agreement's categories (Annex I): direct
repatriation (A), accommodation in a neutral country (B) or re-examination by the next commission (NC); the
repatriation certificate (Annex IV E) is printed for a decision. A decision of direct repatriation flags the
person in the registry (Art. 109 para 1: regardless of number or rank) — registry.RepatriationFlag — where his
consent (para 3) is also kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.consular.models import Recipient
from polon.registry.choices import Health


class HealthReport(models.Model):
    """One weekly report on every seriously ill or wounded prisoner in the sender's scope, to one recipient."""

    week_of = models.DateField(_("week of"), help_text=_("The Monday of the week reported on."))
    recipient = models.CharField(_("recipient"), max_length=20, choices=Recipient.choices)
    channel = models.CharField(_("channel"), max_length=120)
    sent_on = models.DateField(_("sent on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.week_of} → {self.get_recipient_display()}"


class HealthReportEntry(models.Model):
    """A person's line of a weekly report: his state of health as the timeline has it, and the transmission that
    carried it (None when it was held back: the detriment rule or a failed check, with the reason)."""

    report = models.ForeignKey(HealthReport, on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="health_report_entries")
    health = models.CharField(_("state of health"), max_length=20, choices=Health.choices, blank=True)
    status = models.CharField(_("status"), max_length=24, blank=True)
    since = models.CharField(_("since"), max_length=10, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    transmission = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    held_back = models.TextField(_("held back because"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="health_report_person_once")]


class CommissionSession(models.Model):
    """A visit of a Mixed Medical Commission (Art. 112; Annex II: two neutral doctors and one appointed by the
    Detaining Power) to a place of internment; its decisions are communicated within a month (Annex II
    Art. 11)."""

    held_on = models.DateField(_("held on"))
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="commission_sessions", verbose_name=_("place of internment"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    chairman = models.CharField(_("chairman"), max_length=200)
    members = models.TextField(_("members"), help_text=_("The two neutral members and the member appointed by "
                                                         "the Detaining Power (Annex II Art. 1)."))
    communicated_on = models.DateField(_("decisions communicated on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place or self.location}".strip()

    @property
    def where(self) -> str:
        return str(self.place.name) if self.place else self.location


class Proposer(models.TextChoices):
    """Who proposed him for examination (Art. 113)."""

    CAMP_DOCTOR = "camp_doctor", _("The camp doctor or a doctor of his nationality (Art. 113(1))")
    MAN_OF_CONFIDENCE = "man_of_confidence", _("The prisoners' representative (Art. 113(2))")
    POWER = "power", _("The Power on which he depends or a recognised aid society (Art. 113(3))")
    HIMSELF = "himself", _("Presented himself (Art. 113 para 2)")


class Decision(models.TextChoices):
    """The decision of the Commission as the repatriation certificate states it (Annex IV E)."""

    DIRECT = "A", _("A — direct repatriation")
    NEUTRAL = "B", _("B — accommodation in a neutral country")
    REEXAMINE = "NC", _("NC — re-examination by the next Commission")
    NOT_ELIGIBLE = "X", _("Not eligible")


class AnnexCategory(models.TextChoices):
    """The Model Agreement's principles (Annex I) the decision rests on."""

    NONE = "", _("None")
    A1 = "A1", _("I.A.1 — disability from trauma (loss of a limb, paralysis, equivalent of a hand or a foot)")
    A2 = "A2", _("I.A.2 — wounds become chronic, recovery not expected within a year")
    A3 = "A3", _("I.A.3 — sickness become chronic, recovery not expected within a year")
    B1 = "B1", _("I.B.1 — wounded, not likely to recover in captivity, curable in a neutral country")
    B2 = "B2", _("I.B.2 — tuberculosis, curable or improved by treatment in a neutral country")
    B3 = "B3", _("I.B.3 — affections better treated in a neutral country")
    B4 = "B4", _("I.B.4 — nephrectomy, osteomyelitis or similar under treatment")
    B5 = "B5", _("I.B.5 — serious nutritional deficiencies")


class CommissionDecision(models.Model):
    """The Commission's decision on one person examined at a session; A and B are carried out within three
    months of the Detaining Power's being notified (Annex II Art. 12)."""

    session = models.ForeignKey(CommissionSession, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="commission_decisions")
    proposed_by = models.CharField(_("proposed by"), max_length=20, choices=Proposer.choices)
    diagnosis = models.TextField(_("injury or disease"))
    decision = models.CharField(_("decision"), max_length=2, choices=Decision.choices)
    category = models.CharField(_("Annex I category"), max_length=2, choices=AnnexCategory.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    carried_out_event = models.ForeignKey("registry.StatusEvent", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="commission_decision_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.decision}"

    @property
    def to_carry_out(self) -> bool:
        return self.decision in (Decision.DIRECT, Decision.NEUTRAL)
