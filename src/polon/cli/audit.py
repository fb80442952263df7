from __future__ import annotations

from polon.access.policies import may
from polon.cli.common import CommandError, acting_user, add_command, gettext, ngettext


def register(commands) -> None:
    p = commands.add_parser("audit", help="the hash-chained audit log")
    sub = p.add_subparsers(dest="audit_command", required=True)
    add_command(sub, "verify", verify, "check the chain; name the first bad sequence number")


def verify(args) -> int:
    from polon.audit.log import verify as verify_chain

    user = acting_user(args, required=False)
    if user is not None and not may(user, "audit.read"):
        raise CommandError(gettext("only administrators and auditors verify the audit log"))
    result = verify_chain()
    if result.ok:
        print(ngettext("OK: %(count)s event, chain intact", "OK: %(count)s events, chain intact", result.checked)
              % {"count": result.checked})
        return 0
    print(gettext("TAMPERED at sequence %(sequence)s: %(reason)s")
          % {"sequence": result.first_bad_sequence, "reason": result.reason})
    return 1
