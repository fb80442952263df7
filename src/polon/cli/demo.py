"""`polon demo`: migrate, load the fictional demo data once, serve on 127.0.0.1, print the logins."""

from __future__ import annotations

import os
import sys
import time

from polon.cli.common import add_command, gettext
from polon.cli.jobs import start_worker_process, stop_worker_process


def register(commands) -> None:
    p = add_command(commands, "demo", demo, "run polon on fictional demo data (SQLite, zero set-up)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
    p.add_argument("--no-worker", action="store_true", help="serve without a background job worker")


def demo(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from polon.demo.generate import load_demo
    from polon.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
    from polon.registry.models import Person

    started = time.monotonic()
    os.environ["POLON_DEMO"] = "1"
    # Fictional logins: the second factor is optional here (unless POLON_SECOND_FACTOR says otherwise), and the
    # login page says so; `polon serve` requires it.
    settings.POLON_SECOND_FACTOR = os.environ.setdefault("POLON_SECOND_FACTOR", "optional")
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    admin = ensure_demo_users()
    if Person.objects.exists():
        print(gettext("reusing the demo data in %(dir)s") % {"dir": settings.DATA_DIR})
    else:
        print(gettext("generating the fictional demo data set …"), flush=True)

        def progress(done: int, total: int) -> None:
            print("  " + gettext("persons: %(done)s/%(total)s") % {"done": done, "total": total}, flush=True)

        counts = load_demo(actor=admin, progress=progress)
        print("  " + gettext("captives: %(captives)s, own servicemen held by the adversary: %(own)s, "
                             "status events: %(events)s") % {"captives": counts.captives, "own": counts.own_held, "events": counts.events})
    httpd = None
    if not args.no_serve:
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        # Bind before printing the URL, so whoever reads it can connect at once.
        httpd = ThreadedWSGIServer(("127.0.0.1", args.port), WSGIRequestHandler)
        httpd.set_app(get_wsgi_application())
        from polon.registry.search_index import warm_up

        warm_up()  # the search engine builds while the logins are printed
    url = f"http://127.0.0.1:{args.port}/"
    print("\n" + gettext("polon demo ready in %(seconds).1f s: %(url)s") % {"seconds": time.monotonic() - started, "url": url})
    print(gettext("logins (all fictional, password for each: %(password)s)") % {"password": DEMO_PASSWORD})
    if settings.POLON_SECOND_FACTOR == "optional":
        print(gettext("the second factor is optional in this demo (POLON_SECOND_FACTOR=optional); `polon serve` "
                      "requires it"))
    for username, role, countries in DEMO_USERS:
        print(f"  {username:<12} {role}{' ' + ','.join(countries) if countries else ''}")
    sys.stdout.flush()
    if httpd is None:
        return 0
    # Background jobs (reconciliation, ingest of many files …) run in a worker process beside the server.
    worker = None if args.no_worker else start_worker_process()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        print(gettext("stopped"))
    finally:
        httpd.server_close()
        stop_worker_process(worker)
    return 0
