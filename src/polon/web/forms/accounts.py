"""Forms of the user administration pages and of a user's own password."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from polon.access.policies import Role
from polon.web.forms.base import ActionForm, Form
from polon.web.forms.pickers import CountriesField, CountriesSelect


def _rules() -> str:
    """The password rules of the settings (AUTH_PASSWORD_VALIDATORS), in the user's language."""
    return " ".join(str(text) for text in password_validators_help_texts())


def _password(label, *, required: bool = True, autocomplete: str = "new-password", help_text=""):
    return forms.CharField(label=label, required=required, strip=False, help_text=help_text,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}))


class RoleForm(Form):
    """A role and, for a consular liaison officer, the countries whose citizens he sees."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    countries = CountriesField(label=_("Countries (consular liaison officers only)"), required=False,
                               widget=CountriesSelect(attrs={"size": 10}))


class UserCreateForm(RoleForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Temporary password"), required=False, strip=False,
        help_text=_("Leave empty to generate one. It is shown once; the user must change it at the first login."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}))

    field_order = ["username", "role", "countries", "email", "password"]


class ResetPasswordForm(Form):
    password = forms.CharField(
        label=_("Temporary password"), required=False, strip=False,
        help_text=_("Leave empty to generate one. It is shown once; the user must change it at the next login."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}))


class PasswordChangeForm(Form):
    """The current password and the new one twice; the service checks the current one and the rules."""

    old_password = _password(_("Current password"), autocomplete="current-password")
    new_password1 = _password(_("New password"), help_text=lazy(_rules, str)())
    new_password2 = _password(_("New password again"))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class ActiveForm(ActionForm):
    """Deactivate or reactivate: a button; a refusal (yourself, the last administrator) is shown above it."""

    active = forms.CharField(required=False, widget=forms.HiddenInput)


class RevokeForm(ActionForm):
    """Revoke a token: a button; a refusal (already revoked) is shown above the tokens."""

    token = forms.CharField(required=False, widget=forms.HiddenInput)


class TokenCreateForm(Form):
    """A new API token: its name and how many days it lives (the secret is shown once, on the answer)."""

    name = forms.CharField(label=_("Token name"), max_length=100)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, required=False,
        help_text=lazy(lambda: _("Leave empty for %(days)s days; at most %(max)s.")
                       % {"days": settings.POLON_TOKEN_DAYS, "max": settings.POLON_TOKEN_MAX_DAYS}, str)())


class UnlockForm(ActionForm):
    """Lift a login lockout of the account (and of the address, when one is given)."""

    address = forms.GenericIPAddressField(
        label=_("Also unlock the address (IP)"), required=False,
        help_text=_("One of the addresses listed above: while it is locked, nobody can log in from it, to any "
                    "account. Leave empty to unlock only this account."))
