"""Hostile input (issue 6): nothing anyone puts in a file may crash ctlint, hang it, exhaust
memory, escape the repository, reach the network or inject into a terminal.

Every case runs through the real command line (``ctlint check --format json FILE GOOD``) in a
throw-away repository. ``GOOD`` is a complete manifest saved under a name that differs from
its id, so it always has exactly one CTL202 *info* finding: seeing that finding proves the
good file was still checked after the hostile one, and (being info) it never changes the exit
code, so the exit code is the hostile file's alone.

The corpus lives in ``tests/hostile/`` (one file per case, named for the case; the expected
finding of each is in :data:`CORPUS` below). Big cases (billion laughs, 10,000-deep nesting,
a 2 MB file, long lines) are generated at test time instead of being committed. Time and
memory bounds here are generous sanity limits; real numbers belong to ``bench/run.py``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from support import many_manifests

Repo = Any  # tests/conftest.py's throw-away repository (the `repo` fixture)

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests"
GOOD = "vendors/good-manifest.yaml"  # zendesk's manifest under another name: one CTL202 info
RULE_ID = re.compile(r"^(CTL\d{3}|CT-[A-Z]+-\d{3}|CTDPA-\d{3})$")
FATAL = {"CTL001", "CTL002", "CTL003", "CTL004"}
LOAD_ONLY = {"CTL001", "CTL003", "CTL004"}  # after these a file gets no other finding


# --------------------------------------------------------------------------- the corpus


@dataclasses.dataclass(frozen=True)
class Case:
    """What a hostile file must produce.

    ``rule`` None means the file is acceptable and gets no finding at all. ``line`` /
    ``column`` are given where the specification fixes the place (the bad byte, the second
    occurrence, the tag); a parser's "detected here" place is only checked to lie in the file.
    ``bug`` marks a case the engine gets wrong today (strict xfail with that reason);
    ``crashes`` says the bug ends the whole run, so it also breaks the check of other files.
    """

    rule: str | None
    line: int | None = None
    column: int | None = None
    bug: str | None = None
    crashes: bool = False


#: The manifests of ``tests/hostile/`` are zendesk's manifest (without its comment header, so
#: line 3 is ``name:``, line 7 the first inserted line) with one hostile change each.
CORPUS: dict[str, Case] = {
    # encodings
    "invalid-utf8.yaml": Case("CTL001", 3, 15),  # the byte 0xc3 0x28 in `name:`
    "invalid-utf8-overlong.yaml": Case("CTL001", 3, 7),
    "utf16-le-bom.yaml": Case("CTL001", 1, 1),
    "utf16-be-bom.yaml": Case("CTL001", 1, 1),
    "utf16-le-no-bom.yaml": Case("CTL001", 1),
    "utf16-be-no-bom.yaml": Case("CTL001", 1),
    "utf8-bom.yaml": Case(None),  # a UTF-8 byte-order mark is accepted
    "crlf-line-endings.yaml": Case(None),
    "nul-byte.yaml": Case("CTL001", 3, 14),
    "raw-escape-character.yaml": Case("CTL001", 3, 7),  # a raw ESC byte: YAML does not allow it
    "nul-after-non-ascii.yaml": Case("CTL001", 4, 20),  # columns count characters, not bytes
    "binary-png.yaml": Case("CTL001", 1, 1),
    "binary-random.json": Case("CTL001", 1, 2),
    # YAML syntax and features manifests may not use
    "tab-indentation.yaml": Case("CTL001", 4),
    "yaml-syntax-error.yaml": Case("CTL001"),
    "unknown-alias.yaml": Case("CTL001", 3),
    "multiple-documents.yaml": Case("CTL004"),
    "explicit-document-markers.yaml": Case(None),  # `%YAML 1.2`, `---` and `...`: one document
    "tag-python-object.yaml": Case("CTL004", 3, 7),
    "tag-python-apply.yaml": Case("CTL004", 3, 7),  # and `touch HOSTILE-PWNED` never runs
    "tag-custom.yaml": Case("CTL004", 3, 7),
    "tag-directive.yaml": Case("CTL004", 5, 7),
    "tag-binary.yaml": Case("CTL004", 3, 7),
    "merge-key.yaml": Case("CTL004", 12, 3),
    "non-string-key-integer.yaml": Case("CTL004", 7, 1),
    "non-string-key-boolean.yaml": Case("CTL004", 7, 1),
    "non-string-key-null.yaml": Case("CTL004", 7, 1),
    "non-string-key-complex.yaml": Case("CTL004", 7),
    "duplicate-key.yaml": Case("CTL002", 7, 1),  # at the second occurrence
    "recursive-alias.yaml": Case("CTL003", 7),  # `&loop [*loop]` expands without end
    # empty files and a top level that is not a mapping
    "empty.yaml": Case("CTL001", 1, 1),
    "comments-only.yaml": Case("CTL001", 1, 1),
    "top-level-list.yaml": Case("CTL001", 1, 1),
    "top-level-scalar.yaml": Case("CTL001", 1, 1),
    "top-level-null.json": Case("CTL001", 1, 1),
    # wrong types and values
    "numbers-where-strings-belong.yaml": Case("CTL102", 3, 7),
    "huge-integer.yaml": Case(
        "CTL102",
        3,
        7,
    ),
    "huge-integer-accepted.yaml": Case(None),  # `retention_days: 1` + 5,000 zeros is valid
    "huge-integer-over-a-limit.yaml": Case(
        "CTDPA-020",
        61,
        18,
    ),
    "invalid-date.yaml": Case("CTL107", 42),
    "timestamp-for-date.yaml": Case("CTL107", 42),
    # JSON
    "json-valid.json": Case(None),
    "json-trailing-comma.json": Case("CTL001", 7),
    "json-trailing-comma-end.json": Case("CTL001"),
    "json-comments.json": Case("CTL001", 7),
    "json-duplicate-key.json": Case("CTL002", 8, 3),
    "json-number-where-string-belongs.json": Case("CTL102", 4),
    "json-huge-integer.json": Case(
        "CTL102",
        4,
    ),
    "json-lone-surrogate-escape.json": Case("CTL001", 4),  # "\ud800": not a character
    "json-del-character.json": Case(None),  # DEL and C1 controls are valid in JSON strings
}


def _corpus_params(*, elsewhere: bool = False) -> list[Any]:
    params = []
    for name, case in CORPUS.items():
        failing = case.bug is not None and (case.crashes or not elsewhere)
        marks = [pytest.mark.xfail(reason=f"BUG: {case.bug}", strict=True)] if failing else []
        params.append(pytest.param(name, case, id=name, marks=marks))
    return params


def test_every_corpus_file_has_an_expectation() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if not p.name.startswith(".")}
    on_disk.discard("README.md")
    assert on_disk == set(CORPUS)


# --------------------------------------------------------------------------- helpers


def good_manifest(repo: Repo) -> None:
    repo.write(GOOD, (MANIFESTS / "zendesk.yaml").read_bytes())


def line_count(raw: bytes) -> int:
    """Lines as a reader counts them (LF, CRLF or a lone CR end a line; a last line without
    a line break counts)."""
    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.count(b"\n") + (0 if not text or text.endswith(b"\n") else 1)


def assert_no_crash(code: int, err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert code in (0, 1), f"exit {code}: {err}"


def assert_located(finding: dict[str, Any], raw: bytes) -> None:
    """A finding of a manifest: a rule id and a place inside the file."""
    assert RULE_ID.match(finding["rule"]), finding
    assert isinstance(finding["line"], int), finding
    assert isinstance(finding["column"], int), finding
    assert 1 <= finding["line"] <= line_count(raw) + 1, (finding, line_count(raw))
    assert finding["column"] >= 1, finding


def assert_good_file_checked(document: dict[str, Any]) -> None:
    good = [f for f in document["findings"] if f["file"] == GOOD]
    assert [(f["rule"], f["severity"]) for f in good] == [("CTL202", "info")], good


def check_pair(
    run_cli: Callable[..., Any], repo: Repo, rel: str, raw: bytes
) -> tuple[int, dict[str, Any], list[dict[str, Any]], str]:
    """Write ``raw`` at ``rel`` and the good manifest, check both; the hostile file's findings."""
    repo.write(rel, raw)
    good_manifest(repo)
    code, out, err = run_cli("check", "--format", "json", rel, GOOD, cwd=repo.path)
    assert_no_crash(code, err)
    document = json.loads(out)
    assert document["summary"]["files"] == 2
    assert_good_file_checked(document)
    return code, document, [f for f in document["findings"] if f["file"] == rel], err


def assert_case(code: int, findings: list[dict[str, Any]], raw: bytes, case: Case) -> None:
    for finding in findings:
        assert_located(finding, raw)
    rules = [f["rule"] for f in findings]
    if case.rule is None:
        assert findings == [], findings
        assert code == 0
        return
    assert case.rule in rules, findings
    assert code == 1
    if case.rule in LOAD_ONLY:
        assert set(rules) <= FATAL, f"a file with {case.rule} gets no other finding: {rules}"
    first = next(f for f in findings if f["rule"] == case.rule)
    if case.line is not None:
        assert first["line"] == case.line, first
    if case.column is not None:
        assert first["column"] == case.column, first


# --------------------------------------------------------------------------- the corpus tests


@pytest.mark.parametrize(("name", "case"), _corpus_params())
def test_hostile_file(name: str, case: Case, repo: Repo, run_cli: Callable[..., Any]) -> None:
    raw = (HOSTILE / name).read_bytes()
    code, _document, findings, _err = check_pair(run_cli, repo, f"vendors/{name}", raw)
    assert_case(code, findings, raw, case)
    assert not (repo.path / "HOSTILE-PWNED").exists(), "a YAML tag ran a command"


@pytest.mark.parametrize(("name", "case"), _corpus_params(elsewhere=True))
def test_hostile_file_elsewhere_in_the_repository(
    name: str, case: Case, repo: Repo, run_cli: Callable[..., Any]
) -> None:
    """Pre-commit names only the changed file, but repository-wide facts read every configured
    manifest: a hostile file sitting in ``vendors/`` must not break the check of another."""
    repo.write(f"vendors/{name}", (HOSTILE / name).read_bytes())
    good_manifest(repo)
    code, out, err = run_cli("check", "--format", "json", GOOD, cwd=repo.path)
    assert_no_crash(code, err)
    document = json.loads(out)
    assert_good_file_checked(document)
    assert code == 0
    assert all(f["file"] in (GOOD, ".ctlint.yaml", None) for f in document["findings"])


# --------------------------------------------------------------------------- generated cases


def billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


def billion_laughs_maps() -> bytes:
    lines = ["k0: &k0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol}"]
    for i in range(1, 12):
        keys = ", ".join(f"{c}: *k{i - 1}" for c in "abcdefgh")
        lines.append(f"k{i}: &k{i} {{{keys}}}")
    return ("manifest: ctlint/v1\n" + "\n".join(lines) + "\n").encode()


DEPTH = 10_000

GENERATED: dict[str, tuple[Callable[[], bytes], Case]] = {
    "billion-laughs.yaml": (billion_laughs, Case("CTL003")),
    "billion-laughs-mappings.yaml": (billion_laughs_maps, Case("CTL003")),
    "nested-lists-10000.yaml": (lambda: b"[" * DEPTH + b"]" * DEPTH + b"\n", Case("CTL003", 1)),
    "nested-maps-10000.yaml": (
        lambda: b"{a: " * DEPTH + b"1" + b"}" * DEPTH + b"\n",
        Case("CTL003", 1),
    ),
    "nested-block-sequences-10000.yaml": (lambda: b"- " * DEPTH + b"x\n", Case("CTL003", 1)),
    "nested-block-mappings-70.yaml": (
        lambda: "".join(" " * i + f"k{i}:\n" for i in range(70)).encode(),
        Case("CTL003", 65),
    ),
    "nested-lists-10000.json": (lambda: b"[" * DEPTH + b"]" * DEPTH + b"\n", Case("CTL003", 1)),
    "nested-maps-10000.json": (
        lambda: b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH + b"\n",
        Case("CTL003", 1),
    ),
    "many-values.yaml": (
        lambda: b"manifest: ctlint/v1\nx-values: [" + b"0," * 100_001 + b"0]\n",
        Case("CTL003", 2),
    ),
    "too-big-2mb.yaml": (
        lambda: b"manifest: ctlint/v1\n" + b"# padding padding padding padding\n" * 62_000,
        Case("CTL003", 1, 1),
    ),
    "long-line-syntax-error.yaml": (
        lambda: b"manifest: ctlint/v1\nname: " + b"x" * 600_000 + b": : [\n",
        Case("CTL001", 2),
    ),
    "long-string-accepted.yaml": (
        lambda: (
            (MANIFESTS / "zendesk.yaml")
            .read_bytes()
            .replace(b"id: zendesk\n", b"id: long-string-accepted\n")
            .replace(
                b"description: Email and web-form ticketing for the support team.",
                b"description: " + b"Long text, " * 80_000,
            )
        ),
        Case(None),
    ),
}


@pytest.mark.parametrize(
    ("name", "case"), [pytest.param(n, c, id=n) for n, (_g, c) in GENERATED.items()]
)
def test_generated_hostile_file(
    name: str, case: Case, repo: Repo, run_cli: Callable[..., Any]
) -> None:
    raw = GENERATED[name][0]()
    started = time.perf_counter()
    code, _document, findings, _err = check_pair(run_cli, repo, f"vendors/{name}", raw)
    elapsed = time.perf_counter() - started
    assert_case(code, findings, raw, case)
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"


@pytest.mark.parametrize("make", [billion_laughs, billion_laughs_maps])
def test_billion_laughs_is_stopped_early(
    make: Callable[[], bytes], repo: Repo, run_cli: Callable[..., Any]
) -> None:
    """Alias expansion is bounded while building: well under a second and a few MB."""
    repo.write("vendors/laughs.yaml", make())
    run_cli("check", "--format", "json", "vendors/laughs.yaml", cwd=repo.path)  # warm caches
    tracemalloc.start()
    try:
        started = time.perf_counter()
        code, out, err = run_cli("check", "--format", "json", "vendors/laughs.yaml", cwd=repo.path)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1, err
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["CTL003"]
    assert elapsed < 5, elapsed  # generous: the benchmark measures the real number
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_oversized_file_is_not_read(repo: Repo, run_cli: Callable[..., Any]) -> None:
    """The size is checked before reading: the oversized file is never opened."""
    big = repo.write("vendors/big.yaml", b"manifest: ctlint/v1\n" + b"#" * 2_000_000 + b"\n")
    with record_access() as seen:
        code, out, err = run_cli("check", "--format", "json", "vendors/big.yaml", cwd=repo.path)
    assert code == 1, err
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["CTL003"]
    assert str(big) not in seen


@pytest.mark.parametrize(
    ("limits", "rule"),
    [
        pytest.param({"max_file_bytes": 1000}, "CTL003", id="max_file_bytes"),
        pytest.param({"max_nodes": 20}, "CTL003", id="max_nodes"),
        pytest.param({"max_depth": 2}, "CTL003", id="max_depth"),
    ],
)
def test_configured_limits_are_enforced(
    limits: dict[str, int], rule: str, repo: Repo, run_cli: Callable[..., Any]
) -> None:
    repo.config(limits=limits)
    repo.manifest()
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1, err
    assert [f["rule"] for f in json.loads(out)["findings"]] == [rule]


@pytest.mark.parametrize("ext", ["yaml", "json"])
def test_raised_depth_limit_still_no_recursion_error(
    ext: str, repo: Repo, run_cli: Callable[..., Any]
) -> None:
    repo.config(limits={"max_depth": 256, "max_nodes": 1_000_000})  # the ceilings
    rel = f"vendors/deep.{ext}"
    raw = b"[" * DEPTH + b"]" * DEPTH
    code, _document, findings, _err = check_pair(run_cli, repo, rel, raw)
    assert code == 1
    assert findings, "the deep file gets a finding"
    for finding in findings:
        assert_located(finding, raw)


# --------------------------------------------------------------------------- special files


def run_process(
    args: list[str], cwd: Path, *, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m ctlint ARGS`` in a real process (bytes out, for the strict checks)."""
    environment = {**os.environ, **(env or {})}
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "ctlint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env=environment,
        check=False,
    )


def process_json(result: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    err = result.stderr.decode("utf-8", "replace")
    assert_no_crash(result.returncode, err)
    document: dict[str, Any] = json.loads(result.stdout.decode("utf-8"))
    return document


def special_file(kind: str, repo: Repo, tmp_path: Path) -> str:
    """Make one special path inside the repository; return it relative to the root."""
    path = repo.path / "vendors" / f"{kind}.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling-symlink":
        path.symlink_to(repo.path / "vendors" / "no-such-file.yaml")
    elif kind == "symlink-outside-root":
        outside = tmp_path / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.yaml").write_bytes((MANIFESTS / "zendesk.yaml").read_bytes())
        path.symlink_to(outside / "secret.yaml")
    elif kind == "symlink-to-device":
        path.symlink_to("/dev/null")
    elif kind == "unreadable":
        path.write_bytes((MANIFESTS / "zendesk.yaml").read_bytes())
        path.chmod(0)
    else:  # pragma: no cover - test bug
        raise AssertionError(kind)
    return f"vendors/{kind}.yaml"


SPECIAL = ["fifo", "dangling-symlink", "symlink-outside-root", "symlink-to-device", "unreadable"]


def _skip_unreadable_as_root(kind: str) -> None:
    if kind == "unreadable" and os.geteuid() == 0:
        pytest.skip("running as root: root can read a file without read permission")


@pytest.mark.parametrize("kind", SPECIAL)
def test_special_file_named_on_the_command_line(kind: str, repo: Repo, tmp_path: Path) -> None:
    """A FIFO, device, dangling link or link out of the root named on the command line is a
    CTL001 finding at 1:1, the run goes on, and nothing blocks (a real process with a timeout:
    opening a FIFO for reading would hang)."""
    _skip_unreadable_as_root(kind)
    rel = special_file(kind, repo, tmp_path)
    good_manifest(repo)
    document = process_json(run_process(["check", "--format", "json", rel, GOOD], repo.path))
    mine = [f for f in document["findings"] if f["file"] == rel]
    assert [(f["rule"], f["line"], f["column"]) for f in mine] == [("CTL001", 1, 1)]
    assert_good_file_checked(document)


@pytest.mark.parametrize("kind", SPECIAL)
def test_special_file_found_by_the_configured_globs(kind: str, repo: Repo, tmp_path: Path) -> None:
    _skip_unreadable_as_root(kind)
    rel = special_file(kind, repo, tmp_path)
    good_manifest(repo)
    document = process_json(run_process(["check", "--format", "json"], repo.path))
    assert [f["rule"] for f in document["findings"] if f["file"] == rel] == ["CTL001"]
    assert_good_file_checked(document)


def test_device_named_on_the_command_line(repo: Repo) -> None:
    good_manifest(repo)
    document = process_json(
        run_process(["check", "--format", "json", "/dev/null", GOOD], repo.path)
    )
    assert [f["rule"] for f in document["findings"] if f["file"] == "/dev/null"] == ["CTL001"]
    assert_good_file_checked(document)


def test_directory_named_on_the_command_line_is_searched(
    repo: Repo, run_cli: Callable[..., Any]
) -> None:
    """A folder (even one named like a manifest) is searched, not read as a file (cli.md)."""
    good_manifest(repo)
    (repo.path / "vendors" / "folder.yaml").mkdir()
    repo.write("vendors/folder.yaml/inner.yaml", (HOSTILE / "merge-key.yaml").read_bytes())
    (repo.path / "vendors" / "empty.yaml").mkdir()
    code, out, err = run_cli(
        "check",
        "--format",
        "json",
        "vendors/folder.yaml",
        "vendors/empty.yaml",
        GOOD,
        cwd=repo.path,
    )
    assert_no_crash(code, err)
    document = json.loads(out)
    assert [
        f["rule"] for f in document["findings"] if f["file"] == "vendors/folder.yaml/inner.yaml"
    ] == ["CTL004"]
    assert_good_file_checked(document)


def test_linked_folder_outside_the_root_is_not_read(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside-folder"
    outside.mkdir()
    (outside / "secret.yaml").write_bytes((MANIFESTS / "zendesk.yaml").read_bytes())
    (repo.path / "vendors" / "linked").symlink_to(outside, target_is_directory=True)
    good_manifest(repo)
    document = process_json(
        run_process(["check", "--format", "json", "vendors/linked/secret.yaml", GOOD], repo.path)
    )
    assert [
        f["rule"] for f in document["findings"] if f["file"] == "vendors/linked/secret.yaml"
    ] == ["CTL001"]
    # the configured globs do not follow the link either
    document = process_json(run_process(["check", "--format", "json"], repo.path))
    assert not any("secret" in (f["file"] or "") for f in document["findings"])


# --------------------------------------------------------------------------- leaving the root

_SEEN: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _SEEN is not None and event in ("open", "os.scandir", "os.listdir") and args:
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)):
            _SEEN.append(os.path.abspath(os.fsdecode(target)))


_HOOKED = False


@contextlib.contextmanager
def record_access() -> Iterator[list[str]]:
    """Every file opened and folder listed in this process meanwhile (PEP 578 audit events)."""
    global _SEEN, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED = True
    _SEEN = []
    try:
        yield _SEEN
    finally:
        _SEEN = None


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository with a file that must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    return folder


def _touches(seen: list[str], folder: Path) -> list[str]:
    real = os.path.realpath(folder)
    return [p for p in seen if os.path.realpath(p).startswith(real)]


@pytest.mark.parametrize(
    "value",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "../outside/secret.pdf",
        "contracts/../../outside/secret.pdf",
        "~/secret.pdf",
        "contracts/link-out.pdf",  # a link inside the repository that leads out of it
        "..\\outside\\secret.pdf",
    ],
)
@pytest.mark.parametrize("field", [("agreement", "document"), ("breach", "plan")])
def test_repository_paths_never_leave_the_root(
    value: str,
    field: tuple[str, str],
    repo: Repo,
    outside: Path,
    run_cli: Callable[..., Any],
) -> None:
    (repo.path / "contracts" / "link-out.pdf").symlink_to(outside / "secret.pdf")
    section, key = field
    repo.manifest(patch={section: {key: value}})
    with record_access() as seen:
        code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1, err
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["pointer"]) for f in findings] == [("CTL203", f"/{section}/{key}")]
    assert _touches(seen, outside) == []
    assert "/etc/passwd" not in seen


def test_symlinked_manifest_outside_the_root_is_ctl001_and_not_read(
    repo: Repo, outside: Path, run_cli: Callable[..., Any]
) -> None:
    (outside / "vendor.yaml").write_bytes((MANIFESTS / "zendesk.yaml").read_bytes())
    (repo.path / "vendors" / "vendor.yaml").symlink_to(outside / "vendor.yaml")
    good_manifest(repo)
    with record_access() as seen:
        code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1, err
    document = json.loads(out)
    assert [f["rule"] for f in document["findings"] if f["file"] == "vendors/vendor.yaml"] == [
        "CTL001"
    ]
    assert_good_file_checked(document)
    assert _touches(seen, outside) == []


# --------------------------------------------------------------------------- output safety

HOSTILE_TEXT = "\x1b]0;owned\x07\x1b[31mred\x1b[0m\u202eevil\u200f\x00\x9b2J"


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text (JSON escapes are valid YAML escapes)."""
    return json.dumps(text)


def hostile_output_repo(repo: Repo, *, odd_name: bool = True) -> None:
    """A manifest whose findings echo terminal controls, bidi overrides and NUL: in an enum
    value (CTL103), an unknown key (CTL104) and a waiver reason; under a file name with an
    escape sequence and an undecodable byte (a lone surrogate once decoded)."""
    text = (MANIFESTS / "zendesk.yaml").read_text("utf-8")
    text = text.replace("category: help_desk", f"category: {_yaml_quoted(HOSTILE_TEXT)}")
    text = text.replace(
        "status: active\n", f"status: active\n{_yaml_quoted('k' + HOSTILE_TEXT)}: 1\n"
    )
    text = text.replace("      retention_days: 730\n", "", 1)  # a CTDPA-011 finding to waive
    text += (
        f"waivers:\n  - {{rule: CTDPA-011, reason: {_yaml_quoted('accepted ' + HOSTILE_TEXT)}}}\n"
    )
    repo.write("vendors/zendesk.yaml", text)
    if odd_name:
        name = os.fsencode(str(repo.path / "vendors")) + b"/bad-\xff-\x1b[31m.yaml"
        with open(name, "wb") as handle:
            handle.write((MANIFESTS / "minimal.yaml").read_bytes())


CONTROL_BYTES = [b"\x1b", b"\x07", b"\x00", "\u202e".encode(), "\u200f".encode(), "\x9b".encode()]


def _assert_no_raw_controls(out: bytes) -> None:
    for raw in CONTROL_BYTES:
        assert raw not in out, (raw, out[:2000])


@pytest.mark.parametrize(
    "env", [{}, {"LC_ALL": "C", "LANG": "C"}], ids=["default-locale", "C-locale"]
)
def test_text_output_makes_controls_visible(repo: Repo, env: dict[str, str]) -> None:
    hostile_output_repo(repo)
    result = run_process(["check", "--no-color"], repo.path, env=env)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    out = result.stdout
    _assert_no_raw_controls(out)
    text = out.decode("utf-8")  # valid UTF-8, whatever the file names were
    assert re.search(r"\\(x1b|u001b|e|033)", text), "the escape is shown, not dropped"
    assert {"CTL103", "CTL104"} <= set(re.findall(r" (CTL\d{3}) ", text))
    assert "(waived: " in text
    for line in text.splitlines()[:-1]:  # one finding, one line
        assert re.match(r"^(-|.+:\d+:\d+): \S+ (error|warning|info): ", line), line


def test_colored_text_output_has_only_its_own_escapes(repo: Repo) -> None:
    hostile_output_repo(repo)
    result = run_process(["check", "--color"], repo.path)
    assert result.returncode == 1, result.stderr
    own = re.sub(rb"\x1b\[[0-9;]*m", b"", result.stdout)
    _assert_no_raw_controls(own)


def _parse(fmt: str, data: bytes) -> Any:
    text = data.decode("utf-8")  # strict: lone surrogates or bad bytes fail here
    if fmt == "junit":
        return ET.fromstring(text)  # expat rejects NUL and other characters XML forbids
    return json.loads(text)


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "gitlab"])
@pytest.mark.parametrize("to", ["stdout", "file"])
def test_machine_output_stays_valid_with_any_unicode(fmt: str, to: str, repo: Repo) -> None:
    hostile_output_repo(repo)
    target = repo.path.parent / f"out.{fmt}"
    args = ["check", "--format", fmt if to == "stdout" else f"{fmt}:{target}"]
    result = run_process(args, repo.path)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    data = result.stdout if to == "stdout" else target.read_bytes()
    parsed = _parse(fmt, data)
    blob = data.decode("utf-8")
    if fmt in ("json", "sarif", "gitlab"):
        assert "\x00" not in blob
        assert "\x1b" not in blob
        assert parsed


def test_github_output_cannot_inject_workflow_commands(repo: Repo) -> None:
    text = (MANIFESTS / "zendesk.yaml").read_text("utf-8")
    evil = "x\n::error file=README.md,line=1::injected\r\n::add-mask::secret%0A"
    text = text.replace("status: active\n", f"status: active\n{_yaml_quoted(evil)}: 1\n")
    repo.write("vendors/zendesk.yaml", text)
    result = run_process(["check", "--format", "github"], repo.path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1, lines
    assert errors[0].startswith("::error file=vendors/zendesk.yaml,"), errors
    assert "injected" in errors[0]
    assert "\r" not in errors[0]


def test_lone_surrogates_in_json_output(repo: Repo) -> None:
    """An undecodable file name becomes a lone surrogate in Python; JSON output stays UTF-8."""
    hostile_output_repo(repo)
    document = process_json(run_process(["check", "--format", "json"], repo.path))
    odd = [f for f in document["findings"] if f["file"] and f["file"].startswith("vendors/bad-")]
    assert odd, "the oddly named manifest was checked"
    assert all(f["line"] >= 1 for f in odd)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_html_report_escapes_manifest_text(repo: Repo, run_cli: Callable[..., Any]) -> None:
    """Markup in a manifest (name, description, legal name, an unknown key, a waiver reason)
    is shown as text in the HTML register, never as elements or attributes."""
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    text = (MANIFESTS / "zendesk.yaml").read_text("utf-8")
    for old, new in (
        ("name: Zendesk Suite", f"name: {_yaml_quoted(evil)}"),
        ("legal_name: Zendesk, Inc.", f"legal_name: {_yaml_quoted('L' + evil)}"),
        ("status: active\n", f"status: active\n{_yaml_quoted('k' + evil)}: 1\n"),
        ("      retention_days: 730\n", ""),
    ):
        text = text.replace(old, new, 1)
    text += (
        f"waivers:\n  - {{rule: CTDPA-011, reason: {_yaml_quoted('R' + evil + HOSTILE_TEXT)}}}\n"
    )
    repo.write("vendors/zendesk.yaml", text)
    code, out, err = run_cli("report", "--format", "html", cwd=repo.path)
    assert code in (0, 1), err
    assert "&lt;script&gt;alert(1)" in out, "the text is shown, escaped"
    parser = _Tags()
    parser.feed(out)
    assert not any(tag == "img" for tag, _attrs in parser.tags)
    assert not any(name.startswith("on") for _tag, attrs in parser.tags for name, _v in attrs)
    assert not any("alert(" in script for script in parser.scripts)
    for raw in ("\x1b", "\x07", "\x00", "\u202e"):
        assert raw not in out, repr(raw)


# --------------------------------------------------------------------------- no network


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to reach the network is recorded and refused."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


REMOTE = "https://schemas.example.com/evil.json"

POLICY_RULE = """\
id: ACME-001
pack: acme-internal
name: remote-schema
title: A rule that refers to a remote schema
severity: error
effective_from: 1970-01-01
citations:
  - {law: Acme policy, section: "1", title: Names, url: "https://example.com/policy", status: verified}
rationale: Every tool needs a name.
remediation: Write the name.
%(when)s
assert:
  - pointer: /name
%(assert_extra)s
    message: the name is missing
examples:
  pass:
    - name: named
      manifest: {}
  fail:
    - name: unnamed
      manifest: {name: null}
      expect:
        - {pointer: /name}
"""


@pytest.mark.parametrize(
    ("when", "assert_extra"),
    [
        pytest.param(f'when: {{$ref: "{REMOTE}"}}', "", id="when-ref"),
        pytest.param(f'when: {{properties: {{name: {{$ref: "{REMOTE}"}}}}}}', "", id="nested-ref"),
        pytest.param("", f'    schema: {{$ref: "{REMOTE}"}}', id="assert-schema-ref"),
        pytest.param(f'when: {{$schema: "{REMOTE}"}}', "", id="when-schema"),
        pytest.param(f'when: {{$id: "{REMOTE}"}}', "", id="when-id"),
    ],
)
@pytest.mark.parametrize("command", ["check", "policy-test"])
def test_policy_with_a_remote_ref_is_refused_without_network(
    when: str,
    assert_extra: str,
    command: str,
    repo: Repo,
    run_cli: Callable[..., Any],
    no_network: list[Any],
) -> None:
    repo.config(policy_paths=["acme-internal"])
    repo.write(
        "acme-internal/pack.yaml",
        "name: acme-internal\ntitle: Acme rules\ndescription: Our own rules.\n",
    )
    repo.write(
        "acme-internal/ACME-001.yaml", POLICY_RULE % {"when": when, "assert_extra": assert_extra}
    )
    repo.manifest()
    args = ["check"] if command == "check" else ["policy", "test", "acme-internal"]
    code, out, err = run_cli(*args, cwd=repo.path)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "ACME-001.yaml" in lines[0], lines[0]
    assert "$" in lines[0], lines[0]
    assert no_network == []


def test_manifest_with_remote_schema_keys_is_not_fetched(
    repo: Repo, run_cli: Callable[..., Any], no_network: list[Any]
) -> None:
    text = (MANIFESTS / "zendesk.yaml").read_text("utf-8")
    text = f"# yaml-language-server: $schema={REMOTE}\n$schema: {REMOTE}\n" + text
    text = text.replace("vendor:\n", f"vendor:\n  $ref: {REMOTE}\n", 1)
    repo.write("vendors/zendesk.yaml", text)
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1, err
    findings = json.loads(out)["findings"]
    # a top-level `$schema` is an editor's hint (accepted, never fetched); `$ref` is unknown
    assert sorted((f["rule"], f["pointer"]) for f in findings) == [("CTL104", "/vendor/$ref")]
    assert no_network == []


def test_editor_schema_comment_is_fine(
    repo: Repo, run_cli: Callable[..., Any], no_network: list[Any]
) -> None:
    text = f"# yaml-language-server: $schema={REMOTE}\n" + (MANIFESTS / "zendesk.yaml").read_text()
    repo.write("vendors/zendesk.yaml", text)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 0, err
    assert no_network == []


# --------------------------------------------------------------------------- Ctrl-C, pipes


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with enough manifests that a check runs for several seconds."""
    return many_manifests(tmp_path_factory.mktemp("big") / "repo", 12_000)


def _start(repo: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.Popen(
        [sys.executable, "-m", "ctlint", "check", *args],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so killpg reaches no test runner
        env=env,
    )


def _finish(process: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, str]:
    """Wait for the process; (None, stderr so far) when it hangs (then it is killed)."""
    try:
        _out, err = process.communicate(timeout=timeout)
        return process.returncode, err.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
        return None, err.decode("utf-8", "replace")


def _assert_interrupted(code: int | None, err: str) -> None:
    assert code is not None, f"still running after Ctrl-C (killed); stderr: {err}"
    assert code == 130, err
    assert "Traceback" not in err, err
    assert "KeyboardInterrupt" not in err, err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_traceback(big_repo: Path, jobs: str) -> None:
    """SIGINT to ctlint during the run: exit 130, one line, no traceback."""
    process = _start(big_repo, "--jobs", jobs)
    time.sleep(1.5)  # past start-up: interrupt the work itself
    if process.poll() is not None:
        pytest.skip("the run finished before the signal; make big_repo bigger")
    process.send_signal(signal.SIGINT)
    _assert_interrupted(*_finish(process, 15))


@pytest.mark.parametrize("delay", [1.0, 1.3, 1.6, 1.9, 2.2, 2.5])
def test_ctrl_c_with_jobs_never_waits_for_the_pool(big_repo: Path, delay: float) -> None:
    """Own attack (issue 12): Ctrl-C while a --jobs 2 worker is sending a chunk's results.
    The pool's thread was left reading half a message, and the exit handler joined it: one
    run in five hung until killed. Now every run ends within seconds of the signal."""
    process = _start(big_repo, "--jobs", "2")
    time.sleep(delay)
    if process.poll() is not None:
        pytest.skip("the run finished before the signal; make big_repo bigger")
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    code, err = _finish(process, 15)
    _assert_interrupted(code, err)
    assert time.monotonic() - sent < 5, "the run took more than 5 s to stop after Ctrl-C"


def _children(pid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            count += fields[1] == str(pid).encode()
    return count


def _ignores_sigint(pid: int) -> bool:
    """Whether the process has SIGINT set to 'ignore' right now (/proc/PID/status SigIgn)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except OSError:
        pass
    return False


needs_proc = pytest.mark.skipif(
    not os.path.isdir("/proc"), reason="needs /proc to watch the worker processes"
)


@needs_proc
@pytest.mark.parametrize("offset", [0.05, 0.1, 0.3])
def test_terminal_ctrl_c_after_the_workers_started(big_repo: Path, offset: float) -> None:
    """A terminal's Ctrl-C signals the whole process group, workers included: exit 130, no
    worker tracebacks, no hang (the parent must not wait for dead workers)."""
    process = _start(big_repo, "--jobs", "2")
    deadline = time.monotonic() + 30
    while _children(process.pid) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(offset)
    os.killpg(process.pid, signal.SIGINT)
    _assert_interrupted(*_finish(process, 15))


@needs_proc
def test_terminal_ctrl_c_while_the_workers_start(big_repo: Path) -> None:
    """The Ctrl-C is sent at the first moment the parent ignores SIGINT, if it ever does
    (else as soon as the workers exist); it must still end the run with 130."""
    process = _start(big_repo, "--jobs", "2")
    deadline = time.monotonic() + 30
    polls = 0
    while time.monotonic() < deadline and process.poll() is None:
        if _ignores_sigint(process.pid):
            break
        polls += 1
        if polls % 200 == 0 and _children(process.pid) >= 2:
            break
    os.killpg(process.pid, signal.SIGINT)
    _assert_interrupted(*_finish(process, 60))


@pytest.fixture(scope="module")
def noisy_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough findings for several pipe buffers of output."""
    root = tmp_path_factory.mktemp("noisy") / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "vendors").mkdir()
    (root / ".ctlint.yaml").write_text(
        "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-11-28\n"
    )
    text = (MANIFESTS / "minimal.yaml").read_text("utf-8")
    for i in range(80):
        (root / "vendors" / f"v{i:03d}.yaml").write_text(
            text.replace("id: minimal", f"id: v{i:03d}")
        )
    return root


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "--format", "json"], ["check", "--jobs", "2", "--statistics"]],
    ids=["text", "json", "two-jobs"],
)
def test_broken_pipe_exits_quietly(noisy_repo: Path, args: list[str]) -> None:
    """``ctlint check | head -1``: the reader goes away early; no traceback, no noise."""
    with subprocess.Popen(
        [sys.executable, "-m", "ctlint", *args],
        cwd=noisy_repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        process.wait(timeout=120)
    assert first, "there was output"
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
    assert "BrokenPipeError" not in text, text
    assert process.returncode not in (3, 120), (process.returncode, text)


def test_shell_pipeline_into_head(noisy_repo: Path) -> None:
    result = subprocess.run(
        ["bash", "-c", f"'{sys.executable}' -m ctlint check | head -1"],
        cwd=noisy_repo,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.count(b"\n") == 1
    # nothing but the tip of a failing run (the findings fit in the pipe before head left)
    tip = rb"(ctlint: run `ctlint explain [A-Z0-9-]+` for what a rule asks and why\n)?"
    assert re.fullmatch(tip, result.stderr), result.stderr
