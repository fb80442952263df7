"""Gazetteers kept as TSV data files, compiled into a token-level matcher.

Form syntax in the data files (see data/README.md):
  * tokens are separated by spaces and compared case-insensitively;
  * ``{a,b,}`` expands to alternatives (``Kasache{,n}`` → Kasache, Kasachen);
  * a token ending in ``*`` matches any word starting with that stem;
  * for ru/uk, a token ending in ``+`` (or a one-word form without markers)
    is expanded to every form of its pymorphy3 lexeme at load time.

Matching is a dictionary lookup per token rather than a big regex
alternation: Python's ``re`` does not build a trie, and thousands of
alternatives would make every article cost tens of milliseconds.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import morph
from .text import Token

LANGS = ("de", "en", "ru", "uk", "kk")
AGGLUTINATIVE = ("kk",)  # languages whose data forms are stems matched with their suffixes (see suffix())
_BRACES = re.compile(r"\{([^{}]*)\}")
_PREFIX_KEY = 3
_VOWELS = set("аеєиіїоуюяыэёйь")
_NOUN_ENDINGS = {"ru": ("а", "у", "ом", "е"), "uk": ("а", "у", "ом", "і", "ові")}


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: tuple[str, ...]
    category: str
    value: Any
    cased: bool = False  # first letter must be upper case in the text


@dataclass(slots=True)
class Match:
    first: int  # token index
    last: int  # one past
    start: int
    end: int
    entries: list[Entry]

    def get(self, category: str) -> Entry | None:
        for e in self.entries:
            if e.category == category:
                return e
        return None

    def has(self, category: str) -> bool:
        for e in self.entries:  # a plain loop: called for every match by every stage
            if e.category == category:
                return True
        return False


def _expand_braces(form: str) -> list[str]:
    m = _BRACES.search(form)
    if not m:
        return [form]
    out: list[str] = []
    for alt in m.group(1).split(","):
        out.extend(_expand_braces(form[: m.start()] + alt + form[m.end():]))
    return out


_TOKEN_SPLIT = re.compile(r"[^\w*+]+|\u02bc", re.UNICODE)


def _pattern_variants(form: str, lang: str) -> list[tuple[str, ...]]:
    results: list[tuple[str, ...]] = []
    for f in _expand_braces(form):
        toks = [t for t in _TOKEN_SPLIT.split(f.lower().replace("ё", "е")) if t]
        if not toks:
            continue
        per_tok: list[Sequence[str]] = []
        single_plain = len(toks) == 1 and not toks[0].endswith(("*", "+"))
        for t in toks:
            if lang in morph.MORPH_LANGS and (t.endswith("+") or single_plain):
                base = t.rstrip("+")
                forms = [w.replace("ё", "е") for w in morph.lexeme(lang, base)]
                if len(forms) == 1 and len(base) >= 4 and base[-1] not in _VOWELS and not base.isupper():
                    # A name the dictionary does not know ("Угледар", "Тестапур") declines like a noun.
                    forms += [base + e for e in _NOUN_ENDINGS[lang]]
                per_tok.append(forms)
            else:
                per_tok.append([t.rstrip("+")])
        for combo in itertools.product(*per_tok):
            results.append(tuple(combo))
    return results


class Matcher:
    """Longest-match lookup of gazetteer entries over a token list."""

    def __init__(self) -> None:
        self.literal: dict[str, list[Entry]] = defaultdict(list)
        self.prefix: dict[str, list[Entry]] = defaultdict(list)

    def add(self, form: str, lang: str, category: str, value: Any, cased: bool = False) -> None:
        for pat in _pattern_variants(form, lang):
            entry = Entry(pat, category, value, cased)
            head = pat[0]
            if head.endswith("*"):
                self.prefix[head[:_PREFIX_KEY]].append(entry)
            else:
                self.literal[head].append(entry)

    @staticmethod
    def _tok_ok(pat: str, tok: Token) -> bool:
        if pat.endswith("*"):
            return tok.lower.startswith(pat[:-1])
        return tok.lower == pat

    def match_all(self, tokens: Sequence[Token], text: str) -> list[Match]:
        """Greedy left-to-right longest matches; all entries of the winning length are kept."""
        out: list[Match] = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            cands = self.literal.get(tok.lower, []) + self.prefix.get(tok.lower[:_PREFIX_KEY], [])
            best_len = 0
            best: list[Entry] = []
            for e in cands:
                k = len(e.pattern)
                if k < best_len or i + k > n:
                    continue
                if e.cased and not tok.is_cap:
                    continue
                ok = True
                for j in range(k):
                    t = tokens[i + j]
                    if not self._tok_ok(e.pattern[j], t):
                        ok = False
                        break
                    if j and (t.sent != tok.sent or not _joinable(text[tokens[i + j - 1].end:t.start])):
                        ok = False
                        break
                if not ok:
                    continue
                if k > best_len:
                    best_len, best = k, [e]
                elif e not in best:
                    best.append(e)
            if best_len:
                out.append(Match(i, i + best_len, tok.start, tokens[i + best_len - 1].end, best))
                i += best_len
            else:
                i += 1
        return out


# Kazakh case endings after a stem, by what they say of a place: where ("Украинада", "Киевте", "Украинадағы"),
# whither ("Ресейге") and whence ("Ресейден"); the genitive and others say nothing of place.
KK_LOCATIVE = ("да", "де", "та", "те", "нда", "нде", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі", "ға", "ге",
               "қа", "ке", "на", "не", "а", "е", "дан", "ден", "тан", "тен", "нан", "нен")
KK_CASE = KK_LOCATIVE + ("ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні", "ды", "ді", "ты", "ті", "ы", "і",
                         "мен", "бен", "пен", "ға", "ге", "қа", "ке", "мен", "ен", "н", "лық", "лік")


def suffix(match: Match, tokens: Sequence[Token]) -> str:
    """What follows the stem in the last word of a match whose last pattern token is a stem (``Ресей*``)."""
    pat = match.entries[0].pattern[-1]
    if not pat.endswith("*"):
        return ""
    return tokens[match.last - 1].lower[len(pat) - 1:]


def _joinable(between: str) -> bool:
    return len(between) <= 3 and "\n" not in between and all(c.isspace() or c in "-'’." for c in between)


def _rows(name: str) -> Iterable[dict[str, str]]:
    with resources.files(__package__).joinpath("data", name).open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t")


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split("|") if f.strip()]


@dataclass
class Gazetteer:
    lang: str
    matcher: Matcher = field(default_factory=Matcher)
    function_words: dict[str, set[str]] = field(default_factory=dict)
    not_names: set[str] = field(default_factory=set)
    given_names: set[str] = field(default_factory=set)
    listed_given_names: set[str] = field(default_factory=set)  # the data files' own, without the packaged list
    org_names: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    # Nominative base form of each known-person entry (ru/uk display a declined mention in the nominative).
    known_base: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Multi-word phrases that start a boilerplate line (credits, "Read more", share bars), lower-cased.
    line_prefixes: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    # Country codes a single word names ("ukrainische" → UA), looked up once per word form.
    word_countries: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, cls: str) -> set[str]:
        return self.function_words.get(cls, set())

    def countries_of_word(self, tok: Token) -> tuple[str, ...]:
        """The countries the word alone names (a word inside a longer match, such as a trigger phrase)."""
        out = self.word_countries.get(tok.text)  # by the word as written: some forms are cased
        if out is None:
            out = tuple(sc.value[0] for sub in self.matcher.match_all([tok], "")
                        if (sc := sub.get("country")) is not None)
            self.word_countries[tok.text] = out
        return out


def _lang_ok(row_lang: str, lang: str) -> bool:
    return row_lang in ("*", lang)


def month_names(langs: Iterable[str] = LANGS) -> dict[str, int]:
    """The month number of each month name months.tsv gives in ``langs``, case-folded: its forms and its
    date-only abbreviations ("Aug", "Jun": the extractor does not take those, as "Jun" and "Mar" are names too;
    a reader that looks for a month only next to a day or a year can)."""
    wanted = set(langs)
    out: dict[str, int] = {}
    for row in _rows("months.tsv"):
        if row["lang"] in wanted or row["lang"] == "*":
            for f in _forms(row["forms"]) + _forms(row.get("date_only") or ""):
                out[f.casefold()] = int(row["month"])
    return out


@cache
def load(lang: str) -> Gazetteer:
    gz = Gazetteer(lang)
    m = gz.matcher
    # Country names come from Babel's CLDR data so that every ISO country is known
    # in every language; the curated file adds demonyms, adjectives, capitals and
    # the long official names Babel does not carry.
    _add_cldr_countries(m, lang)
    for row in _rows("countries.tsv"):
        if _lang_ok(row["lang"], lang):
            kind = row["kind"]
            for f in _forms(row["forms"]):
                # English and German capitalise demonyms; lower-case "us"/"indian" are other words.
                # A form written in lower case in the data ("рф") is meant to match lower case too.
                cased = (kind in ("name", "capital", "gov") and f[:1].isupper()) or lang == "en" or (
                    lang == "de" and kind == "demonym")
                m.add(f, lang, "country", (row["code"], kind), cased=cased)
    for row in _rows("places.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "place", (row["name"], row["country"]), cased=True)
    for row in _rows("organisations.tsv"):
        gz.org_names[row["key"]] = (row["name"], row["kind"], row["country"] or None)
    for row in _rows("organisation_forms.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                # One-word names that are also common words ("Memorial", "Amnesty") only count capitalised.
                m.add(f, lang, "org", row["key"], cased=" " not in f and f[:1].isupper())
    for row in _rows("organisation_heads.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "org_head", (row["kind"], row["name"]))
    for row in _rows("roles.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "role", row["role"])
    for row in _rows("known_persons.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "known_person", row["name"], cased=True)
                for v in _expand_braces(f):
                    toks = [t for t in _TOKEN_SPLIT.split(v) if t]
                    base = v.replace("+", "")
                    for pat in _pattern_variants(v, lang):
                        gz.known_base.setdefault(pat, base)
                    if len(toks) >= 2:
                        # the given name of a known person vouches for the whole name ("Sadyr Dschaparow")
                        gz.given_names.add(toks[0].rstrip("+").lower())
    for row in _rows("event_triggers.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "trigger", row["type"])
    for row in _rows("people_nouns.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "people", row["noun"])
    for row in _rows("numbers.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "number", int(row["value"]))
    for row in _rows("vague_quantities.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "vague", int(row["value"]))
    for row in _rows("months.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "month", int(row["month"]))
    for row in _rows("weekdays.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "weekday", int(row["weekday"]))
    for row in _rows("relative_dates.tsv"):
        if _lang_ok(row["lang"], lang):
            for f in _forms(row["forms"]):
                m.add(f, lang, "reldate", (row["relation"], int(row["days"]), row["approximate"] == "yes"))
    for row in _rows("function_words.tsv"):
        if _lang_ok(row["lang"], lang) and row["class"] == "poss_country":
            for f in _forms(row["forms"]):
                m.add(f, lang, "poss_country", None)
        if _lang_ok(row["lang"], lang) and row["class"] in ("credit", "boilerplate"):
            gz.line_prefixes.setdefault(row["class"], []).extend(
                tuple(t for t in _TOKEN_SPLIT.split(f.lower()) if t) for f in _forms(row["forms"])
            )
        if _lang_ok(row["lang"], lang):
            gz.function_words.setdefault(row["class"], set()).update(
                w.lower() for f in _forms(row["forms"]) for w in _expand_braces(f)
            )
    for row in _rows("not_names.tsv"):
        if _lang_ok(row["lang"], lang):
            gz.not_names.update(w.lower() for f in _forms(row["forms"]) for w in _expand_braces(f))
    for row in _rows("given_names.tsv"):
        gz.given_names.update(w.lower() for w in _forms(row["forms"]))
    gz.listed_given_names = set(gz.given_names)
    gz.given_names.update(packaged_given_names() - gz.not_names - set().union(*gz.function_words.values()))
    return gz


@cache
def packaged_given_names() -> frozenset[str]:
    """Given names of some 50 countries, Korean and Indian ones among them, from gender-guesser's nam_dict.txt
    (Jörg Michael's list, GFDL), lower-cased; "Jong+Su" gives "jong-su" and "jongsu". Names recorded only
    once in every country are left out: "General", "Art", "Major" are words first.

    Parsing the 4 MB list costs ~0.1 s, so the names are kept in the user's cache directory, keyed by the
    package's version and the parser's format, and read from there (~5 ms) by every later process."""
    ver = _gender_guesser_version()
    if ver is None:  # the package is optional at run time: without it, the hand lists only
        return frozenset()
    cache_file: Path | None
    try:
        cache_file = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "polon" \
            / f"given_names-{ver}-{_NAMES_FORMAT}.txt"
    except RuntimeError:  # no home directory to be found
        cache_file = None
    try:
        cached = cache_file.read_text(encoding="utf-8") if cache_file is not None else ""
        if cached.endswith(_NAMES_END):  # written whole (by rename) and by this parser
            return frozenset(cached[: -len(_NAMES_END)].split("\n"))
    except (OSError, ValueError):  # unreadable or undecodable: parse the package's list
        pass
    try:
        # bytes decoded at once: read_text's newline translation alone would cost ~60 ms
        data = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_bytes().decode("utf-8")
    except (OSError, ValueError, ModuleNotFoundError):
        return frozenset()
    out: set[str] = set()
    for m in _NAM_DICT_LINE.finditer(data):
        name = m.group(1).strip().lower()
        if len(name) < 3 or not name.replace("+", "").replace("-", "").isalpha():
            continue
        if "+" in name:
            out.update((name.replace("+", "-"), name.replace("+", "")))
        else:
            out.add(name)
    if cache_file is not None:
        _write_atomically(cache_file, "\n".join(sorted(out)) + _NAMES_END)
    return frozenset(out)


def _gender_guesser_version() -> str | None:
    """The installed gender-guesser's version, from its dist-info folder's name beside the package (a directory
    listing; importlib.metadata.version scans every distribution, ~70 ms at start-up), else from the metadata."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("gender_guesser")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        try:
            for entry in os.scandir(Path(location).parent):
                if entry.name.startswith("gender_guesser-") and entry.name.endswith(".dist-info"):
                    return entry.name[len("gender_guesser-"):-len(".dist-info")]
        except OSError:
            continue
    try:
        from importlib.metadata import version

        return version("gender-guesser")
    except Exception:  # noqa: BLE001 - any failure of the metadata lookup means: version unknown
        return None


# A line of nam_dict.txt: gender (2 columns), a space, the name (26 columns), a space, then one frequency column per
# country (55 of them); a name is kept when some country records it at least at level 2 ("2"-"9", "A"-"D").
_NAM_DICT_LINE = re.compile(r"^[^#=\r\n].{2}(.{26}).(?=[^\n]{0,55}[2-9A-D])", re.M)
_NAMES_FORMAT = "v1"  # bump when the parsing above changes: old cache files are then ignored
_NAMES_END = "\n#end\n"


def _write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, so that a reader in another process
    sees the whole file or none; an unwritable directory only means the next process parses the list again."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


# CLDR names that are everyday words or common given names in some language;
# matching them as countries would cost more precision than it buys recall.
_CLDR_SKIP = {
    ("en", "TD"), ("en", "JO"), ("en", "JE"), ("en", "IM"), ("en", "GG"), ("en", "TG"),
    ("ru", "TG"), ("uk", "TG"), ("de", "TD"), ("de", "JO"), ("de", "TG"), ("en", "NE"), ("en", "ML"),
}


def _add_cldr_countries(m: Matcher, lang: str) -> None:
    from babel import Locale

    for code, name in Locale(lang).territories.items():
        if len(code) != 2 or not code.isalpha() or (lang, code) in _CLDR_SKIP or code in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"):
            continue
        name = name.split("(")[0].strip()
        if lang in AGGLUTINATIVE:
            # Kazakh writes case and possessive suffixes on the word: "Қазақстанның", "Украинадағы".
            words = name.split()
            if len(words[-1]) >= 4:
                words[-1] += "*"
            form = " ".join(words)
        elif lang in morph.MORPH_LANGS and len(name.split()) <= 2:
            # Declining every word of long official names would explode combinatorially.
            form = " ".join(w + "+" for w in name.split())
        else:
            form = name + ("" if name.endswith(("s", "z", "x")) or lang != "de" else "{,s}")
        m.add(form, lang, "country", (code, "name"), cased=True)
