"""A login refused because every login slot stayed taken (polon.accounts.logins.LoginBusy), wherever a password
is checked (the login page, the expired-session page's new login): 503 "busy, try again", never a 500."""

from __future__ import annotations

import logging

from polon.accounts.logins import LoginBusy

logger = logging.getLogger("polon.web")


class LoginBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginBusy):
            from polon.web.views.accounts import login_busy

            logger.warning("login refused, every login slot busy: %s %s", request.method, request.path)
            return login_busy(request)
        return None
