"""Loading the shared name data in a test: a skip with the reason where ``../shared`` is absent,
a failure where it is there without the name data (a broken set-up, not a missing one)."""

import os
from collections.abc import Callable
from typing import TypeVar

import pytest

from registry import REPO, DataMissing

T = TypeVar("T")


def load_or_skip(load: Callable[[], T]) -> T:
    try:
        return load()
    except DataMissing as e:
        if "POLON_NAMES_DATA" not in os.environ and not (REPO.parent / "shared").is_dir():
            pytest.skip(f"../shared is absent beside {REPO} (the name data lives there, not in the repository)")
        pytest.fail(str(e))
