from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.core.fields import PartialDateField


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("News article")
    TELEGRAM_MESSAGE = "telegram_message", _("Telegram message")
    VIDEO_INTERVIEW = "video_interview", _("Video interview")
    OFFICIAL_STATEMENT = "official_statement", _("Official statement")
    REGISTRAR_ENTRY = "registrar_entry", _("Registrar's entry")
    OTHER = "other", _("Other")


class Restriction(models.TextChoices):
    # GC III Art. 13 protects prisoners from public curiosity: nothing leaves the bureau unless marked so.
    INTERNAL = "internal", _("Internal only")
    ICRC = "icrc", _("May be shared with the ICRC")
    PUBLIC = "public", _("Already public")


class Source(models.Model):
    """Where a fact came from: a stored file (content-addressed by SHA-256) or a registrar's own entry."""

    kind = models.CharField(_("kind"), max_length=24, choices=SourceKind.choices)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # One file may hold many sources (a Telegram export holds one per message): `item` tells them apart.
    item = models.CharField(max_length=64, blank=True, default="")
    stored_path = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    retrieved_at = models.DateTimeField(null=True, blank=True)
    published = PartialDateField(_("published"), blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(blank=True)
    restriction = models.CharField(_("publication restriction"), max_length=16, choices=Restriction.choices,
                                   default=Restriction.INTERNAL)
    notes = models.TextField(_("notes"), blank=True)
    # How the file was read (text, html, telegram_json, auto_archiver, vtt, srt, pdf, …).
    source_format = models.CharField(max_length=24, blank=True)
    # Hashes the source itself supplied (auto-archiver), kept verbatim.
    hashes = models.JSONField(default=dict, blank=True)
    # Reader metadata: Telegram channel and message id, subtitle timings, PDF page count.
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # How many extracted items still wait for a decision: the review queue sorts and filters on it. Written by
    # ingest and by every review decision, in their transactions (sources.services.review_state).
    undecided = models.PositiveIntegerField(_("undecided items"), default=0, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sha256", "item"], condition=~models.Q(sha256=""),
                                    name="source_unique_content"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or f"source {self.pk}"


class SourceAttachment(models.Model):
    """A file that came with a source (a Telegram photo, an archived media file), stored content-addressed.

    `sha256` is blank when the export named the file but did not contain it; `claimed_sha256` is the hash the
    source itself gave for it (auto-archiver), kept verbatim so it can be compared with what was stored.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(_("name in the source"), max_length=500)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    stored_path = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    claimed_sha256 = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class SourceExtraction(models.Model):
    """What polon.extract read in a source: the JSON object documented in polon/extract/README.md."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="extractions")
    data = models.JSONField()
    extractor_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Outcome(models.TextChoices):
    """What a reviewer made of an extracted item: the registry's person, a new captive, an actor (not a
    captive), registry persons a group mention stands for, an accepted event, or a dismissal with its reason."""

    SAME_PERSON = "same_person", _("Same as a registry person")
    NEW_CAPTIVE = "new_captive", _("Recorded as a new captive")
    ACTOR = "actor", _("Recorded as an actor (not a captive)")
    GROUP = "group", _("Tied to registry persons")
    EVENT = "event", _("Event accepted")
    NOT_CAPTIVE = "not_captive", _("Not a captive")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class ReviewDecision(models.Model):
    """A reviewer's decision on one extracted item of a source; one per item, never proposed again."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="review_decisions")
    item = models.CharField(max_length=300)
    kind = models.CharField(max_length=16)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # What accepting created or linked: {"person": 7, "name": 31, "events": [..], "contact": 3, "round": 2}.
    created = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["source", "item"], name="one_decision_per_source_item")]
