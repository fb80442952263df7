"""Tokens and sentences with exact character offsets.

Everything downstream works on token indices and converts back to character
spans through these tokens, which is what keeps every span exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words are runs of letters/digits; apostrophes and hyphens split tokens so that
# "d'affaires", "Nur-Sultan" and "інтерв'ю" tokenise the same way in the text
# and in the gazetteer forms.
_WORD = re.compile(r"[^\W\u02bc]+", re.UNICODE)  # U+02BC is the Ukrainian apostrophe

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = frozenset(
    """
    dr prof mr mrs ms st gen col lt sgt maj capt no nr vs etc e g i z b d h u a bzw ca vgl hr fr
    г гг т е д им ст ул стр см тыс млн млрд р п пл пр обл
    """.split()
)
# A single line break ends a sentence unless the next line continues in lower case
# (PDF text and subtitles wrap mid-sentence).
_TAIL = re.compile(r"\w+$")  # the word a full stop follows (searched with an end position)
_TAIL_WINDOW = 64  # characters: a longer word is neither an abbreviation, an initial nor an ordinal
_SENT_END = re.compile(r"[.!?…]+[\"»“”')\]]*\s+|\n\s*\n|\n(?![ \t]*[a-zäöüа-яёіїєґ])|\s\|\s")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    sent: int
    index: int

    @property
    def is_cap(self) -> bool:
        c = self.text[0]
        return c.isupper()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def is_digit(self) -> bool:
        return self.text.isdigit()


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    first: int  # first token index
    last: int  # one past the last token index


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        punct = m.group(0)
        if punct[0] in ".":
            # An abbreviation or an initial ("V. Putin") keeps the sentence going. Only the end of the
            # sentence so far is read: reading all of it again at every full stop would be quadratic.
            tail = _TAIL.search(text, max(pos, m.start() - _TAIL_WINDOW), m.start())
            word = tail.group(0) if tail else ""
            # abbreviations, initials ("V. Putin") and German ordinals ("am 8. März")
            if tail and (word.lower() in _ABBREV or (len(word) == 1 and word.isalpha()) or (word.isdigit() and len(word) <= 2)):
                if "\n" not in punct:
                    continue
            # "22.04.2025." style dates: a digit before the dot followed by lowercase text
            nxt = text[m.end():m.end() + 1]
            if nxt and nxt.islower() and "\n" not in punct:
                continue
        end = m.start() + len(punct.rstrip())
        if end > pos:
            bounds.append((pos, end))
        pos = m.end()
    if pos < len(text):
        bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def tokenize(text: str) -> tuple[list[Token], list[Sentence]]:
    sents = sentence_bounds(text)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for si, (s, e) in enumerate(sents):
        first = len(tokens)
        for m in _WORD.finditer(text, s, e):
            w = m.group(0)
            tokens.append(Token(m.start(), m.end(), w, w.lower().replace("ё", "е"), si, len(tokens)))
        sentences.append(Sentence(s, e, first, len(tokens)))
    return tokens, sentences


def gap(text: str, a: Token, b: Token) -> str:
    """The characters between two tokens."""
    return text[a.end:b.start]
