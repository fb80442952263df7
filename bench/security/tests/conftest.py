import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def run():
    """bench/security/run.py as a module (other benchmarks have a run.py too); it imports bench/load/harness.py
    by its bare name, as `python bench/security/run.py` runs it."""
    sys.path.insert(0, str(BENCH / "load"))
    spec = importlib.util.spec_from_file_location("security_run", BENCH / "security" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
