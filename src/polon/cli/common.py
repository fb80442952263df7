from __future__ import annotations

import json
import sys
from typing import Any

from polon.core.errors import ConflictError, NotFound, PermissionDenied, PolonError, ValidationFailed


class CommandError(PolonError):
    """A command-line mistake: the message says what to do instead."""


def acting_user(args, *, required: bool = True):
    from polon.accounts.models import User

    username = getattr(args, "acting_user", None)
    if not username:
        if required:
            raise CommandError("name the acting user with --as USERNAME (or set POLON_USER)")
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user '{username}'")
    return user


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def run(args) -> int:
    try:
        return args.handler(args) or 0
    except ValidationFailed as exc:
        for field, reasons in exc.errors.items():
            for reason in reasons:
                print(f"error: {field}: {reason}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 2
    except ConflictError as exc:
        print(f"conflict: {exc}", file=sys.stderr)
        return 3
    except NotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    except (PermissionDenied, CommandError, PolonError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
