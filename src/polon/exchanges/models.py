from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.core.fields import PartialDateField


class RoundStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    EXECUTED = "executed", _("Executed")
    PARTLY_EXECUTED = "partly_executed", _("Partly executed")
    CANCELLED = "cancelled", _("Cancelled")


class Formula(models.TextChoices):
    N_FOR_N = "n_for_n", _("N for N")
    ALL_FOR_ALL = "all_for_all", _("All for all of a category")
    OTHER = "other", _("Other")


class Side(models.TextChoices):
    HAND_OVER = "hand_over", _("We hand over")
    RECEIVE = "receive", _("We receive")


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    REQUESTED = "requested", _("Requested by the other side")
    AGREED = "agreed", _("Agreed")
    STRUCK = "struck", _("Struck")
    EXCHANGED = "exchanged", _("Exchanged")
    RELEASED_OUTSIDE = "released_outside", _("Released outside the exchange")


class Consent(models.TextChoices):
    UNKNOWN = "unknown", _("Not asked yet")
    CONSENTS = "consents", _("Consents to return")
    REFUSES = "refuses", _("Refuses to return")


class EntryCategory(models.TextChoices):
    SERIOUSLY_WOUNDED_ILL = "seriously_wounded_ill", _("Seriously wounded or ill")
    WOMAN = "woman", _("Woman")
    HELD_LONGEST = "held_longest", _("Held longest")
    AGED_18_25 = "aged_18_25", _("Aged 18–25")
    CIVILIAN = "civilian", _("Civilian")


# The fields of a round a user sets (create_round, update_round) and its audit events record.
ROUND_FIELDS = ("title", "proposed_on", "agreed_on", "place", "parties", "mediator", "formula", "formula_n",
                "formula_category", "status", "notes")


class ExchangeRound(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    proposed_on = PartialDateField(_("proposed on"), blank=True)
    agreed_on = PartialDateField(_("agreed on"), blank=True)
    executed_on = PartialDateField(_("executed on"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # ISO 3166-1 alpha-2 codes of the parties to the exchange and of the mediating state, if any.
    parties = models.JSONField(_("parties"), default=list)
    mediator = models.CharField(_("mediator"), max_length=2, blank=True)
    formula = models.CharField(_("formula"), max_length=16, choices=Formula.choices, default=Formula.N_FOR_N)
    formula_n = models.PositiveIntegerField(_("N"), null=True, blank=True)
    formula_category = models.CharField(_("category of the formula"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices,
                              default=RoundStatus.NEGOTIATING)
    notes = models.TextField(_("notes"), blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="exchange_rounds")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}".strip()

    @property
    def formula_text(self) -> str:
        if self.formula == Formula.N_FOR_N and self.formula_n:
            return f"{self.formula_n} / {self.formula_n}"
        if self.formula == Formula.ALL_FOR_ALL:
            return f"{self.get_formula_display()}: {self.formula_category}".rstrip(": ")
        return self.get_formula_display()


class RoundEntry(models.Model):
    """One person on one of a round's two lists."""

    round = models.ForeignKey(ExchangeRound, on_delete=models.PROTECT, related_name="entries")
    side = models.CharField(_("list"), max_length=12, choices=Side.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="exchange_entries")
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PROPOSED)
    struck_by = models.CharField(_("struck by"), max_length=200, blank=True)
    struck_reason = models.TextField(_("why struck"), blank=True)
    consent = models.CharField(_("consent to return"), max_length=12, choices=Consent.choices,
                               default=Consent.UNKNOWN)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "side", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="person_once_per_round")]


class Outcome(models.TextChoices):
    """What a line of the other side's list is, in the registry:

    - matched: one person (found clearly, confirmed by a user, or recorded from the line);
    - ambiguous: several plausible persons, or one that does not stand clear, for a user to choose from;
    - unknown ("not in the registry"): no plausible candidate, every candidate ruled out, or a user said so;
    - invalid: the line could not be read (a bad date, no name, a duplicate): kept as written, to correct.
    """

    MATCHED = "matched", _("Matched")
    AMBIGUOUS = "ambiguous", _("Ambiguous")
    UNKNOWN = "unknown", _("Not in the registry")
    INVALID = "invalid", _("To correct")


class ListRow(models.Model):
    """One line of the other side's list, and what reconciliation made of it.

    `row_key` identifies the line across imports (the normalised name and date of birth), so importing the
    same list again updates these rows instead of adding new ones.
    """

    round = models.ForeignKey(ExchangeRound, on_delete=models.PROTECT, related_name="list_rows")
    side = models.CharField(_("list"), max_length=12, choices=Side.choices)
    row_key = models.CharField(max_length=64)
    line = models.PositiveIntegerField(_("line"))
    file_name = models.CharField(max_length=255, blank=True)
    name = models.CharField(_("name as written"), max_length=300)
    birth_date = PartialDateField(_("date of birth"), blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    score = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    confirmed = models.BooleanField(default=False)
    # [{"person_id", "score", "band", "explanation", "plausible"}] best first: the choice of an ambiguous row,
    # and the weak candidates of a row not in the registry.
    candidates = models.JSONField(default=list, blank=True)
    # An invalid line: the line as written in the file, its values by column, and what is wrong with it
    # ([{"field", "reason"}]); emptied when a user corrects it.
    raw_text = models.TextField(_("line as written"), blank=True)
    raw = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "side", "line"]
        constraints = [models.UniqueConstraint(fields=["round", "side", "row_key"], name="list_row_once")]


class ListJudgement(models.Model):
    """An analyst's word that a spelling on a list is (or is not) a person; re-applied on every import.
    Without a person (and ``same`` false) it is the word that the name is not in the registry at all."""

    query = models.CharField(max_length=300)
    birth_date = PartialDateField(blank=True)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    same = models.BooleanField()
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "birth_date", "person"],
                                               name="list_judgement_once")]
