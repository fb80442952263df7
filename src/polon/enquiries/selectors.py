"""Scoped reads of enquiries. Match suggestions are computed on every read from the registry as it is now,
so a person recorded or re-spelled after the enquiry arrived shows up the next time the enquiry is opened."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from polon.access.policies import POLICIES
from polon.access.scope import country_scope, person_scope, visible_countries, visible_or_not_found
from polon.accounts.models import User
from polon.audit import reads
from polon.enquiries.disclosure import neutral_reply, restricted_matches
from polon.enquiries.models import Enquiry, Reply
from polon.registry.choices import Status
from polon.registry.models import Person
from polon.registry.search import SearchHit, SearchQueryError, search_persons


def enquiries(user: User | None) -> QuerySet[Enquiry]:
    return country_scope(user, Enquiry.objects.select_related("assignee", "created_by"), "sought_country")


def may_see(user: User | None, sought_country: str) -> bool:
    """Whether `user` sees enquiries about a citizen of `sought_country` (the scope of `enquiries`)."""
    allowed = visible_countries(user)
    return allowed is None or (sought_country or "") in allowed


def possible_assignees(enquiry: Enquiry) -> list[User]:
    """Active users who may handle this enquiry and see it."""
    roles = POLICIES["enquiries.write"] & POLICIES["enquiries.read"]
    users = User.objects.filter(is_active=True, role__in=roles).order_by("username")
    return [u for u in users if may_see(u, enquiry.sought_country)]


def get_enquiry(user: User | None, enquiry_id: int | str) -> Enquiry:
    visible = person_scope(user, Person.objects.all())
    found = enquiries(user).prefetch_related(
        Prefetch("replies", queryset=Reply.objects.select_related("sent_by").prefetch_related(
            Prefetch("persons", queryset=visible))))
    return visible_or_not_found(found, enquiry_id, _("enquiry"))


def suggestions(user: User | None, enquiry: Enquiry, limit: int = 10) -> list[SearchHit]:
    """Likely and possible matches in the user's scope, with explanations; never stored."""
    try:
        # Each hit's person carries his current status (Person.status) for the page to show.
        hits = search_persons(user, enquiry.sought_name, birth_date=enquiry.sought_birth_date or None,
                              citizenships=(enquiry.sought_country,) if enquiry.sought_country else (), limit=limit)
    except (SearchQueryError, ValueError):
        return []
    # The persons suggested are shown to the reader: audited (once per request, on every channel).
    reads.persons_read(user, view="enquiry.suggestions", person_ids=[h.person.pk for h in hits],
                       query={"enquiry": enquiry.pk})
    return hits


def _holds(person: Person, country: str) -> bool:
    """Whether a reply about a citizen of ``country`` may name him (enquiries.services.add_reply refuses any
    other: that state's liaison officers read the reply)."""
    return not country or country in {c.country for c in person.citizenships.all()}


def draft_reply(user: User | None, enquiry: Enquiry) -> tuple[str, list[int]]:
    """A first draft of a reply and the persons it names: likely matches that are not restricted and hold the
    sought person's citizenship.

    When a restricted person is a likely or possible match, the draft says what a reply to an enquiry about an
    unknown person says (the only reply allowed then), so the requester cannot tell the two apart.
    """
    if restricted_matches(user, enquiry):
        # A restricted person may be the one sought: only the neutral reply may be sent (enquiries.disclosure).
        return neutral_reply(enquiry), []
    hits = [h for h in suggestions(user, enquiry) if h.band == "likely" and not h.person.restricted
            and _holds(h.person, enquiry.sought_country)]
    if not hits:
        return neutral_reply(enquiry), []
    lines = [f"Regarding your enquiry about {enquiry.sought_name}:"]
    for hit in hits[:3]:
        status = Status(hit.person.status).label if hit.person.status else ""
        born = f", born {hit.person.birth_date}" if hit.person.birth_date else ""
        lines.append(f"- {hit.person}{born}: {status}")
    return "\n".join(lines), [h.person.pk for h in hits[:3]]
