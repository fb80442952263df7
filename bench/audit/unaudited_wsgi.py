"""The control of bench/audit/run.py: polon's WSGI application with the read notes of polon.audit.reads switched
off (nothing else changed), so that the difference to the ordinary application is what recording reads costs.
For the benchmark only; never served."""

from polon.wsgi import application  # noqa: F401  (sets Django up first)


def _not_noted(actor, entry) -> None:
    return None


def _switch_off() -> None:
    import polon.audit.reads as reads

    reads._note = _not_noted


_switch_off()
