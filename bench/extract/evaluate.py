"""Accuracy of polon.extract on annotated texts: events (type; type + participants' countries + count),
persons and countries, F1 micro-averaged.

    .venv/bin/python bench/extract/evaluate.py [DIR ...] [--seed PATH] [-v]

DIR holds texts (any format polon reads) each beside NAME.gold.json (format: polon/extract/evaluation.py and
bench/extract/README.md); default tests/extract/corpus. The seed is scored on its own with seed.gold.json.
A held-out corpus in the same format is scored by naming its folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from polon.extract import extract_file  # noqa: E402
from polon.extract.evaluation import Tally, project, score  # noqa: E402

CORPUS = REPO / "tests" / "extract" / "corpus"
SEED_GOLD = Path(__file__).with_name("seed.gold.json")
SEED_DIR = REPO.parent / "shared" / "seed"


def pairs(folder: Path, verbose: bool) -> list[tuple[dict, dict]]:
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        text = next(p for p in folder.glob(stem + ".*") if not p.name.endswith(".gold.json"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        got = project(extract_file(text)[0])
        out.append((gold, got))
        if verbose and (got["persons"] != gold["persons"] or got["countries"] != gold["countries"]
                        or score([(gold, got)])["events_full"].f1 < 1):
            print(f"--- {stem}\n  gold {json.dumps(gold, ensure_ascii=False)}\n  got  {json.dumps(got, ensure_ascii=False)}")
    return out


def row(name: str, n: int, t: dict[str, Tally]) -> str:
    cells = [f"{t[k].f1:.2f} (P {t[k].precision:.2f}, R {t[k].recall:.2f})" for k in
             ("events_type", "events_full", "persons", "countries")]
    return f"| {name} | {n} | " + " | ".join(cells) + " |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path, default=[CORPUS])
    ap.add_argument("--seed", type=Path, default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="print gold and output of every imperfect text")
    args = ap.parse_args()
    print("| texts | n | events F1, type | events F1, type+countries+count | persons F1 | countries F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for d in args.dirs:
        ps = pairs(d, args.verbose)
        print(row(d.name, len(ps), score(ps)))
    seed = args.seed or next(iter(sorted(SEED_DIR.glob("000_*.txt"))), None)
    if seed is not None and seed.exists():
        gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
        print(row("seed", 1, score([(gold, project(extract_file(seed)[0]))])))


if __name__ == "__main__":
    main()
