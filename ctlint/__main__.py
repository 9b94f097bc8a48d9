"""``python -m ctlint`` and the ``ctlint`` command.

The command's entry point lives here rather than in :mod:`ctlint.cli` so that a Ctrl-C that
lands while Click and the rest are still being imported exits 130 quietly, like one that
lands later, instead of printing an import traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Import the CLI, then run it; Ctrl-C during the import exits 130 without a traceback."""
    try:
        from ctlint.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
