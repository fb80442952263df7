"""The second factor on the web: the second step of a login, setting up an authenticator app (a QR code and the
secret as text), one's recovery codes (shown once, replaceable), and an administrator resetting a user's.

polon.web.second_factor.SecondFactorMiddleware sends a logged-in user whose session has not passed the second
factor here; these pages are the only ones he reaches meanwhile (with logout, the language switch and a temporary
password's change). The secret of an app being set up waits in the session until its first code confirms it.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login  # type: ignore[import-untyped]  # no py.typed

from polon.accounts import second_factor
from polon.core.errors import ValidationFailed
from polon.web.forms.base import attach_errors
from polon.web.forms.second_factor import CodeForm, RecoveryCodesForm, ResetForm, SetupForm
from polon.web.policy import policy
from polon.web.second_factor import second_step_url, verified
from polon.web.views.auth import landing_url, next_or_landing
from polon.web.views.base import REFUSED, attempt

# The session key of the secret of an app being set up (hex, as django-otp stores it).
PENDING_KEY = "polon_second_factor_key"


def _going(request) -> str:
    """Where the user was going (``?next=``; a posted form carries it in its own ``next`` field)."""
    return request.GET.get("next") or ""


def _codes_page(request, codes: list[str], going: str, *, enrolled: bool):
    """The recovery codes, shown this once: never cached, never kept in the session."""
    response = render(request, "polon/second_factor/recovery_codes.html",
                      {"codes": codes, "enrolled": enrolled, "continue_url": next_or_landing(request, going)})
    response["Cache-Control"] = "no-store"
    return response


@policy("authenticated")
def verify(request):
    """The second step of a login: six digits from the app, or a recovery code."""
    user, going = request.user, _going(request)
    if not second_factor.is_enrolled(user):
        return redirect(second_step_url(user, going) if second_factor.needs_verification(user)
                        else landing_url(user))
    if verified(request):
        return redirect(next_or_landing(request, going))
    form = CodeForm(request.POST if request.method == "POST" else None, initial={"next": going})

    def check(data):
        result = second_factor.verify(actor=user, code=data["code"])
        request.session.cycle_key()
        otp_login(request, result.device)
        if result.recovery_code:
            messages.warning(request, ngettext(
                "You logged in with a recovery code; %(count)s is left. Replace them under “Second factor”.",
                "You logged in with a recovery code; %(count)s are left. Replace them under “Second factor”.",
                result.recovery_codes_left) % {"count": result.recovery_codes_left})
        return redirect(next_or_landing(request, data["next"]))

    response = attempt(form, check) if request.method == "POST" else REFUSED
    if response is not REFUSED:
        return response
    return render(request, "polon/second_factor/verify.html", {"form": form, "second_factor_pending": True},
                  status=400 if request.method == "POST" else 200)


@policy("authenticated")
def setup(request):
    """Setting up an authenticator app: scan the QR code (or type the secret), then type the code it shows. A user
    who has an app already replaces it only from a session that passed it."""
    user, going = request.user, _going(request)
    if second_factor.is_enrolled(user) and not verified(request):
        return redirect(second_step_url(user, going))
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = second_factor.new_secret()
    form = SetupForm(request.POST if request.method == "POST" else None, initial={"next": going})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device, codes = second_factor.enrol(actor=user, key=key, code=form.cleaned_data["code"],
                                                    verified_session=verified(request))
            except ValidationFailed as exc:
                attach_errors(form, exc)
            else:
                request.session.pop(PENDING_KEY, None)
                request.session.cycle_key()
                otp_login(request, device)
                return _codes_page(request, codes, form.cleaned_data["next"], enrolled=True)
    uri = second_factor.provisioning_uri(user, key)
    response = render(request, "polon/second_factor/setup.html", {
        "form": form, "qr": mark_safe(second_factor.qr_svg(uri)),  # noqa: S308 — segno's SVG, text escaped by it
        "secret": second_factor.secret_for_typing(key), "uri": uri, "replacing": second_factor.is_enrolled(user),
        "second_factor_pending": not verified(request),
    }, status=status)
    response["Cache-Control"] = "no-store"
    return response


@policy("authenticated")
def overview(request):
    """One's second factor: whether it is set up, how many recovery codes are left, new codes (POST), a new app."""
    user = request.user
    form = RecoveryCodesForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        response = attempt(form, lambda data: second_factor.new_recovery_codes(actor=user))
        if response is not REFUSED:
            return _codes_page(request, response, "", enrolled=False)
    return render(request, "polon/second_factor/overview.html", {
        "form": form, "enrolled": second_factor.is_enrolled(user), "left": second_factor.recovery_codes_left(user),
        "required": second_factor.is_required(),
    }, status=status)


@require_POST
@policy("accounts.admin")
def user_reset(request, user_id: int):
    """An administrator removes a user's second factor; the user sets up a new one at his next login. A refusal
    (nothing to reset) is shown on the user's page, above the button."""
    from polon.web.views.accounts import _page as user_page

    def reset(data):
        account = second_factor.reset(actor=request.user, user_id=user_id)
        messages.success(request, _("The second factor of %(user)s was reset: he sets up a new one at his next "
                                    "login.") % {"user": account.username})

    return user_page.act(request, user_id, "second_factor_form", ResetForm(request.POST), reset)
