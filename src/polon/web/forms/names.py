"""Forms whose free text a liaison officer reads: when the service finds names of persons outside the record's
states in it (registry.mentions), the form is shown again with what was found and a box to confirm them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.registry.mentions import NamesNeedConfirmation
from polon.web.forms.base import Form

_CONFIRM_LABEL = _("I have checked these persons: they may be named here (recorded in the audit log)")


class NamesChecked(Form):
    """A form with a ``confirm_names`` box, hidden until the service asks for it (or once it was ticked)."""

    confirm_names = forms.BooleanField(label=_CONFIRM_LABEL, required=False, widget=forms.HiddenInput)
    # The persons found are listed under the box; the refusal of the text above already says to confirm them, so the
    # summary does not repeat the box's long label once per person (polon/_form_errors.html).
    summary_skips = ("confirm_names",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_names"] = self.fields.pop("confirm_names")  # last, under the fields it concerns
        if self.is_bound and self.fields["confirm_names"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("confirm_names")) in (True, "on", "true", "True", "1"):
            self.ask_to_confirm()

    def ask_to_confirm(self) -> None:
        """Show the box (its errors, set by the refusal, list the persons found)."""
        self.fields["confirm_names"].widget = forms.CheckboxInput()

    def checking_names(self, action: Callable[[dict], Any]) -> Callable[[dict], Any]:
        """``action`` that, refused for names outside the record's states, shows the box before the refusal
        is put on the form."""
        def run(data: dict) -> Any:
            try:
                return action(data)
            except NamesNeedConfirmation:
                self.ask_to_confirm()
                raise

        return run
