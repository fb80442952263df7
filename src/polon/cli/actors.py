"""`polon actor list|show`: the people sources name who are not captives (officials, diplomats, journalists,
authors, politicians)."""

from __future__ import annotations

from polon.cli.common import acting_user, add_command, emit


def register(commands) -> None:
    a = commands.add_parser("actor", help="actors: people named in sources who are not captives")
    sub = a.add_subparsers(dest="actor_command", required=True)
    add_command(sub, "list", actor_list, "actors in your scope, by name", filters=["--q", "--kind", "--country"],
                limit=100, json=True)
    add_command(sub, "show", actor_show, "one actor with his spellings, sources and consular contacts",
                json=True).add_argument("actor_id", type=int)


def actor_out(actor) -> dict:
    return {"id": actor.pk, "name": actor.name, "kind": actor.kind, "country": actor.country,
            "organisation": actor.organisation, "position": actor.position, "notes": actor.notes,
            "version": actor.version,
            "names": [{"text": n.text, "language": n.language, "source": n.source_id} for n in actor.names.all()]}


def actor_list(args) -> int:
    from polon.actors.selectors import actor_list as listing

    actors = listing(acting_user(args), q=args.q, kind=args.kind, country=args.country)[: args.limit]
    data = [actor_out(a) for a in actors]

    def lines():
        for a in data:
            where = ", ".join(x for x in (a["country"], a["organisation"], a["position"]) if x)
            yield f"{a['id']:>5} {a['kind']:<10} {a['name']}" + (f" ({where})" if where else "")

    emit(args, data, lines)
    return 0


def actor_show(args) -> int:
    from polon.access.policies import may
    from polon.actors import selectors

    user = acting_user(args)
    actor = selectors.get_actor(user, args.actor_id)
    data = actor_out(actor)
    data["sources"] = ([{"id": m.source_id, "title": str(m.source), "role": m.role}
                        for m in selectors.mentions(user, actor)] if may(user, "sources.read") else [])
    data["contacts"] = [{"id": c.pk, "country": c.country, "date": c.date, "place": c.place}
                        for c in selectors.contacts(user, actor)]

    def lines():
        yield f"actor {data['id']}: {data['name']} ({data['kind']})"
        for key in ("country", "organisation", "position", "notes"):
            if data[key]:
                yield f"  {key}: {data[key]}"
        for n in data["names"]:
            yield f"  spelling: {n['text']}" + (f" [{n['language']}]" if n["language"] else "") + (
                f" (source {n['source']})" if n["source"] else "")
        for s in data["sources"]:
            yield f"  source {s['id']}: {s['title']}" + (f" — {s['role']}" if s["role"] else "")
        for c in data["contacts"]:
            yield f"  consular contact {c['id']}: {c['country']} {c['date'] or '?'} {c['place']}"

    emit(args, data, lines)
    return 0
