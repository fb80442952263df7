"""Writes the audit notes of one request (polon.audit.reads: persons returned by lists, searches, dossiers and
suggestions; refusals; requests for records outside the user's scope) in one transaction as it ends, on the web
and the API alike."""

from __future__ import annotations

from polon.audit import reads


class ReadLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reads.collecting() as pending:
            response = self.get_response(request)
            # Written before the response leaves: a read that cannot be recorded is not handed out.
            reads.flush(pending)
        return response
