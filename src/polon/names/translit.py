"""Transliteration of Cyrillic names into Latin under the schemes found in real documents,
and the reverse: Cyrillic candidates for a Latin spelling.

Schemes come from three places, preferring maintained implementations:

* ICU/CLDR transforms via PyICU (BGN/PCGN for Russian, Ukrainian, Belarusian, Kazakh, Kyrgyz,
  Uzbek; ISO 9);
* ``iuliia`` schemas (Russian passports: ICAO Doc 9303, MVD 310 of 1997 and its French variant,
  MVD 782 of 2010; GOST 7.79 System B; ISO/R 9:1968; English Wikipedia);
* our own tables in ``data/*.json`` (German Duden, Ukrainian CMU 55, Kazakh Latin 2021, Tajik
  BGN/PCGN) for schemes neither library carries.  They use iuliia's schema format, so iuliia's
  engine applies them and no transliteration engine is hand-written here.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import icu
import iuliia
from iuliia.schema import TranslitSchema

from polon.names._data import read_json, read_tsv
from polon.names.errors import NameInputError
from polon.names.normalise import clean, fold_diacritics
from polon.names.script import Script, detect_script


@dataclass(frozen=True)
class Scheme:
    """A romanization scheme: its id, a registrar-readable title and where it is used."""

    id: str
    title: str
    languages: tuple[str, ...]  # ISO 639-1 codes of the Cyrillic-script languages it is defined for
    source: str


def _icu(transform_id: str) -> Callable[[str], str]:
    tr = icu.Transliterator.createInstance(transform_id)
    return tr.transliterate


def _iuliia(schema: TranslitSchema) -> Callable[[str], str]:
    return schema.translate


def _table(name: str) -> Callable[[str], str]:
    data = read_json(name)
    schema = TranslitSchema(
        name=data["name"],
        mapping=data["mapping"],
        prev_mapping=data.get("prev_mapping"),
        next_mapping=data.get("next_mapping"),
        ending_mapping=data.get("ending_mapping"),
        samples=data.get("samples"),
        description=data.get("description"),
    )
    return schema.translate


def _cmu55(text: str) -> str:
    # CMU 55 does not render the apostrophe, and iuliia's word splitter would otherwise treat
    # the letter after it as word-initial (Знам'янка must give Znamianka, not ZnamYanka).
    return _table("ukrainian_cmu55.json")(re.sub(r"(?<=\w)'(?=\w)", "", text))


_SCHEME_DEFS: tuple[tuple[Scheme, Callable[[], Callable[[str], str]]], ...] = (
    (Scheme("icao_9303", "ICAO Doc 9303 (Russian passports since 2013)", ("ru",), "iuliia icao_doc_9303"),
     lambda: _iuliia(iuliia.ICAO_DOC_9303)),
    (Scheme("mvd_310", "Russian passports 1997-2010 (MVD order 310)", ("ru",), "iuliia mvd_310"),
     lambda: _iuliia(iuliia.MVD_310)),
    (Scheme("mvd_782", "Russian passports 2010-2013 (MVD order 782)", ("ru",), "iuliia mvd_782"),
     lambda: _iuliia(iuliia.MVD_782)),
    (Scheme("bgn_pcgn_ru", "BGN/PCGN Russian", ("ru",), "ICU Russian-Latin/BGN"),
     lambda: _icu("Russian-Latin/BGN")),
    (Scheme("bgn_pcgn_uk", "BGN/PCGN Ukrainian", ("uk",), "ICU Ukrainian-Latin/BGN"),
     lambda: _icu("Ukrainian-Latin/BGN")),
    (Scheme("bgn_pcgn_be", "BGN/PCGN Belarusian", ("be",), "ICU Belarusian-Latin/BGN"),
     lambda: _icu("Belarusian-Latin/BGN")),
    (Scheme("bgn_pcgn_kk", "BGN/PCGN Kazakh", ("kk",), "ICU Kazakh-Latin/BGN"),
     lambda: _icu("Kazakh-Latin/BGN")),
    (Scheme("bgn_pcgn_ky", "BGN/PCGN Kyrgyz", ("ky",), "ICU Kirghiz-Latin/BGN"),
     lambda: _icu("Kirghiz-Latin/BGN")),
    (Scheme("bgn_pcgn_tg", "BGN/PCGN Tajik (1994)", ("tg",), "data/tajik_bgn_pcgn.json"),
     lambda: _table("tajik_bgn_pcgn.json")),
    (Scheme("bgn_pcgn_uz", "BGN/PCGN Uzbek Cyrillic", ("uz",), "ICU Uzbek-Latin/BGN"),
     lambda: _icu("Uzbek-Latin/BGN")),
    (Scheme("iso9", "ISO 9:1995 / GOST 7.79-2000 System A", ("ru", "uk", "be", "kk", "ky", "tg", "uz"),
            "ICU Cyrillic-Latin"),
     lambda: _icu("Cyrillic-Latin")),
    (Scheme("gost_779b", "GOST 7.79-2000 System B", ("ru",), "iuliia gost_779_alt"),
     lambda: _iuliia(iuliia.GOST_779_ALT)),
    (Scheme("iso_r9_1968", "ISO/R 9:1968 (scholarly, e.g. Ščerbakov)", ("ru",), "iuliia iso_9_1968"),
     lambda: _iuliia(iuliia.ISO_9_1968)),
    (Scheme("german", "German (Duden)", ("ru",), "data/german_duden.json"),
     lambda: _table("german_duden.json")),
    (Scheme("french", "French (MVD 310 French variant / French press)", ("ru",), "iuliia mvd_310_fr"),
     lambda: _iuliia(iuliia.MVD_310_FR)),
    (Scheme("english", "English Wikipedia simplified", ("ru",), "iuliia wikipedia"),
     lambda: _iuliia(iuliia.WIKIPEDIA)),
    (Scheme("ua_cmu55", "Ukrainian national system (CMU Resolution 55, 2010)", ("uk",),
            "data/ukrainian_cmu55.json"),
     lambda: _cmu55),
    (Scheme("kz_latin_2021", "Kazakh Latin alphabet (2021)", ("kk",), "data/kazakh_latin_2021.json"),
     lambda: _table("kazakh_latin_2021.json")),
)

#: All supported schemes by id.
SCHEMES: dict[str, Scheme] = {s.id: s for s, _ in _SCHEME_DEFS}
_FACTORIES = {s.id: f for s, f in _SCHEME_DEFS}


class UnknownSchemeError(NameInputError, KeyError):
    """``scheme`` is not one of :data:`SCHEMES`."""


@cache
def _transliterator(scheme: str) -> Callable[[str], str]:
    try:
        return _FACTORIES[scheme]()
    except KeyError:
        raise UnknownSchemeError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}") from None


#: Devanagari consonant letters (with the nukta forms): ICU writes the inherent vowel after a word's last
#: consonant, which Hindi and Nepali do not say (रमेश is Ramesh, not Ramesha: schwa deletion).
_DEVANAGARI_CONSONANTS = re.compile("[\u0915-\u0939\u0958-\u095f]$")


@cache
def _any_latin() -> Callable[[str], str]:
    return _icu("Any-Latin")


def romanise(word: str) -> str:
    """A word in a script polon has no name rules of its own for (Devanagari, Arabic, Hangul, Georgian,
    Greek, …) in Latin letters, by ICU's Any-Latin transform, so that it is compared by sound with the
    Latin and Cyrillic spellings of the name; a Latin, Cyrillic or mixed word is returned as it is."""
    if detect_script(word) != Script.OTHER:
        return word
    latin = _any_latin()(word)
    if _DEVANAGARI_CONSONANTS.search(word) and latin.endswith("a"):
        latin = latin[:-1]
    return latin


def transliterate(text: str, scheme: str) -> str:
    """Romanize Cyrillic ``text`` under ``scheme`` (an id from :data:`SCHEMES`).

    Case is preserved as the scheme defines it.  Letters the scheme does not cover (``ы`` under
    Ukrainian BGN/PCGN, for instance) are left in Cyrillic; :func:`latin_spellings` skips such
    results.
    """
    return _transliterator(scheme)(clean(text))


def latin_spellings(cyrillic: str, schemes: list[str] | None = None) -> dict[str, str]:
    """Latin spellings of a Cyrillic name under every scheme that fully covers its letters.

    >>> latin_spellings("Щербаков")["german"]
    'Schtscherbakow'
    """
    out: dict[str, str] = {}
    for sid in schemes or SCHEMES:
        latin = transliterate(cyrillic, sid)
        if detect_script(latin) in (Script.LATIN, Script.NONE):
            out[sid] = latin
    return out


# --- reverse direction -------------------------------------------------------------------------

_RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_TRIAL_CONTEXT = "а{}а"  # a letter between vowels shows its common (non-initial) rendering


@cache
def _reverse_rules() -> dict[str, list[tuple[str, float]]]:
    """Latin chunk -> [(Cyrillic, cost)], learnt by running every Russian scheme forwards.

    Deriving the reverse table from the forward schemes keeps one source of truth; the
    costs are -log of how many schemes agree, plus the hand-listed extras in
    ``data/latin_to_cyrillic_extra.tsv`` for spellings no scheme produces (w, ph, ck, x...).
    """
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for sid, scheme in SCHEMES.items():
        if "ru" not in scheme.languages:
            continue
        tr = _transliterator(sid)
        for letter in _RU_LETTERS:
            lat = fold_diacritics(tr(_TRIAL_CONTEXT.format(letter))).lower()
            if lat.startswith("a") and lat.endswith("a") and len(lat) >= 2:
                lat = lat[1:-1]
            lat = re.sub(r"[^a-z]", "", lat)
            counts[(lat, letter)] += 1
            initial = re.sub(r"[^a-z]", "", fold_diacritics(tr(letter + "а")).lower()[:-1])
            if initial and initial != lat:
                counts[(initial, letter)] += 1
    # Noisy-channel cost: -log P(latin | cyrillic) - log P(cyrillic), so a long chunk such as
    # German "schtsch" for щ beats five cheap one-letter chunks, and "e" prefers е over э.
    per_letter: dict[str, int] = defaultdict(int)
    for (_lat, cyr), n in counts.items():
        per_letter[cyr] += n
    prior = {row[0]: float(row[1]) for row in read_tsv("russian_letter_frequency.tsv")}
    rules: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (lat, cyr), n in counts.items():
        if cyr in "ьъ" and not lat:
            continue  # silent letters are added by the extras table where they are plausible
        rules[lat].append((cyr, -math.log(n / per_letter[cyr]) - math.log(prior.get(cyr, 0.001))))
    for lat, cyr, cost in read_tsv("latin_to_cyrillic_extra.tsv"):
        # the extras cost stands for -log P(latin | cyrillic); the prior covers each letter
        cyr_prior = sum(-math.log(prior.get(c, 0.001)) for c in cyr)
        rules[lat].append((cyr, float(cost) + cyr_prior))
    return dict(rules)


@cache
def _bigram_cost() -> tuple[dict[str, float], float]:
    # conditional P(next letter | letter), so that longer words are not penalised for length
    rows = read_tsv("cyrillic_bigrams.tsv")
    first: dict[str, int] = defaultdict(int)
    for bg, n in rows:
        first[bg[0]] += int(n)
    return {bg: -math.log(int(n) / first[bg[0]]) for bg, n in rows}, -math.log(1 / 20000)


#: Weight of the name-letter bigram model against the transliteration rule costs.
BIGRAM_WEIGHT = 1.0


def _plausibility(word: str) -> float:
    """Cost of a Cyrillic word under the bigram model of real names (lower is more name-like)."""
    costs, unseen = _bigram_cost()
    w = "^" + word + "$"
    return sum(costs.get(w[i:i + 2], unseen) for i in range(len(w) - 1))


def cyrillic_candidates(latin: str, limit: int = 10) -> list[str]:
    """Cyrillic spellings a Latin-written name may come from, most plausible first.

    Each word is segmented into Latin chunks (``shch``, ``tsch``, ``kh``, ``ja`` ...) with a
    k-best dynamic programme over the reverse rules; multi-word names combine the best
    candidates of each word.  Capitalisation follows the input's first letter.

    >>> "Щербаков" in cyrillic_candidates("Schtscherbakow")
    True
    """
    text = clean(latin)
    results: list[list[tuple[float, str]]] = []
    for word in re.findall(r"[^\W\d_]+", text):
        cands = _word_candidates(fold_diacritics(word).lower(), max(limit * 5, 30))
        # Re-rank by how name-like the letters are: the rules alone cannot tell Мария from Мариа.
        rescored = sorted((c + BIGRAM_WEIGHT * _plausibility(s), s) for c, s in cands)
        results.append(rescored[: max(limit, 5)])
    if not results:
        return []
    combos: list[tuple[float, str]] = [(0.0, "")]
    for cands in results:
        combos = heapq.nsmallest(limit, ((c1 + c2, (s1 + " " + s2).strip()) for c1, s1 in combos
                                         for c2, s2 in cands))
    out = []
    for _, s in combos:
        cap = " ".join(w[:1].upper() + w[1:] for w in s.split(" "))
        if cap not in out:
            out.append(cap)
    return out[:limit]


def _word_candidates(word: str, k: int) -> list[tuple[float, str]]:
    rules = _reverse_rules()
    max_chunk = max(map(len, rules))
    n = len(word)
    best: list[list[tuple[float, str]]] = [[] for _ in range(n + 1)]
    best[0] = [(0.0, "")]
    for i in range(n):
        if not best[i]:
            continue
        for j in range(i + 1, min(n, i + max_chunk) + 1):
            options = rules.get(word[i:j])
            if not options:
                continue
            for cost, prefix in best[i]:
                for cyr, c in options:
                    best[j].append((cost + c, prefix + cyr))
        for j in range(i + 1, min(n, i + max_chunk) + 1):
            if len(best[j]) > 12 * k:
                best[j] = heapq.nsmallest(k * 6, best[j])
        if not any(best[j] for j in range(i + 1, min(n, i + max_chunk) + 1)):
            # a letter no rule knows: keep it rather than fail (it will not match anything)
            best[i + 1] = [(c + 5.0, p + word[i]) for c, p in best[i]]
    seen: dict[str, float] = {}
    for cost, s in sorted(best[n]):
        seen.setdefault(s, cost)
    return sorted(((c, s) for s, c in seen.items()))[:k]
