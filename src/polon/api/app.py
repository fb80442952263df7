from __future__ import annotations

from django.db import OperationalError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from polon.api.accounts import router as accounts_router
from polon.api.actors import router as actors_router
from polon.api.auth import SessionAuth, TokenAuth
from polon.api.consular import router as consular_router
from polon.api.enquiries import router as enquiries_router
from polon.api.exchanges import router as exchanges_router
from polon.api.exports import router as exports_router
from polon.api.jobs import router as jobs_router
from polon.api.persons import router as persons_router
from polon.api.sources import router as sources_router
from polon.core.errors import ConflictError, Gone, NotFound, PermissionDenied, ValidationFailed
from polon.registry.search import SearchQueryError
from polon.registry.search_index import SearchStarting
from polon.web.policy import policy

api = NinjaAPI(
    title="polon API",
    version="1",
    description="Information bureau for prisoners of war (GC III Art. 122). Every operation is scoped to the "
                "authenticated user; persons outside the scope are 404.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=policy("public"),
)
api.add_router("/", persons_router)
api.add_router("/", exchanges_router)
api.add_router("/", consular_router)
api.add_router("/", enquiries_router)
api.add_router("/", exports_router)
api.add_router("/", sources_router)
api.add_router("/", actors_router)
api.add_router("/", jobs_router)
api.add_router("/", accounts_router)


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ValidationFailed)
def on_validation_failed(request, exc: ValidationFailed):
    return _error(request, 400, str(exc), exc.errors)


@api.exception_handler(SearchQueryError)
def on_bad_query(request, exc: SearchQueryError):
    return _error(request, 400, str(exc), {"q": [str(exc)]})


@api.exception_handler(ValidationError)
def on_schema_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        location = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "payload", "query", "path"))
        errors.setdefault(location or "request", []).append(item.get("msg", "invalid"))
    return _error(request, 400, "; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()), errors)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return _error(request, 409, str(exc), {"version": [str(exc)]})


@api.exception_handler(NotFound)
def on_not_found(request, exc: NotFound):
    return _error(request, 404, str(exc))


@api.exception_handler(Gone)
def on_gone(request, exc: Gone):
    return _error(request, 410, str(exc))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc: PermissionDenied):
    return _error(request, 403, str(exc))


@api.exception_handler(OperationalError)
def on_database_error(request, exc: OperationalError):
    from polon.web.busy import busy_response, is_busy

    if is_busy(exc):
        return busy_response(request)
    raise exc


@api.exception_handler(SearchStarting)
def on_search_starting(request, exc: SearchStarting):
    from polon.web.busy import starting_response

    return starting_response(request)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "log in or send 'Authorization: Bearer <token>'")
