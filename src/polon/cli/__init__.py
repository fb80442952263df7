"""The `polon` command line. Every subcommand writes through the services and reads through the scoped
selectors, acting as the user named by --as (or POLON_USER)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _bootstrap(data_dir: str | None) -> None:
    if data_dir:
        os.environ["POLON_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from polon.cli import (
        actors,
        admin,
        audit,
        backup,
        consular,
        cta,
        deaths,
        demo,
        duties,
        effects,
        enquiries,
        exchanges,
        exports,
        extract,
        imports,
        jobs,
        medical,
        persons,
        places,
        proceedings,
        search,
        sources,
        visits,
    )

    parser = argparse.ArgumentParser(prog="polon", description="polon: information bureau for prisoners of war")
    parser.add_argument("--data-dir", help="where the SQLite file and stored files live (default: $POLON_DATA_DIR "
                                           "or ./polon-data)")
    parser.add_argument("--as", dest="acting_user", default=os.environ.get("POLON_USER"),
                        help="act as this user (default: $POLON_USER); scope and permissions apply")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (demo, admin, persons, imports, audit, search, extract, sources, jobs, exchanges, enquiries,
                   exports, consular, actors, backup, places, visits, duties, deaths,
                   effects, medical, proceedings, cta):
        module.register(commands)
    _accept_anywhere(parser, "--data-dir", help="the same as `polon --data-dir DIR COMMAND`")
    return parser


def _accept_anywhere(parser: argparse.ArgumentParser, option: str, help: str) -> None:
    """Let every subcommand take a global option after its name too (`polon demo --data-dir DIR`, as the
    README writes it); main() has read its value before parsing, so the subcommand only has to accept it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if option not in sub._option_string_actions:
                    sub.add_argument(option, default=argparse.SUPPRESS, help=help)
                _accept_anywhere(sub, option, help)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --data-dir must be known before Django reads its settings, so look for it before parsing fully.
    data_dir = None
    for index, arg in enumerate(argv):
        if arg == "--data-dir" and index + 1 < len(argv):
            data_dir = argv[index + 1]
        elif arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
    from polon.cli import extract

    if extract.wants(argv):  # reads a file, writes nothing: no Django, a quick start
        return extract.main(argv)
    _bootstrap(data_dir)
    parser = build_parser()
    args = parser.parse_args(argv)
    from django.utils import translation

    from polon.cli.common import run, terminal_language

    # Every command speaks the terminal's language, services' messages included.
    with translation.override(terminal_language()):
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
