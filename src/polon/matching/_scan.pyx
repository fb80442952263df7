# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The cheap pass of a search in C: one query reading against a bucket of vocabulary readings.

Compiled by ``tools/build_native.py`` (Cython) next to the mypyc modules and used only with
them; :func:`polon.matching.index.keep_best_in_bucket` is the definition and gives the same
result (``tests/native`` checks this on random and real readings).

Written by hand because no library does this on our data layout: rapidfuzz computes the same
Levenshtein similarity, but wants one Python string per bucket entry, and at a million persons
making those strings (``joined.split(" ")``) and handing them over one by one cost more than the
comparisons themselves (about 2 ms per query word in the slowest tenth of searches).  Here the
bucket is read where it lies, in the one space-separated string kept per key, with the
bit-parallel edit distance of Myers (1999) in Hyyrö's (2001) formulation.
"""

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, PyUnicode_READ_CHAR
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc, qsort

ctypedef struct Hit:
    double sim
    Py_ssize_t index


cdef int _by_sim_then_index(const void *a, const void *b) noexcept nogil:
    # best first, then the earlier entry: the order of rapidfuzz.process.extract
    cdef const Hit *x = <const Hit *>a
    cdef const Hit *y = <const Hit *>b
    if x.sim > y.sim:
        return -1
    if x.sim < y.sim:
        return 1
    return -1 if x.index < y.index else (1 if x.index > y.index else 0)


cdef Py_ssize_t _dp_distance(Py_UCS4 *q, Py_ssize_t m, str text, Py_ssize_t start, Py_ssize_t n,
                             Py_ssize_t *row):
    # plain dynamic programming, for the rare query reading longer than 64 letters
    cdef Py_ssize_t i, j, prev, cur, best
    cdef Py_UCS4 c
    for i in range(m + 1):
        row[i] = i
    for j in range(n):
        c = PyUnicode_READ_CHAR(text, start + j)
        prev = row[0]
        row[0] = j + 1
        for i in range(1, m + 1):
            cur = row[i]
            best = prev if q[i - 1] == c else prev + 1
            if cur + 1 < best:
                best = cur + 1
            if row[i - 1] + 1 < best:
                best = row[i - 1] + 1
            row[i] = best
            prev = cur
    return row[m]


cdef inline Py_ssize_t _insert(Hit *top, Py_ssize_t count, Py_ssize_t keep, double sim, Py_ssize_t index) noexcept:
    # top[:count] is sorted best first, ties in entry order; entries arrive in order, so an
    # equal similarity goes after those already there
    cdef Py_ssize_t pos
    if count == keep:
        if sim <= top[keep - 1].sim:
            return count
        pos = keep - 1
    else:
        pos = count
        count += 1
    while pos > 0 and top[pos - 1].sim < sim:
        top[pos] = top[pos - 1]
        pos -= 1
    top[pos].sim = sim
    top[pos].index = index
    return count


def keep_best_in_bucket(str reading, str joined, ids, dict best, limit, double cutoff):
    """Rank the space-separated readings of ``joined`` against ``reading`` by normalised
    Levenshtein similarity and keep in ``best`` each id's highest similarity at or above
    ``cutoff``, for at most ``limit`` entries (``None``: all), best first (``ids[j]`` is the id
    of entry ``j``).  Same contract as :func:`polon.matching.index.keep_best_in_bucket`."""
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(reading)
    cdef Py_ssize_t total = PyUnicode_GET_LENGTH(joined)
    cdef Py_ssize_t keep = -1 if limit is None else <Py_ssize_t>limit
    cdef int kind = PyUnicode_KIND(joined)
    cdef void *data = PyUnicode_DATA(joined)
    cdef Py_UCS4 *q = <Py_UCS4 *>malloc((m + 1) * sizeof(Py_UCS4))
    cdef Py_ssize_t *row = <Py_ssize_t *>malloc((m + 1) * sizeof(Py_ssize_t))
    # at most one hit per entry, and there are at most total + 1 entries (all empty)
    cdef Hit *hits = <Hit *>malloc(((total + 1) if keep < 0 else (keep + 1)) * sizeof(Hit))
    cdef uint64_t ascii[128]
    cdef uint64_t other_mask[64]
    cdef Py_UCS4 other_char[64]
    cdef int others = 0
    cdef Py_ssize_t i, j, k, start, n, dist, longest, count = 0, entry = 0
    cdef uint64_t eq, pv, mv, xv, xh, ph, mh, last
    cdef Py_UCS4 c
    cdef double sim, bound
    cdef bint bitparallel = m <= 64
    if q == NULL or row == NULL or hits == NULL:
        free(q); free(row); free(hits)
        raise MemoryError()
    try:
        for i in range(128):
            ascii[i] = 0
        for i in range(m):
            c = PyUnicode_READ_CHAR(reading, i)
            q[i] = c
            if not bitparallel:
                continue
            if c < 128:
                ascii[c] |= (<uint64_t>1) << i
            else:
                for k in range(others):
                    if other_char[k] == c:
                        other_mask[k] |= (<uint64_t>1) << i
                        break
                else:
                    other_char[others] = c
                    other_mask[others] = (<uint64_t>1) << i
                    others += 1
        last = (<uint64_t>1) << (m - 1) if m else 0
        start = 0
        while start <= total:
            j = start
            while j < total and PyUnicode_READ(kind, data, j) != 32:  # " "
                j += 1
            n = j - start
            longest = m if m > n else n
            # the length difference bounds the similarity from above (the edit distance is
            # at least that): skip entries that could not be kept anyway
            if longest and keep != 0:
                bound = 1.0 - (<double>(longest - (n if m > n else m))) / (<double>longest)
                if bound < cutoff or (keep > 0 and count == keep and bound <= hits[keep - 1].sim):
                    entry += 1
                    start = j + 1
                    continue
            if m == 0:
                dist = n
            elif not bitparallel:
                dist = _dp_distance(q, m, joined, start, n, row)
            else:
                pv = ~(<uint64_t>0)
                mv = 0
                dist = m
                for k in range(start, j):
                    c = PyUnicode_READ(kind, data, k)
                    if c < 128:
                        eq = ascii[c]
                    else:
                        eq = 0
                        for i in range(others):
                            if other_char[i] == c:
                                eq = other_mask[i]
                                break
                    xv = eq | mv
                    xh = (((eq & pv) + pv) ^ pv) | eq
                    ph = mv | ~(xh | pv)
                    mh = pv & xh
                    if ph & last:
                        dist += 1
                    elif mh & last:
                        dist -= 1
                    ph = (ph << 1) | 1
                    mh = mh << 1
                    pv = mh | ~(xv | ph)
                    mv = ph & xv
            # the formula rapidfuzz uses, so that both give the same float
            sim = 1.0 if longest == 0 else 1.0 - (<double>dist) / (<double>longest)
            if sim >= cutoff:
                if keep < 0:
                    hits[count].sim = sim
                    hits[count].index = entry
                    count += 1
                elif keep > 0:
                    count = _insert(hits, count, keep, sim, entry)
            entry += 1
            start = j + 1
        if keep < 0:
            qsort(hits, count, sizeof(Hit), _by_sim_then_index)
        for i in range(count):
            v = ids[hits[i].index]
            sim = hits[i].sim
            if sim > best.get(v, -1.0):
                best[v] = sim
    finally:
        free(q)
        free(row)
        free(hits)
