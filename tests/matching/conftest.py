import pytest


@pytest.fixture
def without_channel(monkeypatch, request):
    """A function that switches the learned spellings off for the rest of the test (words
    already prepared are forgotten, then and after the test)."""
    import polon.matching.words as words_module

    def switch_off():
        monkeypatch.setattr(words_module, "LEARNED_READINGS", 0)
        words_module.forget_words()
    request.addfinalizer(words_module.forget_words)
    return switch_off
