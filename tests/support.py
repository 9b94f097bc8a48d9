"""Helpers the test modules share (importable as ``support``: pytest puts this folder on the
path for tests/conftest.py). Fixtures live in conftest.py; plain functions live here."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

MANIFESTS = Path(__file__).resolve().parent / "data" / "core" / "manifests"


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the main thread after ``seconds``, so that a hang becomes a
    failure (SIGALRM: Python's regex engine checks for signals, so even a backtracking match
    is cut off)."""

    def expired(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    measuring = _coverage()
    if measuring is not None:  # a time bound means nothing under line tracing (5-10x slower)
        measuring.stop()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if measuring is not None:
            measuring.start()


def _coverage() -> Any:
    """The coverage measurement running this test session (``.ci/run``), if any."""
    try:
        import coverage
    except ImportError:
        return None
    return coverage.Coverage.current()


def many_manifests(root: Path, count: int) -> Path:
    """A repository of ``count`` small valid manifests, for runs that must last some seconds
    (signals, --jobs workers)."""
    (root / ".git").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / ".ctlint.yaml").write_text(
        "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-11-28\n"
    )
    text = (MANIFESTS / "minimal.yaml").read_text("utf-8")
    for i in range(count):
        (root / "vendors" / f"v{i:05d}.yaml").write_text(
            text.replace("id: minimal", f"id: v{i:05d}")
        )
    return root


def _plain(value: Any) -> Any:
    """PyYAML (YAML 1.1) turns unquoted dates into date objects; manifests keep them as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_data(name: str) -> dict[str, Any]:
    """A manifest data file of tests/data/core/manifests/ as plain data (``zendesk`` -> dict)."""
    path = MANIFESTS / (name if "." in name else f"{name}.yaml")
    data = _plain(yaml.safe_load(path.read_text("utf-8")))
    assert isinstance(data, dict)
    return data


def ctlint_in_copy(tmp_path: Path, *args: str) -> Any:
    """``python -m ctlint ARGS`` run as a user runs it, inside their repository: the folder of
    the ``--config`` file is copied into ``tmp_path`` (with a ``.git``) and the command runs
    there, so printed paths are relative to that repository, as they are for a user."""
    import os
    import shutil
    import subprocess
    import sys

    given = list(args)
    cwd = tmp_path
    if "--config" in given:
        at = given.index("--config") + 1
        source = Path(given[at]).parent
        cwd = tmp_path / source.name
        if not cwd.exists():
            shutil.copytree(source, cwd)
            (cwd / ".git").mkdir(exist_ok=True)
        given[at] = str(cwd / Path(given[at]).name)
    return subprocess.run(
        [sys.executable, "-m", "ctlint", *given],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )


# --------------------------------------------------------------------------- headless Chromium

#: The names Chromium is installed under (``.ci/run`` installs ``chromium`` where it can).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium(skip_reason: str) -> str:
    """The Chromium program, or skip the test with ``chromium not installed: <reason>``."""
    import shutil

    import pytest

    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"chromium not installed: {skip_reason}")


def headless(browser: str, tmp_path: Path, *args: str) -> Any:
    """One run of headless Chromium with its own profile and home in ``tmp_path``, nothing
    fetched in the background; ``args`` are the rest (``--dump-dom URL``, ``--print-to-pdf``
    ...). Returns the completed process (text output)."""
    import os
    import subprocess

    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
        cwd=tmp_path,
    )


# --------------------------------------------------------------------------- findings

#: How a CTL102 finding on an empty value names the rules that need the value (their own
#: "missing" findings are left out: ctlint/engine/analyze.py, needed_by).
NEEDED = re.compile(r"\(([A-Z][A-Z0-9-]*-\d{3}(?:, [A-Z][A-Z0-9-]*-\d{3})*) needs it\)$")


def rule_pointers(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(rule, pointer) of every finding of a JSON report, with each rule that an empty
    value's CTL102 names counted at that value's pointer."""
    out = {(f["rule"], f["pointer"]) for f in findings}
    for f in findings:
        found = NEEDED.search(f["message"]) if f["rule"] == "CTL102" else None
        if found:
            out |= {(rule, f["pointer"]) for rule in found.group(1).split(", ")}
    return out


def rules_of(findings: list[dict[str, Any]]) -> set[str]:
    """The rules of :func:`rule_pointers`."""
    return {rule for rule, _pointer in rule_pointers(findings)}


# --------------------------------------------------------------------------- nested environments


def nested_venv(env_dir: Path) -> Path:
    """A new virtual environment (with pip) that also sees the packages of the environment
    running the tests, whichever interpreter that is (a venv, the system's, pyenv's): the
    site-packages folders on this process's path are added with :func:`site.addsitedir` by a
    ``.pth`` file, so their own ``.pth`` files (an editable install's finder) work too. What is
    installed into the new environment comes first. Returns its ``python``."""
    import subprocess
    import sys
    import venv

    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    sites = [p for p in dict.fromkeys(sys.path) if p.endswith(("site-packages", "dist-packages"))]
    lines = "; ".join(f"site.addsitedir({p!r})" for p in sites if Path(p).is_dir())
    (Path(purelib) / "_ctlint_tests_outer.pth").write_text(f"import site; {lines}\n", "utf-8")
    return python
