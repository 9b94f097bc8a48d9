"""``python -m ctlint`` and the ``ctlint`` command.

The command's entry point lives here rather than in :mod:`ctlint.cli` so that a Ctrl-C that
lands while Click and the rest are still being imported exits 130 quietly, like one that
lands later, instead of printing an import traceback.
"""

from __future__ import annotations

import gc
import os
import sys


def _hold_standard_descriptors() -> None:
    """A standard stream started closed (``>&-``): keep its descriptor taken by devnull, so
    that no file ctlint opens later becomes descriptor 0, 1 or 2 (and so the target of
    whatever writes there). ``sys.stdout`` stays None, which the CLI reports when it has
    something to print."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:  # pragma: no cover - no devnull
                return
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def main() -> None:
    """Import the CLI, then run it; Ctrl-C during the import exits 130 without a traceback."""
    _hold_standard_descriptors()
    try:
        from ctlint.cli import main as run  # lazy: start-up (Ctrl-C while importing exits 130)
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        run()
    finally:
        # The process ends here. The interpreter's collections at exit would traverse every
        # object only to find nothing (a run makes no reference cycles: tests/util/
        # test_memory.py), about a tenth of a one-file pre-commit run; frozen objects are
        # skipped. Files and streams are closed or flushed explicitly, not by a collection.
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
