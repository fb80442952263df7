"""Fixtures for the security review tests: a fresh file store per test, logged-in clients, a stored source."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def login(user, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def internal_source(db):
    """A source marked internal-only whose title names a captive: liaison/ICRC may not read sources at all."""
    from polon.sources.models import Restriction, Source

    return Source.objects.create(kind="news_article", title="INTERNAL-ONLY: interrogation notes on Alisher Tursunov",
                                 url="https://internal.example/secret-report", restriction=Restriction.INTERNAL,
                                 text="internal text")
