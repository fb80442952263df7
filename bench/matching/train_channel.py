"""Learn a Latin->Cyrillic spelling channel (an experiment, not used by polon: see README.md).

Many-to-many EM alignment (a joint chunk model, as in Jiampojamarn et al.'s m2m-aligner) of the
Wikidata Latin/Cyrillic name-token pairs in ``ru_latin_cyrillic_wikidata_train.tsv`` (Merhav &
Ash, COLING 2018; data CC0).  ONLY the *tuning* half is used (``is_query_half`` false: the
benchmark's query half is never read).  Latin chunks are 1-3 characters of the word framed by
``^`` and ``$`` (so word-final silent ``e`` is learnable), Cyrillic chunks 0-2 letters.

    python bench/matching/train_channel.py --dev --iterations 4   # how the experiment's table was made

``--dev`` holds out a tenth of the tuning half (by a second hash, ``is_dev``) and writes it
beside the table (``*.dev.tsv``) for evaluation (about 3 minutes for 4 iterations).
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from polon.names import normalise  # noqa: E402
from registry import is_query_half, wikidata_pairs  # noqa: E402

OUT = HERE / "latin_cyrillic_channel.tsv"  # not shipped: see README.md, "remaining misses"
MAXL, MAXC = 3, 2


def is_dev(cyr: str) -> bool:
    return zlib.crc32(("dev" + cyr).encode()) % 10 == 0


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=4)
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    train, held = tuning_pairs(args.dev)
    if args.limit:
        train = train[: args.limit]
    print(f"{len(train)} training pairs, {len(held)} dev pairs", file=sys.stderr)
    prob = em(train, args.iterations)
    # conditional P(cyr | latin chunk), kept if >= 1 % and the pair was used
    by_l: dict[str, float] = defaultdict(float)
    for (xa, _c), p in prob.items():
        by_l[xa] += p
    rows = []
    for (xa, c), p in prob.items():
        cond = p / by_l[xa]
        if cond >= 0.01 and p >= 2e-6:
            rows.append((xa, c or "-", p, cond))
    rows.sort(key=lambda r: (r[0], -r[2]))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Latin chunk -> Cyrillic chunk, joint probability p and P(cyrillic | latin), learned by\n")
        f.write("# bench/matching/train_channel.py (many-to-many EM alignment) from the TUNING half only\n")
        f.write("# (crc32 of the Cyrillic form even) of ru_latin_cyrillic_wikidata_train.tsv: Wikidata name\n")
        f.write("# tokens, Merhav & Ash, COLING 2018, github.com/steveash/NETransliteration-COLING2018 (CC0).\n")
        f.write("# ^ and $ mark the word's start and end; - is the empty string.\n")
        f.write("# latin\tcyrillic\tp\tcond\n")
        for xa, c, p, cond in rows:
            f.write(f"{xa}\t{c}\t{p:.3g}\t{cond:.3f}\n")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    if held:
        Path(args.out).with_suffix(".dev.tsv").write_text("".join(f"{a}\t{b}\n" for a, b in held), encoding="utf-8")


if __name__ == "__main__":
    main()
