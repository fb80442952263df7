"""User administration (policy accounts.admin): the users with role, countries, state, last login and tokens;
creating one, deactivating and reactivating, a temporary password, role and countries, revoking tokens. And every
user's own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.policies import may
from polon.access.scope import visible_or_not_found
from polon.accounts import selectors, services
from polon.core.countries import country_label
from polon.web.forms.accounts import (
    ActiveForm,
    PasswordChangeForm,
    ResetPasswordForm,
    RevokeForm,
    RoleForm,
    TokenCreateForm,
    UnlockForm,
    UserCreateForm,
)
from polon.web.policy import policy
from polon.web.views.base import REFUSED, RecordPage, attempt, form_page


def _countries(codes) -> str:
    return ", ".join(country_label(code) for code in codes or ())


@policy("accounts.admin")
def user_list(request):
    rows = [{"user": u, "countries": _countries(u.countries)} for u in selectors.users(request.user)]
    return render(request, "polon/accounts/list.html", {"rows": rows})


def _user_context(request, user_id: int) -> dict:
    """What a user's page shows, with a blank form for each action."""
    user = selectors.get_user(request.user, user_id)
    return {
        "account": user, "countries": _countries(user.countries),
        "tokens": selectors.tokens(request.user, user),
        "role_form": RoleForm(initial={"role": user.role, "countries": user.countries}),
        "password_form": ResetPasswordForm(), "active_form": ActiveForm(), "revoke_form": RevokeForm(),
        "failures": selectors.login_failures(request.user, user), "unlock_form": UnlockForm(),
        "token_form": TokenCreateForm() if may(request.user, "tokens.others") else None,
    }


_page = RecordPage("polon/accounts/detail.html", _user_context,
                   back=lambda user_id: redirect("accounts:user-detail", user_id=user_id))


@policy("accounts.admin")
def user_create(request):
    def create(data):
        password = data["password"] or services.new_password()
        user = services.create_user(
            actor=request.user, username=data["username"], password=password, role=data["role"],
            countries=data["countries"], email=data["email"], must_change_password=True)
        messages.success(request, _("User %(user)s created.") % {"user": user.username})
        # The temporary password is shown on this answer only (never kept in a message or the session).
        return _page.show(request, user.pk, temporary_password=password)

    return form_page(request, UserCreateForm(request.POST or None), "polon/accounts/form.html", create,
                     aliases={"country": "countries"}, refused_status=400)


@policy("accounts.admin")
def user_detail(request, user_id: int):
    return _page.show(request, user_id)


@require_POST
@policy("accounts.admin")
def user_role(request, user_id: int):
    def act(data):
        services.set_role(actor=request.user, user_id=user_id, role=data["role"], countries=data["countries"])
        messages.success(request, _("Role changed."))

    return _page.act(request, user_id, "role_form", RoleForm(request.POST), act)


@require_POST
@policy("accounts.admin")
def user_password(request, user_id: int):
    form = ResetPasswordForm(request.POST)
    done = attempt(form, lambda data: services.reset_password(actor=request.user, user_id=user_id,
                                                              password=data["password"]))
    if done is REFUSED:
        return _page.show(request, user_id, status=400, password_form=form)
    # Shown once, on this answer; the user must replace it at his next login.
    return _page.show(request, user_id, temporary_password=done)


def _set_active(request, user_id: int, active: bool):
    def act(data):
        user = services.set_active(actor=request.user, user_id=user_id, active=active)
        messages.success(request, (_("%(user)s can log in again.") if active
                                   else _("%(user)s can no longer log in.")) % {"user": user.username})

    return _page.act(request, user_id, "active_form", ActiveForm(request.POST), act)


@require_POST
@policy("accounts.admin")
def user_deactivate(request, user_id: int):
    return _set_active(request, user_id, False)


@require_POST
@policy("accounts.admin")
def user_activate(request, user_id: int):
    return _set_active(request, user_id, True)


@require_POST
@policy("accounts.admin")
def token_revoke(request, user_id: int, token_id: int):
    def act(data):
        token = services.revoke_api_token(actor=request.user, token_id=token_id)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})

    user = selectors.get_user(request.user, user_id)
    visible_or_not_found(selectors.tokens(request.user, user), token_id, _("token"))
    return _page.act(request, user.pk, "revoke_form", RevokeForm(request.POST), act)


@require_POST
@policy("accounts.admin")
def user_unlock(request, user_id: int):
    """Lift the login lockout of a user's account (and of an address, when given): audited."""
    user = selectors.get_user(request.user, user_id)

    def act(data):
        services.unlock_logins(actor=request.user, username=user.username, address=data["address"] or "")
        messages.success(request, _("%(user)s may try to log in again.") % {"user": user.username})

    return _page.act(request, user.pk, "unlock_form", UnlockForm(request.POST), act)


@require_POST
@policy("tokens.others")
def user_token_create(request, user_id: int):
    """An administrator makes an API token for a user; its secret is shown on this answer only."""
    user = selectors.get_user(request.user, user_id)
    form = TokenCreateForm(request.POST)
    done = attempt(form, lambda data: services.create_api_token(actor=request.user, user=user, name=data["name"],
                                                                days=data["days"]))
    if done is REFUSED:
        return _page.show(request, user.pk, status=400, token_form=form)
    return _page.show(request, user.pk, new_token=done)


@policy("authenticated")
def password_change(request):
    """Every user's own password: the current one, and the new one twice (the settings' rules apply)."""

    def change(data):
        user = services.change_own_password(actor=request.user, old_password=data["old_password"],
                                            new_password=data["new_password1"])
        update_session_auth_hash(request, user)  # stay logged in on this session
        return redirect("accounts:password-change")

    return form_page(request, PasswordChangeForm(request.POST or None), "polon/accounts/password_change.html",
                     change, success=_("Your password was changed."), aliases={"new_password": "new_password1"},
                     refused_status=400, context=_own_tokens(request))


def _own_tokens(request, revoke_form=None, token_form=None) -> dict:
    return {"tokens": selectors.tokens(request.user, request.user), "revoke_form": revoke_form or RevokeForm(),
            "token_form": token_form or (TokenCreateForm() if may(request.user, "tokens.own") else None)}


@require_POST
@policy("tokens.own")
def own_token_create(request):
    """Make one of one's own API tokens (from one's password page); its secret is shown on this answer only."""
    form = TokenCreateForm(request.POST)
    done = attempt(form, lambda data: services.create_api_token(actor=request.user, user=request.user,
                                                                name=data["name"], days=data["days"]))
    if done is REFUSED:
        return render(request, "polon/accounts/password_change.html",
                      {"form": PasswordChangeForm(), **_own_tokens(request, token_form=form)}, status=400)
    return render(request, "polon/accounts/password_change.html",
                  {"form": PasswordChangeForm(), **_own_tokens(request), "new_token": done})


@require_POST
@policy("authenticated")
def own_token_revoke(request, token_id: int):
    """Revoke one of one's own API tokens (from one's password page)."""
    visible_or_not_found(selectors.tokens(request.user, request.user), token_id, _("token"))
    form = RevokeForm(request.POST)

    def revoke(data):
        token = services.revoke_api_token(actor=request.user, token_id=token_id)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("accounts:password-change")

    if attempt(form, revoke) is REFUSED:
        return render(request, "polon/accounts/password_change.html",
                      {"form": PasswordChangeForm(), **_own_tokens(request, form)}, status=400)
    return redirect("accounts:password-change")


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers a login refused because of too many failures (settings.AXES_LOCKOUT_CALLABLE):
    429, as JSON under /api/, else a page in the user's language saying for how long."""
    minutes = services.lockout_minutes()
    message = _("Too many failed logins for this account or from this address: logging in is refused for "
                "%(minutes)s minutes. An administrator can lift the lockout.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message, "errors": {}}, status=429)
    else:
        response = render(request, "polon/accounts/lockout.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def login_busy(request) -> HttpResponse:
    """The login page's answer when every login slot stayed taken (polon.accounts.logins.LoginBusy): 503 and
    "try again", without checking the password (nor counting a failure)."""
    response = render(request, "polon/accounts/lockout.html",
                      {"message": _("The server is busy with other logins; try again in a moment."), "busy": True},
                      status=503)
    response["Retry-After"] = "1"
    return response
