from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED_DIR = REPO.parent / "shared" / "seed"
FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED_DIR.is_dir():
        pytest.skip(f"seed folder {SEED_DIR} is absent (it lives outside the repository, in ../shared/seed/)")
    files = sorted(SEED_DIR.glob("000_*.txt"))
    if not files:
        pytest.skip(f"no 000_*.txt founding document in {SEED_DIR}")
    return files[0]
