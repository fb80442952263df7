"""Actors over the API: people named in sources who are not captives — list, read, record, edit, spellings."""

from ninja import Query, Router, Status

from polon.access.policies import may
from polon.actors import selectors
from polon.actors.models import Actor
from polon.actors.services import add_actor_name, create_actor, update_actor
from polon.api.auth import operation_policy
from polon.api.schemas.actors import ActorIn, ActorNameIn, ActorOut, ActorUpdateIn
from polon.api.schemas.common import ERRORS, ERRORS_NO_CONFLICT, MAX_OFFSET, RecordId

router = Router(tags=["actors"])


def actor_out(request, actor: Actor, *, full: bool = False) -> dict:
    data = {f: getattr(actor, f) for f in ("name", "kind", "country", "organisation", "position", "notes",
                                           "version")}
    data["id"] = actor.pk
    data["names"] = [{"text": n.text, "language": n.language, "source": n.source_id} for n in actor.names.all()]
    if full:
        data["sources"] = ([{"source": m.source_id, "title": str(m.source), "role": m.role}
                            for m in selectors.mentions(request.auth, actor)]
                           if may(request.auth, "sources.read") else [])
        data["contacts"] = [{"id": c.pk, "country": c.country, "date": c.date, "place": c.place}
                            for c in selectors.contacts(request.auth, actor)]
    return data


@router.get("/actors", response=list[ActorOut])
@operation_policy("actors.read")
def list_actors(request, q: str = "", kind: str = "", country: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET),
                limit: int = Query(50, ge=1, le=500)):
    actors = selectors.actor_list(request.auth, q=q, kind=kind, country=country)
    start = max(offset, 0)
    return [actor_out(request, a) for a in actors[start:start + limit]]


@router.get("/actors/{actor_id}", response={200: ActorOut, **ERRORS_NO_CONFLICT})
@operation_policy("actors.read")
def get_actor(request, actor_id: RecordId):
    return actor_out(request, selectors.get_actor(request.auth, actor_id), full=True)


@router.post("/actors", response={201: ActorOut, **ERRORS_NO_CONFLICT})
@operation_policy("actors.write")
def post_actor(request, payload: ActorIn):
    actor = create_actor(actor=request.auth, **payload.dict())
    return Status(201, actor_out(request, selectors.get_actor(request.auth, actor.pk), full=True))


@router.put("/actors/{actor_id}", response={200: ActorOut, **ERRORS})
@operation_policy("actors.write")
def put_actor(request, actor_id: RecordId, payload: ActorUpdateIn):
    update_actor(actor=request.auth, actor_id=actor_id, **payload.dict())
    return actor_out(request, selectors.get_actor(request.auth, actor_id), full=True)


@router.post("/actors/{actor_id}/names", response={201: ActorOut, **ERRORS_NO_CONFLICT})
@operation_policy("actors.write")
def post_actor_name(request, actor_id: RecordId, payload: ActorNameIn):
    add_actor_name(actor=request.auth, actor_id=actor_id, text=payload.text, language=payload.language)
    return Status(201, actor_out(request, selectors.get_actor(request.auth, actor_id), full=True))
