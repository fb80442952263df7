"""Names written in a script polon has no rules of its own for are compared by their sound: the other
side's lists and the press write Nepali recruits in Devanagari, registrars in Latin (fictional names)."""

import pytest

from polon.matching import NameIndex, QueryError
from polon.names import romanise


@pytest.mark.parametrize(("word", "latin"), [
    ("रमेश", "ramēś"),  # the inherent vowel after the last consonant is not said
    ("कार्की", "kārkī"),  # a written final vowel stays
    ("थापा", "thāpā"),
    ("Ramesh", "Ramesh"),  # Latin and Cyrillic words are left to their own rules
    ("Рамеш", "Рамеш"),
])
def test_a_word_in_another_script_is_romanised_by_icu(word, latin):
    assert romanise(word) == latin


def test_devanagari_and_latin_spellings_find_each_other():
    index = NameIndex(huge_pages=False)
    index.add("karki", ["रमेश कार्की"], "1994-02-03")
    index.add("thapa", ["Ramesh Thapa"], "1994-02-03")
    index.add("gurung", ["Bir Bahadur Gurung", "बिर बहादुर गुरुङ"])
    found = index.search("Ramesh Karki", birth_date="1994-02-03")
    assert (found[0].key, found[0].band) == ("karki", "likely")
    assert [m.key for m in found if m.band == "likely"] == ["karki"]  # Thapa is another surname
    assert index.search("रमेश थापा")[0].key == "thapa"
    assert index.search("Бир Бахадур Гурунг")[0].key == "gurung"


def test_a_name_without_letters_is_still_refused():
    with pytest.raises(QueryError):
        NameIndex(huge_pages=False).search("१२३ ४५")  # Devanagari digits
