import functools
from typing import cast

from django.http import JsonResponse
from django.urls import URLPattern, include, path
from django.utils.translation import gettext as _

from polon.api.app import api
from polon.web import urls as web_urls
from polon.web.policy import policy

_api_patterns, _api_app, _api_namespace = api.urls
# django-ninja adds a root view that only redirects to the docs: give it a declared policy like every route.
# The schema is public (it holds no data); the interactive docs, which run script, are for logged-in users.
_WRAP = {"api-root": "public", "openapi-view": "authenticated"}


def _json_errors(view):
    """Every error the API answers is JSON in its documented shape ({"detail", "errors"}): ninja's own plain-text
    answers (405 "Method not allowed" for a method a path does not take) are turned into it, keeping the status
    and the Allow header."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code < 400 or getattr(response, "streaming", False) or \
                response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 405:
            detail = _("%(method)s is not allowed here; this address takes %(allowed)s") % {
                "method": request.method, "allowed": response.get("Allow", "")}
        else:
            detail = response.content.decode("utf-8", "replace")[:500] or str(response.reason_phrase)
        answer = JsonResponse({"detail": detail, "errors": {}}, status=response.status_code,
                              json_dumps_params={"ensure_ascii": False})
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer

    return wrapped


_api_patterns = [
    path(str(p.pattern), _json_errors(policy(_WRAP[p.name])(p.callback) if p.name in _WRAP else p.callback),
         name=cast(str, p.name))  # ninja names every route
    if isinstance(p, URLPattern) else p
    for p in _api_patterns
]

urlpatterns = [
    path("api/", include((_api_patterns, _api_app), namespace=_api_namespace)),
    path("", include((web_urls.web_patterns, "web"))),
    path("", include((web_urls.exchanges_patterns, "exchanges"))),
    path("", include((web_urls.consular_patterns, "consular"))),
    path("", include((web_urls.enquiries_patterns, "enquiries"))),
    path("", include((web_urls.exports_patterns, "exports"))),
    path("", include((web_urls.places_patterns, "places"))),
    path("", include((web_urls.visits_patterns, "visits"))),
    path("", include((web_urls.deaths_patterns, "deaths"))),
    path("", include((web_urls.cta_patterns, "cta"))),
    path("", include((web_urls.effects_patterns, "effects"))),
    path("", include((web_urls.proceedings_patterns, "proceedings"))),
    path("", include((web_urls.medical_patterns, "medical"))),
    path("", include((web_urls.duties_patterns, "duties"))),
    path("", include((web_urls.accounts_patterns, "accounts"))),
]

# Error pages in the user's language with the site's navigation (web.views.errors), never Django's bare ones.
handler400 = "polon.web.views.errors.bad_request"
handler403 = "polon.web.views.errors.permission_denied"
handler404 = "polon.web.views.errors.page_not_found"
handler500 = "polon.web.views.errors.server_error"
