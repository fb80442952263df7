"""`polon extract PATH`: what polon reads in a document. Writes nothing, so it runs without Django:
`polon.cli.main` hands it its arguments before setting Django up (see ``wants``)."""

from __future__ import annotations

import argparse
import json
import sys

from polon.cli.common import CommandError, add_command, add_json_flag, run

# Options of the `polon` command itself that take a value (``polon --as alice extract …``).
_GLOBAL_WITH_VALUE = ("--data-dir", "--as")


def register(commands) -> None:
    p = add_command(commands, "extract", extract, "print what polon reads in a document (writes nothing)")
    p.add_argument("path")
    add_json_flag(p, help="print the JSON objects (the default)")
    p.add_argument("--lang", default=None, help="override language detection (de, en, ru, uk, kk, ky)")


def wants(argv: list[str]) -> bool:
    """Whether ``argv`` runs `polon extract` (any other option of `polon`, such as --help, says no)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
        elif arg.startswith(tuple(o + "=" for o in _GLOBAL_WITH_VALUE)):
            i += 1
        else:
            return arg == "extract"
    return False


def main(argv: list[str]) -> int:
    """`polon … extract …` without Django: the same parser for this one command, the same error handling."""
    parser = argparse.ArgumentParser(prog="polon")
    # accepted where `polon` accepts them; extract needs neither
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--as", dest="acting_user", help=argparse.SUPPRESS)
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


def extract(args) -> int:
    from polon.extract import extract_file
    from polon.extract.documents import DocumentError

    try:
        results = extract_file(args.path, lang=args.lang)
    except (DocumentError, OSError) as exc:
        raise CommandError(str(exc)) from None
    payload = results[0] if len(results) == 1 else results
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
