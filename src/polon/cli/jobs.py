"""`polon worker` and `polon job list|show|rerun`, and how long commands wait for the job they start.

A long command (`polon reconcile`, `polon ingest`, …) queues a job and waits for it with a progress bar. When
no `polon worker` is alive it runs the job itself, in its own process, so the command line works alone; with
`--no-wait` it prints the job's number and returns at once (a worker runs it).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from polon.cli.common import CommandError, acting_user, add_command, add_json_flag, emit, gettext, ngettext


def register(commands) -> None:
    w = add_command(commands, "worker", worker, "run queued background jobs (reconciliation, ingest, imports, exports)")
    w.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    w.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    w.add_argument("--max-tasks", type=int, default=None, help="exit after this many jobs")

    p = commands.add_parser("job", help="background jobs: yours (administrators: everyone's)")
    sub = p.add_subparsers(dest="job_command", required=True)
    add_command(sub, "list", job_list, "jobs, newest first", limit=50, json=True)
    add_command(sub, "show", job_show, "one job: state, progress, result, errors", json=True).add_argument(
        "job_id", type=int)
    rr = add_command(sub, "rerun", job_rerun, "queue a finished or interrupted job again (it resumes where it stopped)")
    rr.add_argument("job_id", type=int)
    add_wait_options(rr, no_wait_help="return at once; a worker runs it")
    fl = add_command(sub, "file", job_file, "write the file a job made (a large export) while it is kept")
    fl.add_argument("job_id", type=int)
    fl.add_argument("-o", "--output", help="file to write (default: standard output)")
    pg = add_command(sub, "purge", job_purge, "delete the job files whose retention period ended (administrators; "
                                              "a running `polon worker` does it every hour)")
    pg.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    add_json_flag(pg)


def add_wait_options(parser, no_wait_help: str = "queue the job and return at once (`polon worker` runs it; "
                                                  "`polon job show ID`)") -> None:
    """--no-wait and --no-progress for a command that starts a job (or, `polon job rerun`, queues it again)."""
    parser.add_argument("--no-wait", action="store_true", help=no_wait_help)
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def worker(args) -> int:
    from polon.jobs.runner import PolonWorker

    logging.getLogger("polon.jobs").setLevel(logging.INFO)
    w = PolonWorker(interval=args.interval, batch=args.batch, max_tasks=args.max_tasks)
    print(gettext("polon worker %(worker)s running queued jobs (Ctrl-C stops; a running job is queued again)")
          % {"worker": w.worker_id}, file=sys.stderr, flush=True)
    w.run()
    return 0


def job_data(job) -> dict:
    from polon.jobs.selectors import job_fields

    return {**job_fields(job), "task": job.task_result_id}


def job_list(args) -> int:
    from polon.jobs.selectors import jobs_for

    rows = [job_data(j) for j in jobs_for(acting_user(args)).prefetch_related("files")[:max(args.limit, 0)]]

    def lines():
        for r in rows:
            total = r["progress"]["total"]
            done = f"{r['progress']['done']}/{total}" if total is not None else str(r["progress"]["done"])
            yield (f"{r['id']:>6}  {r['kind']:<22} {r['state']:<10} {done:>11}  {r['created_at']:%Y-%m-%d %H:%M}  "
                   f"{r['created_by']:<12} {r['message']}")

    emit(args, rows, lines)
    return 0


def job_show(args) -> int:
    from polon.jobs.selectors import get_job

    data = job_data(get_job(acting_user(args), args.job_id))
    emit(args, data, lambda: _job_lines(data))
    return 1 if data["state"] == "failed" and not args.json else 0  # the JSON says the state itself


def _job_lines(data: dict):
    yield f"job {data['id']}: {data['kind']}  [{data['state']}{', interrupted' if data['interrupted'] else ''}]"
    total = data["progress"]["total"]
    yield f"  progress: {data['progress']['done']}{'/' + str(total) if total is not None else ''}"
    for key in ("message", "error", "created_by", "created_at", "started_at", "finished_at", "attempts"):
        if data[key] not in ("", None):
            yield f"  {key}: {data[key]}"
    for name in data["files"]:
        yield f"  file: {name}"
    if data["inputs_deleted_at"]:
        yield f"  input files deleted: {data['inputs_deleted_at']:%Y-%m-%d %H:%M} (retention)"
    elif data["inputs_expire_at"]:
        yield f"  input files kept until: {data['inputs_expire_at']:%Y-%m-%d %H:%M}"
    output = data["output"]
    if output and output["deleted_at"]:
        yield f"  made: {output['filename']}, deleted {output['deleted_at']:%Y-%m-%d %H:%M} (retention)"
    elif output:
        kept = f", kept until {output['expires_at']:%Y-%m-%d %H:%M}" if output["expires_at"] else ""
        yield f"  made: {output['filename']} ({output['size']} bytes{kept}; `polon job file {data['id']}`)"
    errors = (data["result"] or {}).get("errors") or {}
    for where, reasons in errors.items():
        for reason in reasons:
            yield f"  error: {where}: {reason}"
    shown = {k: v for k, v in (data["result"] or {}).items() if k != "errors"}
    if shown:
        yield "  result: " + ", ".join(f"{k}={v}" for k, v in shown.items() if not isinstance(v, list | dict))


def job_rerun(args) -> int:
    from polon.jobs.services import rerun_job

    return follow(rerun_job(actor=acting_user(args), job_id=args.job_id), args)[1] or 0


def job_file(args) -> int:
    from polon.jobs.selectors import get_job

    user = acting_user(args)
    job = get_job(user, args.job_id)
    write_job_file(job, args.output, actor=user)
    return 0


def write_job_file(job, output: str | None, *, actor) -> int:
    """Write the file ``job`` made to ``output`` (a path, or standard output) and note the download; its size.
    Gone (exit code 2, saying when and why) once retention deleted it."""
    from polon.jobs.retention import note_download
    from polon.jobs.selectors import downloadable

    path, _name, _type = downloadable(job)
    content = path.read_bytes()
    if output:
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(gettext("%(file)s: cannot write: %(reason)s") % {"file": output, "reason": exc.strerror}) from None
        print(gettext("wrote %(file)s (%(size)s; job %(job)s)")
              % {"file": output, "size": ngettext("%(count)s byte", "%(count)s bytes", len(content)) % {"count": len(content)}, "job": job.pk},
              file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    note_download(actor=actor, job=job)
    return len(content)


def job_purge(args) -> int:
    from polon.jobs.retention import purge_expired

    report = purge_expired(actor=acting_user(args), dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"

    def lines():
        for job_id, name, _h in report.inputs:
            yield f"job {job_id}: {verb} input file {name}"
        for job_id, name, _h in report.outputs:
            yield f"job {job_id}: {verb} the file it made, {name}"
        if not args.dry_run:  # the count, on stderr after what it counts
            files = len(report.inputs) + len(report.outputs)
            print(gettext("%(files)s of %(jobs)s expired; %(removed)s removed from the file store, %(shared)s kept "
                          "for other uses")
                  % {"files": ngettext("%(count)s job file", "%(count)s job files", files) % {"count": files},
                     "jobs": ngettext("%(count)s job", "%(count)s jobs", len(report.jobs)) % {"count": len(report.jobs)},
                     "removed": report.removed, "shared": report.shared}, file=sys.stderr)

    emit(args, {"dry_run": args.dry_run, "jobs": report.jobs,
                "inputs": [{"job": j, "name": n, "sha256": h} for j, n, h in report.inputs],
                "outputs": [{"job": j, "name": n, "sha256": h} for j, n, h in report.outputs],
                "removed": report.removed, "shared": report.shared}, lines)
    return 0


def follow(job, args, **json_extra) -> tuple:
    """Wait for the job a command started, as its --no-wait / --no-progress ask: (job, None) when it succeeded
    (the command prints its result), or (job, exit code) when it was only queued or did not succeed; then its
    state has been reported (one JSON object with the command's --json, with ``json_extra`` in it)."""
    no_wait = bool(getattr(args, "no_wait", False))
    job = wait(job, no_wait=no_wait, no_progress=bool(getattr(args, "no_progress", False)))
    if not no_wait and job.state == "succeeded":
        return job, None
    emit(args, {"job": job.pk, "state": job.state, **json_extra})  # text: report_end says it on stderr
    return job, report_end(job)


def wait(job, *, no_wait: bool = False, no_progress: bool = False):
    """Wait for ``job`` with a progress bar on stderr (or return at once with --no-wait); the finished job."""
    from tqdm import tqdm

    from polon.jobs.runner import wait_for
    from polon.jobs.selectors import message_text, workers_alive

    if no_wait:
        alive = workers_alive()
        print((gettext("job %(job)s queued; `polon job show %(job)s` shows it") if alive else
               gettext("job %(job)s queued; `polon job show %(job)s` shows it (no worker is running: start "
                       "`polon worker`)")) % {"job": job.pk}, file=sys.stderr)
        return job
    bar = tqdm(total=job.progress_total, unit="", file=sys.stderr, disable=no_progress or None,
               dynamic_ncols=True, desc=f"job {job.pk}")

    def show(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    def on_progress(j) -> None:
        show(j.progress_done, j.progress_total)
        text = message_text(j)
        if text:
            bar.set_postfix_str(text[:40], refresh=False)

    try:
        job = wait_for(job, on_progress=on_progress, listener=show)
        show(job.progress_done, job.progress_total)
    except KeyboardInterrupt:
        bar.close()
        job.refresh_from_db()
        print("\n" + gettext("stopped waiting; job %(job)s is %(state)s (`polon job show %(job)s`, "
                             "`polon job rerun %(job)s`)") % {"job": job.pk, "state": job.state}, file=sys.stderr)
        raise SystemExit(130) from None
    bar.close()
    return job


def report_end(job) -> int:
    """Print how a job ended on stderr; the exit code (0 done or queued, 1 failed)."""
    from polon.jobs.selectors import message_text

    if job.state == "failed":
        errors = (job.result or {}).get("errors") or {}
        if errors:
            for where, reasons in errors.items():
                for reason in reasons:
                    print(gettext("error: %(field)s: %(reason)s") % {"field": where, "reason": reason},
                          file=sys.stderr)
            print(gettext("nothing was written"), file=sys.stderr)
        else:
            print(gettext("error: job %(job)s: %(reason)s") % {"job": job.pk, "reason": job.error or message_text(job)},
                  file=sys.stderr)
        return 2 if errors else 1
    return 0


def start_worker_process():
    """A `polon worker` child process beside a web server (`polon serve`, `polon demo`); stop it with
    stop_worker_process. It shares this process's data directory and database settings."""
    import subprocess

    from django.conf import settings

    env = {**os.environ, "POLON_DATA_DIR": str(settings.DATA_DIR)}
    # Its own session, so a Ctrl-C in the terminal reaches only the server, which then stops the worker with
    # one SIGTERM; and on Linux the worker gets SIGTERM if the server dies without stopping it.
    return subprocess.Popen([sys.executable, "-m", "polon", "worker"], env=env, stdin=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop_worker_process(process, timeout: float = 20.0) -> None:
    """SIGTERM: the worker puts a running job back on the queue at its next batch and exits; killed after
    ``timeout`` seconds (the job is then found interrupted and can be re-run)."""
    import subprocess

    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
