"""Back a large in-memory index with 2 MB pages (Linux transparent huge pages).

A million persons are some 15 million small Python objects spread over 1.2 GB; a search touches
a few thousand of them at random, and with 4 KB pages nearly every touch also misses the
processor's TLB (its cache of address translations), which on a virtual machine costs a nested
page walk of up to two dozen memory reads.  On 2 MB pages the same heap needs 600 translations
instead of 300,000, which takes about a quarter off a search at a million persons
(``bench/matching/README.md``).

Linux hands out huge pages to anonymous memory an application marks with
``madvise(MADV_HUGEPAGE)`` (the distributions' default setting of
``/sys/kernel/mm/transparent_hugepage/enabled`` is ``madvise``), and since Linux 6.1
``MADV_COLLAPSE`` moves pages already in use onto huge pages at once rather than whenever the
kernel's background thread gets to them.  Python cannot say which pages hold an index's objects,
so the private anonymous memory of the whole process is advised.  (PostgreSQL likewise asks for
huge pages for its shared memory by default, ``huge_pages = try``.)

Written by hand because the standard library's ``mmap.madvise`` only reaches memory it mapped
itself, and no maintained package advises memory Python's allocators mapped.  Everything here
is a hint: where the platform or kernel cannot take it, nothing happens and nothing fails.
"""

from __future__ import annotations

import ctypes
import errno
import sys
from collections.abc import Callable
from dataclasses import dataclass

HUGE_PAGE = 2 << 20
MADV_HUGEPAGE = 14
MADV_COLLAPSE = 25  # Linux >= 6.1; older kernels answer EINVAL
SMAPS = "/proc/self/smaps"  # about 10 ms to read at 1M


@dataclass
class Advice:
    """What :meth:`HugePageAdvisor.advise_new_memory` did: bytes marked for huge pages, bytes
    moved onto them at once, and the kernel's refusals (``errno`` names) if any."""

    advised: int = 0
    collapsed: int = 0
    refused: tuple[str, ...] = ()


def unadvised_ranges(smaps: str) -> list[tuple[int, int]]:
    """The 2 MB-aligned parts of the private, writable, anonymous mappings in ``smaps`` (the
    text of ``/proc/<pid>/smaps``) not yet advised either way (``hg`` or ``nh`` among their
    ``VmFlags``).  The stack and files are left alone; the C heap (``[heap]``) is included.

    The kernel's own flags say what is advised, not a list kept here: Python's allocator
    unmaps memory and maps new memory at the same addresses."""
    out: list[tuple[int, int]] = []
    chosen: tuple[int, int] | None = None
    for line in smaps.splitlines():
        fields = line.split()
        if not fields:
            continue
        if fields[0] == "VmFlags:":
            if chosen is not None and "hg" not in fields and "nh" not in fields:
                out.append(chosen)
            chosen = None
        elif "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
            chosen = _anonymous(fields)
    return out


def _anonymous(fields: list[str]) -> tuple[int, int] | None:
    """A mapping's whole huge pages if it is private, writable and anonymous (``fields``: its
    header line split), else ``None``."""
    perms, inode = fields[1], fields[4]
    name = " ".join(fields[5:])
    if not perms.startswith("rw") or perms[3:4] != "p" or inode != "0" or name not in ("", "[heap]"):
        return None
    lo, hi = (int(x, 16) for x in fields[0].split("-"))
    lo = -(-lo // HUGE_PAGE) * HUGE_PAGE
    hi = hi // HUGE_PAGE * HUGE_PAGE
    return (lo, hi) if hi - lo >= HUGE_PAGE else None


class HugePageAdvisor:
    """Advises the process's anonymous memory for huge pages, each range once (see the module
    docstring).  One per process is enough; :data:`ADVISOR` is it."""

    def __init__(self) -> None:
        self._madvise = _libc_madvise()
        self._collapse = True

    @property
    def available(self) -> bool:
        return self._madvise is not None

    def advise_new_memory(self) -> Advice:
        """Mark the anonymous memory not yet advised (:func:`unadvised_ranges`) for huge pages
        and move it onto them now.  About 10 ms to find it at 1M and 2.5 ms per MB moved;
        nothing where unavailable."""
        advice = Advice()
        if self._madvise is None:
            return advice
        try:
            with open(SMAPS, encoding="utf-8", errors="replace") as f:
                smaps = f.read()
        except OSError:
            return advice
        refused: set[str] = set()
        for lo, hi in unadvised_ranges(smaps):
            if self._madvise(lo, hi - lo, MADV_HUGEPAGE) != 0:
                refused.add(errno.errorcode.get(ctypes.get_errno(), "?"))
                continue
            advice.advised += hi - lo
            if self._collapse:
                advice.collapsed += self._collapse_range(lo, hi, refused)
        advice.refused = tuple(sorted(refused))
        return advice

    def _collapse_range(self, lo: int, hi: int, refused: set[str]) -> int:
        assert self._madvise is not None
        if self._madvise(lo, hi - lo, MADV_COLLAPSE) == 0:
            return hi - lo
        code = ctypes.get_errno()
        if code == errno.EINVAL:  # a kernel before 6.1: its background thread collapses them later
            self._collapse = False
        elif code == errno.EAGAIN and self._madvise(lo, hi - lo, MADV_COLLAPSE) == 0:  # transient
            return hi - lo
        refused.add(errno.errorcode.get(code, "?"))
        return 0


def _libc_madvise() -> Callable[[int, int, int], int] | None:
    """libc's ``madvise``, or ``None`` off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return None
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    madvise.restype = ctypes.c_int
    return madvise


ADVISOR = HugePageAdvisor()
