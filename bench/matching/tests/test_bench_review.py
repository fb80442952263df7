"""The benchmark's hand-reviewed rows (``real✓``, ``named✓``): which pairs count as spellings,
and that the review covers the query half it is used on."""

import random

import pytest
import review_pairs
import run  # bench/matching/run.py (on sys.path through conftest)

from registry import load_or_skip


@pytest.fixture
def labels(monkeypatch):
    table: dict[str, str] = {}
    monkeypatch.setattr(run, "reviewed_labels", lambda: table)
    return table


def test_a_pair_whose_letters_show_it_is_a_spelling_needs_no_review(labels):
    assert run.alignment("kwastenko", "квастенко") >= review_pairs.REVIEW_FROM
    assert run.is_spelling("kwastenko", "квастенко") is True


def test_below_the_review_line_the_label_decides(labels):
    assert run.alignment("sapiens", "мудрый") < review_pairs.REVIEW_FROM
    assert run.is_spelling("sapiens", "мудрый") is None  # nobody reviewed it
    labels[review_pairs.pair_id("sapiens", "мудрый")] = "N"
    labels[review_pairs.pair_id("joyce", "джойс")] = "S"
    labels[review_pairs.pair_id("john", "иоанн")] = "C"
    assert run.is_spelling("sapiens", "мудрый") is False
    assert run.is_spelling("joyce", "джойс") is True
    assert run.is_spelling("john", "иоанн") is False  # a cognate is not a spelling of the letters


def test_a_query_is_made_of_spellings_only_if_every_pair_is_one():
    assert run.all_spellings([True, True]) is True
    assert run.all_spellings([True, False]) is False
    assert run.all_spellings([None, False]) is False  # known not to be, whatever the other pair is
    assert run.all_spellings([True, None]) is None


def result(target_found: bool, target: str):
    return (0.002, [target] if target_found else ["Другой Человек"], 0.002)


def test_the_reviewed_row_counts_only_spelling_queries_and_is_left_out_if_any_is_unreviewed():
    queries = [run.Query("real", "Kwastenko Joyce", "Квастенко Джойс", spelling=True),
               run.Query("real", "Kwastenko Sapiens", "Квастенко Мудрый", aligned=False, spelling=False),
               run.Query("real", "Kwastenko Jarmundy", "Квастенко Ярмунды", spelling=True)]
    results = [result(True, "Квастенко Джойс"), result(False, ""), result(False, "")]
    rows = run.summarise(queries, 1.0, 100.0, 50.0, results)["rows"]
    assert rows["real"]["n"] == 3 and rows["real✓"]["n"] == 2
    assert rows["real✓"]["r10"] == 0.5 and rows["real"]["r10"] == pytest.approx(1 / 3)
    queries[2].spelling = None
    assert "real✓" not in run.summarise(queries, 1.0, 100.0, 50.0, results)["rows"]


def test_a_bad_label_is_named_with_its_line(tmp_path, monkeypatch):
    path = tmp_path / "reviewed_pairs.tsv"
    path.write_text("# header\npair\tlabel\n0123456789abcdef\tS\nfedcba9876543210\tmaybe\n", encoding="utf-8")
    monkeypatch.setattr(review_pairs, "REVIEWED", path)
    review_pairs.reviewed_labels.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"line 4, field label: 'maybe' is not one of S, C, N"):
            review_pairs.reviewed_labels()
        path.write_text("pair\tlabel\n0123456789abcdef S\n", encoding="utf-8")
        review_pairs.reviewed_labels.cache_clear()
        with pytest.raises(ValueError, match=r"line 2: 1 tab-separated fields, expected 2 \(pair, label\)"):
            review_pairs.reviewed_labels()
    finally:
        review_pairs.reviewed_labels.cache_clear()


def test_the_review_covers_the_query_half():
    review_pairs.reviewed_labels.cache_clear()
    pairs = load_or_skip(lambda: run.held_out_pairs("query"))
    sample = random.Random(3).sample(pairs, 4000) + [p for p in pairs if len(p.cyrillic) < 2]
    below = [p for p in sample if run.alignment(p.latin, p.cyrillic) < review_pairs.REVIEW_FROM]
    assert len(below) > 100
    labels = review_pairs.reviewed_labels()
    assert all(review_pairs.pair_id(p.latin, p.cyrillic) in labels for p in below)
    assert {labels[review_pairs.pair_id(p.latin, p.cyrillic)] for p in below} == {"S", "C", "N"}


def test_a_pairs_file_never_seen_can_be_reviewed_the_same_way(tmp_path, monkeypatch):
    pairs = tmp_path / "unseen.tsv"
    pairs.write_text("sapiens\tм у д р ы й\t1\nkwastenko\tк в а с т е н к о\t2\njoyce\tд ж о й с\t3\n",
                     encoding="utf-8")
    reviewed = tmp_path / "reviewed_pairs.tsv"
    reviewed.write_text("pair\tlabel\n0123456789abcdef\tN\n", encoding="utf-8")  # an earlier review
    monkeypatch.setattr(review_pairs, "REVIEWED", reviewed)
    review_pairs.reviewed_labels.cache_clear()
    run.held_out_pairs.cache_clear()

    def cli(*args):
        monkeypatch.setattr("sys.argv", ["review_pairs.py", *args, "--pairs-file", str(pairs)])
        review_pairs.main()
        review_pairs.reviewed_labels.cache_clear()

    try:
        cli("export", str(tmp_path / "todo.tsv"))
        todo = (tmp_path / "todo.tsv").read_text(encoding="utf-8").splitlines()
        assert todo == ["sapiens\tмудрый", "joyce\tджойс"]  # kwastenko's letters show it
        (tmp_path / "labels.tsv").write_text("sapiens\tмудрый\tN\njoyce\tджойс\tS\n", encoding="utf-8")
        cli("import", str(tmp_path / "labels.tsv"))
        labels = review_pairs.reviewed_labels()
        assert labels["0123456789abcdef"] == "N"  # kept
        assert labels[review_pairs.pair_id("joyce", "джойс")] == "S"
        monkeypatch.setattr(run, "reviewed_labels", review_pairs.reviewed_labels)
        assert run.is_spelling("joyce", "джойс") is True and run.is_spelling("sapiens", "мудрый") is False
        (tmp_path / "partial.tsv").write_text("joyce\tджойс\tS\n", encoding="utf-8")
        with pytest.raises(SystemExit, match="1 of the 2 pairs to review have no label"):
            cli("import", str(tmp_path / "partial.tsv"))
    finally:
        review_pairs.reviewed_labels.cache_clear()
        run.held_out_pairs.cache_clear()
