"""Forms of the tracing enquiry pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.access.scope import visible_countries
from polon.enquiries.models import RequesterKind
from polon.web.forms.base import Form
from polon.web.forms.names import NamesChecked
from polon.web.forms.pickers import CountryField, PersonsField, bind_user


class EnquiryForm(NamesChecked):
    requester_kind = forms.ChoiceField(label=_("From"), choices=RequesterKind.choices)
    requester_name = forms.CharField(label=_("Requester"), max_length=200)
    requester_contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    received_on = forms.CharField(label=_("Received on (YYYY-MM-DD)"), max_length=10, required=False)
    sought_name = forms.CharField(label=_("Name of the person sought, any script"), max_length=300)
    sought_birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False)
    sought_country = CountryField(label=_("Citizenship"), required=False)
    requester_country = CountryField(label=_("Requester's state (a consulate's; replies to it follow the "
                                             "detriment rule)"), required=False)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A liaison officer records enquiries about citizens of her own states: the list offers those.
        allowed = visible_countries(user) if user is not None else None
        if allowed is not None:
            field = self.fields["sought_country"]
            field.choices = [choice for choice in field.choices if choice[0] in allowed]
            field.required = True
            # ... and from them (a consulate of her states), if from a state at all.
            requester = self.fields["requester_country"]
            requester.choices = [choice for choice in requester.choices if not choice[0] or choice[0] in allowed]


class ReplyForm(NamesChecked):
    text = forms.CharField(label=_("Reply (a draft leaves out restricted persons)"),
                           widget=forms.Textarea(attrs={"rows": 5}))
    persons = PersonsField(label=_("Persons the reply names"), required=False,
                           help_text=_("One a line: a name in any script, or a record number."))
    channel = forms.CharField(label=_("Channel"), max_length=120, required=False)
    sent_on = forms.CharField(label=_("Date"), max_length=10, required=False)
    close = forms.BooleanField(label=_("Close the enquiry"), required=False)
    override_reason = forms.CharField(label=_("Reason for sending despite the warning"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, warned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)
        # Asked for only when the reply goes to a state and may harm a person it tells of (the service says).
        if not (warned or (self.is_bound and (self.data.get(self.add_prefix("override_reason")) or "").strip())):
            self.fields["override_reason"].widget = forms.HiddenInput()

    def ask_for_reason(self) -> None:
        self.fields["override_reason"].widget = forms.Textarea(attrs={"rows": 2})


class AssignForm(Form):
    assignee = forms.TypedChoiceField(label=_("Assignee"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *((u.pk, u.username) for u in assignees)]
