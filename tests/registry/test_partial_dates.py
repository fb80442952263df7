import pytest

from polon.core.partial_dates import PartialDate, PartialDateError, normalise_partial_date


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "24-01-01", "2024/01/01", "1800", "2024-1", "abcd"])
def test_invalid_partial_dates_say_why(text):
    with pytest.raises(PartialDateError) as info:
        PartialDate.parse(text)
    assert text in str(info.value)


def test_iso_text_sorts_like_dates():
    texts = ["2024-03-05", "2023", "2024", "2024-03", "2024-02-28", "2024-12-31"]
    assert sorted(texts) == ["2023", "2024", "2024-02-28", "2024-03", "2024-03-05", "2024-12-31"]
    assert sorted(PartialDate.parse(t) for t in texts)[0] == PartialDate(2023)


def test_ranges_and_containment():
    month = PartialDate.parse("2024-02")
    assert month.latest().day == 29
    assert month.contains(PartialDate.parse("2024-02-14"))
    assert not month.contains(PartialDate.parse("2024"))
    assert normalise_partial_date(" 1991 ") == "1991" and normalise_partial_date(None) == ""
