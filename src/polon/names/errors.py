"""Errors raised by :mod:`polon.names`."""


class NameInputError(ValueError):
    """A name string that cannot be processed (empty, too long, or made only of non-letters).

    Subclasses :class:`ValueError` so callers that validate user input can catch either.
    """
