"""Synthetic registries of persons with Cyrillic names drawn from real frequency data.

Sources (no download at run time):

* ``../shared/data/names/ru_surnames_zhuravlev2005_top500.csv`` -- surname frequencies;
* ``../shared/data/names/ru_latin_cyrillic_wikidata_train.tsv`` -- Wikidata Latin/Cyrillic
  name tokens with counts (Merhav & Ash 2018, training split);
* the ``russian-names`` package's given names, patronymics and ~170k surnames.

Used by ``bench/matching/run.py`` and its tests (``bench/matching/tests``, whose conftest adds this
directory to ``sys.path``), and by ``tests/matching`` as ``bench.matching.registry``.  Deterministic for a
given seed.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")


class DataMissing(RuntimeError):
    pass


def load_or_skip(load: Callable[[], T]) -> T:
    """``load()`` in a test: a skip with the reason where ``../shared`` is absent, a failure where it is there
    without the name data (a broken set-up, not a missing one)."""
    import pytest

    try:
        return load()
    except DataMissing as e:
        if "POLON_NAMES_DATA" not in os.environ and not (REPO.parent / "shared").is_dir():
            pytest.skip(f"../shared is absent beside {REPO} (the name data lives there, not in the repository)")
        pytest.fail(str(e))


def data_dir() -> Path:
    """``../shared/data/names`` relative to the repository root (or ``$POLON_NAMES_DATA``)."""
    d = Path(os.environ.get("POLON_NAMES_DATA", REPO.parent / "shared" / "data" / "names"))
    if not (d / "ru_latin_cyrillic_wikidata_train.tsv").is_file():
        raise DataMissing(
            f"name data not found in {d}: expected ru_latin_cyrillic_wikidata_train.tsv and "
            "ru_surnames_zhuravlev2005_top500.csv (the shared/ folder beside the repository; "
            "set POLON_NAMES_DATA to point elsewhere)")
    return d


@dataclass(frozen=True)
class Pair:
    latin: str
    cyrillic: str
    count: int


class PairsFileError(ValueError):
    """A line of a pairs file that is not ``latin<TAB>c y r i l l i c<TAB>count``."""


@cache
def wikidata_pairs() -> tuple[Pair, ...]:
    return read_pairs(data_dir() / "ru_latin_cyrillic_wikidata_train.tsv")


@cache
def read_pairs(path: Path) -> tuple[Pair, ...]:
    """Name-token pairs in Merhav & Ash's format (their ``wd_russian_*`` files): a Latin token,
    its Cyrillic form with letters separated by spaces, and a count, tab-separated.  Raises
    :class:`PairsFileError` naming the file, line, field and reason for a line that is not."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            where = f"{path}, line {n}"
            if len(fields) != 3:
                raise PairsFileError(f"{where}: {len(fields)} tab-separated fields, expected 3 "
                                     "(latin, cyrillic letters, count)")
            lat, cyr, cnt = fields
            if not lat.strip():
                raise PairsFileError(f"{where}, field latin: empty")
            if not cyr.strip():  # not checked for Cyrillic letters: Wikidata has "2000 / 2 0 0 0"
                raise PairsFileError(f"{where}, field cyrillic: empty")
            if not cnt.strip().isdigit() or int(cnt) < 1:
                raise PairsFileError(f"{where}, field count: {cnt[:20]!r} is not a positive whole number")
            out.append(Pair(lat.strip(), cyr.replace(" ", ""), int(cnt)))
    if not out:
        raise PairsFileError(f"{path}: no pairs")
    return tuple(out)


def is_query_half(cyrillic: str) -> bool:
    """The half of the Wikidata pairs held out for queries (by a hash of the Cyrillic form, so
    one Cyrillic name never lands in both halves).  Nothing in polon is tuned on it."""
    return zlib.crc32(cyrillic.encode()) % 2 == 1


def is_dev(cyrillic: str) -> bool:
    """The *dev* tenth of the tuning half (a second hash): the learned channel is not trained on
    it (``train_channel.py --dev``), and ``run.py --pairs dev`` queries it to choose settings."""
    return zlib.crc32(("dev" + cyrillic).encode()) % 10 == 0


@cache
def russian_names_lists() -> dict[str, tuple[str, ...]]:
    import russian_names

    raw = zipfile.ZipFile(Path(russian_names.__file__).parent / "_data.zip").read("base.txt").decode()
    s = [tuple(w for w in line.split(" ") if w) for line in raw.split("\n")]
    return {
        "m_given": s[1], "m_given_rare": s[0], "m_patr": s[3], "m_patr_rare": s[2], "m_surname": s[4],
        "f_given": s[6], "f_given_rare": s[5], "f_patr": s[8], "f_patr_rare": s[7], "f_surname": s[9],
    }


@cache
def zhuravlev() -> dict[str, tuple[tuple[str, ...], tuple[float, ...]]]:
    out: dict[str, tuple[list[str], list[float]]] = {"male": ([], []), "female": ([], [])}
    with open(data_dir() / "ru_surnames_zhuravlev2005_top500.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["sex"]][0].append(row["surname"].capitalize())
            out[row["sex"]][1].append(float(row["freq"]))
    return {k: (tuple(v[0]), tuple(itertools.accumulate(v[1]))) for k, v in out.items()}


class _Weighted:
    def __init__(self, items: tuple[str, ...], cum: tuple[float, ...]):
        self.items, self.cum = items, cum

    def pick(self, rnd: random.Random) -> str:
        i = bisect.bisect(self.cum, rnd.random() * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


@cache
def _wikidata_cyrillic() -> _Weighted:
    words = [p.cyrillic.capitalize() for p in wikidata_pairs()]
    return _Weighted(tuple(words), tuple(itertools.accumulate(p.count for p in wikidata_pairs())))


def make_person(rnd: random.Random) -> str:
    """One plausible Cyrillic full name, in either word order."""
    rn = russian_names_lists()
    male = rnd.random() < 0.5
    g = "m_" if male else "f_"
    r = rnd.random()
    if r < 0.85:
        given = rnd.choice(rn[g + "given"])
    elif r < 0.95:
        given = rnd.choice(rn[g + "given_rare"])
    else:
        given = _wikidata_cyrillic().pick(rnd)
    r = rnd.random()
    if r < 0.4:
        items, cum = zhuravlev()["male" if male else "female"]
        surname = _Weighted(items, cum).pick(rnd)
    elif r < 0.75:
        surname = rnd.choice(rn[g + "surname"])
    else:
        surname = _wikidata_cyrillic().pick(rnd)
    words = [given]
    if rnd.random() < 0.7:
        words.append(rnd.choice(rn[g + "patr"]))
    if rnd.random() < 0.5:
        return " ".join([surname, *words])
    return " ".join([*words, surname])


def make_registry(n: int, seed: int = 1) -> list[tuple[str, str, str | None]]:
    """``n`` persons as (key, name, birth date or None)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        name = make_person(rnd)
        r = rnd.random()
        if r < 0.5:
            date = f"{rnd.randint(1960, 2005)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        elif r < 0.7:
            date = str(rnd.randint(1960, 2005))
        else:
            date = None
        out.append((f"p{i}", name, date))
    return out
