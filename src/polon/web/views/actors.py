"""Actors: the people sources name who are not captives (officials, diplomats, consuls, journalists, authors,
politicians). Their list with search and filters, each one's page (spellings, the sources that name him, the
consular contacts he took part in), recording and editing. Thin: services write, selectors read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.actors import selectors
from polon.actors.services import add_actor_name, create_actor, update_actor
from polon.web.forms.actors import ActorFilterForm, ActorForm, ActorNameForm
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


@policy("actors.read")
def actor_list(request):
    filters = ActorFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    actors = selectors.actor_list(request.user, q=wanted.get("q", ""), kind=wanted.get("kind", ""),
                                  country=wanted.get("country", ""))
    page = Paginator(actors, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "polon/actors/list.html", {"page": page, "filters": filters, "query": query.urlencode()})


def _detail_context(request, actor_id):
    actor = selectors.get_actor(request.user, actor_id)
    return {"actor": actor, "names": list(actor.names.select_related("source")),
            "mentions": list(selectors.mentions(request.user, actor)) if may(request.user, "sources.read") else [],
            "contacts": selectors.contacts(request.user, actor), "name_form": ActorNameForm()}


detail_page = RecordPage("polon/actors/detail.html", _detail_context,
                         lambda actor_id: redirect("web:actor-detail", actor_id=actor_id))


@policy("actors.read")
def actor_detail(request, actor_id: int):
    return detail_page.show(request, actor_id)


@policy("actors.write")
def actor_create(request):
    form = ActorForm(request.POST or None)

    def save(data):
        actor = create_actor(actor=request.user, name=data["name"], kind=data["kind"], country=data["country"],
                             organisation=data["organisation"], position=data["position"], notes=data["notes"])
        return redirect("web:actor-detail", actor_id=actor.pk)

    return form_page(request, form, "polon/actors/form.html", save, success=_("Actor recorded."),
                     refused_status=400)


@policy("actors.write")
def actor_edit(request, actor_id: int):
    actor = selectors.get_actor(request.user, actor_id)
    initial = {f: getattr(actor, f) for f in ("name", "kind", "country", "organisation", "position", "notes")}
    form = ActorForm(request.POST or None, initial={**initial, "version": actor.version})

    def save(data):
        update_actor(actor=request.user, actor_id=actor.pk, name=data["name"], kind=data["kind"],
                     country=data["country"], organisation=data["organisation"], position=data["position"],
                     notes=data["notes"], expected_version=data["version"])
        return redirect("web:actor-detail", actor_id=actor.pk)

    return form_page(request, form, "polon/actors/form.html", save, success=_("Actor saved."),
                     context={"actor": actor}, refused_status=400)


@policy("actors.write")
def actor_name_add(request, actor_id: int):
    if request.method != "POST":
        return redirect("web:actor-detail", actor_id=actor_id)
    form = ActorNameForm(request.POST)
    return detail_page.act(request, actor_id, "name_form", form, lambda data: add_actor_name(
        actor=request.user, actor_id=actor_id, text=data["text"], language=data["language"]))
