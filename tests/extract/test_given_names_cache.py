"""The given names parsed from gender-guesser's list are cached in the user's cache directory: written whole by
rename, keyed by the package's version, and never a reason for the extraction to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from polon.extract import gazetteer


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    gazetteer.packaged_given_names.cache_clear()
    yield monkeypatch
    gazetteer.packaged_given_names.cache_clear()


def test_cache_written_whole_and_read_back(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh.setenv("XDG_CACHE_HOME", str(tmp_path))
    names = gazetteer.packaged_given_names()
    files = list((tmp_path / "polon").iterdir())
    assert [f.name for f in files] == [f"given_names-{_version()}-{gazetteer._NAMES_FORMAT}.txt"]  # no temp file left
    assert files[0].read_text(encoding="utf-8").endswith(gazetteer._NAMES_END)
    gazetteer.packaged_given_names.cache_clear()
    assert gazetteer.packaged_given_names() == names and "jong-su" in names


def test_truncated_cache_is_parsed_again(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh.setenv("XDG_CACHE_HOME", str(tmp_path))
    f = tmp_path / "polon" / f"given_names-{_version()}-{gazetteer._NAMES_FORMAT}.txt"
    f.parent.mkdir()
    f.write_text("anna\nbert", encoding="utf-8")  # no end marker: a file some other writer left half done
    assert len(gazetteer.packaged_given_names()) > 10_000


def test_unwritable_cache_directory_does_not_fail(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    fresh.setenv("XDG_CACHE_HOME", str(blocker))  # mkdir below a file fails even for root
    assert len(gazetteer.packaged_given_names()) > 10_000
    assert list(tmp_path.iterdir()) == [blocker]


def _version() -> str:
    from importlib.metadata import version

    return version("gender-guesser")
