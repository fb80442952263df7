"""Benchmark polon.matching against pg_trgm and rapidfuzz brute force.

    python bench/matching/run.py [--sizes 10000,100000,1000000] [--queries N]

Prints figures only; this is not a test.  See README.md beside this file.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from rapidfuzz.distance import Levenshtein  # noqa: E402
from review_pairs import REVIEW_FROM, pair_id, reviewed_labels  # noqa: E402

from polon.names import normalise, transliterate  # noqa: E402
from registry import (  # noqa: E402
    DataMissing,
    Pair,
    data_dir,
    is_dev,
    is_query_half,
    make_registry,
    read_pairs,
    russian_names_lists,
    wikidata_pairs,
)

TYPO_SCHEMES = ("icao_9303", "mvd_310", "german", "french", "english", "bgn_pcgn_ru", "iso_r9_1968")


@dataclass
class Query:
    kind: str  # "real"/"named" (held-out Wikidata spellings) or "typo" (generated)
    text: str
    target: str  # the record's name; any record with exactly this name counts as a hit
    # real: both Latin tokens are transliterations of their Cyrillic sides (see aligned())
    aligned: bool = True
    # real/named: every pair is a spelling by hand review (see is_spelling); None: not reviewed
    spelling: bool | None = None
    # typo: the record's words the query was made from; a record containing all of them is one
    # the query describes exactly as well as the target ("query-consistent" hit)
    source_words: tuple[str, ...] = ()


#: Schemes a Latin token is compared under when deciding whether a Wikidata pair is aligned.
ALIGN_SCHEMES = ("icao_9303", "bgn_pcgn_ru", "german", "french", "english", "iso_r9_1968", "mvd_310")
#: Below this letter similarity to every standard romanisation of its Cyrillic side, a Wikidata
#: pair is taken to be misaligned (another part of the person's name, or a translation).
ALIGN_MIN = 0.25


@cache  # asked twice per pair (aligned, is_spelling), seven romanisations each time
def alignment(latin: str, cyrillic: str) -> float:
    """Plain Levenshtein similarity of the (diacritic-folded) Latin token to the Cyrillic token
    romanised under the closest of :data:`ALIGN_SCHEMES`; no polon.matching involved."""
    lat = normalise(latin).replace(" ", "")
    return max(Levenshtein.normalized_similarity(lat, normalise(transliterate(cyrillic, s)).replace(" ", ""))
               for s in ALIGN_SCHEMES)


def aligned(latin: str, cyrillic: str) -> bool:
    """Is ``latin`` plausibly a spelling of ``cyrillic``?  Decided without polon.matching:
    plain Levenshtein similarity between the (diacritic-folded) Latin token and the Cyrillic
    token romanised under each of :data:`ALIGN_SCHEMES`, best scheme counts, threshold
    :data:`ALIGN_MIN`.  On the *tuning* half this flags 1.8 % of tokens; by inspection of a
    sample almost all are misalignments (rickenbacker/эдди, terutsugu/такахаси, naked/голый,
    maxovich/александр), a few are genuine English/French pronunciations the letters do not
    show (joyce/джойс, cage/кейдж, ayrault/эро) — so the filtered figure flatters every
    system slightly on such names.  Applied identically to all systems; both figures printed."""
    return alignment(latin, cyrillic) >= ALIGN_MIN


def is_spelling(latin: str, cyrillic: str) -> bool | None:
    """Is the pair a spelling, by hand review (``reviewed_pairs.tsv``, see ``review_pairs.py``)?
    A pair at :data:`REVIEW_FROM` or above is taken to be one unreviewed (shuffled pairs of the
    tuning half reach it 0.75 % of the time, against 19 % for :data:`ALIGN_MIN`); below it, the
    reviewers' label decides (only "S" is a spelling; a cognate such as John / Иоанн is not).
    ``None`` for a pair below it that nobody reviewed (the review covers the query half)."""
    if alignment(latin, cyrillic) >= REVIEW_FROM:
        return True
    label = reviewed_labels().get(pair_id(latin, cyrillic))
    return None if label is None else label == "S"


def all_spellings(verdicts: list[bool | None]) -> bool | None:
    """A query is made of spellings if every pair is one; unknown if any pair was not reviewed."""
    if False in verdicts:
        return False
    return None if None in verdicts else True


def held_out(cyrillic: str, pairs: str) -> bool:
    """Is a Wikidata pair among those queries are made from?  ``query``: the query half (nothing in
    polon was tuned on it); ``dev``: the tenth of the tuning half that the learned channel
    (``train_channel.py --dev``) was not trained on, for choosing settings without reading the
    query half."""
    if pairs == "dev":
        return not is_query_half(cyrillic) and is_dev(cyrillic)
    return is_query_half(cyrillic)


@cache
def held_out_pairs(pairs: str) -> tuple[Pair, ...]:
    """The pairs real and named queries are made from: ``query`` or ``dev`` (see
    :func:`held_out`), or else the path of a pairs file, all of which is used -- such as the
    paper's test split ``wd_russian_20``, which is not in ``../shared`` so that the project can
    be checked on names it has never seen."""
    if pairs in ("query", "dev"):
        return tuple(p for p in wikidata_pairs() if held_out(p.cyrillic, pairs))
    return read_pairs(Path(pairs))


def real_queries(n: int, rnd: random.Random, pairs: str = "query") -> list[tuple[Query, str]]:
    """Two held-out Wikidata tokens per query: the Latin side is the query, the Cyrillic side
    (plus, half the time, a patronymic) is the record's name."""
    pool = [p for p in held_out_pairs(pairs) if len(p.cyrillic) >= 2]
    patr = russian_names_lists()["m_patr"]
    out = []
    for _ in range(n):
        a, b = rnd.sample(pool, 2)
        words = [a.cyrillic.capitalize(), b.cyrillic.capitalize()]
        if rnd.random() < 0.5:
            words.insert(1, rnd.choice(patr))
        name = " ".join(words)
        ok = aligned(a.latin, a.cyrillic) and aligned(b.latin, b.cyrillic)
        spelling = all_spellings([is_spelling(a.latin, a.cyrillic), is_spelling(b.latin, b.cyrillic)])
        out.append((Query("real", f"{a.latin.capitalize()} {b.latin.capitalize()}", name, aligned=ok,
                          spelling=spelling), name))
    return out


def _typo(word: str, rnd: random.Random) -> str:
    kind = rnd.random()
    if len(word) > 6 and kind < 0.3:
        return word[: -rnd.randint(2, 3)]  # suffix lost
    if len(word) > 3:
        i = rnd.randrange(1, len(word))
        if kind < 0.65:
            return word[:i] + word[i + 1:]  # letter dropped
        return word[:i] + rnd.choice("aeioukrstnlmv") + word[i + 1:]  # letter changed
    return word


def typo_queries(registry: list[tuple[str, str, str | None]], n: int, rnd: random.Random) -> list[Query]:
    out = []
    for _ in range(n):
        _key, name, _date = rnd.choice(registry)
        latin = transliterate(name, rnd.choice(TYPO_SCHEMES)).split()
        source = name.split()
        if len(latin) == 3 and rnd.random() < 0.7:
            gone = 1 if rnd.random() < 0.5 else 2
            latin.pop(gone)  # patronymic (or a name) missing
            if len(source) == 3:
                source.pop(gone)
        j = rnd.randrange(len(latin))
        latin[j] = _typo(latin[j], rnd)
        if rnd.random() < 0.3:
            latin.reverse()
        out.append(Query("typo", " ".join(latin), name, source_words=tuple(source)))
    return out


PATRONYMIC_ENDINGS = ("вич", "вна", "чна", "ьич", "ич")


@cache
def _held_out_spellings(pairs: str) -> dict[str, tuple[Pair, ...]]:
    out: dict[str, list[Pair]] = {}
    for p in held_out_pairs(pairs):
        out.setdefault(p.cyrillic, []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def named_queries(registry: list[tuple[str, str, str | None]], n: int, rnd: random.Random,
                  pairs: str = "query") -> list[Query]:
    """Real spellings of registry names: a person each of whose words (a patronymic may be left
    out, as foreign press does) has held-out Wikidata Latin spellings; each word takes one of
    its held-out spellings, as often as Wikidata uses it (weighted by the pair's count: the
    common names have hundreds of rare "spellings" that are other people's names).  This is
    polon's own case -- Russian and Central Asian names as the world's press writes them --
    where ``real`` pairs arbitrary Wikidata tokens."""
    spell = _held_out_spellings(pairs)
    order = list(range(len(registry)))
    rnd.shuffle(order)
    out = []
    for i in order:
        name = registry[i][1]
        words = name.split()
        latin, source, ok, verdicts = [], [], True, []
        for w in words:
            pairs = spell.get(w.lower())
            if pairs:
                p = rnd.choices(pairs, weights=[x.count for x in pairs])[0]
                latin.append(p.latin.capitalize())
                source.append(w)
                ok = ok and aligned(p.latin, p.cyrillic)
                verdicts.append(is_spelling(p.latin, p.cyrillic))
            elif len(words) == 3 and w.endswith(PATRONYMIC_ENDINGS):
                continue  # a patronymic without a held-out spelling is left out
            else:
                break
        else:
            if not latin:  # every word a patronymic without a spelling (the registry has a few)
                continue
            out.append(Query("named", " ".join(latin), name, aligned=ok, spelling=all_spellings(verdicts),
                             source_words=tuple(source)))
            if len(out) == n:
                break
    return out


def build_workload(size: int, nq: int, seed: int, pairs: str = "query"):
    rnd = random.Random(seed)
    real = real_queries(nq, rnd, pairs)
    registry = make_registry(size - len(real), seed=seed)
    registry += [(f"q{i}", name, None) for i, (_, name) in enumerate(real)]
    queries = [q for q, _ in real] + named_queries(registry, nq // 2, rnd, pairs) + typo_queries(registry, nq // 2, rnd)
    # warm-up queries: separate, never measured (a serving index is warm: caches built on
    # first use -- joined key buckets, person sets of common words, the server's buffers)
    warm = typo_queries(registry, WARMUP, random.Random(seed + 7))
    return registry, queries, warm


def latin_key(name: str) -> str:
    """What a Django team would store for pg_trgm / rapidfuzz: the ICAO (passport) spelling."""
    return normalise(transliterate(name, "icao_9303"))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- systems -------------------------------------------------------------------------------

def run_polon(registry, queries, warm):
    from polon.matching import NameIndex

    base = peak_rss_mb()
    t = time.perf_counter()
    ix = NameIndex()
    for key, name, date in registry:
        ix.add(key, [name], date)
    # What a serving process does after loading millions of long-lived objects: without it a
    # full garbage collection now and then walks them all in the middle of a query.
    gc.collect()
    gc.freeze()
    build = time.perf_counter() - t
    names = {key: name for key, name, _ in registry}
    results = []
    for q in warm:
        ix.search(q.text, limit=10)
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        res = ix.search(q.text, limit=10)
        results.append((time.perf_counter() - t, [names[m.key] for m in res], time.thread_time() - c))
    return build, peak_rss_mb(), base, results


def run_pg(registry, queries, warm):
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgresql://polon:polon@127.0.0.1:5432/polon")
    try:
        conn = psycopg.connect(url, connect_timeout=5, autocommit=True)
    except Exception as e:  # noqa: BLE001 - any failure means "peer unavailable"
        raise RuntimeError(f"PostgreSQL unreachable at {url}: {e}") from e
    with conn:
        cur = conn.cursor()
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cur.execute("DROP TABLE IF EXISTS bench_matching_person")
        cur.execute("CREATE UNLOGGED TABLE bench_matching_person (key text, name text, latin text)")
        t = time.perf_counter()
        with cur.copy("COPY bench_matching_person (key, name, latin) FROM STDIN") as cp:
            for key, name, _ in registry:
                cp.write_row((key, name, latin_key(name)))
        cur.execute("CREATE INDEX ON bench_matching_person USING gin (latin gin_trgm_ops)")
        cur.execute("ANALYZE bench_matching_person")
        build = time.perf_counter() - t
        results = []
        for q in warm:
            cur.execute("SELECT count(*) FROM bench_matching_person WHERE latin %% lower(unaccent(%s))", (q.text,))
            cur.fetchall()
        for q in queries:
            t = time.perf_counter()
            cur.execute(
                "SELECT name FROM bench_matching_person WHERE latin %% lower(unaccent(%s)) "
                "ORDER BY similarity(latin, lower(unaccent(%s))) DESC LIMIT 10", (q.text, q.text))
            rows = [r[0] for r in cur.fetchall()]
            results.append((time.perf_counter() - t, rows, None))  # CPU is spent in the server
        cur.execute("DROP TABLE bench_matching_person")
    return build, None, None, results


def run_rapidfuzz(registry, queries, warm):
    from rapidfuzz import fuzz, process, utils

    base = peak_rss_mb()
    t = time.perf_counter()
    keys = [latin_key(name) for _, name, _ in registry]
    build = time.perf_counter() - t
    results = []
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        res = process.extract(normalise(q.text), keys, scorer=fuzz.token_sort_ratio, limit=10,
                              processor=utils.default_process)
        results.append((time.perf_counter() - t, [registry[i][1] for _, _, i in res], time.thread_time() - c))
    return build, peak_rss_mb(), base, results


#: Separate generated queries run once, untimed, before measuring (see build_workload).
WARMUP = 200

#: "polon-pure" is polon with its compiled modules switched off (POLON_PURE_PYTHON, see
#: src/polon/_native.py): the same code interpreted, to show what the mypyc build gives.
SYSTEMS = {"polon": run_polon, "polon-pure": run_polon, "pg_trgm": run_pg, "rapidfuzz": run_rapidfuzz}


def _child(system: str, size: int, nq: int, seed: int, rf_queries: int, pairs: str, out: mp.Queue) -> None:
    try:
        registry, queries, warm = build_workload(size, nq, seed, pairs)
        if system == "rapidfuzz":
            rnd = random.Random(seed + 1)
            queries = rnd.sample(queries, min(rf_queries, len(queries)))
        if system == "polon-pure":
            from polon._native import COMPILED_STATUS, status
            assert status() != COMPILED_STATUS, "polon-pure must run interpreted"
        load0 = os.getloadavg()[0]
        build, peak, base, results = SYSTEMS[system](registry, queries, warm)
        summary = summarise(queries, build, peak, base, results)
        summary["load"] = (load0, os.getloadavg()[0])
        out.put(("ok", summary))
    except Exception as e:  # noqa: BLE001 - report and let the other systems run
        out.put(("skip", f"{type(e).__name__}: {e}"))


def _p(lat: list[float], q: float) -> float:
    lat = sorted(lat)
    return 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]


def _contains(name: str, words: tuple[str, ...]) -> bool:
    have = name.split()
    for w in words:
        if w not in have:
            return False
        have.remove(w)
    return True


def summarise(queries, build, peak, base, results) -> dict:
    """Rows: ``real`` (all held-out pairs), ``real*`` (only aligned pairs, see :func:`aligned`),
    ``real✓`` (only pairs that are spellings by hand review, see :func:`is_spelling`; printed
    only where every query's pairs were reviewed), the same three for ``named`` plus
    ``named~``, ``typo`` (strict: the target's exact name) and ``typo~`` (query-consistent: a
    returned record containing every word the query was made from counts, since a query that
    lost the surname cannot tell the Andrei Gennadievichs apart).  p50/p95 are wall-clock;
    cpu95 is the thread's CPU time (less sensitive to other jobs on the machine; not available
    for the server peer)."""
    rows = {}
    for kind in ("real", "real*", "real✓", "named", "named*", "named✓", "named~", "typo", "typo~"):
        base_kind = kind.rstrip("*~✓")
        if kind.endswith("✓") and any(q.spelling is None for q in queries if q.kind == base_kind):
            continue
        pairs = [(q, r) for q, r in zip(queries, results, strict=True)
                 if q.kind == base_kind and (not kind.endswith("*") or q.aligned)
                 and (not kind.endswith("✓") or q.spelling)]
        if not pairs:
            continue
        lat = [r[0] for _, r in pairs]
        cpu = [r[2] for _, r in pairs if r[2] is not None]
        if kind.endswith("~"):
            def hit(q, names, k):
                return any(_contains(n, q.source_words) for n in names[:k])
        else:
            def hit(q, names, k):
                return q.target in names[:k]
        rows[kind] = {
            "n": len(pairs),
            "p50_ms": 1000 * statistics.median(lat),
            "p95_ms": _p(lat, 0.95),
            "cpu95_ms": _p(cpu, 0.95) if cpu else None,
            "r1": sum(1 for q, r in pairs if hit(q, r[1], 1)) / len(pairs),
            "r10": sum(1 for q, r in pairs if hit(q, r[1], 10)) / len(pairs),
        }
    return {"build_s": build, "peak_mb": peak, "base_mb": base, "rows": rows}


#: The system the others are compared with, and the kinds of query the ratios are printed for.
REFERENCE = "polon"
RATIO_KINDS = ("real", "real*", "real✓", "named", "typo")


def ratio_lines(results: dict[str, dict], reference: str = REFERENCE) -> list[str]:
    """Side by side, for each other system of the run: how many times lower the reference's p95
    is, and how many times its recall@10.  Rows with another number of queries (rapidfuzz runs a
    subset) say so."""
    ref = results.get(reference)
    if ref is None:
        return []
    lines = []
    for system, other in results.items():
        if system == reference:
            continue
        parts = []
        for kind in RATIO_KINDS:
            a, b = ref["rows"].get(kind), other["rows"].get(kind)
            if not a or not b:
                continue
            speed = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("inf")
            recall = f"{a['r10'] / b['r10']:.2f}x" if b["r10"] else "inf"
            subset = f" (n {a['n']} vs {b['n']})" if a["n"] != b["n"] else ""
            pace = f"{speed:.1f}x faster" if speed >= 1 else f"{1 / speed:.1f}x slower"
            parts.append(f"{kind} p95 {b['p95_ms']:.1f}/{a['p95_ms']:.1f} ms = {pace}, "
                         f"R@10 {a['r10']:.3f}/{b['r10']:.3f} = {recall}{subset}")
        if parts:
            lines.append(f"{reference} vs {system}: " + "; ".join(parts))
    return lines


def machine_speed_us() -> float:
    """A fixed pure-Python workload, in microseconds: milliseconds targets are met or missed on
    a particular machine, and this says how fast the one in a run was."""
    import timeit
    return min(timeit.repeat("sum(r)", setup="r = range(1000)", number=2000, repeat=7)) / 2000 * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=600, help="real-spelling queries (typo queries: half as many)")
    ap.add_argument("--rapidfuzz-queries", type=int, default=150,
                    help="brute force is slow: it runs on a random subset of this many queries")
    ap.add_argument("--systems", default="polon,polon-pure,pg_trgm,rapidfuzz")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--pairs", choices=("query", "dev"), default="query",
                    help="Wikidata pairs the real and named queries come from (see held_out)")
    ap.add_argument("--pairs-file", type=Path, metavar="PATH",
                    help="make the real and named queries from all pairs in this file instead, in the "
                         "format of ru_latin_cyrillic_wikidata_train.tsv (e.g. the paper's test split, "
                         "data/wd_russian_20 of NETransliteration-COLING2018)")
    args = ap.parse_args()
    try:
        data_dir()
        if args.pairs_file is not None:
            args.pairs = str(args.pairs_file.resolve())
            held_out_pairs(args.pairs)
    except (DataMissing, OSError, ValueError) as e:
        sys.exit(f"error: {e}")
    sizes = [int(s) for s in args.sizes.split(",")]
    systems = args.systems.split(",")
    print(f"polon.matching benchmark: {args.queries} real-spelling + {args.queries // 2} typo queries; "
          f"recall counts a hit when a returned record has exactly the target's name", flush=True)
    source = args.pairs if args.pairs_file is not None else f"the {args.pairs} pairs (see held_out)"
    print(f"real and named queries from {source}: {len(held_out_pairs(args.pairs)):,} pairs", flush=True)
    print(f"machine speed: {machine_speed_us():.2f} us for sum(range(1000)) (best of 7; compare runs on "
          f"different machines by it), load {os.getloadavg()[0]:.1f}", flush=True)
    from polon._native import status as native_status

    print(f"polon.names / polon.matching: {native_status()}", flush=True)
    for size in sizes:
        print(f"\n== {size:,} persons ==", flush=True)
        print(f"{'system':10} {'build s':>8} {'peak MB':>8} {'queries':>8} {'kind':>5} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'cpu95':>7} {'R@1':>6} {'R@10':>6}  load", flush=True)
        results: dict[str, dict] = {}
        for system in systems:
            # a fresh interpreter for polon-pure: this one has imported the compiled modules
            ctx = mp.get_context("spawn" if system == "polon-pure" else "fork")
            q: mp.Queue = ctx.Queue()
            p = ctx.Process(target=_child, args=(system, size, args.queries, args.seed, args.rapidfuzz_queries,
                                                      args.pairs, q))
            if system == "polon-pure":
                os.environ["POLON_PURE_PYTHON"] = "1"  # read by the spawned interpreter as it starts
            p.start()
            os.environ.pop("POLON_PURE_PYTHON", None)
            status, payload = q.get()
            p.join()
            if status != "ok":
                print(f"{system:10} skipped: {payload}", flush=True)
                continue
            results[system] = payload
            peak = f"{payload['peak_mb']:.0f}" if payload["peak_mb"] else "server"
            load = "{:.1f}->{:.1f}".format(*payload["load"])
            for kind, row in payload["rows"].items():
                cpu = f"{row['cpu95_ms']:7.2f}" if row["cpu95_ms"] is not None else f"{'-':>7}"
                print(f"{system:10} {payload['build_s']:8.1f} {peak:>8} {row['n']:8d} {kind:>5} "
                      f"{row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {cpu} {row['r1']:6.3f} {row['r10']:6.3f}  {load}",
                      flush=True)
        for line in ratio_lines(results):
            print(line, flush=True)


if __name__ == "__main__":
    main()
