"""Temporary repositories, the real CLI, and the official SARIF schema for the reporter tests.

Every test builds a small repository under ``tmp_path`` from the files in
``tests/data/reporters`` and runs ``ctlint check`` on it, through Click's test runner (fast) or a
real ``python -m ctlint`` subprocess (for exit codes).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from jsonschema.validators import validator_for

from ctlint.cli import cli

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "reporters"
SARIF_SCHEMA = Path(
    os.environ.get(
        "CTLINT_SARIF_SCHEMA",
        ROOT.parent / "shared" / "third_party" / "sarif" / "sarif-schema-2.1.0.json",
    )
)

#: A file name with markup, quotes and the characters GitHub escapes in properties (``,`` ``:``)
#: and a ``%41`` that a careless URI encoder would turn into ``A``.
HOSTILE_NAME = "hostile <&> \"q\" 'a', b:c %41.yaml"

#: Repositories: file name under vendors/ -> data file.
MIXED = {
    "passing.yaml": "passing.yaml",
    "failing.yaml": "failing.yaml",
    "waived.yaml": "waived.yaml",
    HOSTILE_NAME: "hostile.yaml",
    "broken.yaml": "broken.yaml",
}
CLEAN = {"passing.yaml": "passing.yaml"}


@dataclasses.dataclass(frozen=True)
class Run:
    """One ``ctlint check`` run."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def layouts() -> dict[str, dict[str, str]]:
    """Named repository layouts for ``make_repo``."""
    return {"mixed": dict(MIXED), "clean": dict(CLEAN), "empty": {}}


@pytest.fixture
def mixed_repo(make_repo: Callable[..., Path]) -> Path:
    """passing, failing (errors and a warning), waived, hostile (under HOSTILE_NAME) and broken
    manifests with the standard configuration."""
    return make_repo(MIXED)


@pytest.fixture
def clean_repo(make_repo: Callable[..., Path]) -> Path:
    """One passing manifest with the standard configuration."""
    return make_repo(CLEAN)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """``make_repo(files, config=True)``: a repository with ``vendors/<name>`` copied from the
    data folder (or written from text), a ``.git`` folder so the configuration search stops
    there, and ``.ctlint.yaml`` from ``config.yaml`` (or the given text, or none)."""
    counter = iter(range(1000))

    def make(files: dict[str, str], config: bool | str = True) -> Path:
        repo = tmp_path / f"repo{next(counter)}"
        (repo / ".git").mkdir(parents=True)
        (repo / "vendors").mkdir()
        if config is True:
            shutil.copy(DATA / "config.yaml", repo / ".ctlint.yaml")
        elif isinstance(config, str):
            (repo / ".ctlint.yaml").write_text(config, encoding="utf-8")
        for name, source in files.items():
            target = repo / "vendors" / name
            if (DATA / source).is_file():
                copy_data(source, target)
            else:
                target.write_text(source, encoding="utf-8")
        return repo

    return make


def copy_data(source: str, target: Path | bytes) -> None:
    """Copy a data file of tests/data/reporters."""
    text = (DATA / source).read_text(encoding="utf-8")
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``check(repo, *args)``: ``ctlint check ARGS`` inside ``repo`` through Click's runner.

    ``standalone_mode=False`` hands back the command's return value, which ``ctlint.cli.main``
    turns into the exit code."""

    def run(repo: Path, *args: str) -> Run:
        monkeypatch.chdir(repo)
        result = CliRunner().invoke(
            cli, ["check", *args], standalone_mode=False, catch_exceptions=False
        )
        code = result.return_value
        assert isinstance(code, int)
        return Run(code, result.stdout, result.stderr)

    return run


@pytest.fixture
def run_module() -> Callable[..., Run]:
    """``run_module(repo, *args)``: ``python -m ctlint ARGS`` in a real process (real exit code)."""

    def run(repo: Path, *args: str) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "ctlint", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


@functools.cache
def _sarif_validator() -> Any:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(
            f"the official SARIF schema is not at {SARIF_SCHEMA}; set CTLINT_SARIF_SCHEMA to its path"
        )
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # The file declares its own draft ($schema: draft-04); use the validator it asks for.
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# RFC 3986 characters; "%" only as a percent-encoded octet.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_URI_KEYS = {"uri": False, "helpUri": True, "informationUri": True, "$schema": True}


def _uris(node: Any, path: str = "") -> Iterator[tuple[str, str, bool]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _URI_KEYS and isinstance(value, str):
                yield f"{path}/{key}", value, _URI_KEYS[key]
            yield from _uris(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _uris(value, f"{path}/{index}")


@pytest.fixture
def validate_sarif() -> Callable[[Any], None]:
    """The SARIF validator below, as a fixture."""
    return _validate_sarif


@pytest.fixture
def hostile_name() -> str:
    """The hostile manifest's file name under vendors/."""
    return HOSTILE_NAME


@pytest.fixture
def data_dir() -> Path:
    """tests/data/reporters."""
    return DATA


@pytest.fixture
def data_copy() -> Callable[[str, Path | bytes], None]:
    """``data_copy(name, target)``: :func:`copy_data` as a fixture."""
    return copy_data


def _validate_sarif(doc: Any) -> None:
    """Assert that ``doc`` is valid against the official SARIF 2.1.0 schema.

    jsonschema checks the ``uri`` formats only when an RFC 3986 package is installed, so the
    URI syntax (``uri``, ``uri-reference``) is checked here as well."""
    errors = sorted(_sarif_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]
    )
    for where, value, absolute in _uris(doc):
        assert _URI_CHARS.fullmatch(value), f"{where}: not a URI reference: {value!r}"
        if absolute:
            assert urlsplit(value).scheme in ("http", "https"), f"{where}: not absolute: {value!r}"
    for base in doc["runs"][0].get("originalUriBaseIds", {}).values():
        assert urlsplit(base["uri"]).scheme == "file"
        assert base["uri"].endswith("/")


@pytest.fixture
def many_findings(mixed_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[int], Any]:
    """``many_findings(n)``: the in-process Report of the mixed repository with ``n`` findings
    (its real ones repeated over ``n // 10`` copies of each file name), for the size limits of
    the reporters without checking thousands of files."""
    from ctlint.config import load_settings
    from ctlint.engine import pipeline

    monkeypatch.chdir(mixed_repo)
    report = pipeline.run(load_settings(cwd=str(mixed_repo)), ())
    base = report.findings

    def make(n: int) -> Any:
        out = []
        for i in range(n):
            finding = base[i % len(base)]
            copy = i // len(base)
            file = finding.file
            if file is not None and file.startswith("vendors/"):
                file = f"vendors/copy{copy:05}/{file[len('vendors/') :]}"
            out.append(finding.replace(file=file, vendor=f"{finding.vendor}-{copy}"))
        out.sort(key=lambda f: f.sort_key())
        files = tuple(sorted({f.file for f in out if f.file is not None}))
        return dataclasses.replace(report, findings=tuple(out), files=files)

    return make
