from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    POW = "pow", _("Prisoner of war held by us")
    OWN_HELD = "own_held", _("Own national held by the adversary")
    CIVILIAN = "civilian", _("Civilian detainee")
    MISSING = "missing", _("Missing")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class CitizenshipProvenance(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Self-declared")
    DOCUMENT = "document", _("Identity document")
    CONFIRMED = "confirmed", _("Confirmed by that state")


class EventType(models.TextChoices):
    CAPTURED = "captured", _("Captured")
    EVACUATED = "evacuated", _("Evacuated")
    INTERNED = "interned", _("Interned")
    TRANSFERRED = "transferred", _("Transferred")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    DISCHARGED = "discharged", _("Discharged from hospital")
    ESCAPED = "escaped", _("Escaped")
    RECAPTURED = "recaptured", _("Recaptured")
    RELEASED = "released", _("Released")
    EXCHANGED = "exchanged", _("Exchanged")
    REPATRIATED = "repatriated", _("Repatriated")
    DIED = "died", _("Died")
    REMAINS_REPATRIATED = "remains_repatriated", _("Remains repatriated")
    CORRECTED = "corrected", _("Correction")


class Health(models.TextChoices):
    """The state of health as the capture card states it (GC III Annex IV B, item 11: "(a) Good health —
    (b) Not wounded — (c) Recovered — (d) Convalescent — (e) Sick — (f) Slightly wounded — (g) Seriously
    wounded"), in the Annex's order. Migration 0010 read the former "wounded" as slightly wounded (the serious
    cases had their own value) and "seriously ill" as sick (the Annex grades no illness)."""

    GOOD = "good", _("Good health")
    NOT_WOUNDED = "not_wounded", _("Not wounded")
    RECOVERED = "recovered", _("Recovered")
    CONVALESCENT = "convalescent", _("Convalescent")
    SICK = "sick", _("Sick")
    SLIGHTLY_WOUNDED = "slightly_wounded", _("Slightly wounded")
    SERIOUSLY_WOUNDED = "seriously_wounded", _("Seriously wounded")
    UNKNOWN = "", _("Not stated")


class Confidence(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary")
    CONFIRMED = "confirmed", _("Confirmed")


class Status(models.TextChoices):
    """Derived from the timeline by lifecycle.derive; the current one is kept in Person.status."""

    NOT_RECORDED = "not_recorded", _("No status recorded")
    HELD = "held", _("Held")
    HOSPITALISED = "hospitalised", _("In hospital")
    ESCAPED = "escaped", _("Escaped")
    RELEASED = "released", _("Released")
    EXCHANGED = "exchanged", _("Exchanged")
    REPATRIATED = "repatriated", _("Repatriated")
    DEAD = "dead", _("Dead")
    REMAINS_REPATRIATED = "remains_repatriated", _("Remains repatriated")


class Script(models.TextChoices):
    CYRILLIC = "Cyrl", _("Cyrillic")
    LATIN = "Latn", _("Latin")
    OTHER = "Zyyy", _("Other")


class DocumentKind(models.TextChoices):
    """What a file attached to a person is (registry.models.PersonDocument)."""

    PHOTO = "photo", _("Photograph")
    IDENTITY = "identity", _("Identity document")
    CAPTURE_CARD = "capture_card", _("Capture card scan")
    MEDICAL = "medical", _("Medical record")
    OTHER = "other", _("Other document")
