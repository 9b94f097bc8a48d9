"""Options and helpers the command modules share with ``ctlint.cli``."""

from __future__ import annotations

from ctlint.cli import _as_of_option, _config_option, _settings, write_atomic

__all__ = ["_as_of_option", "_config_option", "_settings", "write_atomic"]
