"""Logging in and out, and where a user lands: the first page his policies let him open, never a bare 403.

A user whose password an administrator reset (``must_change_password``) is not logged in by his temporary
password: the login asks him for a new one first (``password_expired``), and logs him in once it is set.
Where the second factor applies (polon.accounts.second_factor), a correct password leads to it next: the code
from his app (web.views.second_factor.verify), or setting one up; nothing else opens until he passes it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

from polon.access.policies import may
from polon.accounts import second_factor
from polon.accounts.logins import PASSWORD_BACKEND
from polon.accounts.models import User
from polon.accounts.services import change_own_password
from polon.web.forms.accounts import PasswordChangeForm
from polon.web.policy import policy
from polon.web.second_factor import satisfied, second_step_url
from polon.web.views.base import form_page

# Where a user lands after logging in (and at "/"): the first of these pages his policies allow. Every user may
# change his own password, so the last one always fits.
LANDINGS: tuple[tuple[str, str], ...] = (
    # The registrar first sees the GC III duties overdue and due soon (polon.duties).
    ("duties.landing", "duties:list"),
    ("registry.read", "web:person-list"),
    ("audit.read", "web:audit-log"),
    ("accounts.admin", "accounts:user-list"),
    ("authenticated", "accounts:password-change"),
)

# The session keys of a login waiting for a new password: whose, and where he was going.
PENDING_USER = "polon_password_change_for"
PENDING_NEXT = "polon_password_change_next"


def landing_url(user) -> str:
    """The first page of LANDINGS that ``user`` may open."""
    return next(reverse(name) for policy_name, name in LANDINGS if may(user, policy_name))


def may_open(user, url: str) -> bool:
    """Whether ``url`` (a path of this site) is a page whose declared policy ``user`` passes."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    declared = getattr(match.func, "polon_policy", None)
    return declared is not None and may(user, declared)


def next_or_landing(request, url: str) -> str:
    """``url`` if it is safe and ``request.user`` may open it, else where he lands: a ``next`` he may not open
    (the auditor sent to the persons list) must not end on a 403."""
    safe = url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure())
    return url if safe and may_open(request.user, url) else landing_url(request.user)


class LoginView(auth_views.LoginView):
    template_name = "polon/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return next_or_landing(self.request, self.get_redirect_url())

    def form_valid(self, form):
        user = form.get_user()
        if user.must_change_password:
            # Not logged in yet: the temporary password only opens the page that replaces it.
            self.request.session.cycle_key()
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_NEXT] = self.get_redirect_url()
            return redirect("accounts:password-expired")
        response = super().form_valid(form)
        if not satisfied(self.request):
            # Logged in by the password only: the second factor next (or, without one yet, its set-up).
            return redirect(second_step_url(user, self.get_success_url()))
        return response

    def get_context_data(self, **kwargs):
        # Where the second factor is optional (`polon demo`), the login page says so.
        return {**super().get_context_data(**kwargs), "second_factor_optional": not second_factor.is_required()}


login = policy("public")(LoginView.as_view())
logout = policy("authenticated")(auth_views.LogoutView.as_view())
set_language = policy("public")(django_set_language)


@policy("authenticated")
def home(request):
    return redirect(landing_url(request.user))


@policy("public")
def password_expired(request):
    """The new password of a user who logged in with a temporary one; he is logged in once it is set."""
    user = User.objects.filter(pk=request.session.get(PENDING_USER), is_active=True,
                               must_change_password=True).first()
    if user is None:
        return redirect("web:login")

    def change(data):
        change_own_password(actor=user, old_password=data["old_password"], new_password=data["new_password1"])
        going = request.session.pop(PENDING_NEXT, "")
        request.session.pop(PENDING_USER, None)
        auth_login(request, user, backend=PASSWORD_BACKEND)
        messages.success(request, _("Your password was changed."))
        return redirect(next_or_landing(request, going))

    return form_page(request, PasswordChangeForm(request.POST or None), "polon/accounts/password_expired.html", change,
                     context={"pending": user}, aliases={"new_password": "new_password1"}, refused_status=400)
