"""Forms of the death pages (GC III Arts. 120–121, GC I Art. 16): the death record, burial and grave, the
notification of death, an enquiry into a death, handovers of remains and their bodies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.consular.models import Recipient
from polon.deaths.models import BurialKind, EnquiryGround
from polon.places.models import Place
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonField


def place_choices() -> list[tuple[str, Any]]:
    return [("", _("— not at a place of internment —")),
            *((str(p.pk), f"{p.name} ({p.region})") for p in Place.objects.order_by("name"))]


def _area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GraveFields(Form):
    """The burial, the grave, the will, the effects and the account: what is added to a death record as known."""

    burial_kind = forms.ChoiceField(label=_("Burial"), choices=BurialKind.choices, required=False)
    cremation_reason = forms.CharField(label=_("Reason for cremation"), required=False, widget=_area(),
                                       help_text=_("Only for imperative reasons of hygiene, on account of his "
                                                   "religion or by his express wish (Art. 120)."))
    burial_date = forms.DateField(label=_("Date of burial (YYYY-MM-DD)"), required=False)
    burial_place = forms.CharField(label=_("Place of burial"), max_length=200, required=False)
    cemetery = forms.CharField(label=_("Cemetery"), max_length=200, required=False)
    plot = forms.CharField(label=_("Grave plot"), max_length=80, required=False)
    marker = forms.CharField(label=_("Grave marker"), max_length=200, required=False,
                             help_text=_("What marks the grave so that it can always be found."))
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)
    will_made = forms.BooleanField(label=_("Left a will"), required=False)
    will_held_by = forms.CharField(label=_("Will held by"), max_length=200, required=False)
    will_forwarded_on = forms.DateField(label=_("Will forwarded to the Protecting Power on (YYYY-MM-DD)"),
                                        required=False)
    effects = forms.CharField(label=_("Personal effects"), required=False, widget=_area())
    effects_forwarded_through = forms.CharField(label=_("Effects forwarded through"), max_length=200,
                                                required=False)
    account = forms.CharField(label=_("Account of the death and burial"), required=False, widget=_area(3),
                              help_text=_("By someone who cared for him: doctor, nurse, chaplain, fellow prisoner."))


class DeathForm(Form):
    person = PersonField(label=_("Person"))
    date = forms.DateField(label=_("Date of death (YYYY-MM-DD)"))
    place = forms.CharField(label=_("Place of death"), max_length=200, required=False)
    internment_place_id = forms.TypedChoiceField(label=_("Place of internment"), coerce=int, empty_value=None,
                                                 choices=place_choices, required=False)
    cause = forms.CharField(label=_("Cause of death"), widget=_area())
    circumstances = forms.CharField(label=_("Circumstances of death"), widget=_area(), required=False)
    certified_by = forms.CharField(label=_("Death certified by"), max_length=200, required=False)
    enquiry_ground = forms.ChoiceField(
        label=_("Suspicious death"), required=False, choices=[("", _("No")), *EnquiryGround.choices],
        help_text=_("A death caused or suspected to have been caused by a sentry, another prisoner of war or any "
                    "other person, or of unknown cause, opens an official enquiry (Art. 121)."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class DeathEditForm(GraveFields):
    place = forms.CharField(label=_("Place of death"), max_length=200, required=False)
    internment_place_id = forms.TypedChoiceField(label=_("Place of internment"), coerce=int, empty_value=None,
                                                 choices=place_choices, required=False)
    cause = forms.CharField(label=_("Cause of death"), widget=_area())
    circumstances = forms.CharField(label=_("Circumstances of death"), widget=_area(), required=False)
    certified_by = forms.CharField(label=_("Death certified by"), max_length=200, required=False)

    field_order = ["place", "internment_place_id", "cause", "circumstances", "certified_by"]

    def __init__(self, *args, death=None, **kwargs):
        if death is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(death, name) for name in (
                "place", "internment_place_id", "cause", "circumstances", "certified_by", "burial_kind",
                "cremation_reason", "burial_date", "burial_place", "cemetery", "plot", "marker", "latitude",
                "longitude", "will_made", "will_held_by", "will_forwarded_on", "effects",
                "effects_forwarded_through", "account")}
        super().__init__(*args, **kwargs)


class DeathFilterForm(Form):
    pending = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All deaths")), ("notification", _("Notification not sent")), ("enquiry", _("Enquiry open")),
        ("grave", _("Grave not located"))])


class NotificationForm(Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices,
                                  initial=Recipient.PROTECTING_POWER)
    country = CountryField(label=_("For the state"), required=False, blank_label=_("— the Power he depends on —"))
    channel = forms.CharField(label=_("Channel"), max_length=120, help_text=_("e.g. diplomatic note No. 12"))
    date = forms.DateField(label=_("Sent on (YYYY-MM-DD)"))
    override_reason = forms.CharField(label=_("Reason for sending despite the warning"), required=False,
                                      widget=_area())


class EnquiryOpenForm(Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=EnquiryGround.choices)
    opened_on = forms.DateField(label=_("Opened on (YYYY-MM-DD)"), required=False)


class EnquiryNoticeForm(Form):
    channel = forms.CharField(label=_("Channel"), max_length=120)
    date = forms.DateField(label=_("Sent on (YYYY-MM-DD)"))
    override_reason = forms.CharField(label=_("Reason for sending despite the warning"), required=False,
                                      widget=_area())


class EnquiryCloseForm(Form):
    findings = forms.CharField(label=_("Findings"), widget=_area(3))
    statements = forms.CharField(label=_("Statements of witnesses"), widget=_area(3), required=False)
    prosecution = forms.CharField(label=_("Prosecution of those responsible"), widget=_area(), required=False)
    closed_on = forms.DateField(label=_("Closed on (YYYY-MM-DD)"), required=False)
    report_channel = forms.CharField(label=_("Report sent to the Protecting Power by"), max_length=120,
                                     required=False, help_text=_("Leave empty if the report is not yet sent."))


class HandoverForm(Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)
    receiving_state = CountryField(label=_("Receiving state"))
    mediator = forms.CharField(label=_("Mediator"), max_length=200, required=False)
    place = forms.CharField(label=_("Place of handover"), max_length=200, required=False)
    planned_on = forms.DateField(label=_("Planned on (YYYY-MM-DD)"), required=False)
    note = forms.CharField(label=_("Note"), widget=_area(), required=False)


class BodyForm(Form):
    person = PersonField(label=_("Person"), help_text=_("A person whose death is recorded."))
    identity = forms.CharField(label=_("Identification"), widget=_area(),
                               help_text=_("How the body was identified: identity disc, documents, fingerprints."))
    effects = forms.CharField(label=_("Effects handed over with the body"), widget=_area(), required=False)
    dna_reference = forms.CharField(label=_("DNA sample reference"), max_length=80, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class BodyRemoveForm(Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


class HandoverCompleteForm(Form):
    handed_over_on = forms.DateField(label=_("Handed over on (YYYY-MM-DD)"))
