"""Enforcing the second factor on every request (after django-otp's OTPMiddleware, which tells whether this
session passed it: ``request.user.is_verified()``).

A logged-in user whose session has not passed the second factor, where he must pass it
(:func:`polon.accounts.second_factor.needs_verification`), reaches only the pages that let him: entering a code,
setting up his app, changing a temporary password, the language switch and logging out. Any other page sends him
to the code (or, without an app yet, to its set-up) and back afterwards; the API answers such a session 403 in
its JSON shape; beside a bearer token such a session does not count at all (a token is created only from a session
that passed the second factor, or by the operator on the command line).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from polon.accounts import second_factor

# The pages an unverified session may open (namespace:name).
OPEN_PAGES = frozenset({
    "web:second-factor-verify", "web:second-factor-setup", "web:logout", "web:set-language", "web:login",
    "accounts:password-expired",
})


def verified(request) -> bool:
    """Whether this session passed the second factor."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def satisfied(request) -> bool:
    """Whether the logged-in user of ``request`` may go on: his session passed the second factor, or he need not
    pass one (optional, and he has none)."""
    return verified(request) or not second_factor.needs_verification(request.user)


def second_step_url(user, going: str = "") -> str:
    """Where a logged-in user goes to pass the second factor: the code, or the app's set-up if he has none."""
    name = "web:second-factor-verify" if second_factor.is_enrolled(user) else "web:second-factor-setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': going})}" if going else url


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._open(request) and not satisfied(request):
            if request.path_info.startswith("/api/"):
                if request.META.get("HTTP_AUTHORIZATION"):
                    # A bearer token speaks for itself; this session does not count beside it.
                    request.user = AnonymousUser()
                    return self.get_response(request)
                return JsonResponse({"detail": _("this session has not passed the second factor: enter a code from "
                                                 "your authenticator app on the web first"), "errors": {}},
                                    status=403)
            going = request.get_full_path() if request.method == "GET" else ""
            return redirect(second_step_url(user, going))
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_PAGES
