from __future__ import annotations

from polon.cli.common import acting_user, add_command, add_json_flag, emit


def register(commands) -> None:
    p = add_command(commands, "search", search, "find persons by a name in any script or spelling")
    p.add_argument("query")
    p.add_argument("--birth-date", default=None)
    p.add_argument("--limit", type=int, default=10)
    add_json_flag(p)


def search(args) -> int:
    from polon.audit import reads
    from polon.registry.search import search_persons

    user = acting_user(args)
    hits = search_persons(user, args.query, birth_date=args.birth_date, limit=args.limit)
    reads.persons_read(user, view="persons.search", channel="cli", person_ids=[h.person.pk for h in hits],
                       query={"q": args.query, "birth_date": args.birth_date, "limit": args.limit})
    emit(args, [{"person_id": h.person.pk, "name": str(h.person), "score": round(h.score, 4), "band": h.band,
                 "explanation": h.explanation} for h in hits],
         lambda: [f"{hit.person.pk:>7}  {hit.score:.2f}  {hit.band:<8}  {hit.person}  — {hit.explanation}"
                  for hit in hits] or ["nobody found"])
    return 0
