"""Background jobs: a long operation answers 202 with one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class ProgressOut(Schema):
    done: int
    total: int | None
    percent: int | None


class OutputFileOut(Schema):
    filename: str
    size: int | None
    content_type: str
    available: bool  # false once retention deleted it (then deleted_at says when)
    deleted_at: datetime | None
    expires_at: datetime | None  # when retention deletes it (POLON_JOB_OUTPUT_KEEP_DAYS…)


class JobOut(Schema):
    id: int
    kind: str
    state: str  # queued, running, succeeded, failed
    interrupted: bool
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress: ProgressOut
    message: str  # in the request's language
    error: str
    result: dict[str, Any]  # the kind's counts, ids and per-line errors ("errors": {"file:line N": [reasons]})
    params: dict[str, Any]
    files: list[str]  # the input files' names as given
    inputs_deleted_at: datetime | None  # when retention deleted the input files (the job cannot be re-run then)
    inputs_expire_at: datetime | None  # when retention deletes them
    attempts: int
    url: str  # this job's page
    result_url: str | None  # the page showing what it did (the round, the sources …)
    output: OutputFileOut | None  # the file it made (a large export), if any
    file_url: str | None  # where to download that file while it is kept
