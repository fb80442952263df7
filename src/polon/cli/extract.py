from __future__ import annotations

import json
import sys

from polon.cli.common import CommandError


def register(commands) -> None:
    p = commands.add_parser("extract", help="print what polon reads in a document (writes nothing)")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print the JSON objects (the default)")
    p.add_argument("--lang", default=None, help="override language detection (de, en, ru, uk, kk, ky)")
    p.set_defaults(handler=extract)


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
