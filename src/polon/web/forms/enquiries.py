"""Forms of the tracing enquiry pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.enquiries.models import RequesterKind
from polon.web.forms.base import Form, IdListField


class EnquiryForm(Form):
    requester_kind = forms.ChoiceField(label=_("From"), choices=RequesterKind.choices)
    requester_name = forms.CharField(label=_("Requester"), max_length=200)
    requester_contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    received_on = forms.CharField(label=_("Received on (YYYY-MM-DD)"), max_length=10, required=False)
    sought_name = forms.CharField(label=_("Name of the person sought, any script"), max_length=300)
    sought_birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False)
    sought_country = forms.CharField(label=_("Citizenship (ISO code)"), max_length=3, required=False)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(Form):
    text = forms.CharField(label=_("Reply (a draft leaves out restricted persons)"),
                           widget=forms.Textarea(attrs={"rows": 5}))
    person_ids = IdListField(label=_("Persons the reply names (record numbers)"), required=False)
    channel = forms.CharField(label=_("Channel"), max_length=120, required=False)
    sent_on = forms.CharField(label=_("Date"), max_length=10, required=False)
    close = forms.BooleanField(label=_("Close the enquiry"), required=False)


class AssignForm(Form):
    assignee = forms.TypedChoiceField(label=_("Assignee"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *((u.pk, u.username) for u in assignees)]
