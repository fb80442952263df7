"""Hand review of the Wikidata pairs whose letters do not show they are spellings.

    python bench/matching/review_pairs.py export OUT.tsv     # the query-half pairs to review
    python bench/matching/review_pairs.py import LABELS.tsv  # their labels -> reviewed_pairs.tsv
    python bench/matching/review_pairs.py show               # the labelled pairs, read back
    ... [--pairs-file PATH]   # the same for another pairs file (run.py --pairs-file)

About 3 % of the Wikidata name-token pairs are not spellings: a translation (Sapiens / Мудрый),
another part of the person's name (Yoritsugu / Арима) or another name.  No matcher can find
those, and letter similarity cannot tell them from the pronunciation spellings that must be
found (Joyce / Джойс).  So every query-half pair below :data:`REVIEW_FROM` similarity to all
standard romanisations of its Cyrillic side (``run.alignment``) was labelled by reviewers who
saw only the two tokens, never a system's results (language-model helper agents, one rubric,
a second review of a sample; README.md gives the agreement): ``S`` spelling, ``C`` cognate or
exonym (John / Иоанн), ``N`` not a spelling.  ``run.py`` prints the ``real✓`` and ``named✓`` rows from
it.  ``reviewed_pairs.tsv`` keeps a hash of each pair, not the names (they stay in ``../shared``);
``show`` joins them back.  ``import`` adds to the labels already there, so a pairs file the
project has never seen (the paper's test split) can be reviewed the same way and its ``real✓``
row printed by ``run.py --pairs-file``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from functools import cache
from pathlib import Path

REVIEWED = Path(__file__).with_name("reviewed_pairs.tsv")
#: From this letter similarity up a pair is taken to be a spelling unreviewed: shuffled pairs of
#: the tuning half reach it 0.75 % of the time (0.25, the ``real*`` filter: 19 %).
REVIEW_FROM = 0.5
LABELS = {"S": "spelling", "C": "cognate or exonym", "N": "not a spelling"}
#: What the reviewers were told (``export`` prints it).
RUBRIC = """\
For each pair decide whether the Latin token is a SPELLING of the Cyrillic token:
- S spelling: the Cyrillic is a transliteration or sound-based transcription of the Latin (or the
  Latin a romanisation of the Cyrillic), in any language's conventions: pronunciation-based Russian
  renderings (joyce/джойс, cage/кейдж, hérault/эро, wallace/уоллес, mcrae/макрей, pugh/пью),
  Japanese, Chinese and other romanisations rendered by Russian conventions (ijichi/идзити,
  qu/цюй), and the same name with a grammatical ending added, dropped or adapted as Russian does
  (candidus/кандид, coluthus/коллуф, aristoteles/аристотель, gaiazova/гаязова).
- C cognate or exonym: the same name in another language's traditional form, not a rendering of
  these letters or sounds (john/иоанн, james/яков, joseph/иосиф, william/вильгельм).
- N not a spelling: a translation (sapiens/мудрый, count/граф, sitting/сидящий), a different name
  or a different part of the person's name (yoritsugu/арима, lashkarev/вадим, blandina/мария), or
  unrelated.
Judge only from the two tokens.  When unsure between S and N, ask: could someone hearing or
reading the Latin name plausibly write this Cyrillic (or vice versa)?  If yes, S.
"""
_HEADER = (
    "# Hand review of the query-half Wikidata pairs (registry.is_query_half) below REVIEW_FROM\n"
    "# letter similarity to every romanisation of their Cyrillic side; see review_pairs.py.\n"
    "# pair: the first 16 hex digits of blake2b('latin<TAB>cyrillic'), as in the data file with the\n"
    "# Cyrillic letters joined; label: S spelling, C cognate or exonym, N not a spelling.\n"
)


def pair_id(latin: str, cyrillic: str) -> str:
    return hashlib.blake2b(f"{latin}\t{cyrillic}".encode(), digest_size=8).hexdigest()


@cache
def reviewed_labels() -> dict[str, str]:
    """Pair hash -> label, from ``reviewed_pairs.tsv`` (empty if it is absent)."""
    if not REVIEWED.is_file():
        return {}
    out = {}
    for n, line in enumerate(REVIEWED.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#") or line == "pair\tlabel":
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise ValueError(f"{REVIEWED}, line {n}: {len(fields)} tab-separated fields, expected 2 (pair, label)")
        pair, label = fields
        if label not in LABELS:
            raise ValueError(f"{REVIEWED}, line {n}, field label: {label!r} is not one of {', '.join(LABELS)}")
        out[pair] = label
    return out


def _to_review(pairs: str = "query") -> list[tuple[str, str]]:
    import run

    # every held-out pair, one-letter Cyrillic sides too: named queries may use those
    return [(p.latin, p.cyrillic) for p in run.held_out_pairs(pairs)
            if run.alignment(p.latin, p.cyrillic) < REVIEW_FROM]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("export").add_argument("out", type=Path)
    sub.add_parser("import").add_argument("labels", type=Path)
    sub.add_parser("show")
    for command in sub.choices.values():
        command.add_argument("--pairs-file", type=Path, metavar="PATH",
                             help="review this pairs file's pairs instead of the query half's")
    args = ap.parse_args()
    spec = str(args.pairs_file.resolve()) if args.pairs_file else "query"
    if args.command == "export":
        pairs = _to_review(spec)
        args.out.write_text("".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
        print(f"{len(pairs)} pairs to review written to {args.out}; label each (a third column) by:\n\n{RUBRIC}")
    elif args.command == "import":
        wanted = {pair_id(a, b) for a, b in _to_review(spec)}
        labels: dict[str, str] = {}
        for n, line in enumerate(args.labels.read_text(encoding="utf-8").splitlines(), 1):
            fields = line.split("\t")
            if len(fields) != 3 or fields[2] not in LABELS:
                sys.exit(f"error: {args.labels}, line {n}: expected latin, cyrillic and a label "
                         f"({', '.join(LABELS)}), got {line[:60]!r}")
            key = pair_id(fields[0], fields[1])
            if key not in wanted:
                sys.exit(f"error: {args.labels}, line {n}: {fields[0]!r} / {fields[1]!r} is not a pair to review")
            labels[key] = fields[2]
        if missing := len(wanted - labels.keys()):
            sys.exit(f"error: {args.labels}: {missing} of the {len(wanted)} pairs to review have no label")
        counts = {k: sum(1 for v in labels.values() if v == k) for k in LABELS}
        merged = {**reviewed_labels(), **labels}
        REVIEWED.write_text(_HEADER + "pair\tlabel\n" + "".join(f"{k}\t{v}\n" for k, v in sorted(merged.items())),
                            encoding="utf-8")
        print(f"{len(labels)} labels {counts} added to {REVIEWED}, which now holds {len(merged)}")
    else:
        labels = reviewed_labels()
        for a, b in _to_review(spec):
            print(f"{labels.get(pair_id(a, b), '?')}\t{a}\t{b}")


if __name__ == "__main__":
    main()
