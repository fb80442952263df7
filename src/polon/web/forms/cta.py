"""Forms of the lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.cta.models import Recipient
from polon.web.forms.base import Form


class SendListForm(Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices, widget=forms.HiddenInput)
    country = forms.CharField(required=False, widget=forms.HiddenInput)
    sent_on = forms.DateField(label=_("Sent on"), required=False, help_text=_("YYYY-MM-DD; today if empty"))
    channel = forms.CharField(label=_("Channel"), max_length=120, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200, required=False,
                                  help_text=_("GC III Arts. 122, 123 to the Central Tracing Agency; GC III Art. 122 "
                                              "to the Power depended on, if empty"))
    override_reason = forms.CharField(label=_("Reason for sending despite the warnings"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    confirm_names = forms.BooleanField(label=_("I confirm the other persons named may be read"), required=False)


