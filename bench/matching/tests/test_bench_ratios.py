"""The benchmark prints polon's figures against each peer's from the same run, side by side."""

import run  # bench/matching/run.py (on sys.path through conftest)


def row(p95, r10, n):
    return {"p95_ms": p95, "r10": r10, "n": n}


def test_ratios_name_the_peer_and_compare_speed_and_recall():
    results = {
        "polon": {"rows": {"real": row(8.2, 0.947, 600), "named": row(18.4, 0.860, 300)}},
        "pg_trgm": {"rows": {"real": row(84.4, 0.677, 600), "named": row(543.7, 0.613, 300)}},
        "rapidfuzz": {"rows": {"real": row(904.3, 0.733, 75)}},
    }
    pg, rf = run.ratio_lines(results)
    assert pg.startswith("polon vs pg_trgm: real p95 84.4/8.2 ms = 10.3x faster, R@10 0.947/0.677 = 1.40x")
    assert "named p95 543.7/18.4 ms = 29.5x faster" in pg
    assert rf == "polon vs rapidfuzz: real p95 904.3/8.2 ms = 110.3x faster, R@10 0.947/0.733 = 1.29x (n 600 vs 75)"


def test_no_reference_or_nothing_in_common_prints_nothing():
    assert run.ratio_lines({"pg_trgm": {"rows": {"real": row(80, 0.6, 600)}}}) == []
    assert run.ratio_lines({"polon": {"rows": {"real": row(8, 0.9, 600)}},
                            "pg_trgm": {"rows": {"typo~": row(80, 0.6, 300)}}}) == []
    zero = run.ratio_lines({"polon": {"rows": {"real": row(8, 0.9, 600)}}, "x": {"rows": {"real": row(80, 0.0, 600)}}})
    assert zero == ["polon vs x: real p95 80.0/8.0 ms = 10.0x faster, R@10 0.900/0.000 = inf"]


def test_a_faster_peer_is_said_to_be_faster():
    (line,) = run.ratio_lines({"polon": {"rows": {"real": row(4.5, 0.970, 600)}},
                               "pg_trgm": {"rows": {"real": row(2.1, 0.678, 600)}}})
    assert line == "polon vs pg_trgm: real p95 2.1/4.5 ms = 2.1x slower, R@10 0.970/0.678 = 1.43x"
