import sys
from pathlib import Path

# The synthetic-registry generator lives with the benchmark; tests reuse it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "matching"))
