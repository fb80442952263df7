"""Forms of the effects pages (GC III Arts. 18, 119, 122): articles taken against a receipt, a return, a packet
opened, an article added to it, sealed, sent, its receipt acknowledged."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.effects.models import Category, PacketReason, PacketStatus, Via
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonField

LINES = 4  # article lines on the receipt form (more: add them on the receipt's page)


class ReceiptForm(Form):
    person = PersonField(label=_("Prisoner (owner)"))
    taken_on = forms.DateField(label=_("Taken on (YYYY-MM-DD)"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    issuer_name = forms.CharField(label=_("Name of the person issuing the receipt"), max_length=200)
    issuer_rank = forms.CharField(label=_("His rank"), max_length=80)
    issuer_unit = forms.CharField(label=_("His unit"), max_length=200)
    ordered_by = forms.CharField(label=_("Officer who ordered it"), max_length=200,
                                 help_text=_("Money and valuables are taken only by order of an officer (Art. 18)."))
    reason = forms.CharField(label=_("Reasons of security"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required for articles of value: they are withdrawn only for reasons of "
                                         "security (Art. 18)."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user
        for n in range(1, LINES + 1):
            self.fields[f"category_{n}"] = forms.ChoiceField(
                label=_("Category"), required=False, choices=[("", "—"), *Category.choices])
            self.fields[f"description_{n}"] = forms.CharField(label=_("Description"), max_length=300,
                                                              required=False)
            self.fields[f"quantity_{n}"] = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
            self.fields[f"amount_{n}"] = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2,
                                                            required=False)
            self.fields[f"currency_{n}"] = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3,
                                                           required=False)

    def header(self):
        return [self[name] for name in ("person", "taken_on", "place", "issuer_name", "issuer_rank", "issuer_unit",
                                        "ordered_by", "reason")]

    def lines(self):
        return [(n, [self[f"{part}_{n}"] for part in ("category", "description", "quantity", "amount", "currency")])
                for n in range(1, LINES + 1)]

    def articles(self) -> list[dict]:
        data = self.cleaned_data
        return [{part: data.get(f"{part}_{n}") for part in ("category", "description", "quantity", "amount",
                                                             "currency")} for n in range(1, LINES + 1)]

    @staticmethod
    def aliases() -> dict[str, str]:
        return {f"items.{n}.{part}": f"{part}_{n}" for n in range(1, LINES + 1)
                for part in ("category", "description", "quantity", "amount", "currency")} | {
            "items": "category_1"}


class ReturnForm(Form):
    returned_on = forms.DateField(label=_("Returned on (YYYY-MM-DD)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PacketForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=PacketReason.choices)
    country = CountryField(label=_("Power concerned"), required=False, blank_label=_("— the Power he depends on —"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ArticleForm(Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)


class SealForm(Form):
    seal_number = forms.CharField(label=_("Seal number"), max_length=40)
    sealed_by = forms.CharField(label=_("Sealed by"), max_length=200)
    sealed_on = forms.DateField(label=_("Sealed on (YYYY-MM-DD)"), required=False)


class SendForm(Form):
    via = forms.ChoiceField(label=_("Sent through"), choices=Via.choices)
    sent_on = forms.DateField(label=_("Sent on (YYYY-MM-DD)"))
    channel = forms.CharField(label=_("Channel"), max_length=120, required=False,
                              help_text=_("How it left (diplomatic bag, delegate's hand, post)."))
    override_reason = forms.CharField(label=_("Reason for sending despite the warnings"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    confirm_names = forms.BooleanField(label=_("I confirm the other persons named may be read"), required=False)


class AcknowledgeForm(Form):
    received_on = forms.DateField(label=_("Receipt acknowledged on (YYYY-MM-DD)"))
    reference = forms.CharField(label=_("Reference of the acknowledgement"), max_length=120, required=False)


class PacketFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *PacketStatus.choices], required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("All")), *PacketReason.choices], required=False)
