# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Hot loops of a search in C, compiled by ``tools/build_native.py`` (Cython) next to the
mypyc modules and used only with them.  Each has its Python definition beside the code that
calls it, which is used without the build and gives the same result, to the last bit of every
similarity (``tests/native/test_kernels.py``):

* :func:`keep_best_in_bucket`, the cheap pass (:func:`polon.matching.index.keep_best_in_bucket`);
* :func:`readings_similarity`, a query word against a word's readings
  (:func:`polon.matching.similarity.readings_similarity`);
* :func:`completion_sims`, a query word against the words of persons that missed it
  (:func:`polon.matching.index.completion_sims`).

Written by hand because no library does this on our data: rapidfuzz computes the same
Levenshtein similarity, but takes one Python string per comparison, and at a million persons
making those strings (``joined.split(" ")``), passing them one call at a time and the Python
around each call cost more than the comparisons (about 2 ms per query word in the slowest tenth
of searches).  Here the readings are read where they lie, with the bit-parallel edit distance
of Myers (1999) in Hyyrö's (2001) formulation.
"""

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, PyUnicode_READ_CHAR
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc, qsort
from libc.string cimport memset

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


ctypedef struct Pattern:
    # a query reading prepared for Myers' algorithm (at most 64 letters)
    uint64_t ascii[128]
    uint64_t other_mask[64]
    Py_UCS4 other_char[64]
    int others
    Py_ssize_t m
    uint64_t last


cdef void _prepare(Pattern *p, str reading) noexcept:
    cdef Py_ssize_t i
    cdef int k
    cdef Py_UCS4 c
    p.m = PyUnicode_GET_LENGTH(reading)
    p.others = 0
    p.last = 0
    if p.m > 64:  # _distance takes the plain dynamic programming then
        return
    memset(p.ascii, 0, sizeof(p.ascii))
    for i in range(p.m):
        c = PyUnicode_READ_CHAR(reading, i)
        if c < 128:
            p.ascii[c] |= (<uint64_t>1) << i
        else:
            for k in range(p.others):
                if p.other_char[k] == c:
                    p.other_mask[k] |= (<uint64_t>1) << i
                    break
            else:
                p.other_char[p.others] = c
                p.other_mask[p.others] = (<uint64_t>1) << i
                p.others += 1
    p.last = (<uint64_t>1) << (p.m - 1) if p.m else 0


cdef Py_ssize_t _myers(const Pattern *p, int kind, void *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    # edit distance of the prepared reading (1 <= m <= 64) and text[start:end]
    cdef uint64_t eq, pv = ~(<uint64_t>0), mv = 0, xv, xh, ph, mh
    cdef Py_ssize_t dist = p.m, k
    cdef int i
    cdef Py_UCS4 c
    for k in range(start, end):
        c = PyUnicode_READ(kind, data, k)
        if c < 128:
            eq = p.ascii[c]
        else:
            eq = 0
            for i in range(p.others):
                if p.other_char[i] == c:
                    eq = p.other_mask[i]
                    break
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & p.last:
            dist += 1
        elif mh & p.last:
            dist -= 1
        ph = (ph << 1) | 1
        mh = mh << 1
        pv = mh | ~(xv | ph)
        mv = ph & xv
    return dist


cdef Py_ssize_t _dp_distance(str q, str text, Py_ssize_t start, Py_ssize_t n) except -1:
    # plain dynamic programming, for the rare reading longer than 64 letters
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(q), i, j, prev, cur, best
    cdef Py_UCS4 c
    cdef Py_ssize_t *row = <Py_ssize_t *>malloc((m + 1) * sizeof(Py_ssize_t))
    if row == NULL:
        raise MemoryError()
    for i in range(m + 1):
        row[i] = i
    for j in range(n):
        c = PyUnicode_READ_CHAR(text, start + j)
        prev = row[0]
        row[0] = j + 1
        for i in range(1, m + 1):
            cur = row[i]
            best = prev if PyUnicode_READ_CHAR(q, i - 1) == c else prev + 1
            if cur + 1 < best:
                best = cur + 1
            if row[i - 1] + 1 < best:
                best = row[i - 1] + 1
            row[i] = best
            prev = cur
    best = row[m]
    free(row)
    return best


cdef Py_ssize_t _distance(const Pattern *p, str q, str text, Py_ssize_t start, Py_ssize_t end) except -1:
    if p.m == 0:
        return end - start
    if p.m > 64:
        return _dp_distance(q, text, start, end - start)
    return _myers(p, PyUnicode_KIND(text), PyUnicode_DATA(text), start, end)


cdef inline double _similarity(Py_ssize_t dist, Py_ssize_t m, Py_ssize_t n) noexcept:
    # rapidfuzz's normalized_similarity, operation for operation, so that both give the same float
    cdef Py_ssize_t longest = m if m > n else n
    return 1.0 if longest == 0 else 1.0 - (<double>dist) / (<double>longest)


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
    cdef Pattern p
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(reading)
    cdef Py_ssize_t total = PyUnicode_GET_LENGTH(joined)
    cdef Py_ssize_t keep = -1 if limit is None else <Py_ssize_t>limit
    cdef int kind = PyUnicode_KIND(joined)
    cdef void *data = PyUnicode_DATA(joined)
    # at most one hit per entry, and there are at most total + 1 entries (all empty)
    cdef Hit *hits = <Hit *>malloc(((total + 1) if keep < 0 else (keep + 1)) * sizeof(Hit))
    cdef Py_ssize_t i, j, start = 0, n, longest, count = 0, entry = 0
    cdef double sim, bound
    if hits == NULL:
        raise MemoryError()
    _prepare(&p, reading)
    try:
        while start <= total:
            j = start
            while j < total and PyUnicode_READ(kind, data, j) != 32:  # " "
                j += 1
            n = j - start
            longest = m if m > n else n
            # the length difference bounds the similarity from above (the edit distance is
            # at least that): skip entries that could not be kept anyway
            if longest and keep != 0:
                bound = _similarity(longest - (n if m > n else m), m, n)
                if bound < cutoff or (keep > 0 and count == keep and bound <= hits[keep - 1].sim):
                    entry += 1
                    start = j + 1
                    continue
            sim = _similarity(_distance(&p, reading, joined, start, j), m, n)
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
        free(hits)


cdef bint _starts_with(str text, str prefix) noexcept:
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(prefix)
    if n > PyUnicode_GET_LENGTH(text):
        return False
    for i in range(n):
        if PyUnicode_READ_CHAR(text, i) != PyUnicode_READ_CHAR(prefix, i):
            return False
    return True


cdef Py_ssize_t _vowels_alike(str r, Py_UCS4 *out) noexcept:
    # similarity._vowels_alike: e, i, o, u -> a and j dropped, then each run of a's -> one a
    cdef Py_ssize_t i, n = 0
    cdef Py_UCS4 c
    for i in range(PyUnicode_GET_LENGTH(r)):
        c = PyUnicode_READ_CHAR(r, i)
        if c == 106:  # j
            continue
        if c == 101 or c == 105 or c == 111 or c == 117:  # e i o u
            c = 97
        if c == 97 and n and out[n - 1] == 97:
            continue
        out[n] = c
        n += 1
    return n


def readings_similarity(tuple qreadings, creadings, Py_ssize_t min_prefix, double truncation_sim,
                        double cost_weight, double vowel_penalty):
    """Best similarity of a query word's readings (``(reading, cost)`` pairs) to a word's
    readings, with the two readings that gave it: the loop of
    :func:`polon.matching.similarity.readings_similarity`, whose constants are passed in."""
    cdef Py_ssize_t nq = len(qreadings), i, lq, lc, a, b, k
    cdef Pattern *patterns = <Pattern *>malloc((nq + 1) * sizeof(Pattern))  # + 1: never malloc(0)
    cdef Py_UCS4 *va
    cdef Py_UCS4 *vb
    # best_letters: the plain letter similarity of the best pair, which the vowel-blind step reuses
    cdef double best = -1.0, best_letters = 0.0, sim, letters, qcost, ccost, trunc
    cdef str qr, cr
    cdef bint same
    bq, bc = "", ""
    if patterns == NULL:
        raise MemoryError()
    try:
        for i in range(nq):
            _prepare(&patterns[i], qreadings[i][0])
        for cr, ccost in creadings:
            lc = PyUnicode_GET_LENGTH(cr)
            for i in range(nq):
                qr = qreadings[i][0]
                qcost = qreadings[i][1]
                lq = patterns[i].m
                letters = _similarity(_distance(&patterns[i], qr, cr, 0, lc), lq, lc)
                sim = letters
                if lq <= lc:
                    if lq >= min_prefix and _starts_with(cr, qr):
                        trunc = truncation_sim - 0.01 * (lc - lq - 2 if lc - lq - 2 > 0 else 0)
                        if trunc > sim:
                            sim = trunc
                elif lc >= min_prefix and _starts_with(qr, cr):
                    trunc = truncation_sim - 0.01 * (lq - lc - 2 if lq - lc - 2 > 0 else 0)
                    if trunc > sim:
                        sim = trunc
                sim -= cost_weight * (qcost + ccost)
                if sim > best:
                    best, best_letters, bq, bc = sim, letters, qr, cr
        if best < 1.0 - vowel_penalty:
            a, b = PyUnicode_GET_LENGTH(bq), PyUnicode_GET_LENGTH(bc)
            va = <Py_UCS4 *>malloc((a + b + 2) * sizeof(Py_UCS4))
            if va == NULL:
                raise MemoryError()
            vb = va + a + 1
            a, b = _vowels_alike(bq, va), _vowels_alike(bc, vb)
            same = a == b and b >= 3
            k = 0
            while same and k < a:
                same = va[k] == vb[k]
                k += 1
            free(va)
            if same:
                # the Python code: max(best, 1.0 - VOWEL_ONLY_PENALTY - max(0.0, _lev(bq, bc) - best))
                letters = best_letters - best
                sim = 1.0 - vowel_penalty - (letters if letters > 0.0 else 0.0)
                if sim > best:
                    best = sim
    finally:
        free(patterns)
    return best, bq, bc


def completion_sims(list readings, pids, const int[:] flat, const long long[:] start, list vreading,
                    double cutoff):
    """For each person of ``pids``, the best similarity at or above ``cutoff`` of any of
    ``readings`` to the reading of any of its words (person ``p``'s vocabulary ids are
    ``flat[start[p]:start[p + 1]]``, word ``v``'s reading ``vreading[v]``), persons without one
    left out, in the order of ``pids``.  Same contract as
    :func:`polon.matching.index.completion_sims`."""
    cdef Py_ssize_t nr = len(readings), npids = len(pids), total = 0, size = 1, i, j, k, slot, s, e
    cdef long long *persons = <long long *>malloc((npids + 1) * sizeof(long long))
    cdef Pattern *patterns = <Pattern *>malloc((nr + 1) * sizeof(Pattern))
    cdef long long *keys = NULL
    cdef double *sims = NULL
    cdef long long pid, v
    cdef double sim, best, one
    cdef str cr
    out = {}
    if persons == NULL or patterns == NULL:
        free(persons); free(patterns)
        raise MemoryError()
    try:
        i = 0
        for p in pids:
            persons[i] = p
            total += start[persons[i] + 1] - start[persons[i]]
            i += 1
        npids = i
        while size < 2 * total + 2:
            size *= 2
        # an open-addressing table word id -> similarity: each word is compared once
        keys = <long long *>malloc(size * sizeof(long long))
        sims = <double *>malloc(size * sizeof(double))
        if keys == NULL or sims == NULL:
            raise MemoryError()
        for slot in range(size):
            keys[slot] = -1
        for i in range(nr):
            _prepare(&patterns[i], readings[i])
        for i in range(npids):
            pid = persons[i]
            s, e = start[pid], start[pid + 1]
            best = 0.0
            for k in range(s, e):
                v = flat[k]
                slot = (v * 2654435761) & (size - 1)
                while keys[slot] != -1 and keys[slot] != v:
                    slot = (slot + 1) & (size - 1)
                if keys[slot] == -1:
                    keys[slot] = v
                    cr = vreading[v]
                    sim = 0.0
                    for j in range(nr):
                        one = _similarity(_distance(&patterns[j], readings[j], cr, 0, PyUnicode_GET_LENGTH(cr)),
                                          patterns[j].m, PyUnicode_GET_LENGTH(cr))
                        if one >= cutoff and one > sim:
                            sim = one
                    sims[slot] = sim
                if sims[slot] > best:
                    best = sims[slot]
            if best:
                out[pid] = best
    finally:
        free(persons)
        free(patterns)
        free(keys)
        free(sims)
    return out
