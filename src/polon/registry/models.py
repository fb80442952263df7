from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.core.fields import PartialDateField
from polon.registry.choices import (
    Category,
    CitizenshipProvenance,
    Confidence,
    DocumentKind,
    EventType,
    Health,
    Script,
    Sex,
    Status,
)


class Person(models.Model):
    """A person the bureau records, with the identity data of GC III Art. 17 and Art. 122.

    The name parts shown for the person are those of the primary PersonName; every spelling ever seen is a
    PersonName row of its own.
    """

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    father_first_name = models.CharField(_("father's first name"), max_length=120, blank=True)
    mother_maiden_name = models.CharField(_("mother's maiden name"), max_length=120, blank=True)
    birth_date = PartialDateField(_("date of birth"), blank=True, db_index=True)
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    army = models.CharField(_("army or force"), max_length=120, blank=True,
                            help_text=_("The armed force whose number series the service number belongs to."))
    service_number = models.CharField(_("army, regimental, personal or serial number"), max_length=60, blank=True)
    # The number the Detaining Power gives the prisoner (GC III Art. 17, Annex IV B "present address": the
    # prisoner number); unlike the service number, one series for the whole bureau, so unique when set.
    internment_number = models.CharField(_("prisoner (internment) number"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    # "Power on which he depends": the party in whose forces he served, not his citizenship.
    power_depended = models.CharField(_("Power on which he depends"), max_length=2, blank=True)
    informed_person_name = models.CharField(_("person to be informed"), max_length=200, blank=True)
    informed_person_address = models.TextField(_("address of the person to be informed"), blank=True)
    correspondence_address = models.TextField(_("address for correspondence"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Restricted persons are never disclosed in replies to enquiries (an objection, a risk to him).
    restricted = models.BooleanField(_("restricted"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # The current status: lifecycle.derive over the timeline, written only by the services that write events
    # (registry.services.events.store_status), in the transaction of the event, so lists filter and count it
    # with an index and never disagree with the derivation.
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NOT_RECORDED,
                              db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["army", "service_number"], condition=~models.Q(service_number=""),
                                    name="person_unique_service_number_per_army"),
            models.UniqueConstraint(fields=["internment_number"], condition=~models.Q(internment_number=""),
                                    name="person_unique_internment_number"),
        ]
        # Counts by status of a set of persons (a country's citizens, a liaison's scope) from the index alone.
        indexes = [models.Index(fields=["id", "status"], name="person_id_status")]

    def __str__(self) -> str:
        primary = self.primary_name
        return primary.text if primary else f"person {self.pk}"

    @property
    def primary_name(self) -> PersonName | None:
        names = getattr(self, "_prefetched_objects_cache", {}).get("names")
        if names is not None:
            return next((n for n in names if n.is_primary), None)
        return self.names.filter(is_primary=True).first()


class PersonName(models.Model):
    """One spelling of a person's name as seen somewhere. Later spellings never overwrite earlier ones."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    text = models.CharField(_("name as written"), max_length=300)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    scheme = models.CharField(_("transliteration scheme"), max_length=32, blank=True)
    given = models.CharField(_("given names"), max_length=200, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=200, blank=True)
    surname = models.CharField(_("surname"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="person_names")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(is_primary=True),
                                    name="one_primary_name_per_person"),
        ]

    def __str__(self) -> str:
        return self.text


class SearchChange(models.Model):
    """Append-only log of persons whose searchable data changed, written by database triggers in the
    writing transaction (migration 0005): each process's search engine re-indexes them before its next
    search (registry/search_index.py). ``txid`` is the PostgreSQL transaction that wrote the row."""

    id = models.BigAutoField(primary_key=True)
    person_id = models.BigIntegerField()
    txid = models.BigIntegerField(null=True, db_index=True)


class Citizenship(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="citizenships")
    country = models.CharField(_("country"), max_length=2, db_index=True)
    provenance = models.CharField(_("provenance"), max_length=16, choices=CitizenshipProvenance.choices)
    as_of = PartialDateField(_("as of"), blank=True)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "country", "provenance"], name="citizenship_once_per_provenance"),
        ]
        # A country's citizens (a liaison's scope, the dossier, the citizenship filter and counts) read from the
        # index alone.
        indexes = [models.Index(fields=["country", "person"], name="citizenship_country_person")]


class StatusEvent(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("event"), max_length=24, choices=EventType.choices)
    date = PartialDateField(_("date"), blank=True, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    facility = models.CharField(_("facility"), max_length=200, blank=True)
    # The place of internment the event happened at (GC III Arts. 22, 23); the free-text facility of older
    # events is matched to places by `polon places match-facilities` (places.matching).
    internment_place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="status_events", verbose_name=_("place of internment"))
    health = models.CharField(_("state of health"), max_length=20, choices=Health.choices, blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices,
                                  default=Confidence.PRELIMINARY)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    corrected_type = models.CharField(_("corrected event"), max_length=24, choices=EventType.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="events")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class MatchJudgement(models.Model):
    """A person's judgement that a spelling (or another record) is / is not this person: it beats any score."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="judgements")
    query = models.CharField(max_length=300)
    same = models.BooleanField()
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "query"], name="one_judgement_per_query")]
        indexes = [models.Index(fields=["query"], name="judgement_query")]


class PersonDocument(models.Model):
    """A file attached to a person (a photograph, a scan of his identity document or capture card, a medical
    record), kept in the content-addressed file store (polon.core.files) and served only through the scoped
    views; registry.services.documents writes it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=200)
    # A small JPEG of a photograph or scanned image, made when it was added (empty for a PDF).
    thumbnail_path = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="person_documents")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.original_name or f"document {self.pk}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class RepatriationConsent(models.TextChoices):
    """Whether the person wishes to be repatriated (GC III Art. 109 para 3), as he said it."""

    UNKNOWN = "unknown", _("Not asked yet")
    CONSENTS = "consents", _("Wishes to be repatriated")
    REFUSES = "refuses", _("Refuses repatriation")


class RepatriationFlag(models.Model):
    """A registry-level fact read by the apps below medical (exchanges): the person is seriously wounded or
    sick and must be sent back to his own country regardless of number or rank (GC III Art. 109 para 1,
    Art. 110 para 1), and whether he consents (Art. 109 para 3: no eligible sick or wounded prisoner is
    repatriated against his will during hostilities). Written by registry.services.repatriation only."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="repatriation_flag",
                                  verbose_name=_("person"))
    must_repatriate = models.BooleanField(_("to be repatriated regardless of number (Art. 109(1))"), default=False)
    basis = models.CharField(_("basis"), max_length=200, blank=True,
                             help_text=_("What the flag rests on, e.g. a Mixed Medical Commission decision."))
    flagged_on = models.DateField(_("flagged on"), null=True, blank=True)
    consent = models.CharField(_("consent to repatriation"), max_length=10, choices=RepatriationConsent.choices,
                               default=RepatriationConsent.UNKNOWN)
    consent_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_note = models.TextField(_("how the consent was given"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_consent_display()}"

    @property
    def refuses(self) -> bool:
        return self.must_repatriate and self.consent == RepatriationConsent.REFUSES
