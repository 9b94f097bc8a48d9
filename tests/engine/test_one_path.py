"""One path per manifest: ``check`` and ``report`` open and parse each manifest once, and the
register's "since" dates come from the documents the pipeline already loaded."""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctlint.engine import analyze, pipeline, source

CHECKOUT = Path(__file__).resolve().parents[2]
EXAMPLES = CHECKOUT / "examples"
AGENCY = CHECKOUT / "tests" / "data" / "register" / "agency"

#: Paths opened while a test watches (an audit hook cannot be removed, so it stays installed
#: and records only while this holds a Counter).
WATCH: dict[str, Counter[str]] = {}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and "opens" in WATCH and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        WATCH["opens"][os.path.realpath(path)] += 1


sys.addaudithook(_audit)


@pytest.fixture
def opens() -> Iterator[Counter[str]]:
    WATCH["opens"] = Counter()
    try:
        yield WATCH["opens"]
    finally:
        WATCH.pop("opens", None)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the pipeline parsed each manifest (by root-relative path)."""
    counted: Counter[str] = Counter()
    original = source.load_bytes
    seen: dict[int, str] = {}

    def load_target(target: Any, limits: Any, **options: Any) -> Any:
        seen[id(limits)] = target.rel
        return original_target(target, limits, **options)

    def load_bytes(raw: bytes, *, is_json: bool, limits: Any) -> Any:
        counted[seen.get(id(limits), "?")] += 1
        return original(raw, is_json=is_json, limits=limits)

    original_target = source.load_target
    monkeypatch.setattr(source, "load_bytes", load_bytes)
    monkeypatch.setattr(pipeline, "load_target", load_target)  # the repository-wide facts
    monkeypatch.setattr(analyze, "load_target", load_target)  # each file's findings
    return counted


def _repository(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / ".git").mkdir(exist_ok=True)
    return target


def _manifests(root: Path) -> list[str]:
    return sorted(os.path.realpath(p) for p in (root / "vendors").rglob("*.yaml"))


@pytest.mark.parametrize(
    "source", [EXAMPLES / "private-business", EXAMPLES / "state-agency", AGENCY]
)
@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("check", "--format", "sarif"),
        ("report", "--format", "html"),
        ("report", "--format", "json"),
        ("report", "--format", "csv"),
        ("report", "--format", "markdown"),
    ],
    ids=["check", "sarif", "html", "json", "csv", "markdown"],
)
def test_each_manifest_is_opened_and_parsed_once(
    tmp_path: Path,
    run_cli: Callable[..., tuple[int, str, str]],
    opens: Counter[str],
    parses: Counter[str],
    source: Path,
    command: tuple[str, ...],
) -> None:
    root = _repository(source, tmp_path / "repo")
    manifests = _manifests(root)
    assert len(manifests) >= 3
    opens.clear()
    code, out, err = run_cli(*command, "--as-of", "2026-12-01", cwd=root)
    assert code in (0, 1), err
    assert out
    assert {path: opens[path] for path in manifests} == dict.fromkeys(manifests, 1)
    rels = sorted(os.path.relpath(p, os.path.realpath(root)) for p in manifests)
    assert dict(parses) == dict.fromkeys(rels, 1)


def test_a_report_of_named_files_reads_each_other_manifest_once(
    tmp_path: Path,
    run_cli: Callable[..., tuple[int, str, str]],
    opens: Counter[str],
) -> None:
    """The other configured manifests feed the repository-wide facts (the CTDPA scope): read
    once for those, never again for the "since" dates."""
    root = _repository(EXAMPLES / "private-business", tmp_path / "repo")
    manifests = _manifests(root)
    named = os.path.relpath(manifests[0], os.path.realpath(root))
    opens.clear()
    code, _out, err = run_cli(
        "report", "--format", "json", "--as-of", "2026-12-01", named, cwd=root
    )
    assert code == 0, err
    assert {path: opens[path] for path in manifests} == dict.fromkeys(manifests, 1)


def test_the_register_needs_the_documents_of_the_run(tmp_path: Path) -> None:
    """A report run without ``keep`` carries no documents: building a register from it is a
    programming error, caught at once rather than read again from disk."""
    from ctlint.config import load_settings
    from ctlint.output import register

    root = _repository(EXAMPLES / "private-business", tmp_path / "repo")
    report = pipeline.run(load_settings(cwd=str(root)))
    assert report.results == ()
    with pytest.raises(ValueError, match="keep=True"):
        register.build(report)
    kept = pipeline.run(load_settings(cwd=str(root)), keep=True)
    assert [r.rel for r in kept.results] == list(kept.files)
    assert all(r.loaded is not None and r.loaded.digest is not None for r in kept.results)
