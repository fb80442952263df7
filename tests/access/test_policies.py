"""Every URL pattern and every API operation declares a policy; none is left open by accident."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from polon.access.policies import POLICIES
from polon.api.app import api


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _api_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"{prefix}{path}", operation.methods, operation.view_func


def test_every_url_pattern_declares_a_policy():
    missing = []
    seen = 0
    for route, callback in _patterns(get_resolver()):
        seen += 1
        view = callback
        policy = getattr(view, "polon_policy", None)
        if policy is None and "PathView" in getattr(view, "__qualname__", ""):
            # django-ninja dispatches all operations of one path through one view; each is checked below.
            continue
        if policy not in POLICIES:
            missing.append(route)
    assert seen > 10
    assert not missing, f"URL patterns without a declared policy: {missing}"


def test_every_api_operation_declares_a_policy():
    operations = list(_api_operations())
    assert len(operations) >= 8
    missing = [(path, methods) for path, methods, view in operations
               if getattr(view, "polon_policy", None) not in POLICIES]
    assert not missing, f"API operations without a declared policy: {missing}"


def test_public_routes_are_only_the_expected_ones():
    public = sorted(route for route, callback in _patterns(get_resolver())
                    if getattr(callback, "polon_policy", None) == "public")
    # login/new-password/: a user who logged in with a temporary password replaces it before he is logged in.
    # session/resume/: logging in again on the session-expired page, which carries the form that was being sent.
    assert public == sorted(["api/", "api/openapi.json", "login/", "login/new-password/", "language/",
                             "session/resume/"])
