"""NameIndex's fast paths give the same answers as the plain functions they shortcut."""

import pytest

import polon.matching.index as index_module
from polon.matching import NameIndex, score_candidate


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
