"""The last guard against "database is locked": a request that still met a busy SQLite database after
waiting out the busy timeout gets a 503 asking to try again, never a 500 page or the driver's message.
Likewise a search that arrives while a freshly started worker is still building its search engine waits
at most POLON_SEARCH_START_WAIT seconds, then gets a 503 saying the search is starting. A full disk (the
database's or the file store's) gets a 507 saying so, with nothing written: each write is one transaction, rolled
back by the failure, and a stored file is written to a temporary name first."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from polon.core.disk import is_disk_full
from polon.registry.search_index import SearchStarting, waiting_at_most

logger = logging.getLogger("polon.web")
RETRY_AFTER_SECONDS = 2


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


def disk_full_response(request, exc: BaseException | None = None) -> HttpResponse:
    """507: the server's disk is full; what the request would have written was not written."""
    logger.error("disk full on %s %s: %s", request.method, request.path, exc)
    message = _("The server's disk is full, so nothing was saved. Tell the bureau's administrator; once space "
                "has been freed, try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=507)
    return plain_page(request, _("Disk full"), message, status=507)


def plain_page(request, title: str, message: str, *, status: int) -> HttpResponse:
    """A page written without templates, sessions or the database (which may be what failed), yet readable on a
    phone (viewport), in the user's language, with a way back to the start page."""
    return HttpResponse(
        f'<!doctype html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "uk"))}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)} — polon</title>'
        f'<style>body{{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:40rem}}</style>'
        f'</head><body><main><h1>{escape(title)}</h1><p>{escape(message)}</p>'
        f'<p><a href="/">{escape(_("Go to the start page"))}</a></p></main></body></html>', status=status)


def busy_response(request, message: str | None = None, retry_after: int = RETRY_AFTER_SECONDS) -> HttpResponse:
    message = message or _("The database is busy; try again in a moment.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "errors": {}}, status=503)
    else:
        response = plain_page(request, _("Busy"), message, status=503)
    response["Retry-After"] = str(retry_after)
    return response


def starting_response(request) -> HttpResponse:
    return busy_response(request, _("The search is starting up (the server has just started); try again in a "
                                    "minute."), retry_after=30)


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with waiting_at_most(settings.POLON_SEARCH_START_WAIT):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SearchStarting):
            logger.warning("search still starting on %s %s", request.method, request.path)
            return starting_response(request)
        if is_busy(exception):
            logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
            return busy_response(request)
        if is_disk_full(exception):
            return disk_full_response(request, exception)
        return None
