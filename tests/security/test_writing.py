"""Writing outputs (ctlint/util/writing.py; issue 12, items 2 and 5; the attack review's findings H2,
H4, L2 and L10).

- H2: an output path that exists and is not a regular file is never replaced. A character
  device is written in place (it stays a device); the run's own stdout or stderr under another
  name (``/proc/self/fd/1``) is written through the stream; a FIFO, socket or folder is exit 2
  with one line, and stays what it was. For ``check --output``, ``check --format FORMAT:PATH``,
  ``report --output`` and ``baseline --output``.
- H4: no output replaces an input of the run (a manifest it checks or the configuration
  selects, the configuration, the baseline in use, a policy file, the facts cache; links
  included), and nothing is written under ``.git``. Configured paths stay inside the root.
- L2: ``new`` and ``init`` never write through a ``vendors`` link that leaves the root; a
  final link is replaced by a regular file.
- L10: SIGTERM, SIGHUP and Ctrl-C during a write, or an error, leave no temporary file, and
  the target is the old file or the whole new one, never a part.

Device nodes are made only in the test's own folder (``os.mknod``, the numbers of /dev/null
and /dev/full); no output is ever pointed at a real device. Whatever can block (a FIFO) runs
under a deadline or in a child process with a timeout.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_bounds import (
    CRASH,
    Repo,
    RunCli,
    assert_one_line_error,
    child_env,
    ctlint,
    deadline,
    fresh,
)

# As in tests/test_fuzz.py: Hypothesis' patch writer, imported when an example fails, raises a
# DeprecationWarning that `filterwarnings = error` would turn into a pytest INTERNALERROR.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401

CUSTOM = Path(__file__).resolve().parents[1] / "data" / "custom"
#: ctlint's temporary files: ``.ctlint-XXXXXXXX.tmp`` (ctlint.util.writing.TEMP_PREFIX and
#: TEMP_SUFFIX; before issue 12 without the suffix)
TEMP_NAME = re.compile(r"\.ctlint-[a-z0-9_]{8}(\.tmp)?")
HOOK = "#!/bin/sh\nexit 0\n"
EMPTY_BASELINE = json.dumps({"version": 1, "tool": "ctlint", "findings": []}) + "\n"

needs_proc = pytest.mark.skipif(
    not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd (Linux)"
)
needs_signals = pytest.mark.skipif(
    not hasattr(signal, "SIGHUP") or not os.path.isdir("/proc/self/fd"),
    reason="needs POSIX signals and /proc",
)


# --------------------------------------------------------------------------- helpers

#: The output options of every command that writes a report, as ``args(path)``; and the exit
#: code of a normal run on the repository of :func:`fresh` (no finding).
OUTPUTS: dict[str, Callable[[str], list[str]]] = {
    "check --output": lambda p: ["check", "--no-cache", "--format", "json", "--output", p],
    "check --format json:PATH": lambda p: ["check", "--no-cache", "--format", f"json:{p}"],
    "report --output": lambda p: ["report", "--format", "json", "--output", p],
    "baseline --output": lambda p: ["baseline", "--output", p],
}
each_output = pytest.mark.parametrize("how", list(OUTPUTS))


def make_device(path: Path, minor: int) -> Path:
    """A character device node with major 1 (``minor`` 3: like /dev/null, 7: like /dev/full)
    in the test's folder; the test is skipped where nodes cannot be made or opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror})")
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"a device node made here cannot be opened (nodev mount?): {exc.strerror}")
    return path


def is_device(path: Path, minor: int) -> bool:
    found = os.lstat(path)
    return stat.S_ISCHR(found.st_mode) and found.st_rdev == os.makedev(1, minor)


@contextlib.contextmanager
def unix_socket(path: Path) -> Iterator[Path]:
    """A bound AF_UNIX socket at ``path`` (bound by its short name: paths are limited to ~100
    bytes, and pytest's folders are long)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    here = os.getcwd()
    try:
        os.chdir(path.parent)
        sock.bind(path.name)
    finally:
        os.chdir(here)
    try:
        yield path
    finally:
        sock.close()


def temp_debris(*folders: Path) -> list[str]:
    """Temporary files of ctlint's writes left in ``folders``."""
    return sorted(
        str(folder / name)
        for folder in folders
        if folder.is_dir()
        for name in os.listdir(folder)
        if TEMP_NAME.fullmatch(name)
    )


def snapshot(top: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``top``: kind and content (a hash) or link target."""
    found: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, top)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                found[rel] = ("dir", "")
            elif stat.S_ISREG(mode):
                with open(path, "rb") as handle:
                    found[rel] = ("file", hashlib.sha256(handle.read()).hexdigest())
            else:
                found[rel] = ("special", oct(stat.S_IFMT(mode)))
    return found


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[-2000:]
    return lines[0]


def assert_normal(code: int, err: str) -> None:
    assert code == 0, f"exit {code}: {err[-2000:]}"
    for crash in CRASH:
        assert crash not in err, err[-2000:]


# --------------------------------------------------------------------------- H2: devices

#: what each kind of special file is called in the one-line error
REFUSED = {"fifo": "named pipe (FIFO)", "socket": "a socket", "folder": "a folder"}


@each_output
def test_h2_a_character_device_is_written_in_place(
    repo: Repo, run_cli: RunCli, tmp_path: Path, how: str
) -> None:
    """Was: the node was replaced by a regular file (as root, this destroyed /dev/null)."""
    fresh(repo)
    node = make_device(tmp_path / "dev" / "null", 3)
    code, _out, err = run_cli(*OUTPUTS[how](str(node)), cwd=repo.path)
    assert_normal(code, err)
    assert is_device(node, 3)
    assert temp_debris(node.parent) == []


@each_output
def test_h2_a_full_device_is_written_in_place_and_its_error_is_one_line(
    repo: Repo, run_cli: RunCli, tmp_path: Path, how: str
) -> None:
    """Writing to a node like /dev/full fails with ENOSPC: proof that ctlint opened and wrote
    the device itself, instead of a temporary file renamed over it."""
    fresh(repo)
    node = make_device(tmp_path / "dev" / "full", 7)
    code, _out, err = run_cli(*OUTPUTS[how](str(node)), cwd=repo.path)
    line = assert_one_line_error(code, err, "no space left on the device")
    assert "existing file is kept" not in line  # that is said of regular files only
    assert is_device(node, 7)
    assert temp_debris(node.parent) == []


@each_output
def test_h2_a_link_to_a_device_is_written_through_and_both_stay(
    repo: Repo, run_cli: RunCli, tmp_path: Path, how: str
) -> None:
    fresh(repo)
    node = make_device(tmp_path / "dev" / "null", 3)
    link = tmp_path / "links" / "out"
    link.parent.mkdir()
    link.symlink_to(node)
    code, _out, err = run_cli(*OUTPUTS[how](str(link)), cwd=repo.path)
    assert_normal(code, err)
    assert link.is_symlink()
    assert os.readlink(link) == str(node)
    assert is_device(node, 3)


@each_output
@pytest.mark.parametrize("kind", list(REFUSED))
def test_h2_a_fifo_socket_or_folder_is_refused_and_stays(
    repo: Repo, run_cli: RunCli, tmp_path: Path, how: str, kind: str
) -> None:
    """Exit 2, one line naming what the path is, and no hang (nothing opens the FIFO); was: a
    FIFO or socket replaced by a regular file, a folder an internal error (exit 3)."""
    fresh(repo)
    special = tmp_path / "special" / kind
    with contextlib.ExitStack() as stack:
        if kind == "fifo":
            special.parent.mkdir()
            os.mkfifo(special)
        elif kind == "socket":
            stack.enter_context(unix_socket(special))
        else:
            special.mkdir(parents=True)
            (special / "keep.txt").write_text("kept\n")
        before = snapshot(special.parent)
        with deadline(20):
            code, _out, err = run_cli(*OUTPUTS[how](str(special)), cwd=repo.path)
        assert_one_line_error(code, err, "cannot write", REFUSED[kind])
        assert snapshot(special.parent) == before


@each_output
def test_h2_a_link_to_a_fifo_is_refused(
    repo: Repo, run_cli: RunCli, tmp_path: Path, how: str
) -> None:
    fresh(repo)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "out").symlink_to(fifo)
    with deadline(20):
        code, _out, err = run_cli(*OUTPUTS[how](str(tmp_path / "out")), cwd=repo.path)
    assert_one_line_error(code, err, REFUSED["fifo"])
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert (tmp_path / "out").is_symlink()


def test_h2_several_formats_may_share_one_device(
    repo: Repo, run_cli: RunCli, tmp_path: Path
) -> None:
    """A device takes any number of outputs (two outputs to one regular file are refused)."""
    fresh(repo)
    node = make_device(tmp_path / "dev" / "null", 3)
    code, _out, err = run_cli(
        "check", "--no-cache", "--format", f"json:{node}", "--format", f"sarif:{node}",
        cwd=repo.path,
    )  # fmt: skip
    assert_normal(code, err)
    assert is_device(node, 3)


def test_h4_two_outputs_to_one_file_are_refused(repo: Repo, run_cli: RunCli) -> None:
    """Was: both were written, and only the last survived."""
    fresh(repo)
    code, _out, err = run_cli(
        "check", "--no-cache", "--format", "json:out.json", "--format", "sarif:./out.json",
        cwd=repo.path,
    )  # fmt: skip
    assert_one_line_error(code, err, "the same file")
    assert not (repo.path / "out.json").exists()


# --------------------------------------------------------------------------- H2: own streams


@needs_proc
@pytest.mark.parametrize(
    ("args", "stream"),
    [
        (["check", "--no-cache", "--format", "json", "--output", "/proc/self/fd/1"], "out"),
        (["check", "--no-cache", "--format", "json:/proc/self/fd/2"], "err"),
        (["report", "--format", "json", "--output", "/proc/self/fd/1"], "out"),
    ],
    ids=["check-stdout", "check-stderr", "report-stdout"],
)
def test_h2_the_runs_own_pipe_under_another_name_gets_the_report(
    repo: Repo, args: list[str], stream: str
) -> None:
    """``/proc/self/fd/1`` of ctlint's own process is its stdout pipe: written through the
    stream (was: exit 3, a temporary file could not be made in /proc/self/fd)."""
    fresh(repo)
    run = ctlint(*args, cwd=repo.path)
    assert run.code == 0, run.err[-2000:]
    text = run.out if stream == "out" else run.err
    document = json.loads(text)
    assert document["version"] == 1
    assert "Traceback" not in run.err


@needs_proc
def test_h2_stdout_redirected_to_a_file_is_written_through_the_stream(repo: Repo) -> None:
    """``ctlint check --output /proc/self/fd/1 > file``: the file behind stdout gets the report
    through the stream; it is the same file (inode) afterwards, and no temporary file is left."""
    fresh(repo)
    target = repo.path.parent / "captured.json"
    with open(target, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = subprocess.run(
            [sys.executable, "-m", "ctlint", "check", "--no-cache", "--format", "json",
             "--output", "/proc/self/fd/1"],
            cwd=repo.path, stdout=handle, stderr=subprocess.PIPE, timeout=30,
            env=child_env(), check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert os.stat(target).st_ino == inode
    assert json.loads(target.read_text("utf-8"))["version"] == 1
    assert temp_debris(target.parent, repo.path) == []


# --------------------------------------------------------------------------- H4: inputs


@pytest.fixture
def inputs(repo: Repo, run_cli: RunCli) -> Repo:
    """A repository with one of every input: two manifests, the configuration, the baseline
    in use, a policy pack and the facts cache."""
    fresh(
        repo,
        "baseline: .ctlint-baseline.json\npolicy_paths: [policies/acme]\ncache_dir: .ctlint-cache\n",
    )
    shutil.copyfile(repo.path / "vendors" / "zendesk.yaml", repo.path / "vendors" / "other.yaml")
    repo.write(".ctlint-baseline.json", EMPTY_BASELINE)
    shutil.copytree(CUSTOM / "acme", repo.path / "policies" / "acme")
    for manifest in (repo.path / "vendors").iterdir():
        os.utime(manifest, (1_700_000_000, 1_700_000_000))  # old enough for the cache
    # the cache keeps the facts of the manifests a run reads as context of the named ones
    code, _out, err = run_cli("check", "vendors/zendesk.yaml", cwd=repo.path)
    assert code in (0, 1), err
    assert (repo.path / ".ctlint-cache" / "facts.json").is_file()
    return repo


INPUT_FILES = [
    "vendors/zendesk.yaml",
    "vendors/other.yaml",
    ".ctlint.yaml",
    ".ctlint-baseline.json",
    "policies/acme/pack.yaml",
    "policies/acme/ACME-001.yaml",
]


def input_bytes(repo: Repo) -> dict[str, bytes]:
    return {rel: (repo.path / rel).read_bytes() for rel in INPUT_FILES}


MANIFEST = "one of the files being checked"
CONFIG = "the configuration of this run"
BASELINE = "the baseline this run reads"
POLICY = "a policy file of this run (policy_paths)"
CACHE = "the facts cache of this run"
SELECTED = "a manifest (the configured `manifests` select it)"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "--output", "vendors/zendesk.yaml"], MANIFEST),
        (["check", "--format", "json:vendors/zendesk.yaml"], MANIFEST),
        (["check", "vendors/zendesk.yaml", "--output", "vendors/other.yaml"], SELECTED),
        (["check", "--output", ".ctlint.yaml"], CONFIG),
        (["check", "--format", "sarif", "--output", ".ctlint-baseline.json"], BASELINE),
        (["check", "--baseline", ".ctlint-baseline.json", "--output", ".ctlint-baseline.json"],
         BASELINE),
        (["check", "--format", "json", "--output", "policies/acme/pack.yaml"], POLICY),
        (["check", "--format", "json:policies/acme/ACME-001.yaml"], POLICY),
        (["check", "--format", "json", "--output", ".ctlint-cache/facts.json"], CACHE),
        (["check", "--format", "json:fine.json", "--format", "sarif:.ctlint.yaml"], CONFIG),
        (["report", "--format", "json", "--output", "vendors/zendesk.yaml"], MANIFEST),
        (["report", "--format", "csv", "--output", ".ctlint.yaml"], CONFIG),
        (["report", "--output", "policies/acme/pack.yaml"], POLICY),
        (["report", "vendors/zendesk.yaml", "--output", "vendors/other.yaml"], SELECTED),
        (["baseline", "--output", "vendors/zendesk.yaml", "--force"], MANIFEST),
        (["baseline", "--output", ".ctlint.yaml", "--force"], CONFIG),
        (["baseline", "--output", "policies/acme/ACME-001.yaml", "--force"], POLICY),
        (["baseline", "--output", ".ctlint-cache/facts.json", "--force"], CACHE),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)  # fmt: skip
def test_h4_an_output_over_an_input_is_refused(
    inputs: Repo, run_cli: RunCli, args: list[str], words: str
) -> None:
    """Exit 2, one line naming what the file is, every input byte-identical and no output
    written (was: `report`, `baseline` and the baseline/policy/cache cases overwrote it)."""
    before = input_bytes(inputs)
    cache = (inputs.path / ".ctlint-cache" / "facts.json").read_bytes()
    code, _out, err = run_cli(*args, cwd=inputs.path)
    assert_one_line_error(code, err, words, "choose another output path")
    assert input_bytes(inputs) == before
    assert json.loads((inputs.path / ".ctlint-cache" / "facts.json").read_bytes()) == json.loads(
        cache
    )
    assert not (inputs.path / "fine.json").exists()  # every output is checked before any write
    assert temp_debris(inputs.path, inputs.path / "vendors") == []


# `check --output` over a symbolic or hard link to a manifest: tests/test_cli.py
# (test_an_output_that_is_a_manifest_under_another_name_is_refused).
@pytest.mark.parametrize("link", ["symlink", "hardlink"])
@pytest.mark.parametrize("command", ["report", "baseline"])
def test_h4_a_link_to_a_manifest_is_refused(
    repo: Repo, run_cli: RunCli, link: str, command: str
) -> None:
    """Was: the link was replaced and exit 0 (the manifest survived, the run wrote over a name
    of its own input)."""
    fresh(repo)
    manifest = repo.path / "vendors" / "zendesk.yaml"
    before = manifest.read_bytes()
    alias = repo.path / "alias.json"
    if link == "symlink":
        alias.symlink_to(manifest)
    else:
        os.link(manifest, alias)
    force = ["--force"] if command == "baseline" else []
    code, _out, err = run_cli(command, "--output", "alias.json", *force, cwd=repo.path)
    assert_one_line_error(code, err, "alias.json", MANIFEST)
    assert manifest.read_bytes() == before
    assert alias.is_symlink() if link == "symlink" else os.stat(alias).st_nlink == 2


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json", "--output", "PATH"],
        ["check", "--format", "json:PATH"],
        ["report", "--output", "PATH"],
        ["baseline", "--output", "PATH", "--force"],
    ],
    ids=["check --output", "check FORMAT:PATH", "report", "baseline"],
)
@pytest.mark.parametrize(
    "path",
    [".git/hooks/pre-commit", ".git/ctlint.json", "githooks/pre-commit", "sub/../hooks/pre-commit"],
    ids=["hook", "new-file", "folder-link", "link-dotdot"],
)
def test_h4_nothing_is_written_under_git(
    repo: Repo, run_cli: RunCli, args: list[str], path: str
) -> None:
    """Exit 2 and one line; the hook is unchanged and nothing new appears in .git. Links are
    resolved the way the kernel resolves them: with ``sub -> .git/x``, ``sub/../hooks`` is
    .git/hooks (was: the hook became a report; and before a fix in ctlint/util/writing.py, the
    ``sub/..`` spelling still reached the hook)."""
    fresh(repo)
    hook = repo.write(".git/hooks/pre-commit", HOOK)
    hook.chmod(0o755)
    (repo.path / ".git" / "x").mkdir()
    (repo.path / "githooks").symlink_to(".git/hooks")
    (repo.path / "sub").symlink_to(".git/x")
    before = snapshot(repo.path)
    code, _out, err = run_cli(*[a.replace("PATH", path) for a in args], cwd=repo.path)
    assert_one_line_error(code, err, ".git")
    assert hook.read_text() == HOOK
    after = snapshot(repo.path)
    assert {k: v for k, v in after.items() if not k.startswith(".ctlint-cache")} == before


# Configured paths: `cache_dir` that is the root, a manifests folder or under .git, and
# `baseline` under .git are tested in tests/test_bounds.py (the L3 tests and
# test_configured_baseline_under_git_is_a_configuration_error).
@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("baseline: ../outside.json\n", ["baseline", "leads outside the repository root"]),
        ("baseline: ABS/outside.json\n", ["baseline", "leads outside the repository root"]),
        ("baseline: out/b.json\n", ["baseline", "leads outside the repository root"]),
        ("policy_paths: [../pack]\n", ["policy_paths", "leads outside the repository root"]),
        ("policy_paths: [.git/acme]\n", ["policy_paths", ".git"]),
        ("cache_dir: ../cache\n", ["cache_dir", "leads outside the repository root"]),
        ("cache_dir: out/cache\n", ["cache_dir", "leads outside the repository root"]),
    ],
    ids=[
        "baseline-dotdot",
        "baseline-absolute",
        "baseline-through-link",
        "policies-dotdot",
        "policies-under-git",
        "cache-dotdot",
        "cache-through-link",
    ],
)
@pytest.mark.parametrize("command", ["check", "baseline"])
def test_h4_configured_paths_stay_inside_the_root(
    repo: Repo, run_cli: RunCli, tmp_path: Path, extra: str, words: list[str], command: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.path / "out").symlink_to(outside, target_is_directory=True)
    shutil.copytree(CUSTOM / "acme", tmp_path / "pack")
    shutil.copytree(CUSTOM / "acme", repo.path / ".git" / "acme")
    fresh(repo, extra.replace("ABS", str(tmp_path)))
    before = snapshot(tmp_path)
    args = ["baseline", "--force"] if command == "baseline" else ["check"]
    code, _out, err = run_cli(*args, cwd=repo.path)
    assert_one_line_error(code, err, *words)
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- replacing a file


def test_an_existing_output_keeps_its_permissions(repo: Repo, run_cli: RunCli) -> None:
    fresh(repo)
    target = repo.write("out/report.json", "old\n")
    target.chmod(0o640)
    code, _out, err = run_cli("check", "--no-cache", "--format", f"json:{target}", cwd=repo.path)
    assert_normal(code, err)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert json.loads(target.read_text("utf-8"))["version"] == 1
    assert temp_debris(target.parent) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away"
)
@pytest.mark.parametrize("how", ["check --output", "report --output", "baseline --output"])
def test_root_replacing_a_users_file_keeps_its_owner(repo: Repo, run_cli: RunCli, how: str) -> None:
    """Was: root's run left a root-owned file in place of the user's (who could then no
    longer replace it)."""
    fresh(repo)
    target = repo.write("out/mine.json", "old\n")
    os.chown(target, 4321, 4322)
    target.chmod(0o664)
    args = OUTPUTS[how](str(target)) + (["--force"] if how.startswith("baseline") else [])
    code, _out, err = run_cli(*args, cwd=repo.path)
    assert_normal(code, err)
    found = os.stat(target)
    assert (found.st_uid, found.st_gid) == (4321, 4322)
    assert stat.S_IMODE(found.st_mode) == 0o664
    assert target.read_text("utf-8") != "old\n"


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_check_replaces_a_final_link_and_never_writes_through_it(
    repo: Repo, run_cli: RunCli, tmp_path: Path, dangling: bool
) -> None:
    """``check --output link``: the link itself is replaced by a regular file (which takes the
    permissions of the file it led to); what it led to, here outside the root, is untouched and
    never created."""
    fresh(repo)
    target = tmp_path / "elsewhere" / "target.json"
    target.parent.mkdir()
    if not dangling:
        target.write_text("outside\n")
        target.chmod(0o600)
    link = repo.path / "report.json"
    link.symlink_to(target)
    code, _out, err = run_cli("check", "--no-cache", "--format", "json:report.json", cwd=repo.path)
    assert_normal(code, err)
    assert not link.is_symlink()
    assert json.loads(link.read_text("utf-8"))["version"] == 1
    if dangling:
        assert not target.exists()
    else:
        assert target.read_text() == "outside\n"
        assert stat.S_IMODE(os.stat(link).st_mode) == 0o600


def test_an_output_through_link_dotdot_is_written_where_the_kernel_goes(
    repo: Repo, run_cli: RunCli
) -> None:
    """``s/../new/out.json`` with ``s -> a/b`` is a/new/out.json: its folder is made there and
    its temporary file is made there, next to it. Was: ``new`` made at the root (the path
    normalized as text), then the rename failed (exit 3 before issue 12, exit 2 and a stray
    folder before the fix in ctlint/util/writing.py)."""
    fresh(repo)
    (repo.path / "a" / "b").mkdir(parents=True)
    (repo.path / "s").symlink_to("a/b", target_is_directory=True)
    code, _out, err = run_cli(
        "check", "--no-cache", "--format", "json:s/../new/out.json", cwd=repo.path
    )
    assert_normal(code, err)
    assert json.loads((repo.path / "a" / "new" / "out.json").read_text("utf-8"))["version"] == 1
    assert not (repo.path / "new").exists()


# --------------------------------------------------------------------------- L2: new and init


@pytest.fixture
def outside_vendors(repo: Repo, tmp_path: Path) -> Path:
    """``vendors`` is a committed link to a folder outside the root."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(repo.path / "vendors")
    (repo.path / "vendors").symlink_to(outside, target_is_directory=True)
    return outside


def test_l2_new_never_writes_through_a_vendors_link_that_leaves_the_root(
    repo: Repo, run_cli: RunCli, outside_vendors: Path
) -> None:
    """Was: ``wrote vendors/acme.yaml`` into the outside folder, exit 0."""
    fresh(repo)
    (repo.path / "vendors" / "zendesk.yaml").unlink()  # `fresh` wrote it outside
    code, _out, err = run_cli("new", "acme", "--category", "help_desk", "--no-input", cwd=repo.path)
    assert_one_line_error(code, err, "vendors", "outside the repository root")
    assert os.listdir(outside_vendors) == []


def test_l2_init_never_writes_through_a_vendors_link_that_leaves_the_root(
    repo: Repo, run_cli: RunCli, outside_vendors: Path
) -> None:
    """Nothing at all is written (every file is checked before the first is written); was:
    the example manifest was written outside."""
    (repo.path / ".ctlint.yaml").unlink()
    before = snapshot(repo.path)
    code, _out, err = run_cli("init", "--type", "private_business", "--no-input", cwd=repo.path)
    assert_one_line_error(code, err, "outside the repository root")
    assert os.listdir(outside_vendors) == []
    assert snapshot(repo.path) == before


def test_l2_init_force_replaces_a_final_link_that_leaves_the_root(
    repo: Repo, run_cli: RunCli, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("outside\n")
    link = repo.path / "vendors" / "example-help-desk.yaml"
    link.symlink_to(outside)
    code, _out, err = run_cli(
        "init", "--type", "private_business", "--no-input", "--force", cwd=repo.path
    )
    assert_normal(code, err)
    assert not link.is_symlink()
    assert "manifest: ctlint/v1" in link.read_text("utf-8")
    assert outside.read_text() == "outside\n"


def test_l2_a_vendors_link_inside_the_root_is_fine(repo: Repo, run_cli: RunCli) -> None:
    fresh(repo)
    (repo.path / "vendors").rename(repo.path / "real-vendors")
    (repo.path / "vendors").symlink_to("real-vendors", target_is_directory=True)
    code, _out, err = run_cli("new", "acme", "--category", "help_desk", "--no-input", cwd=repo.path)
    assert_normal(code, err)
    assert (repo.path / "real-vendors" / "acme.yaml").is_file()


# --------------------------------------------------------------------------- L10: interrupts

#: A child that writes one file slowly at one step (CTLINT_TEST_SLOW: ``mkstemp``, right after
#: the temporary file is created; ``write``, in 16 KiB pieces; ``fsync``), through the command
#: line (CTLINT_TEST_ENTRY=cli: ARGS are ctlint's) or through ``write_atomic`` itself
#: (``function``: ARGS are the target and its size in bytes). The test signals the child once
#: the temporary file is there, so the signal always lands before the rename. Only ``mkstemp``
#: slows the code before issue 12 too (it wrote through a file object and never synced).
_SLOW_WRITER = r"""
import os, re, sys, tempfile, time

TEMP = re.compile(r"\.ctlint-[a-z0-9_]{8}(\.tmp)?")
slow, entry = os.environ["CTLINT_TEST_SLOW"], os.environ["CTLINT_TEST_ENTRY"]


def is_temp(fd):
    try:
        return TEMP.fullmatch(os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))) is not None
    except OSError:
        return False


if slow == "mkstemp":
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        if TEMP.fullmatch(os.path.basename(made[1])):
            time.sleep(1.5)
        return made

    tempfile.mkstemp = mkstemp
elif slow == "write":
    real_write = os.write

    def write(fd, data):
        if not is_temp(fd):
            return real_write(fd, data)
        time.sleep(0.02)
        return real_write(fd, bytes(data[:16384]))

    os.write = write
elif slow == "fsync":
    real_fsync = os.fsync

    def fsync(fd):
        if is_temp(fd):
            time.sleep(1.5)
        real_fsync(fd)

    os.fsync = fsync

if entry == "cli":
    from ctlint.__main__ import main

    main()
else:
    from ctlint.util.writing import write_atomic
    write_atomic(sys.argv[1], "y" * (int(sys.argv[2]) - 1) + "\n")
"""

NAMES = {signal.SIGTERM: "TERM", signal.SIGINT: "INT"}
if hasattr(signal, "SIGHUP"):
    NAMES[signal.SIGHUP] = "HUP"


def start_slow_writer(entry: str, slow: str, args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env({"CTLINT_TEST_SLOW": slow, "CTLINT_TEST_ENTRY": entry}),
    )


def signal_once_the_temp_file_is_there(
    process: subprocess.Popen[bytes], folder: Path, signum: int, *, written: bool
) -> None:
    """Wait (at most 20 s) until a temporary file exists in ``folder`` (with ``written``: and
    holds some bytes), then send ``signum``."""
    limit = time.monotonic() + 20
    while time.monotonic() < limit:
        debris = temp_debris(folder)
        if debris:
            with contextlib.suppress(FileNotFoundError):
                if not written or os.path.getsize(debris[0]) > 0:
                    process.send_signal(signum)
                    return
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the write ended (exit {process.returncode}) unsignalled: {err[-500:]!r}")
        time.sleep(0.002)
    process.kill()
    pytest.fail("no temporary file appeared within 20 s")


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("still running 30 s after the signal")
    return process.returncode, err.decode("utf-8", "replace")


@needs_signals
@pytest.mark.parametrize("slow", ["mkstemp", "write", "fsync"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=NAMES.get)
def test_l10_a_signal_during_check_output_leaves_no_temp_file(
    repo: Repo, signum: int, slow: str
) -> None:
    """``check --output`` signalled while its temporary file exists: exit 143 or 130 with one
    line, no temporary file, the old report kept whole. Was: SIGTERM always left the
    temporary file, and Ctrl-C did when it landed just after the file was created (the
    ``mkstemp`` cases)."""
    fresh(repo)
    folder = repo.path / "out"
    target = repo.write("out/report.sarif", "old\n")
    process = start_slow_writer(
        "cli",
        slow,
        # every rule's help: a log big enough (hundreds of KB) to be caught while written
        ["check", "--no-cache", "--format", "sarif", "--sarif-all-rules", "--output", str(target)],
        repo.path,
    )  # fmt: skip
    signal_once_the_temp_file_is_there(process, folder, signum, written=slow == "write")
    code, err = finish(process)
    assert temp_debris(folder) == []
    assert target.read_text("utf-8") == "old\n"  # the signal came before the rename
    expected = {
        signal.SIGTERM: (143, "ctlint: terminated"),
        signal.SIGINT: (130, "ctlint: interrupted"),
    }
    assert (code, one_line(err)) == expected[signum]


@needs_signals
@pytest.mark.parametrize("slow", ["mkstemp", "write", "fsync"])
@pytest.mark.parametrize("signum", list(NAMES), ids=NAMES.get)
@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "new"])
def test_l10_write_atomic_signalled_leaves_the_old_file_or_the_whole_new_one(
    tmp_path: Path, signum: int, slow: str, existing: bool
) -> None:
    """``write_atomic`` in a program that left the signals alone: the temporary file is
    removed, then the signal ends the process as it would have (killed by it; for Ctrl-C, an
    uncaught KeyboardInterrupt, which Python also turns into death by SIGINT)."""
    target = tmp_path / "target.txt"
    if existing:
        target.write_text("old\n")
    size = 1 << 20
    process = start_slow_writer("function", slow, [str(target), str(size)], tmp_path)
    signal_once_the_temp_file_is_there(process, tmp_path, signum, written=slow == "write")
    code, err = finish(process)
    assert temp_debris(tmp_path) == []
    if existing:  # the signal came before the rename: the old file, whole
        assert target.read_text() == "old\n"
    else:
        assert not target.exists()
    assert code == -signum, err[-2000:]


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_l10_a_write_that_fails_keeps_the_old_file_and_leaves_no_temp_file(repo: Repo) -> None:
    """A real error during the write (the process's file size limit: EFBIG): exit 2, one line,
    the old report kept, no temporary file. Was: exit 3, an internal error."""
    fresh(repo)
    target = repo.write("out/report.sarif", "old\n")

    def limit_file_size() -> None:  # pragma: no cover - runs in the child
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "ctlint", "check", "--no-cache", "--format", "sarif",
         "--sarif-all-rules", "--output", str(target)],
        cwd=repo.path, capture_output=True, timeout=60, env=child_env(),
        preexec_fn=limit_file_size, check=False,
    )  # fmt: skip
    err = done.stderr.decode("utf-8", "replace")
    assert_one_line_error(done.returncode, err, "out/report.sarif", "existing file is kept")
    assert target.read_text() == "old\n"
    assert temp_debris(target.parent) == []


@pytest.mark.parametrize(
    ("call", "words"),
    [("write", "no space left on the device"), ("replace", "input/output error")],
)
def test_l10_an_error_on_the_temporary_file_is_exit_2_without_debris(
    repo: Repo, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, call: str, words: str
) -> None:
    """A full disk (ENOSPC on the temporary file) or a failing rename (EIO): exit 2, one line,
    the old file untouched, the temporary file removed (was: exit 3)."""
    fresh(repo)
    target = repo.write("out/report.json", "old\n")
    real_write, real_replace = os.write, os.replace

    def is_temp(fd: int) -> bool:
        with contextlib.suppress(OSError):
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
            return TEMP_NAME.fullmatch(name) is not None
        return False

    def write(fd: int, data: Any) -> int:
        if is_temp(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if TEMP_NAME.fullmatch(os.path.basename(os.fspath(src))):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst, **kwargs)

    if call == "write":
        if not os.path.isdir("/proc/self/fd"):
            pytest.skip("needs /proc/self/fd to tell the temporary file's descriptor")
        monkeypatch.setattr(os, "write", write)
    else:
        monkeypatch.setattr(os, "replace", replace)
    code, _out, err = run_cli("check", "--no-cache", "--format", f"json:{target}", cwd=repo.path)
    assert_one_line_error(code, err, "cannot write", words)
    assert target.read_text() == "old\n"
    assert temp_debris(target.parent) == []


# --------------------------------------------------------------------------- any path name

SEGMENT = st.one_of(
    st.sampled_from(
        [
            "..", ".", "-", "-x", "--output", "--help", " ", " a b ", "a:b", "~", "$HOME", "*",
            "?", "[a]", "\\", "'\"", "\t", "\n", "é", "日本語", "\u202e", "\x1b[31m", "\udcff",
            "x" * 300, ".git", ".GIT", "vendors", "zendesk.yaml", ".ctlint.yaml", "docs",
            "report.json",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
        min_size=1,
        max_size=30,
    ),
)  # fmt: skip


def _steps(start: Path, segments: list[str]) -> list[str]:
    """Where each prefix of the path leads (there are no links in the sandbox, so the lexical
    walk is the kernel's)."""
    here, steps = str(start), []
    for segment in segments:
        here = os.path.normpath(os.path.join(here, segment))
        steps.append(here)
    return steps


@pytest.fixture
def template(repo: Repo) -> Path:
    """The repository each example starts from (a fresh copy each time): zendesk's manifest,
    a file that may be replaced (docs/report.json), and the working folder ``a/b``."""
    fresh(repo)
    repo.write("docs/report.json", "old\n")
    (repo.path / "a" / "b").mkdir(parents=True)
    return repo.path


#: where the generated names start, from the working folder ``repo/a/b``: there, the root, the
#: manifests, .git, a folder with a file that may be replaced, the sandbox
BASES = ["", "../../", "../../vendors/", "../../.git/", "../../docs/", "../../../"]


@given(
    base=st.sampled_from(BASES),
    segments=st.lists(SEGMENT, min_size=1, max_size=4),
    absolute=st.booleans(),
    how=st.sampled_from(["--output=", "json:"]),
)
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_output_path_is_written_exactly_there_or_refused_in_one_line(
    template: Path,
    tmp_path: Path,
    run_cli: RunCli,
    base: str,
    segments: list[str],
    absolute: bool,
    how: str,
) -> None:
    """Whatever the path (leading dashes, spaces, controls, unicode, bytes that are not UTF-8,
    ``..``, names too long, inputs, .git): either exit 0 and that very path is a regular file
    with the report; or exit 2 with one line and no file changed. Either way the only other
    change is folders made on the way, as ``mkdir -p`` of the path as typed would make them
    (``-/../-`` makes the folder ``-``, over which the file then cannot be renamed). Never
    exit 3, never a write elsewhere."""
    top = tmp_path / "sandbox"
    shutil.rmtree(top, ignore_errors=True)
    shutil.copytree(template, top / "repo", symlinks=True)
    cwd = top / "repo" / "a" / "b"
    segments = [part for part in base.split("/") if part] + segments
    steps = _steps(cwd, segments)
    assume(all(step.startswith(str(top) + os.sep) for step in steps))
    path = "/".join(segments)
    if absolute:
        path = str(cwd / path)
    option = ["--format", "json", how + path] if how == "--output=" else ["--format", how + path]
    before = snapshot(tmp_path)
    code, _out, err = run_cli("check", "--no-cache", *option, cwd=cwd)
    after = snapshot(tmp_path)
    changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
    files = {k for k in changed if after.get(k, ("gone", ""))[0] != "dir"}
    folders = changed - files  # only ever made, like `mkdir -p`, along the path as typed
    assert folders <= {os.path.relpath(step, tmp_path) for step in steps[:-1]}, (path, folders)
    if code == 2:
        one_line(err)
        assert files == set(), (path, files)
        return
    assert code == 0, f"exit {code} for {path!r}: {err[-2000:]}"
    rel = os.path.relpath(steps[-1], tmp_path)
    assert files == {rel}, (path, files)
    assert after[rel][0] == "file", path
    with open(steps[-1], "rb") as handle:
        assert json.loads(handle.read())["version"] == 1
