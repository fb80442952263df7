"""NameIndex's fast paths give the same answers as the plain functions they shortcut."""

import pytest

import polon.matching.index as index_module
from polon import _native
from polon.matching import NameIndex, score_candidate
from polon.matching.similarity import plain_word_similarity, word_similarity
from polon.matching.words import name_words

# Compiled NameIndex methods call one another directly, so a patched method is not seen there;
# make test runs these in its POLON_PURE_PYTHON pass, where the same code runs interpreted.
patches_methods = pytest.mark.skipif(_native.status() == _native.COMPILED_STATUS,
                                     reason="patches NameIndex methods; runs in the POLON_PURE_PYTHON pass")


def test_index_scores_equal_score_candidate():
    names = {"a": ["Лукпан Нурланович Ахмедьяров"], "b": ["Щербаков Сергей Петрович", "Sergei Shcherbakov"],
             "c": ["Ермек Катыренов"], "d": ["Иван Иванович Козлов"]}
    ix = NameIndex()
    for key, n in names.items():
        ix.add(key, n, birth_date="1990-05-03" if key == "a" else None)
    for query in ("Lupan Achmedjar", "Schtscherbakow Sergej", "Iwan Koslow", "Ermek Katyrenow"):
        for m in ix.search(query, birth_date="1990-03-05"):
            ref = score_candidate(query, names[m.key], birth_date="1990-03-05",
                                  candidate_birth_date="1990-05-03" if m.key == "a" else None)
            assert m.score == ref.score and m.explanation == ref.explanation


@pytest.fixture
def crowded(monkeypatch):
    """Many persons share each common word; the common words go through cached person sets."""
    monkeypatch.setattr(index_module, "BIG_POSTINGS", 50)
    monkeypatch.setattr(index_module, "SINGLE_WORD_POOL", 5)
    ix = NameIndex()
    others = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров"]
    given = ["Сергей", "Андрей", "Алексей", "Дмитрий", "Николай", "Михаил", "Павел", "Олег"]
    for i in range(400):
        ix.add(f"i{i}", [f"Иван {others[i % len(others)]}"])
        ix.add(f"p{i}", [f"{given[i % len(given)]} Петров"])
    return ix


def test_two_common_words_are_intersected(crowded):
    crowded.add("target", ["Иван Петров"])
    assert crowded.search("Ivan Petrov")[0].key == "target"
    # added after the sets were cached: the cached sets follow
    crowded.add("late", ["Иван Петров", "Iwan Petrow"])
    assert {m.key for m in crowded.search("Iwan Petrow")[:2]} == {"target", "late"}
    crowded.remove("target")
    assert "target" not in {m.key for m in crowded.search("Ivan Petrov")}


def test_initials_match_the_names_they_begin(index_with_initials):
    ix = index_with_initials
    # "Fomin I." -- press style with the patronymic (or given name) as an initial
    top = ix.search("Fomin I.")
    assert top[0].key in {"fomin_i", "fomin_ig"}
    assert {m.key for m in top[:2]} == {"fomin_i", "fomin_ig"}
    assert "I. = initial of Иванович" in ix.search("Fomin I.")[0].explanation or \
        "initial of Игорь" in top[0].explanation
    first = ix.search("A. Tursunov")[0]
    assert first.key == "tursunov_a" and "initial of Алишер" in first.explanation
    # a registry record written with initials is found from the full name
    assert ix.search("Yurii Koval")[0].key == "koval_initial"
    # an initial that does not fit costs as much as a wrong word
    s = {m.key: m.score for m in ix.search("B. Tursunov")}
    assert s["tursunov_b"] > s.get("tursunov_a", 0.0)


@pytest.fixture
def index_with_initials():
    ix = NameIndex()
    for key, name in {"fomin_i": "Фомин Семён Иванович", "fomin_ig": "Фомин Игорь", "fomin_p": "Фомин Пётр",
                      "fomin_s": "Фомин Сергей Андреевич", "tursunov_a": "Алишер Турсунов",
                      "tursunov_b": "Бахтиёр Турсунов", "koval_initial": "Коваль Ю.", "koval_p": "Коваль Петро"}.items():
        ix.add(key, [name])
    return ix


def test_vowels_matter_less_than_consonants():
    """David is Дэвид before it is Давыдова (a lost -ова is also allowed, but a vowel spelt
    another way is the likelier story); consonant changes still separate names."""
    ix = NameIndex()
    ix.add("davydova", ["Давыдова Раиса"])
    ix.add("devid", ["Раиса Дэвид"])
    ix.add("dovlet", ["Раиса Довлет"])
    res = ix.search("Raisa David")
    assert [m.key for m in res[:2]] == ["devid", "davydova"]
    assert "dovlet" not in {m.key for m in res[:2]}


def never_a_candidate(monkeypatch, ix, word):
    """Make candidate generation miss vocabulary ``word``, as it does among a million persons
    where a spelling is crowded out of the candidates."""
    missed = ix._vocab[word]
    real = NameIndex._word_candidates

    def crowded_out(self, w, *args):
        good = real(self, w, *args)
        good.pop(missed, None)
        return good

    monkeypatch.setattr(NameIndex, "_word_candidates", crowded_out)


@patches_methods
def test_a_word_missed_by_candidate_generation_is_completed(monkeypatch, without_channel):
    """A person found through one query word only gets the other word estimated from his own
    words before exact scoring, so he can still rank first.  Candidate generation is made to
    miss Хориноти here, as it does among a million persons where the spelling is crowded out
    of the candidates (Хориноти shares only a key with thousands of words).  The learned
    spellings are switched off: they read "Horinōchi" as Хориноти, which would hide the effect."""
    without_channel()
    ix = NameIndex()
    ix.add("target", ["Лама Хориноти"])
    for i, ending in enumerate(["ин", "ина", "ич", "енко", "ец", "ук", "як", "ан", "ий", "ов", "ева", "ская",
                                "ский", "ик", "ок", "юк", "ыш", "ай", "ей", "уш", "аш", "ель", "ер", "ус"]):
        ix.add(f"d{i}", [f"Лама Хор{ending}"])
        ix.add(f"e{i}", [f"Лама Хорен{ending}"])
    never_a_candidate(monkeypatch, ix, "хориноти")
    monkeypatch.setattr(index_module, "RESCORE_FACTOR", 1)
    monkeypatch.setattr(index_module, "SINGLE_WORD_POOL", 1)
    top = ix.search("Lama Horinōchi", limit=3)
    assert top[0].key == "target" and top[0].band == "likely"
    monkeypatch.setattr(index_module, "COMPLETION_READINGS", 0)  # without completion: not among the 3
    assert "target" not in {m.key for m in ix.search("Lama Horinōchi", limit=3)}


@patches_methods
def test_a_weak_first_pass_widens_the_single_word_pool(monkeypatch, without_channel):
    """The person whose other word candidate generation missed may be one of hundreds sharing
    the found word, beyond the single-word pool (Бычкова Бенье among the Бычковы for "Bychkova
    Besnier").  When the best score is weak, more of those persons are looked at."""
    without_channel()
    ix = NameIndex()
    for i, surname in enumerate(["Петров", "Сидоров", "Кузнецов", "Бекова", "Титов", "Жуков", "Зайцев",
                                 "Белова", "Ершов", "Гусев", "Юдин", "Фомин", "Щукин", "Дьяков", "Мамаев"]):
        ix.add(f"d{i}", [f"Лама {surname}"])
    ix.add("target", ["Лама Хориноти"])  # added last: not among the first persons of Лама
    never_a_candidate(monkeypatch, ix, "хориноти")
    monkeypatch.setattr(index_module, "SINGLE_WORD_POOL", 5)
    monkeypatch.setattr(index_module, "WIDE_SINGLE_WORD_POOL", 50)
    top = ix.search("Lama Horinōchi", limit=3)
    assert top[0].key == "target" and top[0].band == "likely"
    monkeypatch.setattr(index_module, "WIDE_SINGLE_WORD_POOL", 0)
    narrow = ix.search("Lama Horinōchi", limit=3)
    assert "target" not in {m.key for m in narrow} and narrow[0].score < index_module.WIDEN_BELOW


def test_quick_name_score_equals_the_full_alignment():
    """NameIndex skips full scoring of persons whose name score (computed without building the
    explanation's pieces) cannot reach the results; that number must be the full one."""
    from polon.matching.similarity import align, aligned_name_score, name_score, word_similarity, word_weight
    from polon.matching.words import name_words

    queries = ["Lupan Achmedjar", "Akhmediarov Lukpan Nurlanovich", "Ivan Ivanov", "A. Tursunov", "Pierre Renault"]
    records = ["Лукпан Нурланович Ахмедьяров", "Иван Иванович Иванов", "Алишер Турсунов", "Ахмед Лукпанов",
               "Пьер Рено", "Иван Иванов Иванович Иваненко"]
    for q in queries:
        qw = name_words(q)
        weights = [word_weight(w) for w in qw]
        for r in records:
            cw = name_words(r)
            sims = {(i, j): word_similarity(a, b) for i, a in enumerate(qw) for j, b in enumerate(cw)}
            assert aligned_name_score(sims, weights, len(cw)) == name_score(align(qw, cw, sims), len(cw))


@patches_methods
def test_only_the_matches_shown_are_built_and_every_score_is_the_full_one(monkeypatch):
    """NameIndex ranks the persons it scores by their name score and evidence alone, and builds
    the match (score_words, with its explanation's pieces) only for those it returns, and only
    once their explanation is read: each of those numbers must be exactly what full scoring
    gives."""
    from polon.matching.scoring import score_candidate

    names = ["Иван Иванович Иванов", "Иван Петрович Иванов", "Иван Иванов", "Иванна Иванова", "Ивано Иваненко",
             "Иван Ивашов", "Иван Иванников", "Ян Иванов", "Iван Іванов", "Ivan Ivanov"]
    ix, records = NameIndex(), {}
    for i, n in enumerate(names * 3):
        records[f"k{i}"] = ([n, "Ivan Ivanovich"] if i % 5 == 0 else [n], "1990-01-02" if i % 2 else None,
                            ("KZ",) if i % 3 else ())
        ix.add(f"k{i}", *records[f"k{i}"])
    built, quick = [], {}
    full = index_module.score_words
    monkeypatch.setattr(index_module, "score_words", lambda *a, **k: built.append(1) or full(*a, **k))
    name_score = index_module.NameIndex._name_score
    monkeypatch.setattr(index_module.NameIndex, "_name_score",
                        lambda self, pid, *a: quick.setdefault(self._pkey[pid], name_score(self, pid, *a)))
    for query, date, cit in [("Ivan Ivanov", "1990-01-02", ("KZ",)), ("Иванов Иван", None, ()), ("Ivanna", None, ("UA",))]:
        built.clear()
        quick.clear()
        got = ix.search(query, birth_date=date, citizenships=cit, limit=4)
        assert got and not built and len(got) < len(quick)  # nothing built before it is read
        for key, s in quick.items():
            want = score_candidate(query, records[key][0])
            assert s == want._name_score, key
        for m in got:
            want = score_candidate(query, records[m.key][0], birth_date=date, candidate_birth_date=records[m.key][1],
                                   citizenships=cit, candidate_citizenships=records[m.key][2])
            assert (m.score, m.band) == (want.score, want.band)
            assert m.explanation == want.explanation and (m.scored.score, m.scored.band) == (m.score, m.band)
        assert len(built) == len(got)
        everyone = sorted(((score_candidate(query, n, birth_date=date, candidate_birth_date=d, citizenships=cit,
                                            candidate_citizenships=c).score, k) for k, (n, d, c) in records.items()),
                          key=lambda t: (-t[0], t[1]))
        assert [(m.score, m.key) for m in got] == everyone[:4]  # the best four, ties by key


@pytest.mark.parametrize("name", [
    "Лукпан Нурланович Ахмедьяров", "  Анна-Мария\tО'Коннор ", "Ермек\u202e Katyrenow\x00", "Jean-Luc  Picard",
    "Бауржан\u200dБегалимов", "Ёлкин Сергей", "Müller-Lüdenscheidt", "Ivanov ,  I.", "Ахмедьяров\u0301 Лукпан",
    "Mаrіya Іvаnоvа",  # Latin with Cyrillic look-alikes
])
def test_names_split_token_by_token_as_the_whole_name_normalises(name):
    from polon.matching.words import _words_of, name_words
    from polon.names import normalise

    assert name_words(name, strict=False) == list(_words_of(normalise(name, diacritics=True)))[:8]


@pytest.mark.parametrize("query", ["Achmedjar", "Lupan", "I.", "Ю.", "Akhmediarov", "Schtscherbakow", "Ахмедьяров",
                                   "Bychkova", "Dawid", "Tursunov"])
@pytest.mark.parametrize("candidate", ["Ахмедьяров", "Лукпан", "Иванович", "Щербаков", "Юрий", "Бычкова", "Дэвид",
                                       "Турсунов"])
def test_plain_similarity_equals_word_similarity(query, candidate):
    """NameIndex compares a Cyrillic word from its list of readings alone; that must give what
    comparing the two Words gives, initials and the vowel rule included."""
    (q,), (c,) = name_words(query), name_words(candidate)
    assert len(c.readings) == 1 and c.readings[0][1] == 0 and not c.is_initial
    assert plain_word_similarity(q, c.readings[0][0]) == word_similarity(q, c)


def test_every_match_shown_reads_as_full_scoring_gives_it():
    """Shown matches are scored in full only when their explanation is read: score, band and
    explanation must then be exactly those of score_candidate, with and without evidence, for
    persons with one spelling or several, in both scripts (compiled and interpreted alike)."""
    given = ["Лукпан", "Ермек", "Бауржан", "Алишер", "Айгуль", "Нурлан", "Иван", "Ольга"]
    surnames = ["Ахмедьяров", "Катыренов", "Бегалимов", "Турсунов", "Ахметова", "Нурланов", "Иванов", "Петрова"]
    ix, records = NameIndex(), {}
    for i in range(320):
        name = f"{given[i % 8]} {surnames[i // 8 % 8]}" + (" Нурланович" if i % 7 == 0 else "")
        names = [name, "Lukpan Akhmedyarov"] if i % 41 == 0 else [name]
        records[f"p{i:03}"] = (names, f"19{70 + i % 25}-0{1 + i % 9}-1{i % 10}" if i % 3 else None,
                               ("KZ",) if i % 2 else ("UZ",))
        ix.add(f"p{i:03}", *records[f"p{i:03}"])
    queries = [("Lupan Achmedjar", "1975-06-15", ("KZ",)), ("Ermek Katyrenow", None, ()), ("Akhmediarov Lukpan", None, ("UZ",)),
               ("Тұрсынов Алишер", "1980", ()), ("Ivanov", None, ()), ("Aigul Akhmetova", "1990-05", ("KZ",))]
    for query, date, cit in queries:
        got = ix.search(query, birth_date=date, citizenships=cit, limit=10)
        assert got, query
        for m in got:
            names, cdate, ccit = records[m.key]
            want = score_candidate(query, names, birth_date=date, candidate_birth_date=cdate, citizenships=cit,
                                   candidate_citizenships=ccit)
            assert (m.score, m.band, m.explanation) == (want.score, want.band, want.explanation), (query, m.key)


def test_a_word_missing_from_the_candidates_is_completed_for_persons_sharing_the_others():
    # Three hundred Смирновы Петровны share the surname and patronymic of the query; "Kia" (a
    # letter lost) has no candidate spelling at all, so without completing that word for them
    # every one of them ties on the pre-score and Кира is rescored only by luck.  (No distractor
    # has a к: "Kia" ≈ Ксения scores as high as Кира.)
    given = ["Наталья", "Ольга", "Елена", "Татьяна", "Людмила", "Светлана", "Марина", "Галина", "Валентина",
             "Тамара", "Надежда", "Любовь", "Регина", "Евгения", "Фаина", "Маргарита", "Полина", "Элеонора",
             "Дарья", "Ирина", "Юлия", "Вера", "Лидия", "Раиса", "Зинаида", "Алевтина", "Антонина", "Снежана",
             "Нонна", "Эльвира"]
    ix = NameIndex()
    for i in range(300):
        ix.add(f"d{i}", [f"Смирнова {given[i % len(given)]} Петровна"])
    ix.add("target", ["Смирнова Кира Петровна"])
    assert not ix._word_candidates(name_words("Kia")[0])  # the case this test is about
    top = ix.search("Smirnova Kia Petrovna")
    assert top[0].key == "target"
    assert "Kia ≈ Кира" in top[0].explanation
