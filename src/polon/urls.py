from django.urls import URLPattern, include, path

from polon.api.app import api
from polon.web import urls as web_urls
from polon.web.policy import policy

_api_patterns, _api_app, _api_namespace = api.urls
# django-ninja adds a root view that only redirects to the docs: give it a declared policy like every route.
# The schema is public (it holds no data); the interactive docs, which run script, are for logged-in users.
_WRAP = {"api-root": "public", "openapi-view": "authenticated"}
_api_patterns = [
    path(str(p.pattern), policy(_WRAP[p.name])(p.callback), name=p.name)
    if isinstance(p, URLPattern) and p.name in _WRAP else p
    for p in _api_patterns
]

urlpatterns = [
    path("api/", include((_api_patterns, _api_app), namespace=_api_namespace)),
    path("", include((web_urls.web_patterns, "web"))),
    path("", include((web_urls.exchanges_patterns, "exchanges"))),
    path("", include((web_urls.consular_patterns, "consular"))),
    path("", include((web_urls.enquiries_patterns, "enquiries"))),
    path("", include((web_urls.exports_patterns, "exports"))),
    path("", include((web_urls.accounts_patterns, "accounts"))),
]

# Error pages in the user's language with the site's navigation (web.views.errors), never Django's bare ones.
handler400 = "polon.web.views.errors.bad_request"
handler403 = "polon.web.views.errors.permission_denied"
handler404 = "polon.web.views.errors.page_not_found"
handler500 = "polon.web.views.errors.server_error"
