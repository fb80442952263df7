"""Match explanations and bands in the user's language.

polon.matching is a pure library (no Django, no translations): it explains each hit in a small, fixed English
grammar — clauses joined by "; ", one per query word ("surname: Ermek ≈ Ермек via BGN/PCGN Kazakh spelling
(Yermek), 1 letter missing") and one per piece of evidence ("birth year: 1991 = 1991"). This module reads that
grammar back into its parts and says each part again through gettext, so a Ukrainian page shows a Ukrainian
explanation while the library stays pure. A clause it does not recognise (a note already translated when it was
stored, say) is looked up as a message of its own and otherwise left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from polon.matching.scoring import LEARNED

SEPARATOR = "; "

BANDS = {
    "likely": gettext_lazy("likely"),
    "possible": gettext_lazy("possible"),
}

ROLES = {
    "surname": gettext_lazy("surname"),
    "given name": gettext_lazy("given name"),
    "patronymic": gettext_lazy("patronymic"),
    "name": gettext_lazy("name"),
}

# The transliteration schemes' titles (polon.names.SCHEMES) that read differently in another language.
SCHEME_TITLES = {
    "Russian passports 1997-2010 (MVD order 310)": gettext_lazy("Russian passports 1997-2010 (MVD order 310)"),
    "Russian passports 2010-2013 (MVD order 782)": gettext_lazy("Russian passports 2010-2013 (MVD order 782)"),
    "ICAO Doc 9303 (Russian passports since 2013)": gettext_lazy("ICAO Doc 9303 (Russian passports since 2013)"),
    "BGN/PCGN Russian": gettext_lazy("BGN/PCGN Russian"),
    "BGN/PCGN Ukrainian": gettext_lazy("BGN/PCGN Ukrainian"),
    "BGN/PCGN Belarusian": gettext_lazy("BGN/PCGN Belarusian"),
    "BGN/PCGN Kazakh": gettext_lazy("BGN/PCGN Kazakh"),
    "BGN/PCGN Kyrgyz": gettext_lazy("BGN/PCGN Kyrgyz"),
    "BGN/PCGN Tajik (1994)": gettext_lazy("BGN/PCGN Tajik (1994)"),
    "BGN/PCGN Uzbek Cyrillic": gettext_lazy("BGN/PCGN Uzbek Cyrillic"),
    "ISO/R 9:1968 (scholarly, e.g. Ščerbakov)": gettext_lazy("ISO/R 9:1968 (scholarly, e.g. Ščerbakov)"),
    "German (Duden)": gettext_lazy("German (Duden)"),
    "French (MVD 310 French variant / French press)": gettext_lazy("French (MVD 310 French variant / French press)"),
    "English Wikipedia simplified": gettext_lazy("English Wikipedia simplified"),
    "Ukrainian national system (CMU Resolution 55, 2010)":
        gettext_lazy("Ukrainian national system (CMU Resolution 55, 2010)"),
    "Kazakh Latin alphabet (2021)": gettext_lazy("Kazakh Latin alphabet (2021)"),
}


def band_label(band: str | None) -> str:
    """"likely" / "possible" in the user's language; a hit below both is "unlikely"."""
    if not band:
        return _("unlikely")
    return str(BANDS.get(band, band))


def _scheme(title: str) -> str:
    return str(SCHEME_TITLES.get(title, title))


def _differences(text: str | None) -> str:
    """"1 letter missing, 2 letters changed, suffix missing" (scoring._diff_words) in the user's language."""
    if not text:
        return ""
    out = []
    for part in text.split(", "):
        found = re.fullmatch(r"(\d+) letters? (missing|added|changed|and suffix missing)", part)
        if found is None:
            out.append(_("suffix missing") if part == "suffix missing" else part)
            continue
        n, what = int(found.group(1)), found.group(2)
        if what == "missing":
            out.append(ngettext("%(n)s letter missing", "%(n)s letters missing", n) % {"n": n})
        elif what == "added":
            out.append(ngettext("%(n)s letter added", "%(n)s letters added", n) % {"n": n})
        elif what == "changed":
            out.append(ngettext("%(n)s letter changed", "%(n)s letters changed", n) % {"n": n})
        else:
            out.append(ngettext("%(n)s letter and suffix missing", "%(n)s letters and suffix missing", n) % {"n": n})
    return ", ".join(out)


def _with_differences(text: str, diff: str | None) -> str:
    said = _differences(diff)
    return f"{text}, {said}" if said else text


W = r"(?P<q>\S+)"
C = r"(?P<c>\S+)"
DIFF = r"(?:, (?P<diff>.+))?"
LEARNED_RE = re.escape(LEARNED)

# How one query word relates to a record's word (scoring.describe_word), most specific first.
WORDS: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (re.compile(rf"{W} = {C}"), lambda m: f"{m['q']} = {m['c']}"),
    (re.compile(rf"{W}\. = initial of {C}"), lambda m: _("%(q)s. = initial of %(c)s") % m),
    (re.compile(rf"{W} begins with the initial {C}\."), lambda m: _("%(q)s begins with the initial %(c)s.") % m),
    (re.compile(rf"{W} = {C} in {LEARNED_RE}"),
     lambda m: _("%(q)s = %(c)s in a spelling learned from Wikidata names") % m),
    (re.compile(rf"{W} ≈ {C} via {LEARNED_RE} \((?P<sp>[^)]*)\){DIFF}"),
     lambda m: _with_differences(_("%(q)s ≈ %(c)s via a spelling learned from Wikidata names (%(sp)s)") % m,
                                 m["diff"])),
    (re.compile(rf"{W} = {C} in (?P<title>.+) spelling"),
     lambda m: _("%(q)s = %(c)s in %(scheme)s spelling") % {**m, "scheme": _scheme(m["title"])}),
    (re.compile(rf"{W} ≈ {C} via (?P<title>.+) spelling \((?P<sp>[^)]*)\){DIFF}"),
     lambda m: _with_differences(_("%(q)s ≈ %(c)s via %(scheme)s spelling (%(sp)s)")
                                 % {**m, "scheme": _scheme(m["title"])}, m["diff"])),
    (re.compile(rf"{W} ≈ {C} by sound"), lambda m: _("%(q)s ≈ %(c)s by sound") % m),
    (re.compile(rf"{W} ≈ {C}{DIFF}"), lambda m: _with_differences(f"{m['q']} ≈ {m['c']}", m["diff"])),
]

A = r"(?P<a>\S+)"
B = r"(?P<b>\S+)"
# One clause of an explanation: a query word's part, a piece of evidence, a judgement.
CLAUSES: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (re.compile(r"registrar confirmed: same person"), lambda m: _("registrar confirmed: same person")),
    (re.compile(r"registrar ruled out: not the same person"),
     lambda m: _("registrar ruled out: not the same person")),
    (re.compile(r"(?P<q>.+?): no counterpart in (?P<c>.+)"), lambda m: _("%(q)s: no counterpart in %(c)s") % m),
    (re.compile(r"(?P<role>surname|given name|patronymic|name): (?P<word>.+)"),
     lambda m: _("%(role)s: %(word)s") % {"role": ROLES[m["role"]], "word": _word(m["word"])}),
    (re.compile(rf"birth year: {A} vs {B} \(1 year apart\)"),
     lambda m: _("birth year: %(a)s vs %(b)s (1 year apart)") % m),
    (re.compile(rf"birth year: {A} ≠ {B}"), lambda m: _("birth year: %(a)s ≠ %(b)s") % m),
    (re.compile(rf"birth year: {A} = {B}"), lambda m: _("birth year: %(a)s = %(b)s") % m),
    (re.compile(rf"birth date: {A} = {B}"), lambda m: _("birth date: %(a)s = %(b)s") % m),
    (re.compile(rf"birth date: {A} ≈ {B} \(day and month swapped\)"),
     lambda m: _("birth date: %(a)s ≈ %(b)s (day and month swapped)") % m),
    (re.compile(rf"birth date: {A} vs {B} \(same month, different day\)"),
     lambda m: _("birth date: %(a)s vs %(b)s (same month, different day)") % m),
    (re.compile(rf"birth month: {A} = {B}"), lambda m: _("birth month: %(a)s = %(b)s") % m),
    (re.compile(rf"birth date: {A} vs {B} \(same year, different month\)"),
     lambda m: _("birth date: %(a)s vs %(b)s (same year, different month)") % m),
    (re.compile(r"citizenship: (?P<a>.+) on both"), lambda m: _("citizenship: %(a)s on both") % m),
    (re.compile(r"citizenship: (?P<a>.+) vs (?P<b>.+)"), lambda m: _("citizenship: %(a)s vs %(b)s") % m),
    (re.compile(r"service number: (?P<a>.+) = (?P<b>.+)"), lambda m: _("service number: %(a)s = %(b)s") % m),
    (re.compile(r"service number: (?P<a>.+) ≠ (?P<b>.+)"), lambda m: _("service number: %(a)s ≠ %(b)s") % m),
    # Reconciliation's notes, as stored by a list matched in English (exchanges.reconcile).
    (re.compile(r"confirmed by (?P<user>.+) on (?P<day>[\d-]+)"),
     lambda m: _("confirmed by %(user)s on %(day)s") % m),
    (re.compile(r"not in the registry, according to (?P<user>.+) on (?P<day>[\d-]+)"),
     lambda m: _("not in the registry, according to %(user)s on %(day)s") % m),
    (re.compile(r"confirmed the same person by (?P<user>.+)"),
     lambda m: _("confirmed the same person by %(user)s") % m),
    (re.compile(r"not searched: (?P<reason>.+)"), lambda m: _("not searched: %(reason)s") % m),
]


def _word(text: str) -> str:
    for pattern, say in WORDS:
        found = pattern.fullmatch(text)
        if found is not None:
            return say(found.groupdict())
    return text


def _clause(text: str) -> str:
    for pattern, say in CLAUSES:
        found = pattern.fullmatch(text)
        if found is not None:
            return say(found.groupdict())
    return _(text) if text else text  # a fixed note ("nobody of this name in the registry"), or as it is


def translate_explanation(text: str | None) -> str:
    """An explanation from polon.matching (or a reconciliation note) in the active language."""
    if not text:
        return ""
    return SEPARATOR.join(_clause(part) for part in text.split(SEPARATOR))
