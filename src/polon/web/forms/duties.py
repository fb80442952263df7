"""The obligation clock's filter (a GET form: what to show, of which kind, as of which day)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.core.duties import RULES
from polon.duties.selectors import FIRST_DAY, LAST_DAY


class DutyFilterForm(forms.Form):
    SHOW = (("urgent", _("Overdue and due soon")), ("overdue", _("Overdue only")), ("all", _("All open duties")))

    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    kind = forms.ChoiceField(label=_("Duty"), required=False)
    on = forms.DateField(label=_("As of (YYYY-MM-DD)"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))

    def clean_on(self):
        day = self.cleaned_data.get("on")
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(_("The day must fall between %(first)s and %(last)s."),
                                        params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
        return day

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All duties"))] + [
            (kind, f"{rule.title} ({rule.article})") for kind, rule in RULES.items()]
