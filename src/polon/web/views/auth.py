from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.i18n import set_language as django_set_language

from polon.access.policies import may
from polon.web.policy import policy

login = policy("public")(auth_views.LoginView.as_view(template_name="polon/login.html", redirect_authenticated_user=True))
logout = policy("authenticated")(auth_views.LogoutView.as_view())
set_language = policy("public")(django_set_language)


@policy("authenticated")
def home(request):
    if may(request.user, "registry.read"):
        return redirect("web:person-list")
    return redirect("web:audit-log")
