from __future__ import annotations

from polon.cli.common import acting_user, print_json


def register(commands) -> None:
    p = commands.add_parser("search", help="find persons by a name in any script or spelling")
    p.add_argument("query")
    p.add_argument("--birth-date", default=None)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=search)


def search(args) -> int:
    from polon.registry.search import search_persons

    hits = search_persons(acting_user(args), args.query, birth_date=args.birth_date, limit=args.limit)
    if args.json:
        print_json([{"person_id": h.person.pk, "name": str(h.person), "score": round(h.score, 4), "band": h.band,
                     "explanation": h.explanation} for h in hits])
        return 0
    if not hits:
        print("nobody found")
    for hit in hits:
        print(f"{hit.person.pk:>7}  {hit.score:.2f}  {hit.band:<8}  {hit.person}  — {hit.explanation}")
    return 0
