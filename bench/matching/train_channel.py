"""Learn polon's Latin->Cyrillic spelling channel (``src/polon/matching/data/latin_cyrillic_channel.tsv``).

A joint-sequence (graphone) bigram model, as in Bisani & Ney 2008: (1) many-to-many EM alignment
of the Wikidata Latin/Cyrillic name-token pairs in ``ru_latin_cyrillic_wikidata_train.tsv``
(Merhav & Ash, COLING 2018; data CC0) with a joint chunk model (Jiampojamarn et al.'s
m2m-aligner): Latin chunks of 1-3 characters of the word framed by ``^`` and ``$`` (so a
word-final silent ``e`` is learnable), Cyrillic chunks of 0-2 letters; (2) the Viterbi
alignment of each pair under it; (3) counts of graphones and graphone bigrams, pruned to those
seen twice.  ``polon.matching.channel`` decodes with Witten-Bell smoothing.

ONLY the *tuning* half is read (``is_query_half`` false: the benchmark's query half is never
read), and with ``--dev`` (how the shipped table was made) less its *dev* tenth (a second hash,
``is_dev``), which ``run.py --pairs dev`` queries to choose settings:

    python bench/matching/train_channel.py --dev     # about 12 minutes on a 2-core machine
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from polon.names import normalise  # noqa: E402
from registry import is_dev, is_query_half, wikidata_pairs  # noqa: E402

OUT = HERE.parents[1] / "src" / "polon" / "matching" / "data" / "latin_cyrillic_channel.tsv"
MAXL, MAXC = 3, 2


def latin_form(lat: str) -> str:
    return normalise(lat, diacritics=True).replace(" ", "")


def tuning_pairs(dev: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    train, held = [], []
    seen = set()
    for p in wikidata_pairs():
        if is_query_half(p.cyrillic):  # the benchmark's query half: never read
            continue
        lat = latin_form(p.latin)
        if not lat or not lat.isalpha() or not p.cyrillic.isalpha() or (lat, p.cyrillic) in seen:
            continue
        seen.add((lat, p.cyrillic))
        (held if dev and is_dev(p.cyrillic) else train).append((lat, p.cyrillic))
    return train, held


def em(pairs: list[tuple[str, str]], iterations: int) -> dict[tuple[str, str], float]:
    prob: dict[tuple[str, str], float] = defaultdict(lambda: 1e-3)
    for it in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        total_ll = 0.0
        for lat, cyr in pairs:
            x = "^" + lat + "$"
            n, m = len(x), len(cyr)
            if n > 24 or m > 22:
                continue
            alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
            alpha[0][0] = 1.0
            for i in range(1, n + 1):
                for j in range(m + 1):
                    s = 0.0
                    for a in range(1, min(MAXL, i) + 1):
                        xa = x[i - a:i]
                        row = alpha[i - a]
                        for b in range(0, min(MAXC, j) + 1):
                            v = row[j - b]
                            if v:
                                s += v * prob[(xa, cyr[j - b:j])]
                    alpha[i][j] = s
            z = alpha[n][m]
            if z <= 0:
                continue
            total_ll += math.log(z)
            beta = [[0.0] * (m + 1) for _ in range(n + 1)]
            beta[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                for j in range(m, -1, -1):
                    s = 0.0
                    ai = alpha[i][j]
                    for a in range(1, min(MAXL, n - i) + 1):
                        xa = x[i:i + a]
                        row = beta[i + a]
                        for b in range(0, min(MAXC, m - j) + 1):
                            v = row[j + b]
                            if v:
                                key = (xa, cyr[j:j + b])
                                t = prob[key] * v
                                s += t
                                if ai:
                                    counts[key] += ai * t / z
                    beta[i][j] = s
        tot = sum(counts.values())
        prob = defaultdict(lambda: 1e-9, {k: v / tot for k, v in counts.items() if v / tot > 1e-7})
        print(f"iteration {it + 1}: log-likelihood {total_ll:.0f}, {len(prob)} chunk pairs", file=sys.stderr)
    return dict(prob)


def viterbi(lat: str, cyr: str, prob: dict[tuple[str, str], float]) -> list[tuple[str, str]] | None:
    """The most probable segmentation of one pair into chunk pairs (graphones) under ``prob``."""
    x = "^" + lat + "$"
    n, m = len(x), len(cyr)
    best: list[list[tuple[float, tuple[int, int, str, str]] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, (0, 0, "", ""))
    for i in range(1, n + 1):
        for j in range(m + 1):
            top = None
            for a in range(1, min(MAXL, i) + 1):
                xa = x[i - a:i]
                for b in range(0, min(MAXC, j) + 1):
                    prev = best[i - a][j - b]
                    p = prob.get((xa, cyr[j - b:j]))
                    if prev is None or not p:
                        continue
                    s = prev[0] + math.log(p)
                    if top is None or s > top[0]:
                        top = (s, (i - a, j - b, xa, cyr[j - b:j]))
            best[i][j] = top
    if best[n][m] is None:
        return None
    out = []
    i, j = n, m
    while i > 0:
        _s, (pi, pj, xa, c) = best[i][j]
        out.append((xa, c))
        i, j = pi, pj
    return out[::-1]


def graphone_counts(pairs: list[tuple[str, str]], prob: dict[tuple[str, str], float]):
    """Unigram and bigram counts of the graphone sequences of the Viterbi alignments."""
    uni: dict[tuple[str, str], int] = defaultdict(int)
    bi: dict[tuple[tuple[str, str], tuple[str, str]], int] = defaultdict(int)
    start = ("", "")
    for lat, cyr in pairs:
        seq = viterbi(lat, cyr, prob)
        if not seq:
            continue
        prev = start
        for g in seq:
            uni[g] += 1
            bi[(prev, g)] += 1
            prev = g
    return uni, bi


def _g(g: tuple[str, str]) -> str:
    return f"{g[0]}\t{g[1] or '-'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=4)
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--min-unigram", type=int, default=2, help="graphones seen fewer times are dropped")
    ap.add_argument("--min-bigram", type=int, default=2, help="graphone pairs seen fewer times are dropped")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    train, held = tuning_pairs(args.dev)
    if args.limit:
        train = train[: args.limit]
    print(f"{len(train)} training pairs, {len(held)} dev pairs", file=sys.stderr)
    prob = em(train, args.iterations)
    uni, bi = graphone_counts(train, prob)
    uni = {g: c for g, c in uni.items() if c >= args.min_unigram}
    # Witten-Bell needs each history's full count and number of distinct followers, also of
    # the pairs pruned below: they are written per history, before pruning.
    hist_count: dict[tuple[str, str], int] = defaultdict(int)
    hist_types: dict[tuple[str, str], int] = defaultdict(int)
    for (h, _g2), c in bi.items():
        hist_count[h] += c
        hist_types[h] += 1
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Latin->Cyrillic spelling channel for name tokens: a joint-sequence (graphone) bigram model.\n")
        f.write("# Learned by bench/matching/train_channel.py (many-to-many EM alignment, then counts of the\n")
        f.write("# Viterbi alignments) from the TUNING half only (crc32 of the Cyrillic form even)"
                + (", less its dev tenth," if args.dev else "") + " of\n")
        f.write("# ru_latin_cyrillic_wikidata_train.tsv: Wikidata name tokens, Merhav & Ash, COLING 2018,\n")
        f.write("# github.com/steveash/NETransliteration-COLING2018 (data CC0, scripts MIT).\n")
        f.write("# ^ and $ mark the word's start and end; - is the empty string; the empty history is the start.\n")
        f.write("# U latin cyrillic count                      (graphone unigram counts)\n")
        f.write("# H latin cyrillic count types                (history totals, for Witten-Bell smoothing)\n")
        f.write("# B latin cyrillic latin cyrillic count       (history graphone, then next graphone)\n")
        for g, c in sorted(uni.items()):
            f.write(f"U\t{_g(g)}\t{c}\n")
        for h in sorted(hist_count):
            if h == ("", "") or h in uni:
                f.write(f"H\t{h[0] or '-'}\t{h[1] or '-'}\t{hist_count[h]}\t{hist_types[h]}\n")
        for (h, g2), c in sorted(bi.items()):
            if c >= args.min_bigram and g2 in uni and (h == ("", "") or h in uni):
                f.write(f"B\t{h[0] or '-'}\t{h[1] or '-'}\t{_g(g2)}\t{c}\n")
    print(f"wrote {len(uni)} graphones to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
