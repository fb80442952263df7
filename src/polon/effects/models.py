"""Effects and valuables of prisoners of war (GC III Arts. 18, 119, 122).

Art. 18: sums of money and articles of value may be taken from a prisoner only by order of an officer (articles
of value only for reasons of security), after the amount and particulars of the owner have been recorded in a
special register and an itemized receipt has been given, legibly inscribed with the name, rank and unit of the
person issuing it; they are kept in custody (impounded) and returned in their initial shape at the end of his
captivity. His identity documents (Art. 17: the identity card may in no case be taken away), badges of rank and
nationality, decorations and articles of personal or sentimental value may not be taken from him.

Art. 119 para 2 and Art. 122 para 9: valuables not restored on repatriation, and the personal valuables left by
prisoners who were repatriated, released, escaped or died (a dead prisoner's estate), are collected by the
Information Bureau and forwarded to the Powers concerned in sealed packets, with a statement giving clear and
full particulars of the identity of the owner and a complete list of the contents. A packet is sent through the
Protecting Power or the ICRC (a consular transmission records what left, when and to whom) and its receipt is
acknowledged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polon.core.countries import country_label


class Category(models.TextChoices):
    MONEY = "money", _("Sum of money")
    VALUABLE = "valuable", _("Article of value")
    DOCUMENT = "document", _("Document of importance to the next of kin")
    PERSONAL = "personal", _("Effects and articles of personal use")
    IDENTITY = "identity", _("Identity document")
    DECORATION = "decoration", _("Badge, decoration or article of sentimental value")


# What may never be taken from a prisoner of war (Arts. 17, 18); they may be in a dead prisoner's estate.
NEVER_TAKEN = (Category.IDENTITY, Category.DECORATION)


class Origin(models.TextChoices):
    TAKEN = "taken", _("Taken from him against a receipt (Art. 18)")
    LEFT = "left", _("Left by him (Art. 122)")


class ItemStatus(models.TextChoices):
    IMPOUNDED = "impounded", _("Impounded")
    RETURNED = "returned", _("Returned to him")
    PACKED = "packed", _("In a packet for the Power concerned")


class Receipt(models.Model):
    """The itemized receipt given for what was taken from one prisoner at one time (Art. 18 para 4)."""

    number = models.CharField(_("receipt number"), max_length=40, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="effects_receipts",
                               verbose_name=_("person"))
    taken_on = models.DateField(_("taken on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    issuer_name = models.CharField(_("name of the person issuing the receipt"), max_length=200)
    issuer_rank = models.CharField(_("his rank"), max_length=80)
    issuer_unit = models.CharField(_("his unit"), max_length=200)
    ordered_by = models.CharField(_("officer who ordered it"), max_length=200)
    reason = models.TextField(_("reason of security"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return self.number


class PacketReason(models.TextChoices):
    DIED = "died", _("Estate of a prisoner who died")
    REPATRIATED = "repatriated", _("Valuables not restored on repatriation")
    RELEASED = "released", _("Valuables left by a prisoner released")
    ESCAPED = "escaped", _("Valuables left by a prisoner who escaped")


# What the statement of identity of a packet's owner states (Art. 122 para 9: clear and full particulars).
IDENTITY_LABELS = {
    "name": _("Name and first names"),
    "father": _("First name of the father"),
    "birth": _("Date and place of birth"),
    "rank": _("Rank"),
    "number": _("Army, regimental, personal or serial number"),
    "internment_number": _("Prisoner (internment) number"),
    "unit": _("Unit"),
    "power": _("Power on which he depends"),
    "informed": _("Person to be informed"),
    "record": _("Record number in the bureau"),
}


class Via(models.TextChoices):
    PROTECTING_POWER = "protecting_power", _("Protecting Power")
    ICRC = "icrc_cta", _("ICRC Central Tracing Agency")


class PacketStatus(models.TextChoices):
    OPEN = "open", _("Being gathered")
    SEALED = "sealed", _("Sealed")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Receipt acknowledged")


class Packet(models.Model):
    """A sealed packet of a prisoner's valuables for the Power concerned (Art. 122 para 9)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="effects_packets",
                               verbose_name=_("person"))
    reason = models.CharField(_("reason"), max_length=12, choices=PacketReason.choices)
    status = models.CharField(_("status"), max_length=10, choices=PacketStatus.choices, default=PacketStatus.OPEN)
    # The statement of identity as taken when the packet was opened: [[key, value], …], keys of IDENTITY_LABELS
    # (the labels are written in the reader's language; the values are data).
    identity = models.JSONField(_("statement of identity"), default=list)
    # The Power concerned (ISO 3166-1 alpha-2): the Power on which he depended, unless another is named.
    country = models.CharField(_("Power concerned"), max_length=2)
    seal_number = models.CharField(_("seal number"), max_length=40, blank=True)
    sealed_on = models.DateField(_("sealed on"), null=True, blank=True)
    sealed_by = models.CharField(_("sealed by"), max_length=200, blank=True)
    # The complete list of contents as sealed: [{"n", "category", "description", "quantity", "amount", "currency"}].
    contents = models.JSONField(_("list of contents"), default=list, blank=True)
    via = models.CharField(_("sent through"), max_length=20, choices=Via.choices, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    transmission = models.ForeignKey("consular.Transmission", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("transmission"))
    received_on = models.DateField(_("receipt acknowledged on"), null=True, blank=True)
    receipt_reference = models.CharField(_("reference of the acknowledgement"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seal_number"], condition=~models.Q(seal_number=""),
                                    name="effects_packet_unique_seal"),
        ]

    def __str__(self) -> str:
        return self.seal_number or f"packet {self.pk}"

    @property
    def identity_lines(self) -> list[tuple[str, str]]:
        """The statement of identity as (label in the active language, value)."""
        return [(str(IDENTITY_LABELS.get(key, key)), country_label(value) if key == "power" else str(value))
                for key, value in self.identity]

    @property
    def identity_statement(self) -> str:
        """The statement of identity as text, its labels in the active language."""
        return "\n".join(f"{label}: {value}" for label, value in self.identity_lines)


class Item(models.Model):
    """One line of a receipt or of a packet's list: an article, or a sum of money in one currency."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="effects_items",
                               verbose_name=_("person"))
    receipt = models.ForeignKey(Receipt, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    packet = models.ForeignKey(Packet, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.TAKEN)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.IMPOUNDED)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_note = models.CharField(_("note on the return"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(category="money") | models.Q(amount__isnull=False),
                                   name="effects_item_money_has_amount"),
        ]

    def __str__(self) -> str:
        if self.category == Category.MONEY and self.amount is not None:
            return f"{self.amount} {self.currency}"
        return self.description if self.quantity == 1 else f"{self.quantity} × {self.description}"
