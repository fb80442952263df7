"""Forms of the source pages: the upload, and a reviewer's decision on one extracted item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.registry.choices import Category
from polon.sources.models import Restriction
from polon.web.forms.base import Form

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
    """Accept or reject one item of a source's extraction (the buttons of the review page)."""

    item = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(widget=forms.HiddenInput, choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    person_id = forms.IntegerField(label=_("Person record number"), required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Record as a new person, category"), required=False,
                                 choices=Category.choices)
    person_ids = NumbersField(label=_("Linked persons"), required=False)
    date = forms.CharField(label=_("Date (override)"), max_length=10, required=False)
    round_id = forms.IntegerField(label=_("Exchange round"), required=False)
    round_number = forms.IntegerField(label=_("or new round number"), required=False, min_value=1)
    note = forms.CharField(label=_("Why (optional)"), required=False)
