"""Every view declares the policy it enforces; a test fails for any URL pattern without one."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from polon.access.policies import declare_policy, require
from polon.access.scope import OutOfScope
from polon.audit import reads
from polon.core.errors import Gone, NotFound, PermissionDenied


class RecordNotFound(Http404):
    """A 404 whose message is written for the user (a service's translated NotFound), which the 404 page shows;
    Django's own 404s (an unknown URL) carry English for developers, which it does not."""


def policy(name: str):
    def enforce(view, request, *args, **kwargs):
        if name != "public" and not request.user.is_authenticated:
            if request.method == "POST":
                # The session ran out while the form was open: keep what was typed, offer to log in again, and
                # send it on afterwards (web.views.errors), instead of a redirect that drops the submission.
                from polon.web.views.errors import session_expired

                return session_expired(request)
            return redirect_to_login(request.get_full_path())
        try:
            require(request.user, name)
            return view(request, *args, **kwargs)
        except OutOfScope as exc:  # it exists, outside the user's scope: answered as absent, audited
            reads.out_of_scope(request.user, object_type=exc.object_type, object_id=exc.object_id, channel="web",
                               method=request.method, path=request.path)
            raise RecordNotFound(str(exc)) from None
        except NotFound as exc:
            raise RecordNotFound(str(exc)) from None
        except Gone as exc:  # deleted on purpose (a job's file after its retention period): 410, not 404
            from django.shortcuts import render

            return render(request, "polon/gone.html", {"message": str(exc)}, status=410)
        except PermissionDenied as exc:
            reads.denied(request.user, policy=name, channel="web", method=request.method, path=request.path,
                         reason=str(exc))
            raise DjangoPermissionDenied(str(exc)) from None

    return declare_policy(name, enforce)
