"""``bench/matching/run.py --pairs-file``: the real and named queries can come from a pairs file
the project has never seen (the paper's test split), read with errors that name the line."""

import random

import pytest
import run  # bench/matching/run.py (on sys.path through conftest)

from registry import PairsFileError, load_or_skip, read_pairs

# Fictional tokens in the paper's format: Latin, Cyrillic letters spaced, count.
FICTIONAL = [
    ("zorbulatov", "з о р б у л а т о в", 3),
    ("kwastenko", "к в а с т е н к о", 1),
    ("ümbrelova", "ю м б р е л о в а", 2),
    ("tschirpanow", "ч и р п а н о в", 1),
    ("jarmundy", "я р м у н д ы", 4),
    ("ghelberschi", "г е л ь б е р ш и", 1),
]


def write_pairs(path, rows):
    path.write_text("".join(f"{a}\t{b}\t{c}\n" for a, b, c in rows), encoding="utf-8")
    read_pairs.cache_clear()
    run.held_out_pairs.cache_clear()
    return path


def test_a_pairs_file_is_read_into_tokens_with_counts(tmp_path):
    pairs = read_pairs(write_pairs(tmp_path / "test.tsv", FICTIONAL))
    assert [(p.latin, p.cyrillic, p.count) for p in pairs[:2]] == [("zorbulatov", "зорбулатов", 3),
                                                                  ("kwastenko", "квастенко", 1)]
    assert len(pairs) == len(FICTIONAL)


@pytest.mark.parametrize(("line", "reason"), [
    ("kwastenko к в а с т е н к о 1", "line 2: 1 tab-separated fields, expected 3"),
    ("kwastenko\tк в а с т е н к о\tmany", "line 2, field count: 'many' is not a positive whole number"),
    ("kwastenko\tк в а с т е н к о\t0", "line 2, field count: '0' is not a positive whole number"),
    ("\tк в а с т е н к о\t1", "line 2, field latin: empty"),
    ("kwastenko\t \t1", "line 2, field cyrillic: empty"),
])
def test_a_bad_line_is_named_with_its_field_and_reason(tmp_path, line, reason):
    path = tmp_path / "bad.tsv"
    path.write_text(f"zorbulatov\tз о р б у л а т о в\t3\n{line}\n", encoding="utf-8")
    read_pairs.cache_clear()
    with pytest.raises(PairsFileError) as e:
        read_pairs(path)
    assert str(e.value).startswith(f"{path}, {reason}")


def test_an_empty_pairs_file_is_refused(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("\n", encoding="utf-8")
    read_pairs.cache_clear()
    with pytest.raises(PairsFileError, match="no pairs"):
        read_pairs(path)


def test_real_queries_come_only_from_the_pairs_file(tmp_path):
    path = write_pairs(tmp_path / "test.tsv", FICTIONAL)
    queries = run.real_queries(40, random.Random(5), str(path))
    latin = {a.capitalize() for a, _, _ in FICTIONAL}
    cyrillic = {b.replace(" ", "").capitalize() for _, b, _ in FICTIONAL}
    assert len(queries) == 40
    for query, name in queries:
        assert set(query.text.split()) <= latin
        words = name.split()
        assert {words[0], words[-1]} <= cyrillic  # a patronymic may stand between them
        assert query.target == name


def test_the_query_and_dev_pairs_are_unchanged_by_the_option():
    query, dev = load_or_skip(lambda: (run.held_out_pairs("query"), run.held_out_pairs("dev")))
    assert len(query) == 65_603 and len(dev) == 8_239
    assert not {p.cyrillic for p in query} & {p.cyrillic for p in dev}
