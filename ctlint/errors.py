"""Typed errors. The CLI turns every :class:`CtlintError` into one line on stderr and exit 2."""

from __future__ import annotations


class CtlintError(Exception):
    """A mistake of the user's (bad option, configuration, policy file or baseline): exit 2."""

    exit_code = 2


class UsageError(CtlintError):
    """A bad command-line argument."""


class ConfigError(CtlintError):
    """A bad configuration file."""


class PolicyError(CtlintError):
    """A policy file that cannot be loaded."""


class BaselineError(CtlintError):
    """A baseline file that cannot be read."""
