"""The registry of job kinds, and the progress a running job reports.

A domain adds a kind of background job in a ``jobs.py`` module of its app (every installed app's ``jobs``
module is imported at start-up, in the web server, the worker and the CLI alike)::

    # src/polon/<app>/jobs.py
    from django.utils.translation import gettext_lazy as _, gettext_noop

    from polon.jobs.kinds import register


    @register("persons.import", label=_("Import persons"), policy="registry.write",
              result_url=lambda job: reverse("web:person-list"),
              summary=lambda job: [(_("Persons recorded"), job.result.get("created", 0))])
    def run(job, progress) -> dict:
        content = job_file_bytes(job)            # polon.jobs.services: the stored input files
        rows = parse(content)                    # bad input: raise ValidationFailed({"file:line 3": [...]})
        progress.total(len(rows))
        for batch in batches(rows, 200):
            with transaction.atomic():           # one batch, one transaction, its audit event inside
                write(batch, actor=job.created_by)
                progress.checkpoint({"next": end})   # in the batch's transaction: a re-run resumes here
            progress.advance(len(batch))         # throttled progress write; stops here on a worker shutdown
        return {"created": 123, "errors": {}}    # JSON: shown on the job page and in GET /api/jobs/{id}

and starts one with ``polon.jobs.services.enqueue_job(actor=…, kind="persons.import", params={…},
files=[(name, bytes)])``, which checks the acting user against ``policy`` and returns the Job at once.

The rules a kind follows:

* ``run(job, progress)`` runs as ``job.created_by`` (scope and role apply as they would in the request); it
  reads its input from ``job.params`` and ``job.files`` and returns a JSON-able dict, the job's result.
* It writes in short transactions, each one complete on its own (its audit event inside), so a job killed
  with SIGKILL half-way leaves nothing half-written. A re-run (``polon job rerun ID``, the job page's button)
  calls ``run`` again on the same Job: it must be idempotent, resuming from ``job.checkpoint`` (written with
  ``progress.checkpoint`` in each batch's transaction) or redoing work that gives the same rows. A kind that
  must be all-or-nothing (an import) checks everything first and writes in one transaction at the end.
* Bad input raises ``polon.core.errors.ValidationFailed`` (fields such as ``"file.csv:line 12"`` mapped to
  reasons) or another ``PolonError``: the job fails with that message and its per-line errors in
  ``job.result["errors"]``. Any other exception is an internal error (the traceback stays with the task).
* ``progress.total(n)`` / ``progress.advance(n)`` write progress in their own short transaction, at most every
  half second, so pages can poll it (``progress.set_done(n)`` sets the count, e.g. where a re-run resumes;
  ``progress.checkpoint(data, done=n)`` may set it with the checkpoint, then ``progress.advance(0)``); ``progress.note(gettext_noop("Reading %(file)s"), file=…)`` sets the
  message shown with it (an English message id, translated when shown).
* When the worker is asked to stop (SIGTERM, ``polon serve`` shutting down), ``advance`` raises
  ``JobStopped``: the job goes back to the queue and continues from its checkpoint when a worker runs again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from polon.access.policies import POLICIES
from polon.jobs.models import Job

RunFunction = Callable[["Job", "Progress"], dict]

# Set by the worker on SIGTERM/SIGINT: a running job stops at its next progress call and is queued again.
STOP = threading.Event()


class JobStopped(Exception):
    """Raised inside a job when its worker is shutting down; the job is queued again, not failed."""


@dataclass(frozen=True)
class Kind:
    name: str
    run: RunFunction
    label: Any  # a (lazy) translatable string
    policy: str  # the polon.access.policies policy needed to start or re-run it
    result_url: Callable[[Job], str | None] | None = None
    summary: Callable[[Job], list[tuple[Any, Any]]] | None = None


_KINDS: dict[str, Kind] = {}


def register(name: str, *, label, policy: str, result_url: Callable[[Job], str | None] | None = None,
             summary: Callable[[Job], list[tuple[Any, Any]]] | None = None):
    """Decorator: register ``run(job, progress) -> dict`` as the job kind ``name`` (e.g. "persons.import").

    ``label`` names it to users (gettext_lazy), ``policy`` is the role policy needed to start it,
    ``result_url(job)`` optionally gives the page that shows its result (the round, the new sources …), and
    ``summary(job)`` the rows (translated label, value) the job's page shows of a finished job's result.
    """
    if policy not in POLICIES:
        raise KeyError(f"job kind {name!r}: unknown policy {policy!r}")

    def decorate(run: RunFunction) -> RunFunction:
        existing = _KINDS.get(name)
        if existing is not None and existing.run is not run and (
                existing.run.__module__, existing.run.__qualname__) != (run.__module__, run.__qualname__):
            raise ValueError(f"job kind {name!r} is registered twice ({existing.run.__module__} and "
                             f"{run.__module__})")
        _KINDS[name] = Kind(name=name, run=run, label=label, policy=policy, result_url=result_url,
                            summary=summary)
        return run

    return decorate


def unregister(name: str) -> None:
    """Remove a kind (for tests that register their own)."""
    _KINDS.pop(name, None)


def get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(f"no job kind {name!r}; the kinds are {', '.join(sorted(_KINDS)) or 'none'}") from None


class Progress:
    """What a running job reports: written to its Job row, throttled, in short transactions of its own."""

    def __init__(self, job: Job, *, interval: float = 0.5, listener: Callable[[int, int | None], None] | None = None):
        self.job_id = job.pk
        self.done = job.progress_done
        self.total_count = job.progress_total
        self.interval = interval
        self.listener = listener
        self._written = 0.0
        self._dirty = False

    def total(self, n: int) -> None:
        """How many units (lines, files) the job has in all; written at once."""
        self.total_count = max(int(n), 0)
        self._dirty = True
        self.flush()

    def advance(self, n: int = 1) -> None:
        """``n`` more units are done. Written at most every ``interval`` seconds; raises JobStopped when the
        worker is shutting down (call it between batches)."""
        self.done += int(n)
        self._dirty = True
        if self.listener is not None:
            self.listener(self.done, self.total_count)
        if time.monotonic() - self._written >= self.interval:
            self.flush()
        if STOP.is_set():
            self.flush()
            raise JobStopped()

    def set_done(self, done: int) -> None:
        """The absolute count done (a resumed job starts from its checkpoint's count)."""
        self.done = int(done)
        self._dirty = True
        if self.listener is not None:
            self.listener(self.done, self.total_count)

    def note(self, message: str, **args) -> None:
        """Set the message shown with the progress: an English message id (gettext_noop) and its arguments."""
        with transaction.atomic():
            Job.objects.filter(pk=self.job_id).update(message=message[:300], message_args=_json_args(args),
                                                      heartbeat_at=timezone.now())

    def checkpoint(self, data: dict, *, done: int | None = None) -> None:
        """Record where a re-run resumes, in the transaction of the batch just written (call it inside)."""
        if not connection.in_atomic_block:
            raise RuntimeError("a checkpoint is written inside the transaction of the batch it follows")
        if done is not None:
            self.done = int(done)
        Job.objects.filter(pk=self.job_id).update(checkpoint=data, progress_done=self.done,
                                                  progress_total=self.total_count, heartbeat_at=timezone.now())
        self._dirty = False
        self._written = time.monotonic()

    def flush(self) -> None:
        if not self._dirty:
            return
        with transaction.atomic():
            Job.objects.filter(pk=self.job_id).update(progress_done=self.done, progress_total=self.total_count,
                                                      heartbeat_at=timezone.now())
        self._dirty = False
        self._written = time.monotonic()


def _json_args(args: dict) -> dict:
    return {k: v if isinstance(v, int | float | bool | type(None)) else str(v) for k, v in args.items()}
