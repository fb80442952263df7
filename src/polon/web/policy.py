"""Every view declares the policy it enforces; a test fails for any URL pattern without one."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from polon.access.policies import declare_policy, require
from polon.core.errors import Gone, NotFound, PermissionDenied


def policy(name: str):
    def enforce(view, request, *args, **kwargs):
        if name != "public" and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            require(request.user, name)
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from None
        except Gone as exc:  # deleted on purpose (a job's file after its retention period): 410, not 404
            from django.shortcuts import render

            return render(request, "polon/gone.html", {"message": str(exc)}, status=410)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from None

    return declare_policy(name, enforce)
