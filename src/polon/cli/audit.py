from __future__ import annotations

from polon.access.policies import may
from polon.cli.common import CommandError, acting_user, add_command, gettext, ngettext


def register(commands) -> None:
    p = commands.add_parser("audit", help="the hash-chained audit log")
    sub = p.add_subparsers(dest="audit_command", required=True)
    v = add_command(sub, "verify", verify, "check the chain; name the first bad sequence number")
    v.add_argument("--checkpoints", metavar="DIR", default="",
                   help="also compare the chain with the signed checkpoints in DIR (`polon audit checkpoint`)")
    c = add_command(sub, "checkpoint", checkpoint,
                    "write a signed checkpoint of the chain's head into DIR, outside the database")
    c.add_argument("directory", metavar="DIR")


def _auditor(args):
    user = acting_user(args, required=False)
    if user is not None and not may(user, "audit.read"):
        raise CommandError(gettext("only administrators and auditors verify the audit log"))
    return user


def verify(args) -> int:
    from polon.audit.log import verify as verify_chain

    _auditor(args)
    result = verify_chain(args.checkpoints or None)
    if result.ok:
        print(ngettext("OK: %(count)s event, chain intact", "OK: %(count)s events, chain intact", result.checked)
              % {"count": result.checked})
        if args.checkpoints:
            print(ngettext("%(count)s checkpoint agrees with the chain", "%(count)s checkpoints agree with the chain",
                           result.checkpoints) % {"count": result.checkpoints})
        return 0
    print(gettext("TAMPERED at sequence %(sequence)s: %(reason)s")
          % {"sequence": result.first_bad_sequence, "reason": result.reason})
    return 1


def checkpoint(args) -> int:
    from django.db import transaction

    from polon.audit.actions import Action
    from polon.audit.log import ChainBroken, record, write_checkpoint

    user = _auditor(args)
    try:
        written = write_checkpoint(args.directory)
    except ChainBroken as error:
        raise CommandError(gettext("TAMPERED at sequence %(sequence)s: %(reason)s; no checkpoint written")
                           % {"sequence": error.result.first_bad_sequence, "reason": error.result.reason}) from None
    except OSError as error:
        raise CommandError(gettext("cannot write the checkpoint: %(reason)s") % {"reason": str(error)}) from None
    # Which head was signed, and where the file went, in the log itself (the next checkpoint covers this event).
    with transaction.atomic():
        record(actor=user, action=Action.AUDIT_CHECKPOINT, object_type="audit.checkpoint",
               object_id=str(written.sequence),
               changes={"directory": str(written.path.parent), "file": written.path.name,
                        "sequence": written.sequence, "hash": written.hash})
    print(gettext("checkpoint of event %(sequence)s written to %(path)s")
          % {"sequence": written.sequence, "path": written.path})
    return 0
