"""The judgement buttons of a search result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.web.forms.base import Form, SameField


class JudgeForm(Form):
    query = forms.CharField(label=_("Search"), widget=forms.HiddenInput)
    same = SameField(label=_("Judgement"))
