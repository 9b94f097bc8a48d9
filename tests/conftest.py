"""Shared fixtures: a throw-away repository, manifests built from data files, and the CLI.

The fixtures are generic on purpose; test folders with special needs (tests/reporters/) add
their own conftest.py next to their tests.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from support import load_data

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "core"
MANIFESTS = DATA / "manifests"
POLICIES = ROOT / "policies"
BASE_MANIFEST = POLICIES / "base-manifest.yaml"

#: A fixed evaluation date, so that no test depends on the day it runs.
AS_OF = "2026-11-28"

DEFAULT_CONFIG: dict[str, Any] = {
    "organization": {"type": "private_business", "ct_consumers_per_year": 52000},
    "as_of": AS_OF,
}


# --------------------------------------------------------------------------- data helpers


def manifest_text(name: str) -> str:
    """The raw text of a manifest data file."""
    return (MANIFESTS / (name if "." in name else f"{name}.yaml")).read_text("utf-8")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: null removes a key, anything that is not a mapping replaces."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def dump_yaml(data: Any) -> str:
    """YAML text for plain data (strings that look like other scalars are quoted)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


class Repo:
    """A repository in a temporary folder: ``.git``, ``.ctlint.yaml`` and ``vendors/``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __truediv__(self, rel: str) -> Path:
        return self.path / rel

    def write(self, rel: str, content: str | bytes) -> Path:
        """Write a file (text as UTF-8, bytes as they are), creating folders."""
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def config(self, config: str | Mapping[str, Any] | None = None, **changes: Any) -> Path:
        """Write ``.ctlint.yaml``: raw text, a mapping, or the default merge-patched by ``changes``."""
        if isinstance(config, str):
            return self.write(".ctlint.yaml", config)
        data = merge_patch(DEFAULT_CONFIG if config is None else dict(config), changes)
        return self.write(".ctlint.yaml", dump_yaml(data))

    def manifest(
        self,
        rel: str = "vendors/zendesk.yaml",
        source: str = "zendesk",
        patch: Mapping[str, Any] | None = None,
        *,
        text: str | bytes | None = None,
    ) -> Path:
        """Write a manifest: ``text`` as given, else the data file ``source`` merge-patched.

        Without ``text`` and with no explicit ``id`` in ``patch``, the id follows the file name
        so that CTL202 stays quiet.
        """
        if text is not None:
            return self.write(rel, text)
        if patch is None:
            return self.write(rel, manifest_text(source))
        data = merge_patch(load_data(source), patch)
        if "id" not in patch:
            data["id"] = Path(rel).name.rsplit(".", 1)[0]
        if rel.endswith(".json"):
            return self.write(rel, json.dumps(data, indent=2))
        return self.write(rel, dump_yaml(data))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A small repository: ``.git``, a private-business ``.ctlint.yaml`` (as_of fixed),
    ``vendors/`` and the two files the example manifest refers to."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "vendors").mkdir()
    made = Repo(root)
    made.config()
    made.write("contracts/zendesk-dpa.pdf", b"%PDF-1.4\n")
    made.write("docs/incident-response.md", "# Incident response\n")
    return made


# --------------------------------------------------------------------------- the CLI

CliResult = tuple[int, str, str]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., CliResult]:
    """``run_cli(*args, cwd=..., env=...) -> (exit_code, stdout, stderr)``.

    Runs the real entry point ``ctlint.cli.main`` (which maps every outcome to an exit code)
    inside Click's CliRunner isolation, so stdout and stderr are captured separately. The
    working folder is changed with ``monkeypatch.chdir`` (``tmp_path`` unless ``cwd`` is given).
    ``NO_COLOR`` is removed from the environment unless ``env`` sets it.
    """
    from ctlint import cli

    def run(
        *args: Any, cwd: Path | str | None = None, env: Mapping[str, str | None] | None = None
    ) -> CliResult:
        monkeypatch.chdir(cwd if cwd is not None else tmp_path)
        runner = CliRunner()
        environment: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}
        environment.update(env or {})
        with runner.isolation(env=environment) as (out, err, _mixed):
            try:
                cli.main([str(a) for a in args])
                code: Any = 0
            except SystemExit as exc:
                code = exc.code
            sys.stdout.flush()
            sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8", "replace")
            stderr = err.getvalue().decode("utf-8", "replace")
        return (code if isinstance(code, int) else 1), stdout, stderr

    return run


@pytest.fixture
def check_json(
    run_cli: Callable[..., CliResult], repo: Repo
) -> Callable[..., tuple[int, dict[str, Any]]]:
    """``check_json(*args, cwd=repo) -> (exit_code, document)`` for ``ctlint check --format json``."""

    def run(*args: Any, cwd: Path | str | None = None) -> tuple[int, dict[str, Any]]:
        code, out, err = run_cli("check", "--format", "json", *args, cwd=cwd or repo.path)
        assert code in (0, 1), f"exit {code}: {err}"
        return code, json.loads(out)

    return run


def rules_of(document: Mapping[str, Any], *, file: str | None = "*") -> list[str]:
    """Rule ids of a JSON document's findings (only those of ``file`` unless ``*``)."""
    return [f["rule"] for f in document["findings"] if file == "*" or f["file"] == file]


def findings_of(document: Mapping[str, Any], rule: str) -> list[dict[str, Any]]:
    """The findings of one rule in a JSON document."""
    return [f for f in document["findings"] if f["rule"] == rule]


# --------------------------------------------------------------------------- speed


@pytest.fixture(autouse=True)
def _reuse_builtin_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile the built-in policy packs once per session instead of once per CLI run.

    Only calls without organization packs or rule options are memoized, keyed by the
    installed ``ctlint.packs`` entry points; the catalog is immutable data, so sharing it
    cannot leak state between tests.
    """
    from importlib.metadata import entry_points

    from ctlint.engine import pipeline as api
    from ctlint.output import catalog_views
    from ctlint.policy import catalog

    original = catalog.build_catalog

    def cached(**kwargs: Any) -> Any:
        if (
            kwargs.get("policy_paths")
            or kwargs.get("rule_options")
            or kwargs.get("installed") is False
        ):
            return original(**kwargs)
        key = (
            tuple(sorted(str(ep) for ep in entry_points(group="ctlint.packs"))),
            kwargs.get("installed", True),
            tuple(kwargs.get("references", ())),
        )
        if key not in _CATALOGS:
            _CATALOGS[key] = original(**kwargs)
        return _CATALOGS[key]

    monkeypatch.setattr(api, "build_catalog", cached, raising=False)
    monkeypatch.setattr(catalog_views, "build_catalog", cached, raising=False)


_CATALOGS: dict[tuple[Any, ...], Any] = {}


# --------------------------------------------------------------------------- coverage and time

#: What a test that bounds its own running time calls; such a test is not traced for coverage
#: (``.ci/run`` measures it), since line tracing makes code 5-10x slower than it is.
_CLOCKS = ("perf_counter", "monotonic()", "deadline(")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    import inspect

    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if any(clock in source for clock in _CLOCKS):
            item.add_marker(pytest.mark.no_cover)
