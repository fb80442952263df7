"""Personal names in Cyrillic and Latin script: script detection, normalisation, structure
(given name / patronymic / surname) and transliteration under the schemes used in real
documents.  Pure Python; see README.md in this directory."""

from polon._native import search_path

__path__[:0] = search_path(__name__)  # compiled modules first, if built from these sources

from polon.names.errors import NameInputError
from polon.names.normalise import MAX_NAME_LENGTH, clean, fix_lookalikes, fold_diacritics, normalise, words
from polon.names.parse import (
    NameParts,
    Order,
    is_patronymic_particle,
    looks_like_surname,
    parse_name,
    patronymic_gender,
    patronymic_particles,
    split_turkic_patronymic,
    surname_forms,
    surname_gender,
)
from polon.names.script import Script, detect_script
from polon.names.translit import (
    SCHEMES,
    Scheme,
    UnknownSchemeError,
    cyrillic_candidates,
    latin_spellings,
    romanise,
    transliterate,
)

__all__ = [
    "MAX_NAME_LENGTH",
    "NameInputError",
    "NameParts",
    "Order",
    "SCHEMES",
    "Scheme",
    "Script",
    "UnknownSchemeError",
    "clean",
    "cyrillic_candidates",
    "detect_script",
    "fix_lookalikes",
    "fold_diacritics",
    "is_patronymic_particle",
    "latin_spellings",
    "looks_like_surname",
    "normalise",
    "parse_name",
    "romanise",
    "patronymic_gender",
    "patronymic_particles",
    "split_turkic_patronymic",
    "surname_forms",
    "surname_gender",
    "transliterate",
    "words",
]
