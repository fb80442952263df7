"""The error pages, in the user's language and with the site's navigation (never Django's bare English pages),
and the session-expired page that keeps what was typed.

A form sent after the session ran out (or with a CSRF token that is no longer valid, for instance after a new
login in another tab) answers a page that says so, carries the submitted fields in hidden inputs (never
passwords, tokens or the CSRF token; files cannot be carried and are named as such) with a fresh login form,
and after logging in a page that sends them again, with a fresh CSRF token, to the address they were meant for
— by a button, no JavaScript needed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.contrib.auth import login as auth_login
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from polon.web.forms.session import CARRIED, TARGET, KeptInputForm, ResumeForm
from polon.web.policy import RecordNotFound, policy

logger = logging.getLogger("polon.web")



def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message, "errors": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if _is_api(request):
        return _json(_("The request could not be understood."), 400)
    message = _("The request could not be understood. Go back, reload the page and try again.")
    return render(request, "polon/errors/400.html", {"message": message}, status=400)


def too_large(request: HttpRequest) -> HttpResponse:
    """413: a request body over DATA_UPLOAD_MAX_MEMORY_SIZE (files have their own, larger limits)."""
    from django.conf import settings

    message = _("The request is too large: at most %(max)s bytes of form data are accepted.") % {
        "max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    if _is_api(request):
        return JsonResponse({"detail": message, "errors": {"body": [message]}}, status=413)
    return render(request, "polon/errors/400.html", {"message": message}, status=413)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: what the user's role may not do (the refusal's translated reason), and a way home."""
    reason = str(exception) if exception is not None and str(exception) else ""
    if _is_api(request):
        return _json(reason or _("You may not do this."), 403)
    return render(request, "polon/errors/403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a page or record that does not exist or is outside the user's scope (they look the same)."""
    reason = str(exception) if isinstance(exception, RecordNotFound) else ""
    if _is_api(request):
        return _json(reason or _("Not found."), 404)
    return render(request, "polon/errors/404.html", {"reason": reason}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: a minimal page that touches neither the database nor the session (either may be what failed), and
    that never fails itself. A full disk (the exception being handled) says so: 507, nothing was written."""
    from polon.web.busy import disk_full_response, is_disk_full

    if is_disk_full(sys.exc_info()[1]):
        return disk_full_response(request, sys.exc_info()[1])
    if _is_api(request):
        return _json(_("Something went wrong on the server. The error has been logged."), 500)
    try:
        body = loader.get_template("polon/errors/500.html").render({"home": "/"})
    except Exception:  # the template itself, or translations: the plainest page there is
        logger.exception("the 500 page failed")
        body = ('<!doctype html><html><head><meta charset="utf-8"><title>polon</title></head><body>'
                '<h1>Server error</h1><p><a href="/">polon</a></p></body></html>')
    return HttpResponse(body, status=500)


def method_not_allowed(request: HttpRequest, allowed: str = "") -> HttpResponse:
    """405: an address that only takes a form's submission, opened as a page (a bookmarked button)."""
    message = _("This address only takes a submitted form; open the page the form is on.")
    response = _json(message, 405) if _is_api(request) else render(
        request, "polon/errors/405.html", {"message": message}, status=405)
    if allowed:
        response["Allow"] = allowed
    return response


class EmptyErrorPagesMiddleware:
    """The error responses that carry no page (Django's require_POST and the logout view answer a bare, empty
    405; a view may answer an empty 400/403/404) get the site's page in the user's language instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming or response.content or _is_api(request):
            return response
        if response.status_code == 405:
            return method_not_allowed(request, response.get("Allow", ""))
        pages: dict[int, Callable[[HttpRequest], HttpResponse]] = {
            400: bad_request, 403: permission_denied, 404: page_not_found}
        page = pages.get(response.status_code)
        return page(request) if page is not None else response


def from_our_pages(request: HttpRequest) -> bool:
    """Whether the failing form came from one of polon's own pages (its Origin, or else its Referer, is this
    site). Only then is what it carried offered to be sent again: a form another site made a browser send must
    not become a button with a valid token."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return url_has_allowed_host_and_scheme(source, allowed_hosts={request.get_host()})


def _target(request: HttpRequest, url: str) -> str:
    """The address the form was sent to, if it is one of ours; the home page otherwise."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("web:home")


def _whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """For a form HTMX sent: the page replaces the whole body (HTMX swaps no 4xx answer, and a fragment's target
    is the wrong place for a login form)."""
    if request.headers.get("HX-Request"):
        response.status_code = 200
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response


def _expired_page(request: HttpRequest, *, target: str, fields: list[tuple[str, str]], files: bool,
                  form: ResumeForm | None = None, status: int = 403) -> HttpResponse:
    return _whole_page(request, _expired_or_resend(request, target=target, fields=fields, files=files, form=form,
                                                   status=status))


def _expired_or_resend(request: HttpRequest, *, target: str, fields: list[tuple[str, str]], files: bool,
                       form: ResumeForm | None, status: int) -> HttpResponse:
    if request.user.is_authenticated:
        # Still logged in (the page's CSRF token had gone stale): offer to send it again straight away.
        return render(request, "polon/errors/resend.html",
                      {"target": target, "fields": fields, "files": files, "stale": True}, status=status)
    return render(request, "polon/errors/session_expired.html",
                  {"target": target, "fields": fields, "files": files, "carried": CARRIED, "target_name": TARGET,
                   "form": form or ResumeForm(request=request)}, status=status)


def _kept(request: HttpRequest) -> HttpResponse:
    """The expired page for a form that failed: what it carried, if it came from our own pages."""
    if not from_our_pages(request):
        return _expired_page(request, target=reverse("web:home"), fields=[], files=False)
    if request.path == reverse("web:resume"):  # the expired page itself went stale: what it was carrying
        again = ResumeForm(request.POST, request=request)
        return _expired_page(request, target=_target(request, again.target()), fields=again.kept(), files=False)
    kept = KeptInputForm(request.POST, request.FILES)
    return _expired_page(request, target=request.get_full_path(), fields=kept.kept(), files=kept.had_files)


def session_expired(request: HttpRequest) -> HttpResponse:
    """A form sent by someone no longer logged in (their session expired): log in again, keep the input."""
    if request.path == reverse("web:logout"):
        return HttpResponseRedirect(reverse("web:login"))
    return _kept(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's security token is no longer valid — nearly always because the session
    expired or the user logged in again elsewhere. Keeps what was typed (the failing request's own fields)."""
    logger.warning("CSRF failure on %s %s: %s", request.method, request.path, reason)
    if _is_api(request):
        return _json(_("The security token of this request is missing or no longer valid; reload and try again."),
                     403)
    if request.path == reverse("web:login") or request.method != "POST":
        # A stale login page: a fresh one (the username kept), nothing to send on.
        sent = KeptInputForm(request.POST)
        form = ResumeForm(request=request, initial={"username": sent.value("username")})
        return render(request, "polon/errors/session_expired.html",
                      {"target": "", "fields": [], "files": False, "form": form, "carried": CARRIED,
                       "target_name": TARGET, "next": _target(request, sent.value("next"))}, status=403)
    return _kept(request)


@policy("public")
@csrf_protect
def resume(request: HttpRequest) -> HttpResponse:
    """The session-expired page's login: on success, a page that sends the carried fields again to their
    address with a fresh CSRF token; on failure, the same page again with the reason and the fields kept."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("web:login"))
    form = ResumeForm(request.POST, request=request)
    target, fields = _target(request, form.target()), form.kept()
    if not form.is_valid():
        return _expired_page(request, target=target, fields=fields, files=False, form=form, status=200)
    user = form.get_user()
    if getattr(user, "must_change_password", False):
        # A temporary password only opens the page that replaces it (web.views.auth), as on the login page.
        from polon.web.views.auth import PENDING_NEXT, PENDING_USER

        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_NEXT] = reverse("web:home")
        return HttpResponseRedirect(reverse("accounts:password-expired"))
    auth_login(request, user)  # rotates the CSRF token: the page below carries the new one
    if not fields or target == reverse("web:login"):
        return HttpResponseRedirect(reverse("web:home"))
    return render(request, "polon/errors/resend.html", {"target": target, "fields": fields, "files": False})
