"""Persons that a free text names who lie outside a record's countries.

A consular contact with Kazakhstan, an enquiry about a Kazakh citizen, an objection or a note on a Kazakh
captive's record are read by the Kazakhstan liaison officers, who may see only persons holding a Kazakh
citizenship. The persons such a record *links* are checked by the services; its free text is checked here
when it is written: the name-like spans of the text (the persons polon.extract finds, in any inflection and
script, any run of two to four capitalised words it did not vouch for, and any two words in a row, in whatever
case) are searched with the registry's
one search engine in the writer's own scope, and every likely match who holds none of the record's countries
is reported, as is any such person whose service number the text gives. The writer then removes the names or
confirms that they may be named (:class:`NamesNeedConfirmation`); a confirmation is written to the audit log
with the persons it let through (:func:`record_confirmation`).

The search runs in the writer's scope: a writer is never told of a person he could not find himself. Only
"likely" matches are reported, and a lone surname is not (a lone "Tursunov" names nobody in particular); a
service number is reported wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polon.access.scope import person_scope
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.countries import country_label
from polon.core.errors import ValidationFailed
from polon.registry.models import Person
from polon.registry.search import PersonQuery, search_many

if TYPE_CHECKING:
    from polon.accounts.models import User

#: At most this many distinct name-like spans (names, capitalised runs, pairs of words) are searched in one
#: field (a contact's summary is a page, not a book): a text with more is refused, never checked in part.
MAX_SPANS = 5000
#: Words of letters (with inner apostrophes and hyphens): each two in a row are searched as a name too, so a
#: name written in lower case ("alisher tursunov") is found.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Runs of capitalised words taken as name-like when polon.extract did not vouch for them.
_CAPITALISED = re.compile(r"(?<![\w'’-])(?:[A-ZА-ЯЁІЇЄҐҚҒҮҰӘӨҺЎ][\w'’-]+)(?:\s+[A-ZА-ЯЁІЇЄҐҚҒҮҰӘӨҺЎ][\w'’-]+){1,3}")
#: A token that may be a service number: letters, digits, dashes and slashes with at least one digit.
_NUMBER = re.compile(r"(?<![\w-])[\w/-]*\d[\w/-]*(?![\w-])")


@dataclass(frozen=True)
class NamedPerson:
    """A person the text names who holds none of the record's countries."""

    person_id: int
    name: str
    service_number: str
    citizenships: tuple[str, ...]
    field: str
    written: str

    def label(self) -> str:
        """How the writer is told of him: record number, name, service number, citizenships, as written."""
        details = ", ".join(x for x in (self.service_number, ", ".join(self.citizenships) or _("no citizenship"))
                            if x)
        return _("#%(id)s %(name)s (%(details)s), written “%(written)s”") % {
            "id": self.person_id, "name": self.name, "details": details, "written": self.written}

    def as_audit(self) -> dict[str, Any]:
        return {"person": self.person_id, "field": self.field, "written": self.written}


class NamesNeedConfirmation(ValidationFailed):
    """Free text names persons outside the record's countries: the writer removes them or confirms.

    ``errors`` holds, per field, why (with the names), and under ``confirm_names`` one line per person;
    ``names`` the persons found."""

    def __init__(self, names: Sequence[NamedPerson], countries: Collection[str]):
        self.names = list(names)
        self.countries = sorted(countries)
        states = ", ".join(country_label(c) for c in self.countries)
        errors: dict[str, list[str]] = {}
        for field in dict.fromkeys(n.field for n in self.names):
            found = [n for n in self.names if n.field == field]
            errors[field] = [ngettext(
                "names %(count)s person who is not a citizen of %(states)s, whom the liaison officers for "
                "%(states)s may not see: %(names)s. Remove the name, or confirm that it may be named here.",
                "names %(count)s persons who are not citizens of %(states)s, whom the liaison officers for "
                "%(states)s may not see: %(names)s. Remove the names, or confirm that they may be named here.",
                len(found)) % {"count": len(found), "states": states,
                               "names": "; ".join(n.label() for n in found)}]
        errors["confirm_names"] = [n.label() for n in self.names]
        super().__init__(errors)


def _spans(text: str) -> list[str]:
    """The name-like spans of ``text``: each person polon.extract finds (his name as it gives it, in the
    nominative, and each mention as written), then runs of capitalised words; distinct, in order."""
    from polon.extract.pipeline import extract  # loaded on the first write that needs it, not with the app

    spans: dict[str, None] = {}
    try:
        found = extract(text).persons
    except Exception:  # noqa: BLE001 — a text the extractor cannot read is still searched by its capitalised runs
        found = []
    for person in found:
        spans[person.name] = None
        for start, end in person.spans:
            spans[text[start:end]] = None
    for match in _CAPITALISED.finditer(text):
        spans[match.group(0)] = None
    # Any two words in a row within a sentence or line, whatever their case.
    for part in re.split(r"[.!?;:()\[\]\n\"«»“”]+", text):
        words = [w for w in _WORD.findall(part) if len(w) >= 2]
        for first, second in zip(words, words[1:], strict=False):
            spans.setdefault(f"{first} {second}", None)
    return [s for s in spans if len(s.split()) >= 2 or len(s) >= 4]


def _numbers(text: str) -> dict[str, str]:
    """Tokens that may be service numbers, folded to upper case: {folded: as written}."""
    return {token.strip("-/").upper(): token.strip("-/") for token in _NUMBER.findall(text)
            if len(token.strip("-/")) >= 4}


@dataclass(frozen=True)
class Mention:
    """A person of the registry that a field's text names, and how it writes him."""

    person: Person
    field: str
    written: str


def mentioned(actor: User, texts: Mapping[str, str]) -> list[Mention]:
    """The persons in ``actor``'s scope whom ``texts`` ({field: text}) name — a likely match of a name-like
    span, or his service number — each once (his first mention), with names and citizenships read."""
    found: dict[int, Mention] = {}

    def keep(person: Person, field: str, written: str) -> None:
        if person.pk not in found:
            found[person.pk] = Mention(person, field, written)

    for field, text in texts.items():
        text = text or ""
        if not text.strip():
            continue
        spans = _spans(text)
        if len(spans) > MAX_SPANS:
            raise ValidationFailed({field: _("the text holds more than %(max)s name-like phrases, too many to check "
                                             "for names its readers may not see: shorten it or split it")
                                    % {"max": MAX_SPANS}})
        if spans:
            results = search_many(actor, [PersonQuery(s) for s in spans], limit=5, likely_only=True)
            # Longest spans first: the words of a name that matched ("Иван Олегович Петров") are that name, not
            # a namesake whom two of its words ("Иван Олегович") would also match.
            matched: list[str] = []
            for span, result in sorted(zip(spans, results, strict=True), key=lambda pair: -len(pair[0].split())):
                folded = f" {span.casefold()} "
                if any(folded in f" {longer.casefold()} " for longer in matched):
                    continue
                likely = [hit for hit in result.hits if hit.band == "likely"]
                for hit in likely:
                    keep(hit.person, field, span)
                if likely:
                    matched.append(span)
        numbers = _numbers(text)
        if numbers:
            persons = person_scope(actor, Person.objects.exclude(service_number="")).filter(
                service_number__in=sorted({*numbers, *numbers.values()})).prefetch_related("names", "citizenships")
            for person in persons.order_by("pk"):
                keep(person, field, numbers.get(person.service_number.upper(), person.service_number))
    return list(found.values())


def persons_named(actor: User, texts: Mapping[str, str], countries: Collection[str], *,
                  mentions: Sequence[Mention] | None = None) -> list[NamedPerson]:
    """The persons :func:`mentioned` in ``texts`` (or ``mentions``, when the caller has them) who hold none of
    ``countries``. Empty when ``countries`` is empty (a record of no state is read only by the roles that see
    everyone)."""
    wanted = {c.upper() for c in countries if c}
    if not wanted:
        return []
    out = []
    for m in mentioned(actor, texts) if mentions is None else mentions:
        held = tuple(sorted(c.country for c in m.person.citizenships.all()))
        if not wanted & set(held):
            out.append(NamedPerson(m.person.pk, str(m.person), m.person.service_number, held, m.field, m.written))
    return out


def check_names(actor: User, texts: Mapping[str, str], countries: Collection[str], *, confirm: bool,
                mentions: Sequence[Mention] | None = None) -> list[NamedPerson]:
    """The persons outside ``countries`` that ``texts`` name (:func:`persons_named`): refused with
    :class:`NamesNeedConfirmation` unless ``confirm``; when confirmed, the caller records them with
    :func:`record_confirmation` in its transaction."""
    names = persons_named(actor, texts, countries, mentions=mentions)
    if names and not confirm:
        raise NamesNeedConfirmation(names, countries)
    return names


def record_confirmation(*, actor: User, obj: Any, names: Sequence[NamedPerson], countries: Collection[str]) -> None:
    """The writer's confirmation that ``obj``'s free text may name these persons, in the audit log (inside the
    transaction that wrote ``obj``). Nothing is recorded when the text named no one."""
    if names:
        record(actor=actor, action=Action.TEXT_NAMES_CONFIRMED, obj=obj, changes={
            "countries": sorted(c.upper() for c in countries if c),
            "persons": sorted({n.person_id for n in names}),
            "names": [n.as_audit() for n in names]})


def refuse_links_outside(persons: Sequence[Person], countries: Collection[str], *, field: str) -> None:
    """Refuse (ValidationFailed on ``field``) linking a record of ``countries`` to persons who hold none of
    them: its readers there may not see them. Nothing is refused when ``countries`` is empty."""
    wanted = {c.upper() for c in countries if c}
    if not wanted:
        return
    states = ", ".join(country_label(c) for c in sorted(wanted))
    outside = [p for p in persons if not wanted & {c.country for c in p.citizenships.all()}]
    if outside:
        raise ValidationFailed({field: [
            _("person %(id)s (%(name)s) is not a citizen of %(states)s: a record of %(states)s may link only its "
              "citizens, whom its liaison officers see") % {"id": p.pk, "name": str(p), "states": states}
            for p in outside]})
