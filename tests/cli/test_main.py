"""The entry point: a Ctrl-C while the CLI is still being imported exits 130 quietly.
(``python -m ctlint`` itself is tested in test_cli.py.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

INTERRUPT_DURING_IMPORT = textwrap.dedent(
    """
    import os, signal, sys

    class Interrupt:
        def find_spec(self, name, path=None, target=None):
            if name == "click":
                os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, in the middle of the import
            return None

    sys.modules.pop("click", None)
    sys.meta_path.insert(0, Interrupt())
    from ctlint.__main__ import main
    sys.argv = ["ctlint", "--version"]
    main()
    """
)


def test_ctrl_c_while_importing_exits_130_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPT_DURING_IMPORT],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr == ""
    assert result.stdout == ""
