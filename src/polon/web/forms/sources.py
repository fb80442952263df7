"""Forms of the source pages: the upload, and a reviewer's decision on one extracted item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.actors.models import ActorKind
from polon.registry.choices import Category
from polon.sources.models import Outcome, Restriction, SourceKind
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonField, PersonsField

# Languages the extractor reads, each named in its own language; "" lets it detect the language.
LANGUAGES = [("", _("Detect")), ("de", "Deutsch"), ("en", "English"), ("ru", "Русский"), ("uk", "Українська"),
             ("kk", "Қазақша"), ("ky", "Кыргызча")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(Form):
    # A declared field: Django's form metaclass moves it to base_fields, away from the form's own `files`.
    files = MultipleFileField(label=_("Files (text, Markdown, HTML, Telegram result.json, subtitles, "  # type: ignore[assignment]
                                      "PDF, auto-archiver JSON or CSV)"))
    lang = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGES)
    restriction = forms.ChoiceField(label=_("Publication restriction"), choices=Restriction.choices,
                                    initial=Restriction.INTERNAL)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NumbersField(forms.Field):
    """A field sent several times (person_ids=1&person_ids=2): the numbers, blanks left out."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("'%(value)s' is not a record number")}

    def to_python(self, value) -> list[int]:
        out = []
        for part in value or []:
            if str(part).strip():
                try:
                    out.append(int(str(part).strip()))
                except ValueError:
                    raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                                params={"value": part}) from None
        return out


class DecideForm(Form):
    """One decision on an item of a source's extraction (the buttons of the review page): accept it (the
    registry person it is, a new captive, an event), record the person as an actor, or dismiss it."""

    item = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(widget=forms.HiddenInput, choices=[
        ("accept", _("Accept")), ("reject", _("Reject")), ("dismiss", _("Dismiss")), ("actor", _("Actor"))])
    person_id = forms.IntegerField(label=_("Person record number"), required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("— choose —")), *Category.choices])
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=[
        (Outcome.NOT_CAPTIVE.value, Outcome.NOT_CAPTIVE.label), (Outcome.NOT_RELEVANT.value, Outcome.NOT_RELEVANT.label)])
    actor_id = forms.IntegerField(label=_("Actor"), required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind of actor"), required=False, choices=[("", "—"), *ActorKind.choices])
    name = forms.CharField(label=_("Name"), required=False, max_length=300)
    country = CountryField(label=_("State"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=300)
    position = forms.CharField(label=_("Position"), required=False, max_length=300)
    person_ids = NumbersField(label=_("Linked persons"), required=False)
    date = forms.CharField(label=_("Date (override)"), max_length=10, required=False)
    round_id = forms.IntegerField(label=_("Exchange round"), required=False)
    round_number = forms.IntegerField(label=_("or new round number"), required=False, min_value=1)
    note = forms.CharField(label=_("Why (optional)"), required=False)


class ActorOutcomeForm(Form):
    """The fields of "record as a new actor" on one person item, filled from what the source says."""

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of actor"), choices=[("", _("— choose —")), *ActorKind.choices])
    country = CountryField(label=_("State"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=300)
    position = forms.CharField(label=_("Position"), required=False, max_length=300)


class LinkForm(Form):
    """A person mention is a registry person the proposals did not name: the reviewer names him."""

    item = forms.CharField(widget=forms.HiddenInput)
    action = forms.CharField(widget=forms.HiddenInput, initial="link")
    person = PersonField(label=_("Another registry person"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class TieForm(Form):
    """A group mention ("two Kazakh citizens", "a Kyrgyz") tied to the registry persons it stands for."""

    item = forms.CharField(widget=forms.HiddenInput)
    action = forms.CharField(widget=forms.HiddenInput, initial="tie")
    persons = PersonsField(label=_("Who they are"))
    record_events = forms.BooleanField(label=_("Also record the status event for each of them"), required=False,
                                       initial=True)
    date = forms.CharField(label=_("Date (override)"), max_length=10, required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].user = user



def decision_form(data, *, user) -> TieForm | LinkForm | DecideForm:
    """The form of the decision posted on the review screen, by its hidden ``action``: a group tied to persons,
    a mention linked to a person nobody proposed, or an item accepted or rejected."""
    action = data.get("action")
    if action == "tie":
        return TieForm(data, user=user)
    if action == "link":
        return LinkForm(data, user=user)
    return DecideForm(data)

QUEUE_STATES = [("", _("All sources")), ("undecided", _("With undecided items")), ("reviewed", _("Fully reviewed"))]


class QueueFilterForm(forms.Form):
    """The review queue's filter (a GET form)."""

    state = forms.ChoiceField(label=_("Review"), required=False, choices=QUEUE_STATES)
    q = forms.CharField(label=_("Title, file or author"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *SourceKind.choices])
