"""bench/security's own checks: its percentiles, and that each scenario compares what its name says."""

from __future__ import annotations

import math


def test_percentiles_are_nearest_rank(run):
    latencies = [0.010, 0.012, 0.011, 0.250, 0.013, 0.014, 0.012, 0.011, 0.015, 0.016]
    assert run.percentile(latencies, 50) == 0.013
    assert run.percentile(latencies, 95) == 0.250
    assert math.isnan(run.percentile([], 50))


def test_the_flooded_scenarios_differ_only_in_the_bound(run):
    flooded = {name: s for name, s in run.SCENARIOS.items() if s["flood"] == "right"}
    assert flooded["unbounded"]["env"] == {"POLON_LOGIN_SLOTS": "0"}
    assert flooded["bounded"]["env"] == {"POLON_LOGIN_SLOTS": "1"}  # the defaults otherwise
    assert run.SCENARIOS["quiet"]["flood"] is None and run.SCENARIOS["guessing"]["flood"] == "wrong"
    assert len(run.FLOODERS) and not set(run.FLOODERS) & set(run.READERS)  # the measured users never flood
