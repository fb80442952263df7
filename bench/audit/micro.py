"""In-process, on a copy of the fixture: what one request's read note costs to write (one persons.read event of 50 or
500 ids, buffered and flushed as polon.web.read_log does). Run by bench/audit/run.py with the copy's environment."""

import json
import statistics
import sys
import time

import django

django.setup()
from polon.accounts.models import User  # noqa: E402
from polon.audit import reads  # noqa: E402
from polon.registry.models import Person  # noqa: E402

user = User.objects.get(username="analyst")
ids = list(Person.objects.order_by("id").values_list("id", flat=True)[:500])
out = {}
for n in (50, 500):
    times = []
    for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 200):
        began = time.perf_counter()
        with reads.collecting() as pending:
            reads.persons_read(user, view="persons.list", channel="api", person_ids=ids[:n],
                               query={"limit": n, "offset": i})
            reads.flush(pending)
        times.append(time.perf_counter() - began)
    out[f"ids={n}"] = {"mean_ms": 1000 * statistics.mean(times), "p50_ms": 1000 * statistics.median(times),
                       "p95_ms": 1000 * sorted(times)[int(0.95 * len(times))]}
print(json.dumps(out))
