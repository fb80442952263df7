"""Forms of the consular pages: a contact with a state, and a person's transmissions, objections, what happened
after his return and proceedings against him."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.consular.models import Objection, ProceedingStage, Recipient
from polon.consular.services import ParticipantInput
from polon.web.forms.base import Form, IdListField

DATE = {"placeholder": "YYYY-MM-DD"}


def _lines(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class InlineForm(Form):
    """A form written on one line: each text field says what it is in its placeholder."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput):
                field.widget.attrs.setdefault("placeholder", field.label)


class CitedSourcesForm(InlineForm):
    """A form with a source_ids field, kept only for those who may read sources (sources=True)."""

    def __init__(self, *args, sources: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not sources:
            del self.fields["source_ids"]

    def cited_source_ids(self) -> list[int]:
        return self.cleaned_data.get("source_ids") or []


class ContactForm(CitedSourcesForm):
    country = forms.CharField(label=_("State (ISO code)"), max_length=3)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    kind = forms.CharField(label=_("Kind (meeting, call, note verbale …)"), max_length=40, required=False)
    our_side = forms.CharField(label=_("Our side"), max_length=300, required=False)
    theirs = forms.CharField(label=_("Their participants, one per line: role: name (organisation)"),
                             required=False, widget=_lines())
    ours = forms.CharField(label=_("Our participants, one per line"), required=False, widget=_lines())
    topics = forms.CharField(label=_("Topics, one per line"), required=False, widget=_lines())
    commitments = forms.CharField(label=_("Commitments made, one per line"), required=False, widget=_lines())
    person_ids = IdListField(label=_("Persons concerned (record numbers)"), required=False)
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=_lines())

    def participants(self) -> list[ParticipantInput]:
        """One participant per line: 'role: name (organisation)', every part optional."""
        out = []
        for side in ("theirs", "ours"):
            for line in self.cleaned_data[side].splitlines():
                line = line.strip()
                if not line:
                    continue
                role, _sep, rest = line.partition(":") if ":" in line else ("", "", line)
                name, _sep, organisation = rest.partition("(")
                out.append(ParticipantInput(side=side, role=role.strip(), name=name.strip(),
                                            organisation=organisation.rstrip(")").strip()))
        return out


class TransmissionForm(Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices)
    country = forms.CharField(label=_("State (ISO code)"), max_length=3, required=False)
    channel = forms.CharField(label=_("Channel"), max_length=120)
    date = forms.CharField(label=_("Date"), max_length=10, widget=forms.TextInput(attrs=DATE))
    content = forms.CharField(label=_("What was sent"))
    legal_basis = forms.CharField(label=_("Legal basis"), initial="GC III Art. 122", max_length=200)
    override_reason = forms.CharField(label=_("Reason for sending despite the warning"), required=False,
                                      widget=_lines(2))

    @property
    def warned(self) -> bool:
        """Whether the service warned that sending may harm him: the page then asks for the reason."""
        return bool(self.is_bound and self.errors.get("override_reason"))


class ObjectionForm(InlineForm):
    scope = forms.ChoiceField(label=_("objects to transmission"), choices=Objection.Scope.choices,
                              initial=Objection.Scope.STATE)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    statement = forms.CharField(label=_("his words"), required=False)


class AfterReturnForm(CitedSourcesForm):
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    country = forms.CharField(label=_("went to (ISO)"), max_length=3, required=False)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    note = forms.CharField(label=_("note"), required=False)
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)


class ProceedingForm(CitedSourcesForm):
    country = forms.CharField(label=_("state (ISO)"), max_length=3)
    article = forms.CharField(label=_("article"), max_length=200, required=False)
    stage = forms.ChoiceField(label=_("stage"), choices=ProceedingStage.choices, initial=ProceedingStage.UNKNOWN)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    sentence = forms.CharField(label=_("sentence"), max_length=300, required=False)
    note = forms.CharField(label=_("note"), required=False)
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)
