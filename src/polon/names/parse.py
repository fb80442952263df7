"""Structure of a personal name: given name, patronymic, surname, in either order."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from polon.names._data import read_json
from polon.names.normalise import clean, fix_lookalikes, normalise, words


class Order(StrEnum):
    """Word order of a parsed name."""

    GIVEN_FIRST = "given_patronymic_surname"  # Лукпан Нурланович Ахмедьяров
    SURNAME_FIRST = "surname_given_patronymic"  # Ахмедьяров Лукпан Нурланович (registries, lists)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class NameParts:
    """A parsed name.  Fields hold the words as written (look-alikes repaired)."""

    given: str | None
    patronymic: str | None
    surname: str | None
    order: Order = Order.UNKNOWN
    gender: str | None = None  # "male" / "female" when a suffix tells, else None
    other: tuple[str, ...] = field(default=())  # words that fit no slot (second given names...)

    def words(self) -> list[str]:
        return [w for w in (self.given, self.patronymic, self.surname, *self.other) if w]


@cache
def _affixes() -> dict:
    return read_json("name_affixes.json")


def _ends(word: str, suffixes: list[str], min_stem: int = 2) -> str | None:
    w = word.lower()
    for suf in sorted(suffixes, key=len, reverse=True):
        if w.endswith(suf) and len(w) - len(suf) >= min_stem:
            return suf
    return None


def patronymic_gender(word: str) -> str | None:
    """``"male"``/``"female"`` if ``word`` looks like a patronymic (Russian -ович/-овна, Kazakh
    -ұлы/-қызы, Kyrgyz -уулу/-кызы, their Latin spellings, joined or not), else ``None``."""
    a = _affixes()
    for gender in ("male", "female"):
        if _ends(word, a["patronymic_suffixes"][gender], min_stem=3):
            return gender
        if _ends(word, a["turkic_patronymic_suffixes"][gender], min_stem=0):
            return gender
    return None


def surname_gender(word: str) -> str | None:
    """Gender a surname's suffix implies (-ов/-ова, -ский/-ская ...), or ``None``."""
    a = _affixes()["surname_suffixes"]
    fem = _ends(word, a["female"])
    male = _ends(word, a["male"])
    if fem and (not male or len(fem) >= len(male)):
        return "female"
    if male:
        return "male"
    return None


def looks_like_surname(word: str) -> bool:
    a = _affixes()["surname_suffixes"]
    return any(_ends(word, a[k]) for k in ("male", "female", "neutral"))


def surname_forms(surname: str) -> set[str]:
    """The surname in both genders and with -ов/-ев dropped (Kazakhstan allows that since 1996).

    >>> sorted(surname_forms("ахмедьярова"))
    ['ахмедьяр', 'ахмедьяров', 'ахмедьярова']
    """
    w = surname.lower()
    out = {w}
    for male, female in _affixes()["gender_pairs"]:
        if w.endswith(female) and len(w) > len(female) + 1:
            out.add(w[: -len(female)] + male)
        elif w.endswith(male) and len(w) > len(male) + 1:
            out.add(w[: -len(male)] + female)
    for suf in _affixes()["droppable_surname_suffixes"]:
        for form in list(out):
            if form.endswith(suf) and len(form) - len(suf) >= 3:
                out.add(form[: -len(suf)])
    return out


#: Detached particles that are also a name on their own: Tajik "зода" ("born of") is a surname
#: by itself (Зода), so it is not taken for a particle by :func:`is_patronymic_particle`.
_PARTICLES_THAT_ARE_NAMES = frozenset({"зода", "zoda", "zade"})


@cache
def _turkic_particles() -> frozenset[str]:
    """Every Turkic patronymic particle of the suffix data, as written there (both genders)."""
    return frozenset(p for ps in _affixes()["turkic_patronymic_suffixes"].values() for p in ps)


@cache
def patronymic_particles() -> frozenset[str]:
    """The detached Turkic particles of :func:`is_patronymic_particle`, in :func:`normalise`'s
    form (for a caller whose words are normalised already)."""
    return frozenset(normalise(p) for p in _turkic_particles() - _PARTICLES_THAT_ARE_NAMES)


def is_patronymic_particle(word: str) -> bool:
    """Is ``word`` a detached Turkic "son of" / "daughter of" particle, written after the father's
    name ("Бакыт уулу", "Нурлан ұлы", "Bakyt kyzy", "Ali oglu", "Anvar o'g'li")?  Such a word
    says only whose child the person is and which gender: the name is the word before it."""
    return normalise(word) in patronymic_particles()


def split_turkic_patronymic(word: str) -> tuple[str, str] | None:
    """Split a joined Turkic patronymic into (father's name, particle): "Boruguluulu" ->
    ("Borugul", "uulu"); "Нұрланұлы" -> ("Нұрлан", "ұлы").  ``None`` if it is not one."""
    a = _affixes()["turkic_patronymic_suffixes"]
    suf = _ends(word, a["male"] + a["female"], min_stem=3)
    if suf is None:
        return None
    return word[: -len(suf)], word[-len(suf):]


def parse_name(text: str) -> NameParts:
    """Parse a personal name into given name, patronymic and surname.

    Handles "Given Patronymic Surname", "Surname Given Patronymic", "Surname, Given ...",
    two-word Turkic patronymics ("Нурлан ұлы"), and names without a patronymic.  Word roles
    are decided by suffixes; when nothing tells, the first of two words is taken as the given
    name unless the text has a comma.  Raises :class:`~polon.names.NameInputError` on
    over-long or non-string input; returns all-``None`` parts for text without letters.
    """
    cleaned = clean(text)
    comma = "," in cleaned
    ws = [fix_lookalikes(w) for w in words(cleaned)]
    # glue detached Turkic particles to the father's name: "Нурлан ұлы" -> one patronymic word
    glued: list[str] = []
    particles = _turkic_particles()
    for w in ws:
        if glued and w.lower() in particles:
            glued[-1] = glued[-1] + " " + w
        else:
            glued.append(w)
    ws = glued
    if not ws:
        return NameParts(None, None, None)
    pat_idx = next((i for i, w in enumerate(ws) if i > 0 and patronymic_gender(w)), None)
    gender = patronymic_gender(ws[pat_idx]) if pat_idx is not None else None
    if pat_idx is not None:
        pat = ws[pat_idx]
        rest = ws[:pat_idx] + ws[pat_idx + 1:]
        surname: str | None
        if pat_idx >= 2 or comma:
            # Surname Given Patronymic
            surname, given, other = rest[0], (rest[1] if len(rest) > 1 else None), tuple(rest[2:])
            order = Order.SURNAME_FIRST
        else:
            given, surname, other = rest[0], (rest[-1] if len(rest) > 1 else None), tuple(rest[1:-1])
            order = Order.GIVEN_FIRST
        return NameParts(given, pat, surname, order, gender or _gender_of(surname), other)
    if len(ws) == 1:
        return NameParts(None, None, ws[0], Order.UNKNOWN, surname_gender(ws[0]))
    first_is_surname = comma or (looks_like_surname(ws[0]) and not looks_like_surname(ws[-1]))
    if first_is_surname:
        return NameParts(ws[1], None, ws[0], Order.SURNAME_FIRST, _gender_of(ws[0]), tuple(ws[2:]))
    return NameParts(ws[0], None, ws[-1], Order.GIVEN_FIRST if looks_like_surname(ws[-1]) else Order.UNKNOWN,
                     _gender_of(ws[-1]), tuple(ws[1:-1]))


def _gender_of(surname: str | None) -> str | None:
    return surname_gender(surname) if surname else None
