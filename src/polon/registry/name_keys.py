"""Search keys of stored spellings, recomputed when polon.matching's keys change (a migration
calls this with its historical models; keys are derived data, so nothing is audited)."""

from __future__ import annotations

from polon.matching import index_keys

BATCH = 5_000


def recompute_all(person_name_model, name_key_model) -> int:
    """Replace every spelling's keys by :func:`polon.matching.index_keys` of its text; returns the
    number of keys written.  Runs inside the caller's transaction (a migration's)."""
    name_key_model.objects.all().delete()
    batch = []
    written = 0
    for row in person_name_model.objects.only("id", "person_id", "text").order_by("id").iterator(chunk_size=BATCH):
        batch.extend(name_key_model(person_id=row.person_id, name_id=row.id, key=key)
                     for key in sorted(index_keys(row.text)))
        if len(batch) >= BATCH:
            name_key_model.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    name_key_model.objects.bulk_create(batch)
    return written + len(batch)
