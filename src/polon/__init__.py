"""polon: an information bureau for prisoners of war."""

__version__ = "0.1.0"
