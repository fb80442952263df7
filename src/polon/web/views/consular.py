from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import visible_countries
from polon.consular import selectors, services
from polon.consular.legal_notes import source_note
from polon.consular.models import Objection, ProceedingStage, Recipient
from polon.core.countries import country_name
from polon.registry import selectors as registry_selectors
from polon.web.feedback import USER_ERRORS, int_list, report_failure
from polon.web.policy import policy


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
    data = selectors.dossier(request.user, country, _language(), page=request.GET.get("page") or 1)
    return render(request, "polon/consular/dossier.html", {"d": data, "legal_source": source_note()})


@policy("consular.read")
def contact_list(request):
    return render(request, "polon/consular/contacts.html", {
        "contacts": selectors.contacts(request.user, request.GET.get("country", ""))})


@policy("consular.read")
def contact_detail(request, contact_id: int):
    return render(request, "polon/consular/contact.html", {"c": selectors.get_contact(request.user, contact_id)})


def _participants(text: str, side: str) -> list[services.ParticipantInput]:
    """One participant per line: 'role: name (organisation)', every part optional."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        role, _sep, rest = line.partition(":") if ":" in line else ("", "", line)
        name, _sep, organisation = rest.partition("(")
        out.append(services.ParticipantInput(side=side, role=role.strip(), name=name.strip(),
                                             organisation=organisation.rstrip(")").strip()))
    return out


@policy("consular.write")
def contact_create(request):
    values = request.POST if request.method == "POST" else {"country": request.GET.get("country", "")}
    if request.method == "POST":
        try:
            contact = services.create_contact(
                actor=request.user, country=values.get("country", ""), date=values.get("date", ""),
                place=values.get("place", ""), kind=values.get("kind", ""), our_side=values.get("our_side", ""),
                participants=_participants(values.get("theirs", ""), "theirs") +
                _participants(values.get("ours", ""), "ours"),
                topics=values.get("topics", "").splitlines(), commitments=values.get("commitments", "").splitlines(),
                summary=values.get("summary", ""), person_ids=int_list(values.get("person_ids", "")),
                source_ids=int_list(values.get("source_ids", "")))
        except USER_ERRORS as exc:
            report_failure(request, exc)
        else:
            messages.success(request, _("Consular contact recorded."))
            return redirect("consular:contact-detail", contact_id=contact.pk)
    return render(request, "polon/consular/contact_form.html", {"values": values})


@policy("consular.read")
def person_consular(request, person_id: int):
    person = registry_selectors.get_person(request.user, person_id)
    return render(request, "polon/consular/person.html", {
        "person": person, "citizenships": [c.country for c in person.citizenships.all()],
        "transmissions": selectors.transmissions(request.user).filter(person=person),
        "objections": selectors.objections(request.user).filter(person=person),
        "after_return": selectors.after_return(request.user).filter(person=person),
        "proceedings": selectors.proceedings(request.user).filter(person=person),
        "recipients": Recipient.choices, "scopes": Objection.Scope.choices, "stages": ProceedingStage.choices,
        "warnings": request.session.pop("transmission_warnings", None),
        "pending": request.session.pop("transmission_pending", None),
    })


@require_POST
@policy("consular.write")
def transmission_create(request, person_id: int):
    fields = {k: request.POST.get(k, "") for k in ("recipient", "country", "channel", "date", "content",
                                                    "legal_basis", "override_reason")}
    try:
        services.record_transmission(actor=request.user, person_id=person_id, **fields)
    except USER_ERRORS as exc:
        errors = getattr(exc, "errors", {})
        if set(errors) == {"override_reason"}:
            # Show the warning and ask for the reason, keeping what was typed.
            request.session["transmission_warnings"] = errors["override_reason"]
            request.session["transmission_pending"] = fields
        else:
            report_failure(request, exc)
    else:
        messages.success(request, _("Transmission recorded."))
    return redirect("consular:person", person_id=person_id)


@require_POST
@policy("consular.write")
def objection_create(request, person_id: int):
    try:
        services.record_objection(actor=request.user, person_id=person_id, scope=request.POST.get("scope", ""),
                                  date=request.POST.get("date", ""), statement=request.POST.get("statement", ""))
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("consular:person", person_id=person_id)


@require_POST
@policy("consular.write")
def objection_withdraw(request, person_id: int, objection_id: int):
    try:
        services.withdraw_objection(actor=request.user, objection_id=objection_id)
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("consular:person", person_id=person_id)


@require_POST
@policy("consular.write")
def after_return_create(request, person_id: int):
    try:
        services.record_after_return(actor=request.user, person_id=person_id, date=request.POST.get("date", ""),
                                     country=request.POST.get("country", ""), place=request.POST.get("place", ""),
                                     note=request.POST.get("note", ""),
                                     source_ids=int_list(request.POST.get("source_ids", "")))
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("consular:person", person_id=person_id)


@require_POST
@policy("consular.write")
def proceeding_create(request, person_id: int):
    try:
        services.record_proceeding(actor=request.user, person_id=person_id, country=request.POST.get("country", ""),
                                   article=request.POST.get("article", ""), stage=request.POST.get("stage", ""),
                                   date=request.POST.get("date", ""), sentence=request.POST.get("sentence", ""),
                                   note=request.POST.get("note", ""),
                                   source_ids=int_list(request.POST.get("source_ids", "")))
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("consular:person", person_id=person_id)
