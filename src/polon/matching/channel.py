"""A learned Latin -> Cyrillic spelling channel for name tokens (the readings rules miss).

The hand-written rules of :mod:`polon.matching.phonetic` read a Latin spelling letter by letter,
so the spellings of other languages' pronunciations escape them: English ``Whiteside`` /
Уайтсайд, French ``Renault`` / Рено, Japanese ``Horinouchi`` / Хориноути.  This module decodes a
Latin word into its most probable Cyrillic spellings under a *joint-sequence model* (Bisani &
Ney 2008): a word pair is a sequence of graphones (a Latin chunk of 1-3 letters with ``^``/``$``
word marks, and the 0-2 Cyrillic letters it is written as), scored by a graphone bigram model
with Witten-Bell smoothing, so the choice for ``ch`` depends on the chunk before it.

The model is data (``data/latin_cyrillic_channel.tsv``), learned by
``bench/matching/train_channel.py`` from Wikidata name pairs.  Written here because no
maintained Python library decodes a joint-sequence model without a native toolchain
(Sequitur G2P needs SWIG and C++; Phonetisaurus needs OpenFst) and the decoder is short.
With the native build the same search runs in C (``_kernels.decode_spellings``, about ten
times faster: it was the largest single cost of preparing a Latin query word).
"""

from __future__ import annotations

import heapq
import math
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter

Graphone = tuple[str, str]
_START: Graphone = ("", "")
_NOTHING: dict[Graphone, float] = {}
#: Hypotheses kept per Latin position while decoding.
BEAM = 4
#: Spellings considered per Latin chunk, and the least P(cyrillic | latin) for one to be.
OPTIONS = 6
OPTION_MIN = 0.02
#: Log-probability cost of leaving a Latin letter the model has no chunk for unwritten.
_UNKNOWN_LETTER = math.log(1e-4)


class _Model:
    """The graphone bigram model with its log-probabilities precomputed for decoding."""

    __slots__ = ("options", "seen", "alpha", "uni")

    def __init__(self, text: str) -> None:
        uni: dict[Graphone, int] = {}
        hist: dict[Graphone, tuple[int, int]] = {}
        bi: dict[Graphone, dict[Graphone, int]] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            if f[0] == "U":
                uni[(f[1], _empty(f[2]))] = int(f[3])
            elif f[0] == "H":
                hist[(_empty(f[1]), _empty(f[2]))] = (int(f[3]), int(f[4]))
            elif f[0] == "B":
                bi.setdefault((_empty(f[1]), _empty(f[2])), {})[(f[3], _empty(f[4]))] = int(f[5])
        total = sum(uni.values())
        pu = {g: c / total for g, c in uni.items()}
        self.uni = {g: math.log(p) for g, p in pu.items()}
        # Per Latin chunk, its likeliest spellings only (P(cyrillic | latin) >= OPTION_MIN, at
        # most OPTIONS): the rest cost decoding time and almost never win.
        by_chunk: dict[str, list[Graphone]] = {}
        for g in uni:
            by_chunk.setdefault(g[0], []).append(g)
        self.options = {}
        for chunk, gs in by_chunk.items():
            if chunk in ("^", "$"):  # the word marks alone spell nothing (letters there are misalignments)
                gs = [g for g in gs if not g[1]]
            gs.sort(key=lambda g: -uni[g])
            tot = sum(uni[g] for g in gs)
            self.options[chunk] = tuple(g for g in gs[:OPTIONS] if uni[g] / tot >= OPTION_MIN)
        # Witten-Bell: P(g | h) = (c(h, g) + T(h) P(g)) / (c(h) + T(h)); for a g never seen after h
        # that is alpha(h) P(g), so log P = alpha[h] + uni[g] and only seen pairs are stored.
        self.seen: dict[Graphone, dict[Graphone, float]] = {}
        self.alpha: dict[Graphone, float] = {}
        for h, (c, t) in hist.items():
            norm = 1.0 / (c + t)
            self.alpha[h] = math.log(t * norm)
            self.seen[h] = {g: math.log((n + t * pu[g]) * norm) for g, n in bi.get(h, {}).items()}


def _empty(s: str) -> str:
    return "" if s == "-" else s


@cache
def _model() -> _Model:
    text = resources.files("polon.matching").joinpath("data").joinpath("latin_cyrillic_channel.tsv").read_text("utf-8")
    return _Model(text)


try:  # built by tools/build_native.py with the mypyc modules (see polon/_native.py)
    from polon.matching._kernels import ChannelTables, decode_spellings
except ImportError:
    ChannelTables = decode_spellings = None


@cache
def _tables() -> object:
    """The model as the compiled decoder takes it: graphones numbered (0 is the word start)."""
    model = _model()
    number: dict[Graphone, int] = {_START: 0}
    for g in [*model.uni, *model.alpha, *(g for after in model.seen.values() for g in after)]:
        number.setdefault(g, len(number))
    graphones = list(number)
    bigrams = {(number[h], number[g]): lp for h, after in model.seen.items() for g, lp in after.items()}
    options = {chunk: tuple(number[g] for g in gs) for chunk, gs in model.options.items() if gs}
    return ChannelTables([g[1] for g in graphones], [model.uni.get(g, 0.0) for g in graphones],
                         [model.alpha.get(g, 0.0) for g in graphones], bigrams, options, BEAM,
                         _UNKNOWN_LETTER)


@lru_cache(maxsize=65536)
def cyrillic_spellings(latin: str, k: int = 3) -> tuple[tuple[str, float], ...]:
    """The ``k`` most probable Cyrillic spellings of a lower-case Latin word (diacritics kept),
    each with its log-probability relative to the best (0 for the best, negative after).

    A beam search over the word's segmentations into the model's Latin chunks."""
    if decode_spellings is not None:
        return decode_spellings(_tables(), latin, k)
    return python_cyrillic_spellings(latin, k)


def python_cyrillic_spellings(latin: str, k: int = 3) -> tuple[tuple[str, float], ...]:
    """:func:`cyrillic_spellings` in Python: the definition of the compiled decoder."""
    model = _model()
    options, seen_after, alpha_of, uni = model.options, model.seen, model.alpha, model.uni
    x = "^" + latin + "$"
    n = len(x)
    # beams[i]: hypotheses that have read x[:i], as (spelling so far, last graphone) -> log P
    beams: list[dict[tuple[str, Graphone], float]] = [{} for _ in range(n + 1)]
    beams[0][("", _START)] = 0.0
    for i in range(n):
        hyps = beams[i]
        if not hyps:
            continue
        items = heapq.nlargest(BEAM, hyps.items(), key=itemgetter(1)) if len(hyps) > BEAM else hyps.items()
        extended = False
        for a in (1, 2, 3):
            if i + a > n:
                break
            opts = options.get(x[i:i + a])
            if not opts:
                continue
            extended = True
            nxt = beams[i + a]
            for (out, h), lp in items:
                # log P(g | h), inlined (the decoder's inner loop): a pair seen in training, else
                # alpha(h) + log P(g); a history never seen backs off to the unigram alone
                seen = seen_after.get(h, _NOTHING)
                base = lp + alpha_of.get(h, 0.0)
                for g in opts:
                    glp = seen.get(g)
                    s = lp + glp if glp is not None else base + uni[g]
                    key = (out + g[1], g)
                    if s > nxt.get(key, -1e9):
                        nxt[key] = s
        if not extended:  # a letter the model never saw: skip it, at a cost
            nxt = beams[i + 1]
            for key, lp in items:
                s = lp + _UNKNOWN_LETTER
                if s > nxt.get(key, -1e9):
                    nxt[key] = s
    best: dict[str, float] = {}
    for (out, _g), lp in beams[n].items():
        if lp > best.get(out, -1e9):
            best[out] = lp
    top = heapq.nlargest(k, best.items(), key=itemgetter(1))
    if not top:
        return ()
    return tuple((out, lp - top[0][1]) for out, lp in top if out)
