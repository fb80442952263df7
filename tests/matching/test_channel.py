"""The learned Latin -> Cyrillic channel: spellings no letter rule gives, in search and explanations."""

import pytest

from polon.matching import NameIndex, score_candidate
from polon.matching.channel import cyrillic_spellings
from polon.matching.phonetic import latin_readings
from polon.matching.words import make_word


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("renault", "рено"),  # French: silent -ault
    ("rousseau", "руссо"),
    ("beaumont", "бомон"),
    ("schumacher", "шумахер"),  # German sch/ch
    ("wright", "райт"),  # English: silent w, igh
    ("xavier", "ксавье"),
    ("matsushita", "мацусита"),  # Japanese (Polivanov): tsu, shi
])
def test_pronunciation_spellings_decode_to_their_cyrillic_form(latin, cyrillic):
    spellings = cyrillic_spellings(latin, 2)
    assert spellings[0] == (cyrillic, 0.0)
    assert spellings[1][1] < 0  # the runner-up is less probable


def test_rules_alone_do_not_read_these():
    """The point of the channel: the letter rules' readings of "Renault" are far from рено."""
    assert all(not r.startswith("reno") or len(r) > 5 for r, _ in latin_readings("renault"))
    assert ("reno", 0.0) in make_word("Renault").readings
    assert make_word("Renault").learned[0] == ("reno", "рено")  # the likeliest learned spelling


def test_letters_the_model_never_saw_are_skipped_not_fatal():
    assert cyrillic_spellings("ŧest", 1)[0][0] == "ест"
    assert cyrillic_spellings("ð", 1) == ()
    assert make_word("Ð") is not None


def test_cyrillic_words_get_no_learned_readings():
    w = make_word("Рено")
    assert w.readings == (("reno", 0.0),) and w.learned == ()


def test_search_finds_a_french_name_only_the_channel_reads(without_channel):
    ix = NameIndex()
    ix.add("target", ["Пьер Рено"])
    for i, surname in enumerate(["Ренаул", "Ренаулов", "Ранаулт", "Ренальт", "Реналь", "Ренольд", "Ренатов"]):
        ix.add(f"d{i}", [f"Пьер {surname}"])
    top = ix.search("Pierre Renault", limit=3)
    assert top[0].key == "target" and top[0].band == "likely"
    assert "Renault = Рено in a spelling learned from Wikidata names" in top[0].explanation
    without_channel()
    assert ix.search("Pierre Renault", limit=3)[0].key != "target"


def test_index_and_score_candidate_agree_on_learned_readings():
    ix = NameIndex()
    ix.add("t", ["Джим Уайтсайд"])
    m = ix.search("Jim Whiteside")[0]
    assert m.score == score_candidate("Jim Whiteside", ["Джим Уайтсайд"]).score
    assert "via a spelling learned from Wikidata names (уайтсид" in m.explanation  # уайтсид or уайтсиде
