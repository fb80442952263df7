"""The secret keys of the audit chain, kept outside the database.

Each event's hash is an HMAC-SHA256 under the current key, so whoever can write to the database but does not
hold the key cannot recompute the chain after changing a row. The current key is ``POLON_AUDIT_KEY`` (a long
random string); keys used before a rotation stay listed in ``POLON_AUDIT_KEYS`` (comma-separated) so that their
events still verify. Without ``POLON_AUDIT_KEY`` polon uses the key file ``settings.AUDIT_KEY_FILE`` (by default
``audit.key`` in the data directory), creating it when missing: for `polon demo`, tests and a first try-out
only — `polon serve` refuses to start without ``POLON_AUDIT_KEY``.

A key is named by its id, derived from the key itself (``k`` and 12 hex digits of an HMAC of a fixed text): an
event and a checkpoint record the id of the key that signed it, never the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MINIMUM_LENGTH = 32


class AuditKeyError(RuntimeError):
    """No usable audit key, or an event or checkpoint signed with a key that is not configured."""


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes = b""

    def sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:  # never print the secret
        return f"AuditKey({self.id!r})"


def key_id(secret: bytes) -> str:
    return "k" + hmac.new(secret, b"polon audit key id", hashlib.sha256).hexdigest()[:12]


def _key(text: str) -> AuditKey:
    secret = text.strip().encode()
    return AuditKey(key_id(secret), secret)


def _from_file(path: Path) -> str:
    """The key in ``path``; a new random one written there (readable by its owner only) if there is none."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    text = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use that one
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text + "\n")
    return text


_cache: dict[tuple, tuple[AuditKey, dict[str, AuditKey]]] = {}


def _configured() -> tuple[AuditKey, dict[str, AuditKey]]:
    current_text: str = settings.AUDIT_KEY
    old_text: list[str] = list(settings.AUDIT_OLD_KEYS)
    key_file = Path(settings.AUDIT_KEY_FILE)
    marker = (current_text, tuple(old_text), str(key_file))
    if marker not in _cache:
        if not current_text:
            current_text = _from_file(key_file)
        if len(current_text.strip()) < MINIMUM_LENGTH:
            raise AuditKeyError(_("the audit key must be at least %(count)s characters long")
                                % {"count": MINIMUM_LENGTH})
        current = _key(current_text)
        known = {key.id: key for key in map(_key, old_text)}
        known[current.id] = current
        _cache.clear()
        _cache[marker] = (current, known)
    return _cache[marker]


def current_key() -> AuditKey:
    """The key new events and checkpoints are signed with."""
    return _configured()[0]


def known_keys() -> dict[str, AuditKey]:
    """Every configured key (the current one and the old ones of ``POLON_AUDIT_KEYS``) by id."""
    return _configured()[1]


def key_for(identifier: str) -> AuditKey:
    try:
        return known_keys()[identifier]
    except KeyError:
        raise AuditKeyError(_("audit key %(key)s is not configured (add it to POLON_AUDIT_KEYS)")
                            % {"key": identifier}) from None


def explicitly_configured() -> bool:
    """Whether the current key comes from POLON_AUDIT_KEY (or settings), not from the key file."""
    return bool(settings.AUDIT_KEY)
