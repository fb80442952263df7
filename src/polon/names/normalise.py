"""Cleaning and normalisation of name strings.

Three layers, each usable on its own:

* :func:`clean` -- Unicode hygiene only: NFC, control and format characters (bidi marks,
  zero-width joiners, soft hyphens) removed, apostrophes unified, whitespace collapsed.
* :func:`fix_lookalikes` -- repairs words that mix Latin and Cyrillic homoglyphs
  ("Ивaнов" with a Latin ``a``) by moving the minority letters into the word's main script.
* :func:`normalise` -- everything above plus case folding and per-script diacritic folding,
  giving a comparison form (``"Ёлкина"`` -> ``"елкина"``, ``"Müller"`` -> ``"muller"``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from polon.names._data import read_tsv
from polon.names.errors import NameInputError
from polon.names.script import Script, letter_script, word_script_counts

#: Longest input accepted.  Real names are far shorter; the cap keeps a pasted document from
#: turning into thousands of search keys.
MAX_NAME_LENGTH = 300

_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032"), "'")
# A word is letters and the combining marks NFC could not fold into them (ICU's BGN/PCGN
# Kazakh writes й as ī + U+0306), joined by apostrophes or by the middle dot that BGN/PCGN puts
# between letters that would otherwise be read as one sound ("Geyt·s" is Гейтс, not Гейц;
# "Chyn·gyz"), or the dot of a hyphenation point, or the double quote that Russian passports
# of 1997 wrote for the hard sign ("Pod\"yachev").  Without them a word fell apart.
_LETTER = r"[^\W\d_]"
_MARK = "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_PART = f"{_LETTER}(?:{_LETTER}|{_MARK})*"
_JOINERS = "'\"\u00b7\u2027"
_WORD_RE = re.compile(f"{_PART}(?:[{_JOINERS}]+{_PART})*")  # (GOST 7.79 B writes ъ as ``)
#: Removed from a word's comparison form: the joiners, and the modifier letters that stand for
#: the hard sign in BGN/PCGN and ISO 9 ("Podʺyachev"), which most spellings do not write.
_NOT_COMPARED = dict.fromkeys(map(ord, _JOINERS + "\u02ba\u02ee"))

# Latin letters whose diacritic-free form is not reachable by stripping combining marks.
_LATIN_SPECIAL = {
    "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
    "ŀ": "l", "ħ": "h",
}


@cache
def _lookalike_maps() -> tuple[dict[str, str], dict[str, str]]:
    rows = read_tsv("lookalikes.tsv")
    return {lat: cyr for lat, cyr in rows}, {cyr: lat for lat, cyr in rows}


def clean(text: object) -> str:
    """Unicode hygiene: NFC, strip control/format characters, unify apostrophes and spaces.

    Raises :class:`NameInputError` if ``text`` is not a string or longer than
    :data:`MAX_NAME_LENGTH` characters after cleaning.
    """
    if not isinstance(text, str):
        raise NameInputError(f"a name must be a string, not {type(text).__name__}")
    if len(text) > 20 * MAX_NAME_LENGTH:
        raise NameInputError(f"name is {len(text)} characters long; at most {MAX_NAME_LENGTH} are accepted")
    text = unicodedata.normalize("NFC", text)
    # Cc: control characters; Cf: format characters (bidi embeddings/isolates, ZWJ, soft hyphen).
    # All of them are unprintable, so a printable text (nearly every name) skips the loop: a word
    # is cleaned three times as it is prepared; a call takes 1.4 µs instead of 3.8 (interpreted).
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text
                       if unicodedata.category(ch) != "Cf")
    text = text.translate(_APOSTROPHES)
    text = " ".join(text.split())  # what re.sub(r"\s+", " ", text).strip() gives: the same spaces
    if len(text) > MAX_NAME_LENGTH:
        raise NameInputError(f"name is {len(text)} characters long; at most {MAX_NAME_LENGTH} are accepted")
    return text


def fix_lookalikes(word: str) -> str:
    """Rewrite homoglyphs so a mixed Latin/Cyrillic word is in one script.

    A letter that has no look-alike (ы, ж, w, q) decides the script; otherwise the majority
    wins, and on a tie Cyrillic, because the corrupted words we meet are Cyrillic names typed
    with a Latin layout active for a letter or two.  Letters with no look-alike in the target
    script are left as they are.
    """
    lat, cyr = word_script_counts(word)
    if not lat or not cyr:
        return word
    lat_to_cyr, cyr_to_lat = _lookalike_maps()
    sure_lat = any(letter_script(ch) is Script.LATIN and ch not in lat_to_cyr for ch in word)
    sure_cyr = any(letter_script(ch) is Script.CYRILLIC and ch not in cyr_to_lat for ch in word)
    if sure_lat != sure_cyr:
        to_latin = sure_lat
    else:
        to_latin = lat > cyr
    table = cyr_to_lat if to_latin else lat_to_cyr
    return "".join(table.get(ch, ch) for ch in word)


def fold_diacritics(word: str) -> str:
    """Fold diacritics according to each letter's script.

    Latin letters lose all marks (``é``->``e``, ``ß``->``ss``).  Cyrillic letters keep them,
    because ``й``, ``ї``, ``ў``, ``ә``, ``ұ`` are distinct letters, except ``ё``->``е``:
    Russian writes ``е`` for ``ё`` in most printed text.
    """
    out = []
    for ch in word:
        script = letter_script(ch)
        if script is Script.LATIN and not ch.isascii():
            low = ch.lower()
            if low in _LATIN_SPECIAL:
                rep = _LATIN_SPECIAL[low]
                out.append(rep if ch == low else rep.capitalize())
                continue
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
        elif unicodedata.combining(ch):
            if not (out and out[-1] and letter_script(out[-1][-1]) is Script.LATIN):
                out.append(ch)  # a mark on a Latin letter goes with the others
        elif ch in "ёЁ":
            out.append("е" if ch == "ё" else "Е")
        else:
            out.append(ch)
    return "".join(out)


def words(text: str) -> list[str]:
    """Split a cleaned name into words (letters with their marks, and inner apostrophes and
    middle dots; hyphens split)."""
    return _WORD_RE.findall(text)


def normalise(text: object, *, diacritics: bool = False) -> str:
    """Comparison form of a name: cleaned, look-alikes fixed, case-folded, words joined by spaces.

    With ``diacritics=False`` (the default) diacritics are folded per script (see
    :func:`fold_diacritics`).  Punctuation and digits are dropped; hyphenated parts become
    separate words.  Raises :class:`NameInputError` for non-strings or over-long input;
    returns ``""`` if there are no letters.
    """
    out = []
    for w in words(clean(text)):
        w = fix_lookalikes(w).lower()
        if not diacritics:
            w = fold_diacritics(w)
        out.append(w.translate(_NOT_COMPARED))
    return " ".join(out)
