from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED

FIXTURES = Path(__file__).resolve().parents[1] / "extract" / "fixtures"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored files go to a fresh folder per test, never into the real data directory."""
    root = tmp_path / "store"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def seed_file(tmp_path):
    if not SEED.exists():
        pytest.skip(f"the seed folder {SEED.parent} is absent (it lives beside the repository, not in it)")
    target = tmp_path / "in" / SEED.name
    target.parent.mkdir()
    shutil.copy(SEED, target)
    return target


@pytest.fixture
def telegram_export(tmp_path):
    target = tmp_path / "export"
    shutil.copytree(FIXTURES / "telegram", target)
    return target / "result.json"


@pytest.fixture
def ingested_seed(users, seed_file):
    from polon.sources.services import ingest_file

    (source,) = ingest_file(actor=users["analyst"], path=seed_file)
    return source
