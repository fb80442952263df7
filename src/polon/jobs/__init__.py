"""Background jobs: long work (reconciling a list, ingesting many files, a bulk import, a large export) run off
the request by a worker, on a durable queue in the database. See `polon.jobs.kinds` for how a domain adds a
kind of job."""
