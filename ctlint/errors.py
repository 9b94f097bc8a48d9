"""Typed errors. The CLI turns every :class:`CtlintError` into one line on stderr and exit 2."""

from __future__ import annotations


class CtlintError(Exception):
    """A mistake of the user's (bad option, configuration, policy file or baseline): exit 2.

    Usually one message; several (``CtlintError(first, second, ...)``) when one file has
    several problems, so that one run names them all, each on its own line."""

    exit_code = 2

    def __init__(self, message: str, *more: str) -> None:
        super().__init__(message, *more)
        self.lines: tuple[str, ...] = (message, *more)

    def __str__(self) -> str:
        return "\n".join(self.lines)


class UsageError(CtlintError):
    """A bad command-line argument."""


class ConfigError(CtlintError):
    """A bad configuration file."""


class PolicyError(CtlintError):
    """A policy file that cannot be loaded."""


class BaselineError(CtlintError):
    """A baseline file that cannot be read."""
