import sys
from pathlib import Path

# The benchmark's modules (run.py, registry.py, review_pairs.py) import each other by their bare names, as
# `python bench/matching/run.py` runs them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
