"""migrate, serve, createuser, user, token."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from polon.access.policies import may
from polon.cli.common import CommandError, acting_user, add_command, emit, gettext
from polon.cli.jobs import start_worker_process, stop_worker_process


def register(commands) -> None:
    add_command(commands, "migrate", migrate, "create or upgrade the database schema")

    p = add_command(commands, "serve", serve, "run the production server (gunicorn + whitenoise)")
    p.add_argument("--bind", default=os.environ.get("POLON_BIND", "127.0.0.1:8000"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("POLON_WORKERS", "2")))
    p.add_argument("--no-worker", action="store_true",
                   help="do not start a background job worker (run `polon worker` separately)")
    p.add_argument("--control-socket", metavar="PATH", default=os.environ.get("POLON_CONTROL_SOCKET", ""),
                   help="gunicorn's control socket for `gunicornc` (default: none; give each server its own path)")

    p = add_command(commands, "createuser", createuser, "create a user with a role")
    p.add_argument("username")
    p.add_argument("--role", required=True, help="admin, registrar, analyst, liaison, icrc or auditor")
    p.add_argument("--country", action="append", default=[], help="ISO code; liaison officers only, repeatable")
    p.add_argument("--password", help="default: asked for, or $POLON_PASSWORD")
    p.add_argument("--email", default="")

    p = commands.add_parser("user", help="users: list, deactivate, activate, set a password or a role (administrators)")
    sub = p.add_subparsers(dest="user_command", required=True)
    add_command(sub, "list", user_list, "list users with role, countries, state, last login and live tokens", json=True)
    for name, handler, help in (("deactivate", user_deactivate, "deactivate a user: no more logins, tokens stop"),
                                ("activate", user_activate, "reactivate a deactivated user")):
        add_command(sub, name, handler, help).add_argument("username")
    u = add_command(sub, "set-password", user_set_password,
                    "give a user a temporary password, to be changed at his next login")
    u.add_argument("username")
    given = u.add_mutually_exclusive_group()
    given.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    given.add_argument("--generate", action="store_true", help="generate one and print it (once)")
    u = add_command(sub, "unlock", user_unlock,
                    "lift a login lockout: forget the failed logins of an account and/or from an address")
    u.add_argument("username", nargs="?", default="", help="the account (optional with --address)")
    u.add_argument("--address", default="", help="the client address locked out (e.g. 203.0.113.7)")
    u = add_command(sub, "reset-second-factor", user_reset_second_factor,
                    "remove a user's second factor (lost phone): he sets up a new one at his next login")
    u.add_argument("username")
    u = add_command(sub, "set-role", user_set_role, "change a user's role (and a liaison officer's countries)")
    u.add_argument("username")
    u.add_argument("--role", required=True, help="admin, registrar, analyst, liaison, icrc or auditor")
    u.add_argument("--country", action="append", default=[], help="ISO code; liaison officers only, repeatable")

    p = commands.add_parser("token", help="API tokens")
    sub = p.add_subparsers(dest="token_command", required=True)
    t = add_command(sub, "create", token_create, "create a bearer token for a user; printed once")
    t.add_argument("--user", required=True)
    t.add_argument("--name", default="cli")
    t.add_argument("--days", type=int, default=None,
                   help="how many days it lives (default $POLON_TOKEN_DAYS, 90; at most $POLON_TOKEN_MAX_DAYS, 365)")
    t = add_command(sub, "list", token_list, "list API tokens (your own; an administrator's: everyone's)", json=True)
    t.add_argument("--user", default="", help="only this user's tokens (administrators)")
    t = add_command(sub, "revoke", token_revoke, "revoke an API token (your own; an administrator: anyone's)")
    t.add_argument("token_id", type=int, metavar="ID")


def migrate(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(gettext("database is up to date"))
    return 0


def serve(args) -> int:
    from django.conf import settings

    if settings.SECRET_KEY.startswith("polon-insecure") and not os.environ.get("POLON_DEMO"):
        raise CommandError(gettext("set POLON_SECRET_KEY (a long random string) before serving in production"))
    if len(settings.AUDIT_KEY.strip()) < 32 and not os.environ.get("POLON_DEMO"):
        raise CommandError(gettext("set POLON_AUDIT_KEY (a random string of at least 32 characters, kept apart from "
                                   "the database and its backups) before serving in production"))
    from polon.accounts import second_factor

    if os.environ.get("POLON_SECOND_FACTOR", "").strip().lower() not in ("", *second_factor.MODES):
        raise CommandError(gettext("POLON_SECOND_FACTOR must be 'required' (the default) or 'optional'"))
    if not second_factor.is_required():
        print(gettext("warning: POLON_SECOND_FACTOR=optional: users without a second factor log in with a password "
                      "alone"), file=sys.stderr)
    pending = unapplied_migrations()
    if pending:
        raise CommandError(gettext("the database is behind this version of polon (%(count)s migrations not applied, "
                                   "first %(first)s): run `polon migrate`, then serve")
                           % {"count": len(pending), "first": pending[0]})
    # Each worker builds its search engine as it starts (polon.registry.search_index): at a million persons
    # that takes longer than gunicorn's default 30 s timeout, during which a search waits for the build and
    # the master would kill the worker, whose replacement would start the build again.
    argv = ["gunicorn", "polon.wsgi:application", "--bind", args.bind, "--workers", str(args.workers),
            "--timeout", "180", "--access-logfile", "-", *control_socket_args(args.control_socket)]
    if args.no_worker:
        os.execvp(sys.executable, [sys.executable, "-m", *argv])
    import signal
    import subprocess

    # gunicorn and one `polon worker` for background jobs, both children of this process; a SIGTERM or
    # Ctrl-C stops both (the worker re-queues a running job at its next batch).
    worker = start_worker_process()
    server = subprocess.Popen([sys.executable, "-m", *argv])

    def forward(signum, frame):
        server.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    try:
        code = server.wait()
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        stop_worker_process(worker)
    return code


def unapplied_migrations() -> list[str]:
    """The migrations the database lacks, as app.name (a server started on an older schema would answer
    every request touching a new column with an error)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def control_socket_args(path: str) -> list[str]:
    """gunicorn ≥ 25.1 opens a control socket by default at one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
    ~/.gunicorn/gunicorn.ctl): a second server (another `polon serve`, a test run beside a demo) takes the path
    over, `gunicornc` then resizes or stops the wrong server, and whichever stops first removes the other's
    socket. polon does not use it: off, unless a path of this server's own is given."""
    if not path:
        return ["--no-control-socket"]
    return ["--control-socket", str(Path(path).resolve())]


def createuser(args) -> int:
    from polon.accounts.models import User
    from polon.accounts.services import create_user

    actor = acting_user(args, required=False)
    if actor is None and User.objects.exists():
        raise CommandError(gettext("users exist already: create further users --as an administrator"))
    if actor is not None and not may(actor, "accounts.admin"):
        raise CommandError(gettext("only administrators create users"))
    password = (args.password or os.environ.get("POLON_PASSWORD")
                or getpass.getpass(gettext("password for %(username)s: ") % {"username": args.username}))
    user = create_user(actor=actor, username=args.username, password=password, role=args.role,
                       countries=args.country, email=args.email)
    print(_described(gettext("created %(username)s (%(role)s)"), gettext("created %(username)s (%(role)s for %(countries)s)"),
                     user))
    return 0


def _described(unscoped: str, scoped: str, user) -> str:
    """``unscoped`` or, for a user limited to some countries, ``scoped``, filled in with the user's name, role
    and countries (codes, as --country takes them)."""
    values = {"username": user.username, "role": user.role, "countries": ", ".join(user.countries)}
    return (scoped if user.countries else unscoped) % values


def token_create(args) -> int:
    from polon.accounts.models import User
    from polon.accounts.services import create_api_token

    actor = acting_user(args)
    if not may(actor, "tokens.own" if actor.username == args.user else "tokens.others"):
        raise CommandError(gettext("only administrators create tokens for other users")
                           if actor.username != args.user else gettext("your role may not create API tokens"))
    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise CommandError(gettext("no user '%(username)s'") % {"username": args.user})
    print(create_api_token(actor=actor, user=user, name=args.name, days=args.days))
    return 0


def user_unlock(args) -> int:
    from polon.accounts.services import unlock_logins

    actor = acting_user(args)
    removed = unlock_logins(actor=actor, username=args.username, address=args.address)
    print(gettext("unlocked %(what)s (%(count)s failure counters forgotten)")
          % {"what": " ".join(part for part in (args.username, args.address) if part), "count": removed})
    return 0


def _administered(args):
    """The acting administrator and the user named by the command (NotFound, exit code 4, if there is none)."""
    from polon.accounts import selectors

    actor = acting_user(args)
    return actor, selectors.user_by_name(actor, args.username)


def user_list(args) -> int:
    from polon.accounts import selectors
    from polon.accounts.second_factor import is_enrolled

    actor = acting_user(args)
    rows = [{"id": u.pk, "username": u.username, "role": u.role, "countries": u.countries, "active": u.is_active,
             "must_change_password": u.must_change_password,
             "last_login": u.last_login.isoformat(timespec="seconds") if u.last_login else None,
             "tokens": getattr(u, "live_tokens", 0), "second_factor": is_enrolled(u)} for u in selectors.users(actor)]

    def lines():
        for row in rows:
            state = "active" if row["active"] else "deactivated"
            countries = f" ({', '.join(row['countries'])})" if row["countries"] else ""
            temporary = ", temporary password" if row["must_change_password"] else ""
            second = "second factor" if row["second_factor"] else "no second factor"
            yield (f"{row['username']}\t{row['role']}{countries}\t{state}{temporary}\t"
                   f"last login {row['last_login'] or 'never'}\t{row['tokens']} token(s)\t{second}")

    emit(args, rows, lines)
    return 0


def user_deactivate(args) -> int:
    from polon.accounts.services import set_active

    actor, user = _administered(args)
    set_active(actor=actor, user_id=user.pk, active=False)
    print(gettext("deactivated %(username)s") % {"username": user.username})
    return 0


def user_activate(args) -> int:
    from polon.accounts.services import set_active

    actor, user = _administered(args)
    set_active(actor=actor, user_id=user.pk, active=True)
    print(gettext("activated %(username)s") % {"username": user.username})
    return 0


def user_set_password(args) -> int:
    from polon.accounts.services import reset_password

    actor, user = _administered(args)
    if args.generate:
        password = ""
    elif args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError(gettext("no password on standard input"))
    else:
        password = getpass.getpass(gettext("temporary password for %(username)s: ") % {"username": user.username})
        if password != getpass.getpass(gettext("the same again: ")):
            raise CommandError(gettext("the two passwords differ; nothing was written"))
    given = reset_password(actor=actor, user_id=user.pk, password=password)
    if args.generate:
        print(given)
    print(gettext("%(username)s must change this password at the next login") % {"username": user.username},
          file=sys.stderr)
    return 0


def user_reset_second_factor(args) -> int:
    from polon.accounts.second_factor import reset

    actor, user = _administered(args)
    reset(actor=actor, user_id=user.pk)
    print(gettext("reset the second factor of %(username)s: he sets up a new one at his next login")
          % {"username": user.username})
    return 0


def user_set_role(args) -> int:
    from polon.accounts.services import set_role

    actor, user = _administered(args)
    user = set_role(actor=actor, user_id=user.pk, role=args.role, countries=args.country)
    print(_described(gettext("%(username)s is now %(role)s"), gettext("%(username)s is now %(role)s for %(countries)s"),
                     user))
    return 0


def token_list(args) -> int:
    from polon.accounts import selectors

    actor = acting_user(args)
    user = selectors.user_by_name(actor, args.user) if args.user else None
    rows = [{"id": t.pk, "user": t.user.username, "name": t.name,
             "created_at": t.created_at.isoformat(timespec="seconds"), "revoked": t.revoked,
             "revoked_at": t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else None,
             "expires_at": t.expires_at.isoformat(timespec="seconds"), "state": t.state}
            for t in selectors.tokens(actor, user)]

    def lines():
        for row in rows:
            state = {"revoked": f"revoked {row['revoked_at'] or ''}".rstrip(),
                     "expired": f"expired {row['expires_at']}"}.get(row["state"], f"valid until {row['expires_at']}")
            yield f"{row['id']}\t{row['user']}\t{row['name']}\tcreated {row['created_at']}\t{state}"

    emit(args, rows, lines)
    return 0


def token_revoke(args) -> int:
    from polon.accounts.services import revoke_api_token

    token = revoke_api_token(actor=acting_user(args), token_id=args.token_id)
    print(gettext("revoked token %(token)s (%(name)s) of %(username)s")
          % {"token": token.pk, "name": token.name, "username": token.user.username})
    return 0
