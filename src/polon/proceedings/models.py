"""Proceedings by the Detaining Power against prisoners of war it holds (GC III Arts. 5, 99-108, 119).

Not to be confused with ``consular.Proceeding`` (criminal proceedings at home against a person who returned):
these are the Detaining Power's own — the competent tribunal deciding a doubtful status (Art. 5), and the
judicial proceedings against a prisoner of war (``Prosecution``):

- Art. 104: the Protecting Power is notified at least three weeks before the opening of the trial (surname and
  first names, rank, serial number, date of birth; place of internment or confinement; the charges with the
  legal provisions applicable; the court, and the date and place of the opening of the trial); the trial is not
  opened unless evidence shows the Protecting Power received the notice at least three weeks before.
- Art. 107: any judgment and sentence is reported immediately to the Protecting Power in a summary
  communication, saying whether he has a right of appeal; a final conviction or a death sentence also in a
  detailed communication (the precise wording of the finding and sentence, a summarized report of the
  investigation and trial, the establishment where the sentence will be served).
- Art. 101: a death sentence is not executed before six months after the Protecting Power received the
  detailed communication of Art. 107.
- Art. 119 para 5: prisoners against whom criminal proceedings for an indictable offence are pending may be
  held back until the end of the proceedings and, if necessary, until the completion of the punishment; the
  list of those held back (``HeldBackList``) is communicated and tracked.

Every notice that leaves the bureau is a consular transmission (legal basis cited, the detriment rule applied).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    PRISONER_OF_WAR = "pow", _("Prisoner of war (GC III Art. 4)")
    NOT_PRISONER_OF_WAR = "not_pow", _("Not entitled to prisoner-of-war status")


class StatusDetermination(models.Model):
    """A competent tribunal's decision on a person whose status as a prisoner of war was in doubt (Art. 5 para 2);
    until it is made he enjoys the protection of the Convention."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="status_determinations",
                               verbose_name=_("person"))
    tribunal = models.CharField(_("competent tribunal"), max_length=200)
    doubt = models.TextField(_("why his status was in doubt"), blank=True)
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.tribunal} {self.decided_on}"


class Stage(models.TextChoices):
    CHARGED = "charged", _("Charged")
    NOTIFIED = "notified", _("Protecting Power notified of the trial")
    JUDGED = "judged", _("Judgment pronounced")
    CLOSED = "closed", _("Closed")


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")


class CloseReason(models.TextChoices):
    ACQUITTED = "acquitted", _("Acquitted")
    DROPPED = "dropped", _("Charges dropped")
    SERVED = "served", _("Sentence served")
    OTHER = "other", _("Other")


class Prosecution(models.Model):
    """Judicial proceedings by the Detaining Power against a prisoner of war it holds (Arts. 99-108)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="prosecutions",
                               verbose_name=_("person"))
    case_number = models.CharField(_("case number"), max_length=60, unique=True)
    # The Power on which he depends: the Protecting Power acts for it (ISO 3166-1 alpha-2).
    country = models.CharField(_("Power on which he depends"), max_length=2)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.CHARGED)
    charged_on = models.DateField(_("charged on"))
    charges = models.TextField(_("charges"))
    legal_provisions = models.TextField(_("legal provisions applicable"))
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("place of internment or confinement"))
    confinement = models.CharField(_("place of internment or confinement (as written)"), max_length=200,
                                   blank=True)
    court = models.CharField(_("court"), max_length=200)
    trial_on = models.DateField(_("opening of the trial"), null=True, blank=True)
    trial_place = models.CharField(_("place of the trial"), max_length=200, blank=True)
    # Art. 104: the notice of the trial to the Protecting Power.
    notice_sent_on = models.DateField(_("notice of trial sent on"), null=True, blank=True)
    notice_received_on = models.DateField(_("notice of trial received by the Protecting Power on"), null=True,
                                          blank=True)
    notice_transmission = models.ForeignKey("consular.Transmission", null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    # Art. 107: the judgment and its notice.
    judged_on = models.DateField(_("judgment pronounced on"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    sentence = models.TextField(_("sentence"), blank=True)
    death_sentence = models.BooleanField(_("death sentence"), default=False)
    final = models.BooleanField(_("final (no appeal pending)"), default=False)
    appeal = models.TextField(_("right of appeal"), blank=True)
    finding_wording = models.TextField(_("precise wording of the finding and sentence"), blank=True)
    trial_summary = models.TextField(_("summarized report of the investigation and trial"), blank=True)
    establishment = models.CharField(_("establishment where the sentence will be served"), max_length=200,
                                     blank=True)
    sentence_ends = models.DateField(_("sentence ends on"), null=True, blank=True)
    judgment_notice_sent_on = models.DateField(_("judgment notice sent on"), null=True, blank=True)
    judgment_notice_received_on = models.DateField(_("judgment notice received by the Protecting Power on"),
                                                   null=True, blank=True)
    judgment_transmission = models.ForeignKey("consular.Transmission", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    # Art. 101: no execution before six months after the Protecting Power received the detailed communication.
    execution_not_before = models.DateField(_("no execution before"), null=True, blank=True)
    execution_on = models.DateField(_("date fixed for the execution"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why closed"), max_length=10, choices=CloseReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-charged_on", "-id"]

    def __str__(self) -> str:
        return self.case_number

    @property
    def place_text(self) -> str:
        return self.place.name if self.place is not None else self.confinement


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Drawn up")
    SENT = "sent", _("Communicated")
    ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")


class ListRecipient(models.TextChoices):
    PROTECTING_POWER = "protecting_power", _("Protecting Power")
    STATE = "state", _("Power on which they depend")


class HeldBackList(models.Model):
    """The list of prisoners of one Power held back after repatriation for proceedings pending or sentences
    being served (Art. 119 para 5), as drawn up on a day, communicated, its receipt acknowledged."""

    country = models.CharField(_("Power on which they depend"), max_length=2)
    recipient = models.CharField(_("recipient"), max_length=20, choices=ListRecipient.choices)
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=14, choices=ListStatus.choices, default=ListStatus.DRAFT)
    sent_on = models.DateField(_("communicated on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=120, blank=True)
    acknowledged_on = models.DateField(_("receipt acknowledged on"), null=True, blank=True)
    reference = models.CharField(_("reference of the acknowledgement"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.country} {self.as_of}"


class HeldReason(models.TextChoices):
    PENDING = "pending", _("Proceedings pending")
    SERVING = "serving", _("Serving a sentence")


class HeldBackEntry(models.Model):
    held_list = models.ForeignKey(HeldBackList, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    prosecution = models.ForeignKey(Prosecution, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=8, choices=HeldReason.choices)
    until = models.DateField(_("held until"), null=True, blank=True)
    transmission = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["held_list", "prosecution"],
                                               name="proceedings_entry_unique")]
