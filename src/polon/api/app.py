from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import OperationalError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from polon.api.accounts import router as accounts_router
from polon.api.actors import router as actors_router
from polon.api.auth import SessionAuth, TokenAuth
from polon.api.consular import router as consular_router
from polon.api.cta import router as cta_router
from polon.api.deaths import router as deaths_router
from polon.api.duties import router as duties_router
from polon.api.effects import router as effects_router
from polon.api.enquiries import router as enquiries_router
from polon.api.exchanges import router as exchanges_router
from polon.api.exports import router as exports_router
from polon.api.jobs import router as jobs_router
from polon.api.medical import router as medical_router
from polon.api.persons import router as persons_router
from polon.api.places import router as places_router
from polon.api.proceedings import router as proceedings_router
from polon.api.schemas.common import ErrorOut
from polon.api.sources import router as sources_router
from polon.api.visits import router as visits_router
from polon.core.errors import ConflictError, Gone, NotFound, PermissionDenied, ValidationFailed
from polon.registry.search import SearchQueryError
from polon.registry.search_index import SearchStarting
from polon.web.busy import busy_response, disk_full_response, is_busy, is_disk_full, starting_response
from polon.web.policy import RecordNotFound, policy

logger = logging.getLogger("polon.api")


class NotAnObject(ValueError):
    """A JSON body that is not an object (``false``, ``[]``, ``0``, a string)."""


class NumberOutOfRange(ValueError):
    """A whole number in a JSON body beyond what a database column holds (a record number, an offset)."""


MAX_INTEGER = 2**63 - 1


def _out_of_range(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -MAX_INTEGER - 1 <= value <= MAX_INTEGER
    if isinstance(value, dict):
        return any(_out_of_range(v) for v in value.values())
    if isinstance(value, list):
        return any(_out_of_range(v) for v in value)
    return False


class ObjectBodyParser(Parser):
    """Every operation's JSON body is an object (tests/api/test_openapi.py holds the schemas to that), so any other
    JSON value is refused. ninja would otherwise read ``false``, ``[]`` or ``0`` as a body with no fields and fill
    in the defaults: an objection of nobody's words. A whole number no database column holds is refused too (it
    would otherwise reach the database as a record number and fail there)."""

    def parse_body(self, request) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        if _out_of_range(data):
            raise NumberOutOfRange()
        return data


# The error answers every operation may give besides those it declares (a body only where it takes one), each an
# ErrorOut: so a client, and schemathesis in tests/api/test_schemathesis.py, can rely on the shape of any answer.
COMMON_ERRORS = {
    400: "The request breaks a rule: `errors` names each field and why",
    401: "Not logged in and no valid `Authorization: Bearer <token>`",
    403: "The role may not do this",
    404: "No such record, or not in the caller's scope (they look the same)",
    429: "Too many attempts; wait and try again",
    500: "A fault on the server (logged; no details are given)",
    503: "The database is busy or the search is starting; try again (see Retry-After)",
    507: "The server's disk is full; nothing was written",
}
BODY_ERRORS = {413: "The request body is larger than the server accepts"}


class PolonAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        document = super().get_openapi_schema(*args, **kwargs)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for item in document.get("paths", {}).values():
            for operation in item.values():
                answers = operation.setdefault("responses", {})
                documented = {str(code) for code in answers}
                extra = COMMON_ERRORS | (BODY_ERRORS if "requestBody" in operation else {})
                for code, description in extra.items():
                    if str(code) not in documented:
                        answers[code] = {"description": description, "content": error}
        return document


api = PolonAPI(
    title="polon API",
    version="1",
    description="Information bureau for prisoners of war (GC III Art. 122). Every operation is scoped to the "
                "authenticated user; persons outside the scope are 404.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=policy("public"),
    parser=ObjectBodyParser(),
)
api.add_router("/", persons_router)
api.add_router("/", exchanges_router)
api.add_router("/", consular_router)
api.add_router("/", enquiries_router)
api.add_router("/", exports_router)
api.add_router("/", sources_router)
api.add_router("/", actors_router)
api.add_router("/", jobs_router)
api.add_router("/", duties_router)
api.add_router("/", accounts_router)
api.add_router("/", places_router)
api.add_router("/", visits_router)
api.add_router("/", deaths_router)
api.add_router("/", effects_router)
api.add_router("/", proceedings_router)
api.add_router("/", cta_router)
api.add_router("/", medical_router)


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ValidationFailed)
def on_validation_failed(request, exc: ValidationFailed):
    return _error(request, 400, str(exc), exc.errors)


@api.exception_handler(SearchQueryError)
def on_bad_query(request, exc: SearchQueryError):
    return _error(request, 400, str(exc), {"q": [str(exc)]})


def _field(location: tuple) -> str:
    """The field a schema error is about, as a client names it: ``names.0.text``, ``limit``; ``body`` for the
    body as a whole."""
    parts = [str(p) for p in location]
    if parts[:1] == ["body"] and len(parts) >= 2:
        parts = parts[2:] or ["body"]  # ("body", "payload", field...): the operation's one body parameter
    elif parts[:1] in (["query"], ["path"], ["form"], ["file"], ["header"], ["cookie"]):
        parts = parts[1:]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def on_schema_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        errors.setdefault(_field(tuple(item.get("loc", ()))), []).append(str(item.get("msg", "invalid")))
    return _error(request, 400, "; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()), errors)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return _error(request, 409, str(exc), {"version": [str(exc)]})


@api.exception_handler(NotFound)
def on_not_found(request, exc: NotFound):
    return _error(request, 404, str(exc))


@api.exception_handler(Http404)
def on_http_404(request, exc: Http404):
    return _error(request, 404, str(exc) if isinstance(exc, RecordNotFound) and str(exc) else _("Not found."))


@api.exception_handler(DjangoPermissionDenied)
def on_django_forbidden(request, exc: DjangoPermissionDenied):
    return _error(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(Gone)
def on_gone(request, exc: Gone):
    return _error(request, 410, str(exc))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc: PermissionDenied):
    return _error(request, 403, str(exc))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals: a body that is not JSON, or not a JSON object, and any status it raises."""
    cause = exc.__cause__
    if isinstance(cause, NotAnObject):
        reason = _("the body must be a JSON object, not %(kind)s") % {"kind": str(cause)}
        return _error(request, 400, reason, {"body": [reason]})
    if isinstance(cause, NumberOutOfRange):
        reason = _("a number in the body is out of range (at most %(max)s)") % {"max": MAX_INTEGER}
        return _error(request, 400, reason, {"body": [reason]})
    if isinstance(cause, ValueError):  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        reason = _("the body is not valid JSON (%(reason)s)") % {"reason": str(cause)[:200]}
        return _error(request, 400, reason, {"body": [reason]})
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc: RequestDataTooBig):
    from django.conf import settings

    reason = _("the request body is larger than %(max)s bytes") % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    return _error(request, 413, reason, {"body": [reason]})


@api.exception_handler(MultiPartParserError)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def on_bad_form(request, exc: Exception):
    reason = _("the form data (multipart/form-data) could not be read: %(reason)s") % {"reason": str(exc)[:200]}
    return _error(request, 400, reason, {"body": [reason]})


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc: SuspiciousOperation):
    logger.warning("refused %s %s: %s", request.method, request.path, exc)
    return _error(request, 400, _("The request could not be understood."))


@api.exception_handler(OperationalError)
def on_database_error(request, exc: OperationalError):
    if is_busy(exc):
        return busy_response(request)
    if is_disk_full(exc):
        return disk_full_response(request, exc)
    return on_unexpected(request, exc)


@api.exception_handler(OSError)
def on_os_error(request, exc: OSError):
    if is_disk_full(exc):
        return disk_full_response(request, exc)
    return on_unexpected(request, exc)


@api.exception_handler(SearchStarting)
def on_search_starting(request, exc: SearchStarting):
    return starting_response(request)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, _("log in or send 'Authorization: Bearer <token>'"))


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    """Anything else: a JSON 500 that names no internals (the traceback goes to the log, never to the client)."""
    logger.error("Internal Server Error: %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, _("Something went wrong on the server. The error has been logged."))
