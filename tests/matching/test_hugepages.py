"""A large index asks Linux for huge pages (polon.matching.hugepages): which memory is advised,
that the kernel takes the advice, and that NameIndex asks while records are added."""

import sys
from pathlib import Path

import pytest

from polon.matching import NameIndex, index
from polon.matching.hugepages import HUGE_PAGE, HugePageAdvisor, unadvised_ranges

MB = 1 << 20

# /proc/<pid>/smaps of a Python process, shortened (each mapping's counters cut to one line)
SMAPS = """\
55d0c0a00000-55d0c0a3c000 r--p 00000000 fd:01 1311              /usr/bin/python3.11
Rss:                 240 kB
VmFlags: rd mr mw me dw sd
55d0c1200000-55d0c1b00000 rw-p 00000000 00:00 0                 [heap]
Rss:                9216 kB
VmFlags: rd wr mr mw me ac sd
7f1200000000-7f1200a00000 rw-p 00000000 00:00 0
Rss:               10240 kB
VmFlags: rd wr mr mw me ac sd
7f1200a00000-7f1200b00000 rw-p 00000000 00:00 0
Rss:                1024 kB
VmFlags: rd wr mr mw me ac sd
7f1200c10000-7f1201380000 rw-p 00000000 00:00 0
Rss:                7616 kB
VmFlags: rd wr mr mw me ac sd
7f1201400000-7f1201800000 rw-p 00000000 00:00 0
Rss:                4096 kB
VmFlags: rd wr mr mw me ac sd hg
7f1201800000-7f1201c00000 rw-p 00000000 00:00 0
Rss:                4096 kB
VmFlags: rd wr mr mw me ac sd nh
7f1300000000-7f1300800000 rw-s 00000000 00:01 4097              /dev/zero (deleted)
Rss:                   0 kB
VmFlags: rd wr sh mr mw me ms sd
7f1400000000-7f1400800000 rw-p 00200000 fd:01 2207              /usr/lib/locale/locale-archive
Rss:                 800 kB
VmFlags: rd wr mr mw me ac sd
7f1500000000-7f1500400000 r--p 00000000 00:00 0
Rss:                   0 kB
VmFlags: rd mr mw me ac sd
7ffc10000000-7ffc10800000 rw-p 00000000 00:00 0                 [stack]
Rss:                 132 kB
VmFlags: rd wr mr mw me gd ac
"""


def test_only_private_anonymous_writable_memory_not_yet_advised_is_chosen_in_whole_huge_pages():
    got = unadvised_ranges(SMAPS)
    assert got == [
        (0x55d0c1200000, 0x55d0c1a00000),  # the C heap, its last 1 MB (not a whole page) left out
        (0x7f1200000000, 0x7f1200a00000),
        (0x7f1200e00000, 0x7f1201200000),  # rounded in to 2 MB boundaries on both sides
    ]
    # not chosen: the 1 MB mapping, memory already advised for huge pages (hg) or against them
    # (nh), shared memory, a file, read-only memory and the stack
    assert all(a % HUGE_PAGE == 0 and b % HUGE_PAGE == 0 and b > a for a, b in got)


def _thp_mode() -> str | None:
    path = Path("/sys/kernel/mm/transparent_hugepage/enabled")
    if not sys.platform.startswith("linux") or not path.exists():
        return None
    return path.read_text().split("[")[1].split("]")[0]


def _advised_ranges() -> list[tuple[int, int]]:
    """Mappings of this process whose VmFlags carry ``hg`` (MADV_HUGEPAGE)."""
    out, current = [], None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()[0]
        if "-" in head and not head.endswith(":"):
            lo, hi = (int(x, 16) for x in head.split("-"))
            current = (lo, hi)
        elif head == "VmFlags:" and "hg" in line.split()[1:]:
            out.append(current)
    return out


@pytest.mark.skipif(_thp_mode() in (None, "never"), reason="needs Linux with transparent huge pages enabled")
def test_the_kernel_marks_new_memory_for_huge_pages_and_it_is_not_chosen_again():
    advisor = HugePageAdvisor()
    assert advisor.available
    advisor.advise_new_memory()  # whatever the test process holds so far
    held = [(n, f"Ахмедьяров {n}", ("KZ",)) for n in range(400_000)]  # some 60 MB of small objects
    before = unadvised_ranges(Path("/proc/self/smaps").read_text())
    assert sum(b - a for a, b in before) >= 16 * MB
    advice = advisor.advise_new_memory()
    assert advice.advised >= sum(b - a for a, b in before), advice
    assert set(advice.refused) <= {"EAGAIN", "ENOMEM", "EBUSY"}, advice
    marked = _merged(_advised_ranges())
    for lo, hi in before:  # each range chosen is now marked so in the kernel's own table
        assert any(a <= lo and hi <= b for a, b in marked), (hex(lo), hex(hi))
    after = unadvised_ranges(Path("/proc/self/smaps").read_text())
    assert not any(a < hi and lo < b for a, b in after for lo, hi in before)  # nor chosen again
    assert len(held) == 400_000


def _merged(ranges):
    out = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class CountingAdvisor:
    def __init__(self) -> None:
        self.calls = 0

    def advise_new_memory(self) -> None:
        self.calls += 1


@pytest.mark.parametrize("huge_pages, calls", [(True, 3), (False, 0)])
def test_name_index_asks_every_stride_of_records_unless_told_not_to(monkeypatch, huge_pages, calls):
    advisor = CountingAdvisor()
    monkeypatch.setattr(index, "ADVISOR", advisor)
    monkeypatch.setattr(index, "HUGE_PAGE_STRIDE", 4)
    ix = NameIndex(huge_pages=huge_pages)
    for n in range(13):
        ix.add(f"p{n}", [f"Ермек Катыренов {chr(0x410 + n)}"])
    assert advisor.calls == calls
    assert [m.key for m in ix.search("Ermek Katyrenow", limit=3)]  # and the index works as before
