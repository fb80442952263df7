"""Names of files users upload, made safe to store and show on every channel the same way."""

from __future__ import annotations

from pathlib import Path


def safe_name(name: str | None) -> str:
    """An uploaded file's own name without any folder part, never empty."""
    base = Path(str(name or "").replace("\\", "/")).name.strip().lstrip(".")
    return base[:200] or "upload"
