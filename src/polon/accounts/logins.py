"""Password logins: throttled by django-axes, bounded in the work they cost, and audited.

Two authentication backends, in this order (settings.AUTHENTICATION_BACKENDS):

* :class:`ThrottledAxesBackend` (django-axes) refuses an attempt for a locked-out account or from a locked-out
  address before any password is hashed. After ``AXES_FAILURE_LIMIT`` failures for one account or from one
  address, attempts are refused for the cool-off time (an administrator may lift it: ``services.unlock_logins``).
* :class:`BoundedModelBackend` checks the password with at most ``POLON_LOGIN_SLOTS`` password hashes running
  at once across all of the server's processes (one lock file per slot), and each slot hashing, once its burst
  of ``POLON_LOGIN_BURST_SECONDS`` is spent, at most ``POLON_LOGIN_DUTY`` of the time (a token bucket). An
  attempt that finds no free slot with budget left within ``POLON_LOGIN_WAIT_SECONDS`` raises :class:`LoginBusy`, which the login page answers with 503 "busy,
  try again" instead of queuing: a flood of logins (Argon2 costs 100 MiB and tens of milliseconds of a core
  each) then occupies one core at most and other users' requests keep their latency. A busy refusal hashes
  nothing and is not counted as a failure.

Every failed login is recorded in the audit log (``login.failed``, with the address and whether it was refused
because of a lockout), every lockout as it starts (``login.lockout``).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

# The backend that checks passwords: the one a login made without ``authenticate`` (after a password change) names.
PASSWORD_BACKEND = "polon.accounts.logins.BoundedModelBackend"


class LoginBusy(Exception):
    """Every login slot stayed taken for the whole wait: the login is refused without checking the password."""


class ThrottledAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check. A call without a request (``Client.login`` in tests, a shell) is not a login
    over the network: there is no address to count, and the check is skipped instead of failing."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def _budget(fd: int, duty: float, burst: float) -> float:
    """The hashing time the slot (its lock held) may spend now, in seconds: a token bucket holding at most
    ``burst`` seconds, refilled at ``duty`` seconds per second, from which each check takes what it took. A few
    logins at once pass at full speed; a flood is held to ``duty`` of one core's time per slot. The slot file
    holds when the bucket was last counted and its level."""
    if duty >= 1:
        return burst
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        counted, level = (float(x) for x in os.read(fd, 64).split())
    except ValueError:  # a new slot
        return burst
    return min(burst, level + max(0.0, time.time() - counted) * duty)


def _spend(fd: int, level: float, began: float) -> None:
    now = time.time()
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{now:.6f} {level - (now - began):.6f}".encode())


@contextmanager
def login_slot() -> Iterator[None]:
    """Hold one of ``POLON_LOGIN_SLOTS`` slots (an exclusive ``flock`` on a file per slot, shared by every
    process and thread of the server) while the body runs; :class:`LoginBusy` when none is free, with hashing
    time left in its budget (``POLON_LOGIN_DUTY``, ``POLON_LOGIN_BURST_SECONDS``), within
    ``POLON_LOGIN_WAIT_SECONDS``. With ``POLON_LOGIN_SLOTS`` 0 there is no bound."""
    slots = int(settings.POLON_LOGIN_SLOTS)
    if slots <= 0:
        yield
        return
    duty, burst = float(settings.POLON_LOGIN_DUTY), float(settings.POLON_LOGIN_BURST_SECONDS)
    folder = settings.POLON_LOGIN_SLOT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + float(settings.POLON_LOGIN_WAIT_SECONDS)
    while True:
        for slot in range(slots):
            fd = os.open(folder / f"slot-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            level = _budget(fd, duty, burst)
            if level <= 0:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                continue
            began = time.time()
            try:
                yield
            finally:
                _spend(fd, level, began)
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            raise LoginBusy
        time.sleep(0.02)


class BoundedModelBackend(ModelBackend):
    """Django's password check (and its permissions), run inside a login slot when it comes over the network
    (a check without a request, ``Client.login`` in tests or a shell, is not bounded)."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        with login_slot():
            return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: Any) -> str:
    """The address django-axes counted the attempt against (set on the request by axes)."""
    return str(getattr(request, "axes_ip_address", "") or getattr(request, "META", {}).get("REMOTE_ADDR", ""))


@receiver(user_login_failed, dispatch_uid="polon.accounts.logins.failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from polon.accounts.services import record_failed_login

    record_failed_login(username=str(credentials.get("username") or ""), address=client_address(request),
                        refused=bool(getattr(request, "axes_locked_out", False)))


def _locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None,
                **kwargs: Any) -> None:
    # axes also signals every attempt refused during a lockout; a new lockout is the one whose failures it has
    # just counted (``axes_failures_since_start``), the refused ones are already recorded as login.failed.
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    from polon.accounts.services import record_lockout

    record_lockout(username=username or "", address=ip_address or client_address(request),
                   failures=int(request.axes_failures_since_start))


def connect() -> None:
    """Listen to django-axes' lockout signal (called once the apps are ready)."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="polon.accounts.logins.lockout")
