"""A job kind of the tests' own: writes ``count`` audit-free marker rows in batches, resumably."""

from __future__ import annotations

import pytest


@pytest.fixture
def counting_kind():
    from django.db import transaction

    from polon.jobs import kinds

    calls = []

    @kinds.register("tests.count", label="count", policy="sources.write")
    def run(job, progress):
        count = int(job.params.get("count", 10))
        start = int(job.checkpoint.get("next", 0))
        progress.total(count)
        progress.set_done(start)
        for index in range(start, count):
            with transaction.atomic():
                calls.append(index)
                progress.checkpoint({"next": index + 1}, done=index + 1)
            progress.advance(0)
            if job.params.get("fail_at") == index:
                from polon.core.errors import ValidationFailed

                raise ValidationFailed({"input.csv:line 3": ["name: empty"]})
        return {"counted": count - start}

    yield calls
    kinds.unregister("tests.count")
