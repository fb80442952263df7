from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

from polon.core.errors import ConflictError, NotFound, PermissionDenied, PolonError, ValidationFailed


class CommandError(PolonError):
    """A command-line mistake: the message says what to do instead."""


def gettext(message: str) -> str:
    """The message in the command's language (``main`` runs each command under the terminal's); as written where
    Django is not set up (`polon extract` runs without it)."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext as translate

    return translate(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of the message for ``count`` in the command's language (see ``gettext``)."""
    from django.conf import settings

    if not settings.configured:
        return singular if count == 1 else plural
    from django.utils.translation import ngettext as translate

    return translate(singular, plural, count)


def acting_user(args, *, required: bool = True):
    username = getattr(args, "acting_user", None)
    if not username:
        if required:
            raise CommandError(gettext("name the acting user with --as USERNAME (or set POLON_USER)"))
        return None
    return active_user(username)


def active_user(username: str):
    """The active user a command names (by --as, or as the one it acts on); a CommandError if there is none."""
    from polon.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(gettext("no active user '%(username)s'") % {"username": username})
    return user


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_json_flag(parser, help: str | None = None) -> None:
    """--json: the command prints its result as JSON (see ``emit``) instead of lines of text."""
    parser.add_argument("--json", action="store_true", help=help)


def add_command(sub, name: str, handler: Callable[[Any], int], help: str, *, filters: Iterable[str] = (),
                limit: int | None = None, json: bool = False, **kwargs: Any):
    """Add subcommand ``name`` to ``sub`` (a subparsers action), run by ``handler``; the parser, to which the
    command's own arguments are added. A listing's options come in the order --help shows them: each of
    ``filters`` (a text; empty, the default, filters nothing), --limit N when ``limit`` is its default, --json."""
    parser = sub.add_parser(name, help=help, **kwargs)
    add_text_options(parser, *filters)
    if limit is not None:
        parser.add_argument("--limit", type=int, default=limit)
    if json:
        add_json_flag(parser)
    parser.set_defaults(handler=handler)
    return parser


def add_text_options(parser, *options: str) -> None:
    """Options taking a text, each empty when not given (a field left blank, a filter that filters nothing)."""
    for option in options:
        parser.add_argument(option, default="")


def options(args, *names: str) -> dict[str, Any]:
    """The named options of a command as keyword arguments, for a service whose parameters they are named after."""
    return {name: getattr(args, name) for name in names}


def emit(args, value: Any, lines: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
    """A command's result on standard output: ``value`` as JSON when it was given --json (``add_json_flag``),
    otherwise each of ``lines`` on its own line. ``lines`` may be a callable (a generator function) giving them,
    so that text no one reads is not made; with --json it is neither called nor read."""
    if getattr(args, "json", False):
        print_json(value)
        return
    for line in lines() if callable(lines) else lines:
        print(line)


def run(args) -> int:
    try:
        code = args.handler(args) or 0
        sys.stdout.flush()  # a reader gone shows here, not as Python's complaint at exit
        return code
    except BrokenPipeError:
        # The reader stopped reading (`polon person list | head`): stop quietly, as other commands do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE: what a shell reports for a command a closed pipe stopped
    except ValidationFailed as exc:
        for field, reasons in exc.errors.items():
            for reason in reasons:
                print(gettext("error: %(field)s: %(reason)s") % {"field": field, "reason": reason}, file=sys.stderr)
        print(gettext("nothing was written"), file=sys.stderr)
        return 2
    except ConflictError as exc:
        print(gettext("conflict: %(reason)s") % {"reason": exc}, file=sys.stderr)
        return 3
    except NotFound as exc:
        print(gettext("error: %(reason)s") % {"reason": exc}, file=sys.stderr)
        return 4
    except (PermissionDenied, CommandError, PolonError) as exc:
        print(gettext("error: %(reason)s") % {"reason": exc}, file=sys.stderr)
        return 2
    except Exception as exc:
        if not disk_full(exc):
            raise
        # One line, no traceback: the write was one transaction, rolled back; a stored file is written under a
        # temporary name and renamed only when complete.
        print(gettext("error: the disk is full (%(reason)s); nothing was written. Free some space and run the "
                      "command again.") % {"reason": str(exc).strip().splitlines()[0][:200] if str(exc).strip()
                                           else exc.__class__.__name__}, file=sys.stderr)
        return 5


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full (polon.core.disk: the same test as the web's and the API's)."""
    from polon.core.disk import is_disk_full

    return is_disk_full(exc)


def terminal_language() -> str:
    """The language of the terminal's messages: Ukrainian where the environment asks for it (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG), else English (the web's default, Ukrainian, is not a terminal's)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "uk" if value.lower().startswith("uk") else "en"
    return "en"
