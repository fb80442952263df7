"""The second factor's forms: a code at login (six digits from the app, or a recovery code), the first code that
confirms the app's set-up, and the buttons that replace recovery codes and reset a user's second factor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.web.forms.base import ActionForm, Form


class CodeForm(Form):
    """The second step of a login: a code from the app or a recovery code."""

    # A login step saves nothing: "Nothing was saved" would puzzle (polon/_form_errors.html).
    error_heading = _("The code was not accepted:")

    code = forms.CharField(
        label=_("Code"), max_length=32, strip=True,
        help_text=_("The six digits your authenticator app shows for polon, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false",
                                      "autofocus": True}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SetupForm(Form):
    """The first code from the app, which shows it holds the secret."""

    error_heading = _("The app is not set up yet: the code was not accepted:")

    code = forms.CharField(
        label=_("Code from the app"), max_length=16, strip=True,
        help_text=_("The six digits the app shows for polon after you added it."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class RecoveryCodesForm(ActionForm):
    """Replace one's recovery codes: the old ones stop working. A refusal (no app set up) is shown above it."""

    second_factor = forms.CharField(required=False, widget=forms.HiddenInput)


class ResetForm(ActionForm):
    """An administrator removes a user's second factor; a refusal (nothing to reset) is shown above the button."""

    second_factor = forms.CharField(required=False, widget=forms.HiddenInput)
