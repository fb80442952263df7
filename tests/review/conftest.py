"""The review tests read the seed article the sources tests ingest (skipped, with the reason, where the seed
folder beside the repository is absent)."""

from tests.sources.conftest import ingested_seed, media_root, seed_file  # noqa: F401  (fixtures)
