"""The registry sits below the sources app: the sources' review writes to the registry through its services,
so no registry module imports the sources app (the registry reaches the Source model through its own
relations)."""

from __future__ import annotations

import re
from pathlib import Path

REGISTRY = Path(__file__).resolve().parents[2] / "src" / "polon" / "registry"


def test_no_registry_module_imports_the_sources_app():
    offenders = [str(path.relative_to(REGISTRY)) for path in REGISTRY.rglob("*.py")
                 if re.search(r"^\s*(from polon\.sources\b|import polon\.sources\b|from polon import sources\b)",
                              path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert offenders == []
