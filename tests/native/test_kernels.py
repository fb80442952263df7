"""The compiled cheap pass (polon/matching/_kernels.pyx) gives exactly what its Python definition,
polon.matching.index.keep_best_in_bucket (rapidfuzz), gives: the same entries, similarities to
the last bit, in the same order."""

import random

import pytest

from polon import _native
from polon.matching import NameIndex, channel, index
from polon.matching.similarity import EXTRA_WORD_FACTOR, aligned_name_score
from polon.matching.words import name_words

pytestmark = pytest.mark.skipif(_native.status() != _native.COMPILED_STATUS,
                                reason=f"no current native build: {_native.status()}")


def both(reading, entries, ids, limit, cutoff):
    from polon.matching._kernels import keep_best_in_bucket as compiled

    joined = " ".join(entries)
    want, got = {}, {}
    index.keep_best_in_bucket(reading, joined, ids, want, limit, cutoff)
    compiled(reading, joined, ids, got, limit, cutoff)
    return list(want.items()), list(got.items())


def test_real_readings_of_a_bucket():
    # phonetic readings as the index keeps them: Cyrillic vocabulary against Latin queries
    vocabulary = ["Ахмедьяров", "Ахмедов", "Ахметьянов", "Ахмадиев", "Катыренов", "Бегалимов", "Лукпан",
                  "Лукьян", "Хасэгава", "Турсунов", "Тұрсынов", "Щербаков", "Ёлкин", "Ахмед"]
    reads = [name_words(v)[0].readings[0][0] for v in vocabulary]
    ids = list(range(500, 500 + len(reads)))
    for query in ["Achmedjar", "Akhmediarov", "Lupan", "Schtscherbakow", "Tursunov", "Jolkin", "A"]:
        for reading, _cost in name_words(query)[0].readings:
            for limit in (None, 1, 3):
                want, got = both(reading, reads, ids, limit, 0.4)
                assert got == want, (query, reading, limit)
    want, got = both(name_words("Achmedjar")[0].readings[0][0], reads, ids, None, 0.4)
    assert want and want[0][0] == 500  # Ахмедьяров is the best entry, and it is found


def test_random_strings_edge_cases_included():
    rnd = random.Random(11)
    alphabet = "akstoeuSZCüжʼ"  # ASCII, Latin-1, Cyrillic and a modifier letter
    for _ in range(5000):
        reading = "".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 2, 5, 9, 63, 64, 65, 90])))
        entries = ["".join(rnd.choice(alphabet[:rnd.randint(2, len(alphabet))])
                           for _ in range(rnd.choice([0, 1, 3, 6, 12, 64, 70])))
                   for _ in range(rnd.randint(1, 60))]
        ids = rnd.sample(range(10_000), len(entries))
        ids[-1] = ids[0]  # one id under two entries: its better similarity wins
        limit, cutoff = rnd.choice([None, 1, 7, 25]), rnd.choice([0.0, 0.3, 0.4, 0.5, 1.0])
        want, got = both(reading, entries, ids, limit, cutoff)
        assert got == want, (reading, entries, limit, cutoff)


def test_random_one_byte_buckets():
    # Latin-1 buckets take the compiled scan's byte path; the query reading may still hold
    # letters no entry can (Cyrillic, a modifier letter), and many entries tie or sit exactly
    # at the cutoff or at the worst similarity kept
    rnd = random.Random(12)
    latin1, others = "akstoeuSZCüé", "жʼ"
    for _ in range(5000):
        reading = "".join(rnd.choice(latin1 + others) for _ in range(rnd.choice([1, 2, 3, 5, 8, 10, 64])))
        entries = ["".join(rnd.choice(latin1[:rnd.randint(2, len(latin1))])
                           for _ in range(rnd.choice([0, 1, 2, 4, 5, 8, 10, 20, 64])))
                   for _ in range(rnd.randint(1, 80))]
        ids = rnd.sample(range(10_000), len(entries))
        limit, cutoff = rnd.choice([None, 0, 1, 3, 7, 25]), rnd.choice([0.0, 0.2, 0.4, 0.5, 0.6, 0.75, 1.0])
        assert all(ord(c) < 256 for c in " ".join(entries))
        want, got = both(reading, entries, ids, limit, cutoff)
        assert got == want, (reading, entries, limit, cutoff)


def test_ties_keep_the_earlier_entry_and_the_cutoff_is_inclusive():
    # "ak" against "akaaa" is exactly 0.4: rapidfuzz's own cutoff would drop it
    want, got = both("ak", ["akaaa", "ka", "akt", "akt", "zzzzzz"], [1, 2, 3, 4, 5], 2, 0.4)
    assert got == want == [(3, pytest.approx(2 / 3)), (4, pytest.approx(2 / 3))]
    want, got = both("ak", ["akaaa", "zzzzzz"], [1, 2], None, 0.4)
    assert got == want == [(1, 0.4)]


def readings_both(q, creadings):
    from polon.matching._kernels import readings_similarity as compiled

    from polon.matching import similarity as s

    got = compiled(q.readings, creadings, s.MIN_PREFIX, s.TRUNCATION_SIM, s.READING_COST_WEIGHT,
                   s.VOWEL_ONLY_PENALTY)
    return s.python_readings_similarity(q, creadings), got


def test_word_similarity_of_real_names_in_both_scripts():
    queries = ["Achmedjar", "Akhmediarov", "Lupan", "Schtscherbakow", "Chtcherbakov", "Tursunov", "Jolkin",
               "Whiteside", "Renault", "Horinouchi", "Boruguluulu", "Ахмедьяров", "Begalimow", "David"]
    words = ["Ахмедьяров", "Лукпан", "Щербаков", "Турсунов", "Ёлкин", "Уайтсайд", "Рено", "Хориноути",
             "Борукул", "уулу", "Бегалимов", "Дэвид", "Lukpan", "Akhmedyarov", "Ахмедьяровна"]
    for query in queries:
        q = name_words(query)[0]
        for word in words:
            c = name_words(word)[0]
            for creadings in (c.readings[:2], ((c.readings[0][0], 0.0),), ()):
                want, got = readings_both(q, creadings)
                assert got == want, (query, word, creadings)
                assert type(got[0]) is float and got[1] is want[1] and got[2] is want[2]
    want, _ = readings_both(name_words("Achmedjar")[0], name_words("Ахмедьяров")[0].readings)
    assert want[0] > 0.8  # the German spelling without its suffix is close


def test_word_similarity_random_readings():
    from polon.matching.words import Word

    rnd = random.Random(5)
    alphabet = "aeioujkstSZCüж"  # vowels and j (the vowel-blind comparison), non-ASCII letters
    def reading():
        return "".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 3, 4, 5, 6, 8, 11, 64, 66])))
    for _ in range(20000):
        qreadings = tuple((reading(), rnd.choice([0.0, 0.0, 0.5, 1.3])) for _ in range(rnd.randint(1, 6)))
        creadings = tuple((reading(), rnd.choice([0.0, 0.7])) for _ in range(rnd.randint(0, 2)))
        if rnd.random() < 0.3:  # a truncation: one reading the other's prefix
            base = qreadings[0][0] + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
            creadings = ((base, 0.0), *creadings[1:])
        q = Word("x", "X", qreadings)
        want, got = readings_both(q, creadings)
        assert got == want, (qreadings, creadings)


def test_completion_sims_of_random_persons():
    from array import array

    from polon.matching._kernels import completion_sims as compiled

    rnd = random.Random(3)
    alphabet = "akstoeuSZCüж"  # readings of one byte (ASCII, Latin-1) and of two
    vreading = ["".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 2, 4, 6, 9, 70]))) for _ in range(400)]
    flat, start = array("i"), array("q", (0,))
    for _ in range(3000):  # persons of 1-4 distinct words, some shared by many
        flat.extend(rnd.sample(range(len(vreading)), rnd.randint(1, 4)))
        start.append(len(flat))
    for _ in range(500):
        readings = ["".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 3, 5, 8, 64, 66])))
                    for _ in range(rnd.randint(1, 3))]
        pids = set(rnd.sample(range(3000), rnd.randint(0, 300)))
        cutoff = rnd.choice([0.0, 0.3, 0.5])
        want = index.completion_sims(readings, pids, flat, start, vreading, cutoff)
        got = compiled(readings, pids, flat, start, vreading, cutoff)
        assert list(got.items()) == list(want.items())


def test_completion_sims_finds_the_person_whose_other_word_was_not_a_candidate():
    # "Lama Horinōchi": Хориноти is among the words of the Лама persons only
    from array import array

    from polon.matching._kernels import completion_sims as compiled

    words = ["Лама", "Хориноти", "Иванов", "Хорин", "Петрова"]
    vreading = [name_words(w)[0].readings[0][0] for w in words]
    flat, start = array("i", [0, 1, 0, 2, 0, 3, 4]), array("q", [0, 2, 4, 5, 7])
    readings = [r for r, _ in name_words("Horinōchi")[0].readings[:2]]
    want = index.completion_sims(readings, [0, 1, 2, 3], flat, start, vreading, 0.3)
    assert list(compiled(readings, [0, 1, 2, 3], flat, start, vreading, 0.3).items()) == list(want.items())
    assert max(want, key=want.get) == 0 and want[0] > 0.7  # Лама Хориноти is the best


def spellings_both(latin, k):
    from polon.matching._kernels import decode_spellings

    return channel.python_cyrillic_spellings(latin, k), decode_spellings(channel._tables(), latin, k)


def test_channel_decoder_on_real_spellings():
    # English, French, German, Japanese, Polish and Turkic spellings, with diacritics kept
    for latin in ["whiteside", "renault", "horinouchi", "horinōchi", "achmedjarow", "akhmediarov", "lupan",
                  "schtscherbakow", "chtcherbakov", "tursunov", "begalimow", "katyrenow", "nguyễn",
                  "kobuszewski", "łukasz", "çağlar", "boruguluulu", "o'neill", "d'artagnan", "x", ""]:
        for k in (1, 2, 3, 8):
            want, got = spellings_both(latin, k)
            assert got == want, (latin, k)
    want, _ = spellings_both("renault", 2)
    assert want[0] == ("рено", 0.0)  # what no letter-by-letter rule gives


def test_channel_decoder_on_random_words():
    # letters the model never saw (ы, digits, apostrophes) take the skip path; ties and
    # merged hypotheses come with the short repetitive words
    rnd = random.Random(3)
    alphabet = "aaeiouybcdghjklmnprstvwzšžčéüñ'ʼ-ы7"
    for _ in range(3000):
        latin = "".join(rnd.choice(alphabet) for _ in range(rnd.choice([1, 2, 3, 5, 8, 13, 40, 90])))
        k = rnd.choice([1, 2, 3, 5, 20])
        want, got = spellings_both(latin, k)
        assert got == want, (latin, k)


def test_channel_tables_refuse_a_beam_the_decoder_cannot_keep():
    from polon.matching._kernels import ChannelTables

    for beam in (0, 65):
        with pytest.raises(ValueError, match="beam"):
            ChannelTables(["", "а"], [0.0, -1.0], [0.0, 0.0], {}, {"a": (1,)}, beam, -9.0)


def name_score_both(spellings, qwords, memo, weights):
    from polon.matching._kernels import person_name_score

    def no_similarity(q, v):
        raise AssertionError("every similarity is in the memo")

    want = -1.0
    for nvids in spellings:
        if nvids:
            d = {(i, j): memo[(i, v)] for i in range(len(qwords)) for j, v in enumerate(nvids)}
            want = max(want, aligned_name_score(d, weights, len(nvids)))
    return want, person_name_score(spellings, qwords, memo, no_similarity, weights, EXTRA_WORD_FACTOR)


def test_person_name_score_of_random_similarities():
    # ties (the earlier pair wins), similarities at and below 0, repeated words, empty spellings
    rnd = random.Random(7)
    for _ in range(5000):
        nq = rnd.randint(1, 8)
        qwords = [f"q{i}" for i in range(nq)]
        weights = [float(rnd.randint(3, 10)) for _ in range(nq)]
        vocabulary = rnd.sample(range(100), 12)
        memo = {(i, v): (rnd.choice([0.0, -0.05, 0.5, 0.88, 1.0, rnd.random()]), "", "")
                for i in range(nq) for v in vocabulary}
        spellings = tuple(tuple(rnd.choice(vocabulary) for _ in range(rnd.choice([0, 1, 2, 3, 5, 9])))
                          for _ in range(rnd.randint(1, 3)))
        want, got = name_score_both(spellings, qwords, memo, weights)
        assert got == want, (spellings, weights)


def test_person_name_score_computes_and_keeps_the_similarities_it_misses():
    from polon.matching._kernels import person_name_score

    ix = NameIndex()
    ix.add("a", ["Лукпан Нурланович Ахмедьяров", "Lukpan Akhmedyarov"])
    pid = ix._by_key["a"]
    qwords = name_words("Lupan Achmedjar")
    weights = [float(len(w.readings[0][0])) for w in qwords]
    memo = {}
    got = person_name_score(ix._pnvids[pid], qwords, memo, ix._similarity, weights, EXTRA_WORD_FACTOR)
    assert len(memo) == 2 * 5  # two query words against five distinct words
    assert got == name_score_both(ix._pnvids[pid], qwords, memo, weights)[0] > 0.8


def test_tidy_of_real_readings_is_the_regular_expressions():
    from polon.matching._kernels import tidy

    from polon.matching import phonetic

    # raw readings before tidying (names of the seed and others), then each rule's edge cases
    raw = ["lukkpan", "ahmedjjarov", "akhmediarov", "nikolaj", "jelzin", "dostojewski", "marija", "dmitrij",
           "zehrfuss", "jje", "jeje", "ajeje", "iaia", "ijiji", "jiij", "", "j", "je", "ji", "ij", "aj", "ja",
           "Sterbakov", "tursunov", "begalimov", "katyrenov", "ujeje", "aijo", "oij"]
    for r in raw:
        assert tidy(r) == phonetic.python_tidy(r), r
    assert tidy("ahmedjarov") == "ahmedjarov" and tidy("akhmediarov") == "akhmedjarov"
    assert tidy("nikolaj") == "nikolai" and tidy("jelzin") == "elzin"


def test_tidy_of_random_readings():
    from polon.matching._kernels import tidy

    from polon.matching import phonetic

    rnd = random.Random(9)
    alphabet = "aeioujjjiiikSZCжü"  # the letters the rules look at, often, and some others
    for _ in range(50_000):
        r = "".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 2, 3, 4, 5, 7, 10, 30])))
        assert tidy(r) == phonetic.python_tidy(r), r
