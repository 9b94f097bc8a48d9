"""The exit codes of cli.md: every command returns one, :func:`ctlint.cli.main` exits with it."""

from __future__ import annotations

EXIT_OK = 0  #: no non-waived finding at or above ``fail_on``
EXIT_FINDINGS = 1  #: at least one (or a broken pipe on standard output)
EXIT_USAGE = 2  #: a usage or configuration error
EXIT_INTERNAL = 3  #: a bug in ctlint
EXIT_INTERRUPTED = 130  #: Ctrl-C
