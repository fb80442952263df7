import pytest

from polon.core.countries import UnknownCountryError, country_name, normalise_country


def test_names_in_the_five_languages_come_from_cldr():
    names = {language: country_name("KZ", language) for language in ("uk", "en", "de", "ru", "kk")}
    assert names == {"uk": "Казахстан", "en": "Kazakhstan", "de": "Kasachstan", "ru": "Казахстан",
                     "kk": "Қазақстан"}
    assert country_name("KG", "de") == "Kirgisistan"


@pytest.mark.parametrize("code, expected", [("kz", "KZ"), ("UZB", "UZ"), (" np ", "NP")])
def test_codes_are_normalised(code, expected):
    assert normalise_country(code) == expected


@pytest.mark.parametrize("code", ["", "XX", "KAZ1", "Kazakhstan"])
def test_unknown_codes_are_refused(code):
    with pytest.raises(UnknownCountryError):
        normalise_country(code)
