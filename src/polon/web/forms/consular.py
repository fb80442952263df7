"""Forms of the consular pages: a contact with a state, and a person's transmissions, objections, what happened
after his return and proceedings against him."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.access.scope import visible_countries
from polon.consular.models import Objection, ProceedingStage, Recipient
from polon.consular.services import ParticipantInput
from polon.core.countries import country_label
from polon.web.forms.base import IdListField
from polon.web.forms.names import NamesChecked
from polon.web.forms.pickers import CountryField, PersonsField, bind_user

DATE = {"placeholder": "YYYY-MM-DD"}


def _lines(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class InlineForm(NamesChecked):
    """A short form of a person's consular page (each field labelled, never a placeholder alone)."""


class CitedSourcesForm(InlineForm):
    """A form with a source_ids field, kept only for those who may read sources (sources=True)."""

    def __init__(self, *args, sources: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not sources:
            del self.fields["source_ids"]

    def cited_source_ids(self) -> list[int]:
        return self.cleaned_data.get("source_ids") or []


class ContactForm(CitedSourcesForm):
    country = CountryField(label=_("State"))
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    kind = forms.CharField(label=_("Kind (meeting, call, note verbale …)"), max_length=40, required=False)
    our_side = forms.CharField(label=_("Our side"), max_length=300, required=False)
    theirs = forms.CharField(label=_("Their participants, one per line: role: name (organisation)"),
                             required=False, widget=_lines())
    ours = forms.CharField(label=_("Our participants, one per line"), required=False, widget=_lines())
    topics = forms.CharField(label=_("Topics, one per line"), required=False, widget=_lines())
    commitments = forms.CharField(label=_("Commitments made, one per line"), required=False, widget=_lines())
    persons = PersonsField(label=_("Persons concerned"), required=False,
                           help_text=_("One a line: a name in any script, or a record number."))
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=_lines())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)
        # A liaison officer records contacts with her own states only: the list offers those.
        self.allowed = visible_countries(user) if user is not None else None
        if self.allowed is not None:
            field = self.fields["country"]
            field.choices = [choice for choice in field.choices if not choice[0] or choice[0] in self.allowed]
            if len(self.allowed) == 1 and not self.is_bound:
                self.initial["country"] = self.initial.get("country") or self.allowed[0]

    def clean_country(self) -> str:
        code = self.cleaned_data["country"]
        if self.allowed is not None and code not in self.allowed:
            raise forms.ValidationError(_("You record contacts with %(countries)s only.")
                                        % {"countries": ", ".join(country_label(c) for c in self.allowed)})
        return code

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


class TransmissionForm(NamesChecked):
    summary_counts = True  # many persons' warnings: counted above, listed under their field

    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices)
    country = CountryField(label=_("State"), required=False, help_text=_(
        "The state it goes to: the state itself, the one the Protecting Power acts for, or the one the Central "
        "Tracing Agency forwards it to. What its law and his objections say is checked for it."))
    channel = forms.CharField(label=_("Channel"), max_length=120)
    date = forms.CharField(label=_("Date"), max_length=10, widget=forms.TextInput(attrs=DATE))
    content = forms.CharField(label=_("What was sent"))
    legal_basis = forms.CharField(label=_("Legal basis"), initial=_("GC III Art. 122"), max_length=200)
    override_reason = forms.CharField(label=_("Reason for sending despite the warning"), required=False,
                                      widget=_lines(2))

    @property
    def warned(self) -> bool:
        """Whether the service warned that sending may harm him: the page then asks for the reason."""
        return bool(self.is_bound and self.errors.get("override_reason"))


class ObjectionForm(InlineForm):
    scope = forms.ChoiceField(label=_("Objects to transmission"), choices=Objection.Scope.choices,
                              initial=Objection.Scope.STATE)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    statement = forms.CharField(label=_("His words"), required=False)


class AfterReturnForm(CitedSourcesForm):
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    country = CountryField(label=_("Went to (state)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False)
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)


class ProceedingForm(CitedSourcesForm):
    country = CountryField(label=_("State"))
    article = forms.CharField(label=_("Article"), max_length=200, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=ProceedingStage.choices, initial=ProceedingStage.UNKNOWN)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, widget=forms.TextInput(attrs=DATE))
    sentence = forms.CharField(label=_("Sentence"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False)
    source_ids = IdListField(label=_("Sources (source numbers)"), required=False)
