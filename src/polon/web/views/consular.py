from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.policies import may
from polon.access.redaction import sees_sources
from polon.access.scope import visible_countries, visible_or_not_found
from polon.actors.selectors import actors_of_contact
from polon.audit import reads
from polon.consular import selectors, services
from polon.consular.legal_notes import source_note
from polon.core.countries import country_name
from polon.core.errors import NotFound
from polon.exports.dossier import dossier
from polon.registry import selectors as registry_selectors
from polon.registry.mentions import NamesNeedConfirmation
from polon.web.forms.base import USER_ERRORS, ActionForm, attach_errors
from polon.web.forms.consular import (
    AfterReturnForm,
    ContactForm,
    ObjectionForm,
    ProceedingForm,
    TransmissionForm,
)
from polon.web.policy import policy
from polon.web.views.base import REFUSED, RecordPage, form_page


def _language() -> str:
    return (get_language() or "en")[:2]


@policy("consular.read")
def country_index(request):
    counts = Counter(registry_selectors.count_by_citizenship(request.user))
    allowed = visible_countries(request.user)
    if allowed is not None:
        counts = Counter({c: counts.get(c, 0) for c in allowed})
    countries = [(code, country_name(code, _language()), n) for code, n in sorted(counts.items(),
                                                                                key=lambda kv: (-kv[1], kv[0]))]
    return render(request, "polon/consular/countries.html", {"countries": countries})


@policy("consular.read")
def country_dossier(request, country: str):
    data = dossier(request.user, country, _language(), page=request.GET.get("page") or 1)
    reads.dossier_read(request.user, data, channel="web", page=data.page.number if data.page else None)
    return render(request, "polon/consular/dossier.html", {"d": data, "legal_source": source_note()})


@policy("consular.read")
def contact_list(request):
    return render(request, "polon/consular/contacts.html", {
        "contacts": selectors.contacts(request.user, request.GET.get("country", ""))})


@policy("consular.read")
def contact_detail(request, contact_id: int):
    contact = selectors.get_contact(request.user, contact_id)
    # The officials and diplomats who took part, as recorded among the actors (linked when a source is reviewed).
    actors = actors_of_contact(request.user, contact) if may(request.user, "actors.read") else []
    return render(request, "polon/consular/contact.html", {"c": contact, "actors": actors})


@policy("consular.write")
def contact_create(request):
    form = ContactForm(request.POST or None, initial={"country": request.GET.get("country", "").upper()},
                       sources=sees_sources(request.user), user=request.user)

    def create(data):
        try:
            contact = services.create_contact(
                actor=request.user, country=data["country"], date=data["date"], place=data["place"],
                kind=data["kind"], our_side=data["our_side"], participants=form.participants(),
                topics=data["topics"].splitlines(), commitments=data["commitments"].splitlines(),
                summary=data["summary"], person_ids=[p.pk for p in data["persons"]],
                source_ids=form.cited_source_ids(), confirm_names=data["confirm_names"])
        except NotFound as exc:  # a source number that is not (or no longer) there: said on the form, kept
            form.add_error(None, str(exc))
            return REFUSED
        return redirect("consular:contact-detail", contact_id=contact.pk)

    return form_page(request, form, "polon/consular/contact_form.html", form.checking_names(create),
                     success=_("Consular contact recorded."),
                     aliases={"person_ids": "persons", "participants": "theirs"}, refused_status=400)


def _person_context(request, person_id: int) -> dict:
    """What a person's consular page shows, with a blank form for each action."""
    person = registry_selectors.get_person(request.user, person_id)
    citizenships = [c.country for c in person.citizenships.all()]
    sources = sees_sources(request.user)
    transmission_form = TransmissionForm()
    pending = request.session.pop("transmission_pending", None)
    warnings = request.session.pop("transmission_warnings", None)
    if pending and warnings:
        # The service warned that sending may harm him: the form again, as typed, asking for the reason.
        transmission_form = TransmissionForm(pending)
        for warning in warnings:
            transmission_form.add_error("override_reason", warning)
    return {
        "person": person, "citizenships": citizenships,
        "transmissions": selectors.transmissions(request.user).filter(person=person),
        "objections": selectors.objections(request.user).filter(person=person),
        "after_return": selectors.after_return(request.user).filter(person=person),
        "proceedings": selectors.proceedings(request.user).filter(person=person),
        "transmission_form": transmission_form, "objection_form": ObjectionForm(),
        "withdraw_form": ActionForm(), "after_return_form": AfterReturnForm(sources=sources),
        "proceeding_form": ProceedingForm(initial={"country": citizenships[0] if citizenships else ""},
                                          sources=sources),
    }


_page = RecordPage("polon/consular/person.html", _person_context,
                   back=lambda person_id: redirect("consular:person", person_id=person_id))


@policy("consular.read")
def person_consular(request, person_id: int):
    return _page.show(request, person_id)


@require_POST
@policy("consular.write")
def transmission_create(request, person_id: int):
    form = TransmissionForm(request.POST)
    if not form.is_valid():
        return _page.show(request, person_id, status=400, transmission_form=form)
    try:
        services.record_transmission(actor=request.user, person_id=person_id, **form.cleaned_data)
    except USER_ERRORS as exc:
        errors = getattr(exc, "errors", {})
        if set(errors) != {"override_reason"}:
            if isinstance(exc, NamesNeedConfirmation):  # names outside his states: the form shows them, asks
                form.ask_to_confirm()
            attach_errors(form, exc)
            return _page.show(request, person_id, status=400, transmission_form=form)
        # Only a warning: the person's page shows it and asks for the reason, keeping what was typed.
        request.session["transmission_warnings"] = errors["override_reason"]
        request.session["transmission_pending"] = {k: v for k, v in form.cleaned_data.items()
                                                   if k != "override_reason"}
    else:
        messages.success(request, _("Transmission recorded."))
    return redirect("consular:person", person_id=person_id)


@require_POST
@policy("consular.write")
def objection_create(request, person_id: int):
    form = ObjectionForm(request.POST)
    return _page.act(request, person_id, "objection_form", form, form.checking_names(lambda data: (
        services.record_objection(actor=request.user, person_id=person_id, **data))))


@require_POST
@policy("consular.write")
def objection_withdraw(request, person_id: int, objection_id: int):
    objection = visible_or_not_found(selectors.objections(request.user).filter(person_id=person_id), objection_id,
                                     _("objection"))
    return _page.act(request, person_id, "withdraw_form", ActionForm(request.POST), lambda data: (
        services.withdraw_objection(actor=request.user, objection_id=objection.pk)))


@require_POST
@policy("consular.write")
def after_return_create(request, person_id: int):
    form = AfterReturnForm(request.POST, sources=sees_sources(request.user))
    return _page.act(request, person_id, "after_return_form", form, form.checking_names(
        lambda data: services.record_after_return(
            actor=request.user, person_id=person_id, date=data["date"], country=data["country"], place=data["place"],
            note=data["note"], source_ids=form.cited_source_ids(), confirm_names=data["confirm_names"])))


@require_POST
@policy("consular.write")
def proceeding_create(request, person_id: int):
    form = ProceedingForm(request.POST, sources=sees_sources(request.user))
    return _page.act(request, person_id, "proceeding_form", form, form.checking_names(
        lambda data: services.record_proceeding(
            actor=request.user, person_id=person_id, country=data["country"], article=data["article"],
            stage=data["stage"], date=data["date"], sentence=data["sentence"], note=data["note"],
            source_ids=form.cited_source_ids(), confirm_names=data["confirm_names"])))
