"""Forms of the proceedings pages (GC III Arts. 5, 99-108, 119): a status determination, a case charged, the
trial fixed, the Art. 104 notice sent and received, the judgment, the Art. 107 notice sent and received, the
execution date (Art. 101), a case closed, a list of those held back drawn up, communicated, acknowledged."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.proceedings.models import CloseReason, ListRecipient, Outcome, Stage, Verdict
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonField
from polon.web.forms.places import EventPlaceField

DATE = _("YYYY-MM-DD")


class DeterminationForm(Form):
    person = PersonField(label=_("Person"))
    tribunal = forms.CharField(label=_("Competent tribunal"), max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), help_text=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    doubt = forms.CharField(label=_("Why his status was in doubt"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class CaseForm(Form):
    person = PersonField(label=_("Prisoner of war"))
    case_number = forms.CharField(label=_("Case number"), max_length=60)
    charged_on = forms.DateField(label=_("Charged on"), help_text=DATE)
    charges = forms.CharField(label=_("Charges"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_provisions = forms.CharField(label=_("Legal provisions applicable"),
                                       widget=forms.Textarea(attrs={"rows": 2}))
    court = forms.CharField(label=_("Court"), max_length=200)
    country = CountryField(label=_("Power on which he depends"), required=False,
                           blank_label=_("— from his record —"))
    place = EventPlaceField(label=_("Place of internment or confinement"))
    confinement = forms.CharField(label=_("Place of confinement (if not listed)"), max_length=200, required=False)
    trial_on = forms.DateField(label=_("Opening of the trial"), required=False, help_text=DATE)
    trial_place = forms.CharField(label=_("Place of the trial"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class TrialForm(Form):
    trial_on = forms.DateField(label=_("Opening of the trial"), help_text=DATE)
    trial_place = forms.CharField(label=_("Place of the trial"), max_length=200, required=False)


class SendForm(Form):
    sent_on = forms.DateField(label=_("Sent on"), help_text=DATE)
    channel = forms.CharField(label=_("Channel"), max_length=120, required=False)
    override_reason = forms.CharField(label=_("Reason for sending despite the warnings"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    confirm_names = forms.BooleanField(label=_("I confirm the other persons named may be read"), required=False)


class NoticeForm(SendForm):
    trial_on = forms.DateField(label=_("Opening of the trial (to postpone it)"), required=False, help_text=DATE)
    trial_place = forms.CharField(label=_("Place of the trial"), max_length=200, required=False)


class ReceiptForm(Form):
    received_on = forms.DateField(label=_("Received by the Protecting Power on"), help_text=DATE)


class JudgmentForm(Form):
    judged_on = forms.DateField(label=_("Judgment pronounced on"), help_text=DATE)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    sentence = forms.CharField(label=_("Sentence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    death_sentence = forms.BooleanField(label=_("Death sentence"), required=False)
    final = forms.BooleanField(label=_("Final (no appeal pending)"), required=False)
    appeal = forms.CharField(label=_("Right of appeal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    finding_wording = forms.CharField(label=_("Precise wording of the finding and sentence"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    trial_summary = forms.CharField(label=_("Summarized report of the investigation and trial"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    establishment = forms.CharField(label=_("Establishment where the sentence will be served"), max_length=200,
                                    required=False)
    sentence_ends = forms.DateField(label=_("Sentence ends on"), required=False, help_text=DATE)


class ExecutionForm(Form):
    execution_on = forms.DateField(label=_("Date fixed for the execution"), help_text=DATE)


class CloseForm(Form):
    closed_on = forms.DateField(label=_("Closed on"), help_text=DATE)
    reason = forms.ChoiceField(label=_("Why closed"), choices=CloseReason.choices)
    note = forms.CharField(label=_("Note"), required=False)


class CaseFilterForm(Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All")), *Stage.choices], required=False)


class ListForm(Form):
    country = CountryField(label=_("Power on which they depend"))
    recipient = forms.ChoiceField(label=_("Recipient"), choices=ListRecipient.choices)
    as_of = forms.DateField(label=_("As of"), required=False, help_text=DATE)


class AcknowledgeForm(Form):
    acknowledged_on = forms.DateField(label=_("Receipt acknowledged on"), help_text=DATE)
    reference = forms.CharField(label=_("Reference of the acknowledgement"), max_length=120, required=False)
