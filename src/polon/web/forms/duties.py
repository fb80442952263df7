"""The obligation clock's filter (a GET form: what to show, of which kind, as of which day)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.core.duties import RULES


class DutyFilterForm(forms.Form):
    SHOW = (("urgent", _("Overdue and due soon")), ("overdue", _("Overdue only")), ("all", _("All open duties")))

    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    kind = forms.ChoiceField(label=_("Duty"), required=False)
    on = forms.DateField(label=_("As of (YYYY-MM-DD)"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All duties"))] + [
            (kind, f"{rule.title} ({rule.article})") for kind, rule in RULES.items()]
