"""The export form: what, for whom and on what legal basis, which persons (or which round's reconciled list)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.exchanges.models import Side
from polon.exports.models import ExportKind
from polon.registry.choices import Status
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonsField

# The files a reconciled list is written as (exports.services.export_reconciliation's fmt).
LIST_FORMATS = [("csv", "CSV"), ("xlsx", "XLSX")]


class ExportForm(Form):
    # A refusal may name twenty persons with the law that may harm each: listed once, under the reason's field;
    # the summary above counts them (polon/_form_errors.html).
    summary_counts = True

    kind = forms.ChoiceField(label=_("What"), choices=ExportKind.choices)
    recipient = forms.CharField(label=_("Recipient"), max_length=300)
    legal_basis = forms.CharField(label=_("Legal basis"), initial=_("GC III Art. 122"), max_length=300)
    # The state the file goes to or is made for, chosen, never read out of the recipient's name: an export to a
    # state leaves out the persons it may harm unless a reason is given (exports.services.apply_detriment).
    state = CountryField(label=_("Addressed to or on behalf of a state"), required=False, blank_label=_("Not a state (the ICRC, a court, …)"),
                         help_text=_("Its embassy, ministry or other body, or the Protecting Power acting for it. "
                                     "Persons whom it may harm (its law, a restricted record, an objection) are "
                                     "left out unless you give a reason."))
    override_reason = forms.CharField(
        label=_("Reason for sending persons despite the warnings"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only with a state: lets the persons it may harm through; recorded in the audit log with them."))
    # The person list's bulk action sends ?persons=1,2,3: those persons are filled in, by name, one a line.
    persons = PersonsField(label=_("Persons"), required=False,
                           help_text=_("One a line: a name in any script, or a record number. Empty: all whom "
                                       "the citizenship and status chosen select."))
    country = CountryField(label=_("Citizenship / state"), required=False, blank_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    # Any round the user sees may be asked for (a round's page links here); the list offers the latest ones.
    round = forms.IntegerField(label=_("Exchange round (reconciled list)"), required=False, widget=forms.Select)
    side = forms.ChoiceField(label=_("List"), required=False, choices=[("", _("All")), *Side.choices])
    format = forms.ChoiceField(label=_("Format (reconciled list)"), choices=LIST_FORMATS, initial="csv",
                               required=False)

    def __init__(self, *args, rounds=(), user=None, **kwargs):
        initial = dict(kwargs.pop("initial", None) or {})
        if isinstance(initial.get("persons"), str):
            initial["persons"] = [int(p) for p in initial["persons"].replace(";", ",").replace(" ", ",").split(",")
                                  if p.strip().isdigit()]
        for code in ("country", "state"):
            if initial.get(code):
                initial[code] = str(initial[code]).upper()
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["persons"].user = user
        self.fields["round"].widget.choices = [("", "—"), *((r.pk, str(r)) for r in rounds)]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExportKind.RECONCILIATION and not data.get("round") and "round" not in self.errors:
            self.add_error("round", forms.ValidationError(self.fields["round"].error_messages["required"],
                                                          code="required"))
        return data
