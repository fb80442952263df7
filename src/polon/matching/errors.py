"""Errors raised by :mod:`polon.matching`."""

from polon.names.errors import NameInputError


class QueryError(NameInputError):
    """A query or record that cannot be matched: empty, no letters, bad date.  A ValueError."""
