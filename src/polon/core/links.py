"""Links taken from sources are data, not trusted markup: only http(s) URLs may ever become a link."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_http_url(url: str | None) -> str:
    """The URL if its scheme is http or https and it names a host; otherwise "" (javascript:, data:, …)."""
    text = (url or "").strip()
    if any(ord(ch) < 32 for ch in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return text
