# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Hot loops of a search in C, compiled by ``tools/build_native.py`` (Cython) next to the
mypyc modules and used only with them.  Each has its Python definition beside the code that
calls it, which is used without the build and gives the same result, to the last bit of every
similarity (``tests/native/test_kernels.py``):

* :func:`keep_best_in_bucket`, the cheap pass (:func:`polon.matching.index.keep_best_in_bucket`);
* :func:`readings_similarity`, a query word against a word's readings
  (:func:`polon.matching.similarity.readings_similarity`);
* :func:`completion_sims`, a query word against the words of persons that missed it
  (:func:`polon.matching.index.completion_sims`);
* :func:`person_name_score`, a person's name score from the query's word similarities
  (:meth:`polon.matching.index.NameIndex._name_score`);
* :func:`decode_spellings`, the learned channel's beam search
  (:func:`polon.matching.channel.python_cyrillic_spellings`);
* :func:`tidy`, the clean-up of every reading (:func:`polon.matching.phonetic.python_tidy`).

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
from libc.math cimport pow
from libc.string cimport memchr, memset
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.ref cimport PyObject

cdef extern from "Python.h":
    # the same macros on a borrowed reference, so that reading a word's reading takes no
    # reference count (a write to every string object touched)
    Py_ssize_t _borrowed_length "PyUnicode_GET_LENGTH"(PyObject *o)
    int _borrowed_kind "PyUnicode_KIND"(PyObject *o)
    void *_borrowed_data "PyUnicode_DATA"(PyObject *o)

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
    # a query reading prepared for Myers' algorithm (at most 64 letters): the match mask of
    # each letter below 256 by table, so that a one-byte text needs no search of ``other_char``
    uint64_t low[256]
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
    memset(p.low, 0, sizeof(p.low))
    for i in range(p.m):
        c = PyUnicode_READ_CHAR(reading, i)
        if c < 256:
            p.low[c] |= (<uint64_t>1) << i
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


cdef inline Py_ssize_t _myers_bytes(const Pattern *p, const unsigned char *s, Py_ssize_t n) noexcept nogil:
    # _myers for one-byte (Latin-1) text, nearly every reading: a table lookup per letter and
    # no branches, since the cheap pass runs this on some 10,000 readings per query word
    cdef uint64_t eq, pv = ~(<uint64_t>0), mv = 0, xv, xh, ph, mh, last = p.last
    cdef Py_ssize_t dist = p.m, k
    for k in range(n):
        eq = p.low[s[k]]
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        dist += <Py_ssize_t>((ph & last) != 0) - <Py_ssize_t>((mh & last) != 0)
        ph = (ph << 1) | 1
        mh = mh << 1
        pv = mh | ~(xv | ph)
        mv = ph & xv
    return dist


cdef inline Py_ssize_t _myers(const Pattern *p, int kind, void *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    # edit distance of the prepared reading (1 <= m <= 64) and text[start:end]
    if kind == 1:
        return _myers_bytes(p, <const unsigned char *>data + start, end - start)
    return _myers_wide(p, kind, data, start, end)


cdef Py_ssize_t _myers_wide(const Pattern *p, int kind, void *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    # _myers for two- and four-byte text, where a letter may lie outside the 256-entry table
    cdef uint64_t eq, pv = ~(<uint64_t>0), mv = 0, xv, xh, ph, mh
    cdef Py_ssize_t dist = p.m, k
    cdef int i
    cdef Py_UCS4 c
    for k in range(start, end):
        c = PyUnicode_READ(kind, data, k)
        if c < 256:
            eq = p.low[c]
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


cdef inline Py_ssize_t _distance(const Pattern *p, str q, str text, Py_ssize_t start, Py_ssize_t end) except -1:
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
    cdef const unsigned char *text = <const unsigned char *>data
    cdef const void *space
    cdef Py_ssize_t i, j, start = 0, n, longest, gap, dist, count = 0, entry = 0
    cdef double sim
    # the largest distance per letter of the longer reading that still reaches the cutoff, and
    # (once ``keep`` hits are held) that still beats the worst of them
    cdef double room_cut = 1.0 - cutoff, room_kept = 0.0
    # the reading fits one machine word, as nearly all do: Myers's algorithm straight on the
    # buffer, without _distance's tests per entry
    cdef bint plain = 0 < m <= 64
    if hits == NULL:
        raise MemoryError()
    _prepare(&p, reading)
    try:
        while start <= total:
            if kind == 1:  # nearly every bucket: readings are Latin
                space = memchr(text + start, 32, total - start)  # " "
                j = (<const unsigned char *>space - text) if space != NULL else total
            else:
                j = start
                while j < total and PyUnicode_READ(kind, data, j) != 32:
                    j += 1
            n = j - start
            longest = m if m > n else n
            # The length gap bounds the edit distance from below, so it rules out most entries
            # before any is compared; both tests compare distances with the room they leave,
            # not similarities (a division per entry was a fifth of this loop), with a margin
            # so that they reject only entries the exact tests below would reject too.
            if longest and keep != 0:
                gap = longest - (n if m > n else m)
                if gap > room_cut * longest + 1e-9 or (count == keep and gap >= room_kept * longest + 1e-9):
                    entry += 1
                    start = j + 1
                    continue
            if plain:
                dist = _myers(&p, kind, data, start, j)
            else:
                dist = _distance(&p, reading, joined, start, j)
            if dist <= room_cut * longest + 1e-9 and not (count == keep and dist >= room_kept * longest + 1e-9):
                sim = _similarity(dist, m, n)
                if sim >= cutoff:
                    if keep < 0:
                        hits[count].sim = sim
                        hits[count].index = entry
                        count += 1
                    elif keep > 0:
                        count = _insert(hits, count, keep, sim, entry)
                        if count == keep:
                            room_kept = 1.0 - hits[keep - 1].sim
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
    :func:`polon.matching.index.completion_sims`.

    Done in passes: each person's words, each word's reading and that reading's letters lie far
    apart in a large index, and loading them a person at a time waited on memory at every step
    (three quarters of the time at 1M); a pass that only loads lets the processor fetch many at
    once (a quarter to a third less time per call on the dev queries at 1M)."""
    cdef Py_ssize_t nr = len(readings), npids = len(pids), total = 0, size = 1, nwords = 0
    cdef Py_ssize_t i, j, k, slot, s, e, n, m
    cdef long long *persons = <long long *>malloc((npids + 1) * sizeof(long long))
    cdef long long *spans = <long long *>malloc((2 * npids + 2) * sizeof(long long))
    cdef Pattern *patterns = <Pattern *>malloc((nr + 1) * sizeof(Pattern))
    cdef long long *vids = NULL
    cdef long long *keys = NULL
    cdef Py_ssize_t *word_of = NULL  # per entry of vids: its distinct word
    cdef long long *words = NULL  # distinct words, in order of first use
    cdef PyObject **texts = NULL
    cdef double *sims = NULL
    cdef long long v
    cdef double sim, best, one
    cdef int kind
    cdef void *data
    cdef Py_ssize_t nvocab = PyList_GET_SIZE(vreading)
    out = {}
    if persons == NULL or spans == NULL or patterns == NULL:
        free(persons); free(spans); free(patterns)
        raise MemoryError()
    try:
        i = 0
        for p in pids:
            persons[i] = p
            i += 1
        npids = i
        for i in range(npids):  # loads only
            spans[2 * i] = start[persons[i]]
            spans[2 * i + 1] = start[persons[i] + 1]
        for i in range(npids):
            total += spans[2 * i + 1] - spans[2 * i]
        while size < 2 * total + 2:
            size *= 2
        vids = <long long *>malloc((total + 1) * sizeof(long long))
        word_of = <Py_ssize_t *>malloc((total + 1) * sizeof(Py_ssize_t))
        words = <long long *>malloc((total + 1) * sizeof(long long))
        keys = <long long *>malloc(size * sizeof(long long))
        if vids == NULL or word_of == NULL or words == NULL or keys == NULL:
            raise MemoryError()
        k = 0
        for i in range(npids):  # loads only
            for j in range(spans[2 * i], spans[2 * i + 1]):
                vids[k] = flat[j]
                k += 1
        # an open-addressing table word id -> distinct word: each word is compared once
        for slot in range(size):
            keys[slot] = -1
        for k in range(total):
            v = vids[k]
            slot = (v * 2654435761) & (size - 1)
            while keys[slot] != -1 and words[keys[slot]] != v:
                slot = (slot + 1) & (size - 1)
            if keys[slot] == -1:
                keys[slot] = nwords
                words[nwords] = v
                nwords += 1
            word_of[k] = keys[slot]
        texts = <PyObject **>malloc((nwords + 1) * sizeof(PyObject *))
        sims = <double *>malloc((nwords + 1) * sizeof(double))
        if texts == NULL or sims == NULL:
            raise MemoryError()
        for j in range(nwords):  # loads only; vreading holds the references
            if words[j] < 0 or words[j] >= nvocab:
                raise IndexError("vocabulary id out of range")
            texts[j] = PyList_GET_ITEM(vreading, words[j])
        for i in range(nr):
            _prepare(&patterns[i], readings[i])
        for j in range(nwords):
            n = _borrowed_length(texts[j])
            kind = _borrowed_kind(texts[j])
            data = _borrowed_data(texts[j])
            sim = 0.0
            for i in range(nr):
                m = patterns[i].m
                if m == 0:
                    one = _similarity(n, m, n)
                elif m > 64:
                    one = _similarity(_dp_distance(readings[i], <str><object>texts[j], 0, n), m, n)
                else:
                    one = _similarity(_myers(&patterns[i], kind, data, 0, n), m, n)
                if one >= cutoff and one > sim:
                    sim = one
            sims[j] = sim
        k = 0
        for i in range(npids):
            best = 0.0
            for j in range(spans[2 * i], spans[2 * i + 1]):
                if sims[word_of[k]] > best:
                    best = sims[word_of[k]]
                k += 1
            if best:
                out[persons[i]] = best
    finally:
        free(persons)
        free(spans)
        free(patterns)
        free(vids)
        free(word_of)
        free(words)
        free(keys)
        free(texts)
        free(sims)
    return out


# --- the learned spelling channel's decoder (polon.matching.channel) ------------------------

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)

cdef enum:
    _UCS4_KIND = 4

ctypedef struct Hyp:
    # a hypothesis of the beam search: log-probability, last graphone, spelling so far
    double lp
    int g
    Py_ssize_t length
    uint64_t hash  # FNV-1a of the spelling, to find an equal one quickly
    Py_UCS4 *out


cdef inline uint64_t _fnv(uint64_t h, Py_UCS4 c) noexcept:
    return (h ^ <uint64_t>c) * 1099511628211ULL


cdef inline Py_ssize_t _slot_of(uint64_t h, int g, Py_ssize_t mask) noexcept:
    return <Py_ssize_t>((h ^ (<uint64_t>g * 0x9E3779B97F4A7C15ULL)) >> 17) & mask


cdef inline Py_ssize_t _bigram_slot(long long key, Py_ssize_t mask) noexcept:
    return <Py_ssize_t>((<uint64_t>key * 0x9E3779B97F4A7C15ULL) >> 20) & mask


cdef class ChannelTables:
    """The graphone bigram model of :class:`polon.matching.channel._Model` as C arrays: graphone
    ``g``'s unigram log-probability ``uni[g]``, back-off weight ``alpha[g]`` as a history (0 if
    never one), the bigrams seen (an open-addressing table keyed by ``h * G + g``), each Latin
    chunk's options and each graphone's Cyrillic letters."""

    cdef double *uni
    cdef double *alpha
    cdef long long *bkeys
    cdef double *bvals
    cdef Py_ssize_t bmask
    cdef long long count
    cdef Py_UCS4 *pieces  # per graphone, its (at most max_piece) Cyrillic letters
    cdef int *piece_len
    cdef int max_piece
    cdef int beam
    cdef int max_options
    cdef double unknown_letter
    cdef dict options  # Latin chunk -> tuple of graphone numbers

    def __cinit__(self):
        self.uni = self.alpha = self.bvals = NULL
        self.bkeys = NULL
        self.pieces = NULL
        self.piece_len = NULL

    def __init__(self, list pieces, list uni, list alpha, dict bigrams, dict options, int beam,
                 double unknown_letter):
        """``pieces[g]``: graphone ``g``'s Cyrillic letters; ``uni[g]``, ``alpha[g]`` as above;
        ``bigrams``: ``(h, g) -> log P(g | h)`` for the pairs seen; ``options``: Latin chunk ->
        graphone numbers, likeliest first."""
        cdef Py_ssize_t n = len(pieces), i, size = 16, slot
        cdef long long key
        if not 1 <= beam <= 64:
            raise ValueError(f"beam {beam} outside 1..64")
        self.count = n
        self.beam = beam
        self.unknown_letter = unknown_letter
        self.options = options
        self.max_options = max([len(o) for o in options.values()] or [0])
        self.max_piece = max([len(p) for p in pieces] or [0]) or 1
        self.uni = <double *>malloc(n * sizeof(double))
        self.alpha = <double *>malloc(n * sizeof(double))
        self.pieces = <Py_UCS4 *>malloc(n * self.max_piece * sizeof(Py_UCS4))
        self.piece_len = <int *>malloc(n * sizeof(int))
        while size < 2 * len(bigrams):
            size *= 2
        self.bmask = size - 1
        self.bkeys = <long long *>malloc(size * sizeof(long long))
        self.bvals = <double *>malloc(size * sizeof(double))
        if not (self.uni and self.alpha and self.pieces and self.piece_len and self.bkeys and self.bvals):
            raise MemoryError()
        for i in range(n):
            self.uni[i] = uni[i]
            self.alpha[i] = alpha[i]
            self.piece_len[i] = len(pieces[i])
            for slot in range(self.piece_len[i]):
                self.pieces[i * self.max_piece + slot] = ord(pieces[i][slot])
        for i in range(size):
            self.bkeys[i] = -1
        for (h, g), lp in bigrams.items():
            key = <long long>h * n + <long long>g
            slot = _bigram_slot(key, self.bmask)
            while self.bkeys[slot] != -1 and self.bkeys[slot] != key:
                slot = (slot + 1) & self.bmask
            self.bkeys[slot] = key
            self.bvals[slot] = lp

    def __dealloc__(self):
        free(self.uni)
        free(self.alpha)
        free(self.bkeys)
        free(self.bvals)
        free(self.pieces)
        free(self.piece_len)

    cdef inline bint bigram(self, int h, int g, double *lp) noexcept:
        cdef long long key = <long long>h * self.count + <long long>g
        cdef Py_ssize_t slot = _bigram_slot(key, self.bmask)
        while self.bkeys[slot] != -1:
            if self.bkeys[slot] == key:
                lp[0] = self.bvals[slot]
                return True
            slot = (slot + 1) & self.bmask
        return False


cdef struct Beams:
    # hypotheses at four consecutive Latin positions (a chunk is at most three letters long),
    # position i in ring slot i % 4; each slot's hypotheses in insertion order, with a small
    # open-addressing table (g, spelling) -> hypothesis for merging equal ones
    Hyp *hyps
    Py_UCS4 *text
    int *table
    Py_ssize_t count[4]
    Py_ssize_t cap
    Py_ssize_t width  # letters a spelling may have
    Py_ssize_t tsize


cdef int _add(Beams *b, int slot, const Hyp *parent, int g, const Py_UCS4 *piece, int plen,
              double lp) noexcept:
    """Keep (parent's spelling + piece, g) at ``lp`` in ring slot ``slot`` unless an equal
    hypothesis there is at least as likely: what ``if s > nxt.get(key, -1e9): nxt[key] = s`` does."""
    cdef uint64_t h = parent.hash
    cdef Py_ssize_t length = parent.length + plen, k, mask = b.tsize - 1, t
    cdef Hyp *e
    cdef int j
    for j in range(plen):
        h = _fnv(h, piece[j])
    t = _slot_of(h, g, mask)
    cdef int *table = b.table + slot * b.tsize
    while table[t]:
        e = b.hyps + slot * b.cap + (table[t] - 1)
        if e.g == g and e.hash == h and e.length == length:
            for k in range(parent.length):
                if e.out[k] != parent.out[k]:
                    break
            else:
                for j in range(plen):
                    if e.out[parent.length + j] != piece[j]:
                        break
                else:
                    if lp > e.lp:
                        e.lp = lp
                    return 0
        t = (t + 1) & mask
    if not lp > -1e9 or b.count[slot] >= b.cap:
        return 0
    k = b.count[slot]
    e = b.hyps + slot * b.cap + k
    e.lp = lp
    e.g = g
    e.length = length
    e.hash = h
    e.out = b.text + (slot * b.cap + k) * b.width
    for j in range(parent.length):
        e.out[j] = parent.out[j]
    for j in range(plen):
        e.out[parent.length + j] = piece[j]
    table[t] = <int>(k + 1)
    b.count[slot] = k + 1
    return 0


cdef Py_ssize_t _select(const Hyp *hyps, Py_ssize_t n, Py_ssize_t beam, Py_ssize_t *chosen,
                        bint sort_all) noexcept:
    """The ``beam`` likeliest of ``hyps``, likeliest first and ties in insertion order: what
    ``heapq.nlargest(beam, ..., key=score)`` returns.  Without ``sort_all``, all of them in
    insertion order if there are no more than ``beam`` (as the decoder's Python loop takes them)."""
    cdef Py_ssize_t i, j, m = 0
    if n <= beam and not sort_all:
        for i in range(n):
            chosen[i] = i
        return n
    for i in range(n):
        # insertion into the sorted chosen[:m]; a later equal score goes after the earlier
        j = m
        while j > 0 and hyps[chosen[j - 1]].lp < hyps[i].lp:
            if j < beam:
                chosen[j] = chosen[j - 1]
            j -= 1
        if j < beam:
            chosen[j] = i
            if m < beam:
                m += 1
    return m


def decode_spellings(ChannelTables tables, str latin, Py_ssize_t k):
    """The compiled :func:`polon.matching.channel.python_cyrillic_spellings`: the ``k`` most
    probable Cyrillic spellings of ``latin`` with their log-probabilities relative to the best."""
    cdef str x = "^" + latin + "$"
    cdef Py_ssize_t n = len(x), i, a, c, s, m, slot, nsel, cap
    cdef Beams b
    cdef Hyp start
    cdef Hyp *hyp
    cdef Hyp *hyps
    cdef Py_ssize_t chosen[64]  # (ChannelTables refuses a wider beam)
    cdef double glp, lp
    cdef bint extended
    cdef tuple opts
    cdef int g, h
    cdef int beam = tables.beam
    cap = 3 * beam * tables.max_options + beam
    b.cap = cap
    b.width = tables.max_piece * n + 1
    b.tsize = 16
    while b.tsize < 2 * cap:
        b.tsize *= 2
    b.hyps = <Hyp *>malloc(4 * cap * sizeof(Hyp))
    b.text = <Py_UCS4 *>malloc(4 * cap * b.width * sizeof(Py_UCS4))
    b.table = <int *>malloc(4 * b.tsize * sizeof(int))
    if not (b.hyps and b.text and b.table):
        free(b.hyps)
        free(b.text)
        free(b.table)
        raise MemoryError()
    try:
        memset(b.table, 0, 4 * b.tsize * sizeof(int))
        for slot in range(4):
            b.count[slot] = 0
        start.lp = 0.0
        start.g = 0  # graphone 0 is the start of a word
        start.length = 0
        start.hash = 14695981039346656037ULL
        start.out = NULL
        _add(&b, 0, &start, 0, NULL, 0, 0.0)
        for i in range(n):
            slot = i & 3
            hyps = b.hyps + slot * cap
            m = b.count[slot]
            if m:
                nsel = _select(hyps, m, beam, chosen, False)
                extended = False
                for a in range(1, 4):
                    if i + a > n:
                        break
                    opts = tables.options.get(x[i:i + a])
                    if not opts:
                        continue
                    extended = True
                    for s in range(nsel):
                        hyp = hyps + chosen[s]
                        h = hyp.g
                        lp = hyp.lp
                        for c in range(len(opts)):
                            g = opts[c]
                            if tables.bigram(h, g, &glp):
                                glp = lp + glp
                            else:
                                glp = (lp + tables.alpha[h]) + tables.uni[g]
                            _add(&b, (i + a) & 3, hyp, g, tables.pieces + g * tables.max_piece,
                                 tables.piece_len[g], glp)
                if not extended:  # a letter the model never saw: skip it, at a cost
                    for s in range(nsel):
                        hyp = hyps + chosen[s]
                        _add(&b, (i + 1) & 3, hyp, hyp.g, NULL, 0, hyp.lp + tables.unknown_letter)
            # this slot now takes position i + 4
            b.count[slot] = 0
            memset(b.table + slot * b.tsize, 0, b.tsize * sizeof(int))
        return _best_spellings(&b, n & 3, k)
    finally:
        free(b.hyps)
        free(b.text)
        free(b.table)


cdef tuple _best_spellings(Beams *b, int slot, Py_ssize_t k):
    # the best log-probability per distinct spelling, in order of first appearance, then the
    # k best of those (ties in that order), relative to the best; the empty spelling left out
    cdef Hyp *hyps = b.hyps + slot * b.cap
    cdef Py_ssize_t m = b.count[slot]
    cdef Py_ssize_t *distinct = <Py_ssize_t *>malloc((2 * m + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t *chosen = distinct + m
    cdef Hyp *ranked = <Hyp *>malloc((m + 1) * sizeof(Hyp))
    if not (distinct and ranked):
        free(distinct)
        free(ranked)
        raise MemoryError()
    try:
        return _rank_spellings(hyps, m, k, distinct, chosen, ranked)
    finally:
        free(distinct)
        free(ranked)


cdef tuple _rank_spellings(Hyp *hyps, Py_ssize_t m, Py_ssize_t k, Py_ssize_t *distinct,
                           Py_ssize_t *chosen, Hyp *ranked):
    cdef Py_ssize_t i, j, u = 0, t
    cdef Hyp *e
    cdef Hyp *f
    for i in range(m):
        e = hyps + i
        for j in range(u):
            f = hyps + distinct[j]
            if f.hash == e.hash and f.length == e.length:
                for t in range(e.length):
                    if f.out[t] != e.out[t]:
                        break
                else:
                    if e.lp > ranked[j].lp:
                        ranked[j].lp = e.lp
                    break
        else:
            if e.lp > -1e9:
                distinct[u] = i
                ranked[u] = e[0]
                u += 1
    if k > u:
        k = u
    cdef Py_ssize_t top = _select(ranked, u, k, chosen, True)
    if not top:
        return ()
    cdef double first = ranked[chosen[0]].lp
    out = []
    for j in range(top):
        e = ranked + chosen[j]
        if e.length:
            out.append((PyUnicode_FromKindAndData(_UCS4_KIND, e.out, e.length), e.lp - first))
    return tuple(out)


# --- a person's name score (polon.matching.index.NameIndex._name_score) ---------------------

ctypedef struct Cell:
    double sim
    int i  # query word
    int j  # the person's word


cdef Py_ssize_t _by_sim_stable(Cell *cells, Py_ssize_t n) noexcept:
    # most similar first, ties in (query word, word) order: sorted(..., key=-sim) on a dict
    # filled in that order; insertion sort, as there are a few dozen cells at most
    cdef Py_ssize_t a, b
    cdef Cell c
    for a in range(1, n):
        c = cells[a]
        b = a
        while b > 0 and cells[b - 1].sim < c.sim:
            cells[b] = cells[b - 1]
            b -= 1
        cells[b] = c
    return n


def person_name_score(tuple spellings, list qwords, dict memo, similarity, list weights,
                      double extra_word_factor):
    """The best name score over a person's ``spellings`` (each a tuple of vocabulary ids): the
    greedy best-first pairing of :func:`polon.matching.similarity.best_pairs` and the weighted
    mean of :func:`polon.matching.similarity.aligned_name_score`; -1 if no spelling has words.
    Similarities come from ``memo`` (``(query word, vocabulary id)`` -> (similarity, readings)),
    and those missing from ``similarity(query word, vocabulary id)``, kept in ``memo``."""
    cdef Py_ssize_t nq = len(qwords), nc, i, j, n, used_i, used_j
    cdef double best = -1.0, got, total = 0.0, score, w
    cdef int matched
    cdef tuple nvids
    cdef Cell *cells
    cdef char *taken
    cdef double *pair_sim
    for w in weights:
        total += w
    for nvids in spellings:
        nc = len(nvids)
        if not nc:
            continue
        cells = <Cell *>malloc(nq * nc * sizeof(Cell) + nq * sizeof(double) + (nq + nc))
        if not cells:
            raise MemoryError()
        pair_sim = <double *>(cells + nq * nc)
        taken = <char *>(pair_sim + nq)
        try:
            n = 0
            for i in range(nq):
                q = qwords[i]
                for j in range(nc):
                    v = nvids[j]
                    key = (i, v)
                    ws = memo.get(key)
                    if ws is None:
                        ws = similarity(q, v)
                        memo[key] = ws
                    cells[n].sim = (<tuple>ws)[0]
                    cells[n].i = <int>i
                    cells[n].j = <int>j
                    n += 1
            _by_sim_stable(cells, n)
            memset(taken, 0, nq + nc)
            matched = 0
            for n in range(nq * nc):
                if cells[n].sim <= 0:
                    break
                used_i = cells[n].i
                used_j = nq + cells[n].j
                if taken[used_i] or taken[used_j]:
                    continue
                taken[used_i] = taken[used_j] = 1
                pair_sim[used_i] = cells[n].sim
                matched += 1
            got = 0.0
            for i in range(nq):
                if taken[i]:
                    got += <double>weights[i] * pair_sim[i]
            score = got / total if total else 0.0
            if nc > matched:
                score *= pow(extra_word_factor, <double>(nc - matched))
            if score > best:
                best = score
        finally:
            free(cells)
    return best


# --- the shared clean-up of a reading (polon.matching.phonetic) -----------------------------

cdef inline bint _is_vowel(Py_UCS4 c) noexcept:  # [aeiou]
    return c == 97 or c == 101 or c == 105 or c == 111 or c == 117


cdef inline bint _is_aeou(Py_UCS4 c) noexcept:  # [aeou]
    return c == 97 or c == 101 or c == 111 or c == 117


cdef Py_ssize_t _collapse_runs(Py_UCS4 *s, Py_ssize_t n) noexcept:
    # (.)\1+ -> \1, in place
    cdef Py_ssize_t i, k = 0
    for i in range(n):
        if k == 0 or s[i] != s[k - 1]:
            s[k] = s[i]
            k += 1
    return k


cdef Py_ssize_t _pair_to_i(Py_UCS4 *s, Py_ssize_t n, Py_UCS4 first, Py_UCS4 second) noexcept:
    # str.replace(first + second, "i"), left to right without overlaps, in place
    cdef Py_ssize_t i = 0, k = 0
    while i < n:
        if i + 1 < n and s[i] == first and s[i + 1] == second:
            s[k] = 105  # i
            i += 2
        else:
            s[k] = s[i]
            i += 1
        k += 1
    return k


def tidy(str p):
    """:func:`polon.matching.phonetic.python_tidy` (its regular expressions, one pass each here):
    a Latin word's dozen candidate readings are tidied as it is read, and the regular
    expressions took half the time of preparing a query word."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(p), i, k, start
    cdef Py_UCS4 *s = <Py_UCS4 *>malloc((n + 1) * sizeof(Py_UCS4))  # + 1: never malloc(0)
    cdef Py_UCS4 *t = <Py_UCS4 *>malloc((n + 1) * sizeof(Py_UCS4))
    try:
        if s == NULL or t == NULL:
            raise MemoryError()
        for i in range(n):
            s[i] = PyUnicode_READ_CHAR(p, i)
        n = _collapse_runs(s, n)  # doubled letters; so no "jj" is left for the replace("jj", "j")
        n = _pair_to_i(s, n, 106, 105)  # ji -> i
        n = _pair_to_i(s, n, 105, 106)  # ij -> i
        for i in range(n):  # i(?=[aeou]) -> j
            t[i] = 106 if s[i] == 105 and i + 1 < n and _is_aeou(s[i + 1]) else s[i]
        for i in range(n):  # (?<=[aeiou])j(?=$|[^aeiou]) -> i, lookarounds on t
            s[i] = 105 if (t[i] == 106 and i > 0 and _is_vowel(t[i - 1])
                           and (i + 1 == n or not _is_vowel(t[i + 1]))) else t[i]
        # ^j(?=[ei]) -> "": the string now starts at ``start``
        start = 1 if n > 1 and s[0] == 106 and (s[1] == 101 or s[1] == 105) else 0
        i, k = start, 0
        while i < n:  # (?<=[aeiou])je -> e, into t
            if i > start and i + 1 < n and s[i] == 106 and s[i + 1] == 101 and _is_vowel(s[i - 1]):
                t[k] = 101
                i += 2
            else:
                t[k] = s[i]
                i += 1
            k += 1
        n = _collapse_runs(t, k)
        return PyUnicode_FromKindAndData(_UCS4_KIND, t, n)
    finally:
        free(s)
        free(t)
