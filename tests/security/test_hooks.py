"""The pre-commit hooks cannot be steered by file names (security review H3).

pre-commit runs ``entry + args + file names``. Every entry ctlint ships or writes ends with
``--``, so a committed file named ``--format=json:package.json`` or ``--config=lax.yaml`` is a
path (linted, or skipped as not a manifest), never an option. The hooks are read from the
checkout under test (the package's own folder), so these tests check the shipped text, and
the real pre-commit runs them as a ``repo: local`` hook with ``language: system``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ctlint

CHECKOUT = Path(ctlint.__file__).resolve().parents[1]
HOOKS_FILE = CHECKOUT / ".pre-commit-hooks.yaml"
EXAMPLE = CHECKOUT / "examples" / "private-business"
MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests"
Repo = Any  # tests/conftest.py's throw-away repository (the `repo` fixture)
PYTHON = f"{shlex.quote(sys.executable)} -m ctlint"
#: File names that were options before (the review's two, and more of the same kind).
OPTION_NAMES = [
    "--format=json:package.json",
    "--config=lax.yaml",
    "--output=package.json",
    "--format=sarif:victim.json",
    "--exit-zero.yaml",
    "--no-waivers.yaml",
    "--baseline=package.json",
    "-qjson.json",
]

needs_precommit = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None,
    reason="pre-commit or git is not installed",
)


def shipped_hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load(HOOKS_FILE.read_text("utf-8"))
    return {hook["id"]: hook for hook in hooks}


def entry_arguments(entry: str) -> list[str]:
    """An entry's arguments after the ``ctlint`` command itself."""
    words = shlex.split(entry)
    assert words[0] == "ctlint", entry
    return words[1:]


# --------------------------------------------------------------------------- the text


def test_every_shipped_entry_ends_the_options() -> None:
    """H3: the hooks of .pre-commit-hooks.yaml, the hook ``ctlint init`` writes and the one
    the README shows all end with ``--``."""
    from ctlint.scaffold import precommit as scaffold

    hooks = shipped_hooks()
    assert set(hooks) == {"ctlint", "ctlint-all"}
    for hook in hooks.values():
        assert entry_arguments(hook["entry"])[-1] == "--", hook["id"]
    assert hooks["ctlint"]["entry"] == "ctlint check --only-manifests --"
    written = yaml.safe_load("\n".join(scaffold.hook_entry(0)))
    assert written[0]["hooks"][0]["entry"] == "ctlint check --only-manifests --"
    readme = (CHECKOUT / "README.md").read_text("utf-8")
    entries = [line.strip() for line in readme.splitlines() if line.strip().startswith("entry:")]
    assert entries, "the README shows the hook"
    assert all(e.endswith(" --") for e in entries), entries


def test_init_writes_a_hook_that_ends_the_options(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / ".git").mkdir()
    code, _out, err = run_cli(
        "init", "--no-input", "--type", "private_business", "--consumers", "52000", cwd=tmp_path
    )
    assert code == 0, err
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "ctlint"]
    assert entry_arguments(hook["entry"])[-1] == "--"


# --------------------------------------------------------------------------- ctlint itself


@pytest.fixture
def decoy(repo: Repo) -> Repo:
    """A repository with a package.json to protect, a lax configuration that passes
    everything, and the example manifest (clean) plus one with a CT-REC-001 error."""
    repo.manifest()
    repo.manifest("vendors/talkdesk.yaml", text=(EXAMPLE / "vendors" / "talkdesk.yaml").read_text())
    repo.write("package.json", '{"name": "victim-package", "scripts": {"test": "jest"}}\n')
    repo.write("lax.yaml", 'manifests: ["nothing/*.yaml"]\n')
    return repo


def _hook(repo: Repo, run_cli: Any, *names: str) -> tuple[int, str, str]:
    """The shipped ``ctlint`` hook's entry with ``names`` appended, as pre-commit runs it."""
    for name in names:
        if not (repo.path / name).exists():
            repo.write(name, "x: 1\n")
    return run_cli(*entry_arguments(shipped_hooks()["ctlint"]["entry"]), *names, cwd=repo.path)


def test_option_like_names_are_paths_not_options(decoy: Repo, run_cli: Any) -> None:
    """H3, the review's repros: ``--format=json:package.json`` does not overwrite
    package.json, and ``--config=lax.yaml`` does not turn the gate off."""
    before = (decoy.path / "package.json").read_bytes()
    code, out, err = _hook(
        decoy, run_cli, *OPTION_NAMES, "vendors/talkdesk.yaml", "vendors/zendesk.yaml"
    )
    assert (decoy.path / "package.json").read_bytes() == before
    assert not (decoy.path / "victim.json").exists()
    assert code == 1, err
    assert "CT-REC-001" in out  # the repository's own configuration was used
    assert "vendors/talkdesk.yaml" in out


def test_an_option_like_manifest_is_linted_as_a_file(decoy: Repo, run_cli: Any) -> None:
    """A file named like an option that the ``manifests`` globs select is a manifest."""
    decoy.config(manifests=["vendors/*.yaml", "*.yaml"])
    decoy.write("--config=lax.yaml", (MANIFESTS / "zendesk.yaml").read_text("utf-8"))
    code, out, err = _hook(decoy, run_cli, "--config=lax.yaml")
    assert code == 1, err  # it shares vendors/zendesk.yaml's id: CTL201, an error, on it too
    assert out.startswith("--config=lax.yaml:")  # its id differs from its file name
    assert "CTL202" in out
    assert "CTL201" in out


option_like = st.one_of(
    st.sampled_from([*OPTION_NAMES, "-h", "--help", "-V", "--version", "--debug", "-", "--"]),
    st.from_regex(r"--?[a-zA-Z][a-zA-Z-]{0,12}(=[a-zA-Z0-9:.,_-]{0,20})?", fullmatch=True),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(option_like, min_size=1, max_size=4, unique=True))
def test_no_file_name_is_ever_an_option(decoy: Repo, run_cli: Any, names: list[str]) -> None:
    """Any committed file named like an option, run through the shipped entry: skipped as
    not a manifest, nothing written, no usage error."""
    names = [n for n in names if n not in (".", "..")]
    before = {p: p.read_bytes() for p in decoy.path.rglob("*") if p.is_file()}
    try:
        code, out, err = _hook(decoy, run_cli, *names)
        assert (code, err) == (0, ""), names
        assert out in ("", "0 findings (0 errors, 0 warnings, 0 info, 0 waived) in 0 files\n")
        after = {p for p in decoy.path.rglob("*") if p.is_file()}
        assert after == set(before) | {decoy.path / n for n in names}
        assert all(p.read_bytes() == data for p, data in before.items())
    finally:
        for name in names:
            path = decoy.path / name
            if path.is_file() and path not in before:
                path.unlink()


# --------------------------------------------------------------------------- real pre-commit


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)


def _local(hook: dict[str, Any]) -> dict[str, Any]:
    """A shipped hook as a ``repo: local`` one that runs this checkout's ctlint."""
    local = {k: v for k, v in hook.items() if k not in ("description", "language")}
    local["language"] = "system"
    local["entry"] = hook["entry"].replace("ctlint", PYTHON, 1)
    return local


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE, target)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    for key, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.com"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.com"),
    ):
        monkeypatch.setenv(key, value)
    _git(target, "init", "-q", "-b", "main")
    (target / "package.json").write_text('{"name": "victim-package"}\n')
    (target / "lax.yaml").write_text('manifests: ["nothing/*.yaml"]\n')
    for name in OPTION_NAMES:
        (target / name).write_text("x: 1\n")
    (target / "vendors" / "--config=lax.yaml").write_text("x: 1\n")
    return target


def _pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHONPATH"] = os.pathsep.join([str(CHECKOUT), *filter(None, [env.get("PYTHONPATH")])])
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--no-verify", "-m", "files named like options")
    return subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def _assert_not_steered(repo: Path, result: subprocess.CompletedProcess[str]) -> None:
    out = result.stdout + result.stderr
    assert (repo / "package.json").read_text() == '{"name": "victim-package"}\n', out
    assert not (repo / "victim.json").exists(), out
    assert "files were modified by this hook" not in out, out
    assert result.returncode == 1, out
    assert "CT-REC-001" in out  # talkdesk fails: lax.yaml was not used
    assert "vendors/--config=lax.yaml" in out  # linted as the manifest it is


@pytest.mark.slow
@needs_precommit
@pytest.mark.parametrize(
    "names",
    [["--format=json:package.json"], ["--config=lax.yaml"], OPTION_NAMES],
    ids=["overwrite-package-json", "lax-config", "all"],
)
def test_real_pre_commit_runs_the_shipped_hook_safely(git_repo: Path, names: list[str]) -> None:
    """H3 through real pre-commit, the shipped ``ctlint`` entry as a local system hook: the
    review's two repros (package.json replaced by a JSON report; a gate that passes with a lax
    configuration), then every option-like name at once."""
    for name in OPTION_NAMES:
        if name not in names:
            (git_repo / name).unlink()
    hook = _local(shipped_hooks()["ctlint"])
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (git_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    _assert_not_steered(git_repo, _pre_commit(git_repo))


@pytest.mark.slow
@needs_precommit
def test_real_pre_commit_runs_the_hook_init_writes_safely(git_repo: Path) -> None:
    """H3 through real pre-commit: the hook ``ctlint init`` adds to .pre-commit-config.yaml."""
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", "init", "--no-input", "--type", "private_business"],
        cwd=git_repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config = git_repo / ".pre-commit-config.yaml"
    text = config.read_text("utf-8")
    assert "entry: ctlint " in text
    config.write_text(text.replace("entry: ctlint ", f"entry: {PYTHON} "))
    _assert_not_steered(git_repo, _pre_commit(git_repo))
