"""The sources' fixtures (a file store of the test's own, the seed file, a Telegram export, the seed ingested) for
the sources pages' tests, which live here with the other pages' tests."""

from tests.sources.conftest import ingested_seed, media_root, seed_file, telegram_export  # noqa: F401
