"""Bounded time and memory for every file and setting a repository can carry (issue 12, item 4;
the attack review's findings M1, M2 b/c, M6, L1 (configuration cases), L3, L5, L6 and L11).

Everything runs the way a user would: the real command line through ``run_cli``, or
``python -m ctlint`` in a child process when the old behaviour was a hang or a memory blow-up.
Child processes get a short timeout (a hang becomes a failure, never a stuck test run) and an
address-space limit (a memory blow-up becomes a failure, never a stuck machine). FIFOs and
links to devices are made only in the test's own temporary folder.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import deadline

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "bounds"
ZENDESK = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests" / "zendesk.yaml"
CONFIG = "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-11-28\n"
GiB = 1 << 30
MiB = 1 << 20
CRASH = ("Traceback", "internal error", "RecursionError", "MemoryError", "Warning")

Repo = Any  # tests/conftest.py's throw-away repository (the `repo` fixture)
RunCli = Callable[..., tuple[int, str, str]]

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")


# --------------------------------------------------------------------------- helpers


@dataclasses.dataclass(frozen=True)
class Run:
    """One ``python -m ctlint`` in a child process."""

    code: int | None  # None: killed by the timeout
    out: str
    err: str
    seconds: float
    rss_mb: float  # the child's peak resident memory

    @property
    def lines(self) -> list[str]:
        return self.err.strip().splitlines()


#: Runs ctlint's entry point, then writes the process's peak RSS (KiB) where CTLINT_TEST_RSS says.
_LAUNCHER = """
import os, resource, sys
try:
    from ctlint.__main__ import main
    main()
finally:
    with open(os.environ["CTLINT_TEST_RSS"], "w") as handle:
        handle.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child process that imports the ctlint this test process imported
    (a worktree on PYTHONPATH, or the installed one)."""
    import ctlint

    here = str(Path(ctlint.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    environment = {**os.environ, **(extra or {})}
    environment["PYTHONPATH"] = here + (os.pathsep + path if path else "")
    environment.pop("NO_COLOR", None)
    return environment


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * GiB, 4 * GiB))


def ctlint(*args: str, cwd: Path, timeout: float = 30, env: dict[str, str] | None = None) -> Run:
    """``python -m ctlint ARGS`` with a timeout and a 4 GiB address-space limit."""
    rss_file = cwd.parent / f".rss-{os.getpid()}-{time.monotonic_ns()}"
    environment = child_env({**(env or {}), "CTLINT_TEST_RSS": str(rss_file)})
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *args],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            env=environment,
            preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode("utf-8", "replace")
        err = (exc.stderr or b"").decode("utf-8", "replace")
        return Run(None, out, err, time.perf_counter() - started, 0.0)
    seconds = time.perf_counter() - started
    try:
        rss_mb = int(rss_file.read_text()) / 1024
        rss_file.unlink()
    except (OSError, ValueError):
        rss_mb = 0.0
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        seconds,
        rss_mb,
    )


def assert_one_line_error(code: int | None, err: str, *words: str) -> str:
    """Exit 2 and exactly one line on stderr that names every one of ``words``."""
    assert code == 2, f"exit {code}: {err[-2000:]}"
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[-2000:]
    for word in words:
        assert word in lines[0], (word, lines[0])
    for crash in CRASH:
        assert crash not in err, err[-2000:]
    return lines[0]


def assert_no_crash(code: int | None, err: str) -> None:
    assert code in (0, 1), f"exit {code}: {err[-2000:]}"
    for crash in CRASH:
        assert crash not in err, err[-2000:]


def manifest_text(ident: str = "zendesk") -> str:
    text = ZENDESK.read_text("utf-8")
    return re.sub(r"^id: .*$", f"id: {ident}", text, count=1, flags=re.M)


def write_config(repo: Repo, extra: str = "") -> None:
    repo.config(CONFIG + extra)


def fresh(repo: Repo, extra: str = "") -> None:
    """The repository with zendesk's manifest and the configuration plus ``extra`` lines."""
    write_config(repo, extra)
    repo.write("vendors/zendesk.yaml", manifest_text())


# --------------------------------------------------------------------------- M1: many findings


def many_keys(count: int) -> str:
    lines = ["manifest: ctlint/v1", "id: many"] + [f"k{i}: 1" for i in range(count)]
    return "\n".join(lines) + "\n"


def test_m1_99000_unknown_keys_finish_in_seconds(repo: Repo) -> None:
    """The review's repro: a 978 KB manifest (inside max_file_bytes) with 99,000 unknown keys
    ran for more than 590 s, because every finding's location scanned the mapping."""
    write_config(repo)
    text = many_keys(99_000)
    assert 900_000 < len(text) < 1_048_576
    repo.write("vendors/many.yaml", text)
    run = ctlint("check", "-q", "--format", "json", "vendors/many.yaml", cwd=repo.path, timeout=90)
    assert run.code == 1, run.err[-2000:]
    assert run.seconds < 60, run.seconds
    rules = [f["rule"] for f in json.loads(run.out)["findings"] if f["file"]]
    assert "CTL003" not in rules  # mapping keys do not count as nodes
    assert "CTL104" in rules


def test_m1_locate_indexes_a_big_mapping_once() -> None:
    """n findings in one mapping cost O(n): 20,000 lookups in a 20,000-key mapping."""
    from ctlint.document.parse import load_text
    from ctlint.document.positions import locate
    from ctlint.document.read import Limits

    doc = load_text(many_keys(20_000), is_json=False, limits=Limits())
    assert doc.node is not None
    with deadline(20):
        started = time.perf_counter()
        spans = [locate(doc.node, f"/k{i}", key=True) for i in range(20_000)]
        elapsed = time.perf_counter() - started
    assert elapsed < 2, elapsed
    assert [s.line for s in spans[:3]] == [3, 4, 5]
    assert spans[-1].line == 20_002
    # the last occurrence of a duplicated key wins, as in the data
    doc = load_text(
        "a: 1\n" + "".join(f"k{i}: 1\n" for i in range(40)) + "a: 2\n",
        is_json=False,
        limits=Limits(),
    )
    assert locate(doc.node, "/a").line == 42
    assert locate(doc.node, "/missing").line == 1


CAP = 100  # findings of one rule per file before the summary finding


def test_m1_findings_of_one_rule_are_capped_and_summarized(repo: Repo, run_cli: RunCli) -> None:
    write_config(repo)
    repo.write("vendors/many.yaml", many_keys(99_000))
    started = time.perf_counter()
    with deadline(60):
        code, out, err = run_cli("check", "--format", "json", "vendors/many.yaml", cwd=repo.path)
    elapsed = time.perf_counter() - started
    assert code == 1, err
    findings = [f for f in json.loads(out)["findings"] if f["rule"] == "CTL104"]
    assert len(findings) == CAP + 1
    assert "98,900 more" in findings[-1]["message"]
    assert elapsed < 15, elapsed


# --------------------------------------------------------------------------- M2(b), L1, L11: globs


def deep_repo(repo: Repo, depth: int = 40) -> None:
    folder = "vendors/" + "/".join(f"d{i}" for i in range(depth))
    repo.write(f"{folder}/zendesk.yaml", manifest_text())


def test_m2b_glob_with_25_doublestars_is_bounded(repo: Repo) -> None:
    """`**/` x25 + `x.yaml` against a file 40 folders deep backtracked for more than 30 s."""
    glob = "vendors/" + "**/" * 25 + "x.yaml"
    write_config(repo, f"manifests: ['{glob}', 'vendors/**/*.yaml']\n")
    deep_repo(repo)
    run = ctlint("check", "-q", "--no-color", cwd=repo.path, timeout=30)
    assert_no_crash(run.code, run.err)
    assert run.seconds < 15, run.seconds


@pytest.mark.parametrize(
    "glob",
    [
        pytest.param("vendors/" + "**/d0/" * 30 + "x.yaml", id="doublestar-and-name-x30"),
        pytest.param("vendors/**/" + "*d*/" * 15 + "x.yaml", id="stars-in-15-segments"),
        pytest.param("vendors/**/" + "*0" * 31 + "x.yaml", id="31-stars-in-one-name"),
        pytest.param("**/" * 31 + "*", id="only-doublestars"),
    ],
)
def test_own_attack_other_backtracking_globs_are_bounded(repo: Repo, glob: str) -> None:
    """Own attacks: polynomial backtracking needs only several wildcards, not just `**/**/`."""
    write_config(repo, f"exclude: ['{glob}']\n")
    repo.write("vendors/" + "d0/" * 200 + "zendesk.yaml", manifest_text())
    repo.write("vendors/" + "0" * 200 + ".yaml", manifest_text("0" * 200))
    run = ctlint("check", "-q", "--no-color", cwd=repo.path, timeout=30)
    assert_no_crash(run.code, run.err)
    assert run.seconds < 15, run.seconds


@pytest.mark.parametrize(
    ("key", "glob", "words"),
    [
        pytest.param("manifests", "vendors/[z-a].yaml", ["manifests.0", "z-a"], id="reversed"),
        pytest.param("exclude", "[[:nope:]]*.yaml", ["exclude.0", "[:nope:]"], id="posix-name"),
        pytest.param("manifests", "./", ["manifests.0", "names no file"], id="empty"),
        pytest.param("exclude", "x" * 1025, ["exclude.0"], id="too-long"),
        pytest.param("exclude", "a*" * 33, ["exclude.0", "wildcards"], id="33-wildcards"),
    ],
)
def test_l1_bad_glob_is_exit_2_with_one_line(
    repo: Repo, run_cli: RunCli, key: str, glob: str, words: list[str]
) -> None:
    fresh(repo, f"{key}: ['{glob}']\n")
    code, _out, err = run_cli("check", cwd=repo.path)
    assert_one_line_error(code, err, ".ctlint.yaml", *words)


def test_own_attack_too_many_globs_is_a_configuration_error(repo: Repo, run_cli: RunCli) -> None:
    globs = ", ".join(f"'vendors/x{i}/*.yaml'" for i in range(101))
    fresh(repo, f"exclude: [{globs}]\n")
    code, _out, err = run_cli("check", cwd=repo.path)
    assert_one_line_error(code, err, ".ctlint.yaml", "exclude")


def test_l11_posix_class_glob_prints_no_warning(repo: Repo) -> None:
    """`exclude: ['[[:alpha:]]']` printed Python's FutureWarning on stderr."""
    fresh(repo, "exclude: ['[[:alpha:]]', 'vendors/[[:digit:]]*.yaml']\n")
    repo.write("vendors/1password.yaml", manifest_text("1password"))
    run = ctlint(
        "check", "-q", "--format", "json", cwd=repo.path, env={"PYTHONWARNINGS": "default"}
    )
    assert_no_crash(run.code, run.err)
    assert json.loads(run.out)["summary"]["files"] == 1  # [[:digit:]]* excluded 1password.yaml


def test_own_attack_bracket_with_leading_close_bracket(repo: Repo, run_cli: RunCli) -> None:
    """`[]x]` (a `]` first in a bracket is a member, as in gitignore) was a re.error, exit 3."""
    fresh(repo, "exclude: ['vendors/[]x]*.yaml']\n")
    repo.write("vendors/]left.yaml", manifest_text("]left"))
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code in (0, 1), err
    assert json.loads(out)["summary"]["files"] == 1  # ]left.yaml excluded, zendesk.yaml kept


def test_own_attack_negated_bracket_never_matches_a_slash(repo: Repo, run_cli: RunCli) -> None:
    """`a[!x]b.yaml` matched `a/b.yaml`: a negated bracket crossed a folder boundary, so an
    exclude could drop files it does not name."""
    fresh(repo, "exclude: ['a[!x]b.yaml']\n")
    repo.write("vendors/a/b.yaml", manifest_text("b"))
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code in (0, 1), err
    assert json.loads(out)["summary"]["files"] == 2  # a/b.yaml is not excluded


# ---- the glob language, checked against a plain reference matcher (hypothesis)

_POSIX = {
    "alnum": str.isalnum,
    "alpha": str.isalpha,
    "blank": lambda c: c in " \t",
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127,
    "digit": str.isdigit,
    "graph": lambda c: 33 <= ord(c) <= 126,
    "lower": str.islower,
    "print": lambda c: 32 <= ord(c) <= 126,
    "punct": lambda c: 33 <= ord(c) <= 126 and not c.isalnum(),
    "space": lambda c: c in " \t\n\r\x0b\x0c",
    "upper": str.isupper,
    "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


class RefError(Exception):
    pass


def _ref_class(seg: str, start: int) -> tuple[Callable[[str], bool], int] | None:
    i = start + 1
    negate = i < len(seg) and seg[i] in "!^"
    i += negate
    tests: list[Callable[[str], bool]] = []
    first = True
    while i < len(seg):
        c = seg[i]
        if c == "]" and not first:

            def member(ch: str, tests: list[Callable[[str], bool]] = tests) -> bool:
                return any(t(ch) for t in tests)

            return ((lambda ch: ch != "/" and not member(ch)) if negate else member), i + 1
        first = False
        if seg.startswith("[:", i) and seg.find(":]", i + 2) != -1:
            close = seg.find(":]", i + 2)
            name = seg[i + 2 : close]
            if name not in _POSIX:
                raise RefError(name)
            test = _POSIX[name]
            tests.append(lambda ch, test=test: ch.isascii() and test(ch))
            i = close + 2
        elif i + 2 < len(seg) and seg[i + 1] == "-" and seg[i + 2] != "]":
            low, high = c, seg[i + 2]
            if low > high:
                raise RefError(f"{low}-{high}")
            tests.append(lambda ch, low=low, high=high: low <= ch <= high)
            i += 3
        else:
            tests.append(lambda ch, c=c: ch == c)
            i += 1
    return None


def _ref_segment(seg: str, name: str) -> bool:
    tokens: list[Any] = []
    i = 0
    while i < len(seg):
        c = seg[i]
        if c == "*":
            tokens.append("*")
            i += 1
        elif c == "?":
            tokens.append(lambda ch: ch != "/")
            i += 1
        elif c == "[" and (found := _ref_class(seg, i)) is not None:
            tokens.append(found[0])
            i = found[1]
        else:
            tokens.append(lambda ch, c=c: ch == c)
            i += 1

    @functools.cache
    def match(t: int, n: int) -> bool:
        if t == len(tokens):
            return n == len(name)
        if tokens[t] == "*":
            return any(match(t + 1, k) for k in range(n, len(name) + 1))
        return n < len(name) and bool(tokens[t](name[n])) and match(t + 1, n + 1)

    return match(0, 0)


def ref_glob(pattern: str, path: str) -> bool:
    """gitignore-style matching, written as plainly as possible (exponential, for tests)."""
    if len(pattern) > 1024 or len(re.findall(r"\*+", pattern)) > 32:
        raise RefError("long")
    p = pattern[2:] if pattern.startswith("./") else pattern
    anchored = "/" in p.rstrip("/")
    folder = p.endswith("/")
    p = p.strip("/")
    if not p:
        raise RefError("empty")
    parts: list[str | None] = [None] if not anchored else []
    for seg in p.split("/"):
        star = len(seg) >= 2 and set(seg) == {"*"}
        if not (star and parts and parts[-1] is None):
            parts.append(None if star else seg)
    if folder and parts[-1] is not None:
        parts.append(None)
    for seg in parts:  # every bracket is read (and may be refused) even when not reached
        if seg is not None:
            _ref_segment(seg, "")
    names = path.split("/")

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(parts):
            return j == len(names) or (not anchored and j < len(names))
        if parts[i] is None:
            if i == len(parts) - 1:
                return j < len(names) or (i == 0 and j == 0)
            return any(match(i + 1, k) for k in range(j, len(names) + 1))
        return j < len(names) and _ref_segment(parts[i], names[j]) and match(i + 1, j + 1)

    return match(0, 0)


GLOB_TEXT = st.text(alphabet="ab*?[]!^-:/.x", max_size=14) | st.sampled_from(
    ["[[:alpha:]]*", "**/a*/**", "[]a]*", "[!a]", "a[!/]b", "[a-]", "./a/", "a/**", "**"]
)
PATH_TEXT = st.text(alphabet="ab/.-x]:!*", min_size=1, max_size=12)


@given(pattern=GLOB_TEXT, paths=st.lists(PATH_TEXT, min_size=1, max_size=8))
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_glob_matches_like_the_reference(pattern: str, paths: list[str]) -> None:
    from ctlint.util.globs import GlobError, any_of, compile_glob, glob_error

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no FutureWarning, ever
        try:
            expected = [ref_glob(pattern, p) for p in paths]
        except RefError:
            with pytest.raises(GlobError):
                compile_glob(pattern)
            assert glob_error(pattern)
            return
        regex = compile_glob(pattern)
        assert glob_error(pattern) is None
        assert [bool(regex.match(p)) for p in paths] == expected, regex.pattern
        combined = any_of([pattern, "zz/*.never"])
        assert [combined(p) for p in paths] == expected


GLOB_PIECES = st.lists(
    st.sampled_from(["**/", "*", "a", "*a*", "/", "a*/", "?", "[a-b]", "**"]), max_size=60
)

#: Matches globs in a child process: a regex that backtracks for minutes cannot be interrupted
#: inside the regex engine, but a child that does not answer in time can be killed.
_MATCHER = """
import json, sys, time
from ctlint.util.globs import GlobError, compile_glob
for line in sys.stdin:
    pattern, paths = json.loads(line)
    try:
        regex = compile_glob(pattern)
    except GlobError:
        print("refused", flush=True)
        continue
    slowest = 0.0
    for path in paths:
        started = time.perf_counter()
        regex.match(path)
        slowest = max(slowest, time.perf_counter() - started)
    print(slowest, flush=True)
"""


class Matcher:
    """A child process that times glob matches; killed (and restarted) when one takes too long."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def slowest(self, pattern: str, paths: list[str], timeout: float) -> float | None:
        """The slowest match in seconds (None: refused by compile_glob); fails on a timeout."""
        import selectors

        if self.process is not None and self.process.poll() is not None:
            self.close()  # it died: no pipes left open
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _MATCHER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=child_env(),
            )
        process = self.process
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(json.dumps([pattern, paths]) + "\n")
        process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout + 10)  # + start-up of a fresh child
        if not ready:
            self.close()
            pytest.fail(f"matching {pattern!r} did not finish in {timeout + 10} s")
        answer = process.stdout.readline().strip()
        if not answer:
            self.close()
            pytest.fail(f"the matcher died on {pattern!r}")
        return None if answer == "refused" else float(answer)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
            self.process = None


@pytest.fixture(scope="module")
def matcher() -> Iterator[Matcher]:
    made = Matcher()
    yield made
    made.close()


@given(pieces=GLOB_PIECES, depth=st.integers(1, 400), tail=st.sampled_from(["b", "a", "aab"]))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_glob_matching_time_is_bounded(
    matcher: Matcher, pieces: list[str], depth: int, tail: str
) -> None:
    """Many `**` and `*` against deep paths of the same letters: every match is fast."""
    pattern = "".join(pieces) or "a"
    paths = ["a/" * depth + tail, "a" * depth + tail, ("aa/" * depth) + "a" * 200]
    slowest = matcher.slowest(pattern, paths, timeout=2)
    assert slowest is None or slowest < 0.5, (pattern, slowest)


def test_globs_keep_their_documented_meaning() -> None:
    from ctlint.util.globs import compile_glob

    cases = {
        ("vendors/**/*.yaml", "vendors/a.yaml"): True,
        ("vendors/**/*.yaml", "vendors/x/y/a.yaml"): True,
        ("vendors/**", "vendors/x/y.json"): True,
        ("**/draft-*", "draft-b.yaml"): True,
        ("draft-*.yaml", "vendors/x/draft-a.yaml"): True,
        ("old/", "vendors/old/a.yaml"): True,
        ("old", "vendors/old/a.yaml"): True,
        ("vendors/[[:digit:]]*.yaml", "vendors/1a.yaml"): True,
        ("vendors/[[:digit:]]*.yaml", "vendors/a1.yaml"): False,
        ("vendors/[!a]*.yaml", "vendors/b.yaml"): True,
        ("vendors/*.yaml", "vendors/x/a.yaml"): False,
        ("vendors/**.yaml", "vendors/x/a.yaml"): False,  # gitignore: `**` in a name is `*`
        ("a*b*c*d", "a/b/c/d"): False,
    }
    for (pattern, path), expected in cases.items():
        assert bool(compile_glob(pattern).match(path)) is expected, (pattern, path)


# --------------------------------------------------------------------------- M2(c): ceilings


@pytest.mark.parametrize(
    ("limits", "key"),
    [
        pytest.param("{max_nodes: 1000000000000}", "limits.max_nodes", id="nodes"),
        pytest.param("{max_file_bytes: 100000000000}", "limits.max_file_bytes", id="bytes"),
        pytest.param("{max_depth: 100000000}", "limits.max_depth", id="depth"),
        pytest.param("{max_nodes: 1000001}", "limits.max_nodes", id="nodes-just-over"),
    ],
)
def test_m2c_limits_over_the_ceiling_are_configuration_errors(
    repo: Repo, run_cli: RunCli, limits: str, key: str
) -> None:
    fresh(repo, f"limits: {limits}\n")
    code, _out, err = run_cli("check", cwd=repo.path)
    assert_one_line_error(code, err, ".ctlint.yaml", key)


def test_m2c_ceilings_are_what_the_schema_says() -> None:
    from ctlint.document.read import CEILINGS

    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text("utf-8"))
    limits = schema["properties"]["limits"]["properties"]
    assert {k: v["maximum"] for k, v in limits.items()} == dataclasses.asdict(CEILINGS)
    assert CEILINGS.max_file_bytes == 16 * MiB


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    lines = ["manifest: ctlint/v1", "id: bomb", "l0: &l0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


AT_CEILINGS = "limits: {max_nodes: 1000000, max_file_bytes: 16777216, max_depth: 256}\n"


def test_m2c_alias_bomb_and_big_files_at_the_ceilings_are_bounded(repo: Repo) -> None:
    """With every limit at its ceiling, the review's alias bomb (10^9 leaves), a 16 MiB file of
    8 million nodes and a 16 MiB JSON array each finish in seconds and a few hundred MB."""
    write_config(repo, AT_CEILINGS)
    repo.write("vendors/bomb.yaml", alias_bomb())
    body = ",".join(["1"] * (8 * MiB - 100))
    repo.write("vendors/flow.yaml", "manifest: ctlint/v1\nid: flow\nk: [" + body + "]\n")
    repo.write("vendors/flow.json", '{"manifest": "ctlint/v1", "id": "flow", "k": [' + body + "]}")
    run = ctlint("check", "-q", "--format", "json", cwd=repo.path, timeout=90)
    assert run.code == 1, run.err[-2000:]
    found = {(f["file"], f["rule"]) for f in json.loads(run.out)["findings"] if f["file"]}
    assert found == {
        (f"vendors/{name}", "CTL003") for name in ("bomb.yaml", "flow.yaml", "flow.json")
    }
    assert run.seconds < 45, run.seconds
    assert run.rss_mb < 1024, run.rss_mb


def test_own_attack_node_count_is_checked_before_the_tree_is_built(
    repo: Repo, run_cli: RunCli
) -> None:
    """Within the default limits: a 1 MB file of 500,000 values built a 160 MB node tree
    before the 100,000-node limit stopped it."""
    write_config(repo)
    repo.write(
        "vendors/flow.yaml",
        "manifest: ctlint/v1\nid: flow\nk: [" + ",".join(["1"] * 500_000) + "]\n",
    )
    run_cli("check", "--format", "json", "vendors/zendesk.yaml", cwd=repo.path)  # warm caches
    tracemalloc.start()
    try:
        code, out, err = run_cli("check", "--format", "json", "vendors/flow.yaml", cwd=repo.path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1, err
    assert [f["rule"] for f in json.loads(out)["findings"] if f["file"]] == ["CTL003"]
    assert peak < 64 * MiB, f"peak {peak / MiB:.0f} MiB"


@pytest.mark.parametrize("ext", ["yaml", "json"])
def test_own_attack_depth_at_the_ceiling_is_read_in_every_format(
    repo: Repo, run_cli: RunCli, ext: str
) -> None:
    """255 levels (inside the 256 ceiling) in a known field, an unknown one and an `x-` one:
    no RecursionError in the reader, the schema check, the rules or any output format."""
    write_config(repo, AT_CEILINGS)
    deep = "[" * 254 + "1" + "]" * 254
    data = json.loads(json.dumps({"manifest": "ctlint/v1", "id": f"deep-{ext}"}))
    text = json.dumps(data)[:-1] + f', "category": {deep}, "x-deep": {deep}, "odd": {deep}}}'
    repo.write(f"vendors/deep-{ext}.{ext}", text)
    for fmt in ("text", "json", "sarif", "junit", "gitlab", "github", "markdown"):
        code, _out, err = run_cli(
            "check", "--format", fmt, f"vendors/deep-{ext}.{ext}", cwd=repo.path
        )
        assert_no_crash(code, err)
    code, _out, err = run_cli("report", "--format", "json", cwd=repo.path)
    assert_no_crash(code, err)


# --------------------------------------------------------------------------- M6, L6: special files


def make_fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def link_to_dev_zero(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")
    return path


@needs_fifo
def test_m6_facts_cache_fifo_does_not_hang(repo: Repo) -> None:
    fresh(repo, "cache_dir: .ctlint-cache\n")
    make_fifo(repo.path / ".ctlint-cache" / "facts.json")
    run = ctlint("check", "-q", "vendors/zendesk.yaml", cwd=repo.path, timeout=20)
    assert_no_crash(run.code, run.err)


@needs_fifo
def test_m6_baseline_fifo_is_exit_2(repo: Repo) -> None:
    fresh(repo)
    make_fifo(repo.path / "fifo.json")
    run = ctlint("check", "-q", "--baseline", "fifo.json", cwd=repo.path, timeout=20)
    assert_one_line_error(run.code, run.err, "fifo.json", "regular file")


@needs_dev_zero
def test_m6_baseline_linked_to_dev_zero_is_exit_2(repo: Repo) -> None:
    """(A configured ``baseline:`` link to /dev/zero leads outside the root: refused already.)"""
    fresh(repo)
    link_to_dev_zero(repo.path / "zero.json")
    run = ctlint("check", "-q", "--baseline", "zero.json", cwd=repo.path, timeout=20)
    assert_one_line_error(run.code, run.err, "zero.json", "regular file")
    assert run.rss_mb < 512


@needs_fifo
def test_m6_init_with_a_fifo_precommit_config_does_not_hang(repo: Repo) -> None:
    from ctlint.errors import ConfigError
    from ctlint.scaffold.precommit import read_precommit_config

    fifo = make_fifo(repo.path / ".pre-commit-config.yaml")
    with deadline(10), pytest.raises(ConfigError, match="regular file"):
        read_precommit_config(str(fifo))


@needs_dev_zero
def test_m6_init_with_a_precommit_config_linked_to_dev_zero(repo: Repo) -> None:
    from ctlint.errors import ConfigError
    from ctlint.scaffold.precommit import read_precommit_config

    link = link_to_dev_zero(repo.path / ".pre-commit-config.yaml")
    with deadline(10), pytest.raises(ConfigError, match="regular file"):
        read_precommit_config(str(link))
    big = repo.write("big.yaml", b"repos: []\n" + b"#" * (2 * MiB))
    with deadline(10), pytest.raises(ConfigError, match="larger than"):
        read_precommit_config(str(big))
    regular = repo.write("ok.yaml", "repos:\r\n  - repo: local\r\n")
    assert read_precommit_config(str(regular)) == "repos:\r\n  - repo: local\r\n"
    assert read_precommit_config(str(repo.path / "missing.yaml")) is None


@needs_fifo
def test_m6_ctlint_init_with_a_fifo_precommit_config(repo: Repo) -> None:
    make_fifo(repo.path / ".pre-commit-config.yaml")
    (repo.path / ".ctlint.yaml").unlink()
    run = ctlint("init", "--type", "private_business", "--no-input", cwd=repo.path, timeout=15)
    assert_one_line_error(run.code, run.err, ".pre-commit-config.yaml")


def precommit_bomb() -> str:
    lines = [
        "repos:",
        "  - repo: local",
        "    hooks:",
        "      - id: other",
        "        name: other",
        "        entry: other",
        "        language: system",
        "        args: &a0 [x, x, x, x, x, x, x, x, x, x]",
    ]
    for i in range(1, 12):  # 10^12 leaves
        lines.append(f"        a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(precommit_bomb(), id="billion-laughs"),
        pytest.param(
            "repos:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 3000)), id="3000-deep"
        ),
        pytest.param("repos: " + "[" * 5000 + "]" * 5000 + "\n", id="5000-deep-flow"),
    ],
)
def test_m6_l1_init_reads_precommit_config_with_the_bounded_loader(repo: Repo, text: str) -> None:
    """An alias bomb in .pre-commit-config.yaml took minutes (10^12 leaves); 3,000 levels were
    a RecursionError (exit 3). The file is now read with the manifests' bounds."""
    (repo.path / ".ctlint.yaml").unlink()
    repo.write(".pre-commit-config.yaml", text)
    run = ctlint("init", "--type", "private_business", "--no-input", cwd=repo.path, timeout=30)
    assert_one_line_error(run.code, run.err, ".pre-commit-config.yaml", "nothing was written")
    assert (repo.path / ".pre-commit-config.yaml").read_text("utf-8") == text
    assert run.rss_mb < 512


def test_precommit_hook_still_added_to_an_ordinary_file() -> None:
    from ctlint.scaffold.precommit import add_precommit_hook

    text = (
        "repos:\n  - repo: https://example.invalid/hooks\n    rev: v1\n    hooks:\n      - id: x\n"
    )
    change = add_precommit_hook(text)
    assert change.status == "added"
    assert change.text is not None
    assert change.text.startswith(text)
    defaults = "defaults: &d {language: system}\n" + text.replace(
        "      - id: x\n", "      - {<<: *d, id: x}\n"
    )
    assert add_precommit_hook(defaults).status == "added"  # merge keys stay fine here


def sparse_file(path: Path, head: bytes, size: int) -> Path:
    """``head`` then NULs up to ``size`` bytes, without writing them (a sparse file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def test_l6_600_mb_pyproject_is_not_read_whole(repo: Repo) -> None:
    """A 600 MB pyproject.toml with a [tool.ctlint] table was read whole (1.2 GB, 5 s)."""
    (repo.path / ".ctlint.yaml").unlink()
    repo.write("vendors/zendesk.yaml", manifest_text())
    sparse_file(repo.path / "pyproject.toml", b"[tool.ctlint]\nfail_on = 'error'\n", 600 * MiB)
    run = ctlint("check", "-q", cwd=repo.path, timeout=30)
    assert_one_line_error(run.code, run.err, "pyproject.toml", "larger than")
    assert run.rss_mb < 256, run.rss_mb
    assert run.seconds < 10


@pytest.mark.parametrize("name", ["baseline.json", ".ctlint-cache/facts.json"])
def test_own_attack_huge_sparse_baseline_and_cache_are_not_read(repo: Repo, name: str) -> None:
    """A 1 GB baseline (or facts cache, which had a 256 MB bound) was read into memory."""
    extra = "cache_dir: .ctlint-cache\n" if "cache" in name else "baseline: baseline.json\n"
    fresh(repo, extra)
    sparse_file(repo.path / name, b'{"version": 1, "findings": [', GiB)
    run = ctlint("check", "-q", "vendors/zendesk.yaml", cwd=repo.path, timeout=30)
    if "cache" in name:
        assert_no_crash(run.code, run.err)  # an unreadable cache is ignored
    else:
        assert_one_line_error(run.code, run.err, "baseline.json", "larger than")
    assert run.rss_mb < 300, run.rss_mb


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param(
            "[tool.ctlint]\nx = " + "[" * 5000 + "]" * 5000 + "\n", [], id="5000-deep-array"
        ),
        pytest.param(
            "[tool.ctlint]\n" + ".".join(["a"] * 3000) + " = 1\n", ["nests"], id="3000-part-key"
        ),
        pytest.param(
            "[tool.ctlint]\nrule_options = " + "{a = " * 200 + "1" + "}" * 200 + "\n",
            ["nests"],
            id="200-deep-inline-table",
        ),
    ],
)
def test_l1_deep_toml_is_exit_2_with_one_line(
    repo: Repo, run_cli: RunCli, text: str, words: list[str]
) -> None:
    (repo.path / ".ctlint.yaml").unlink()
    repo.write("vendors/zendesk.yaml", manifest_text())
    repo.write("pyproject.toml", text)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert_one_line_error(code, err, "pyproject.toml", *words)


def deep_json(depth: int = 200_000) -> str:
    return "[" * depth + "]" * depth


def test_l1_deep_baseline_is_exit_2_with_one_line(repo: Repo, run_cli: RunCli) -> None:
    fresh(repo)
    repo.write("deep.json", deep_json())
    code, _out, err = run_cli("check", "--baseline", "deep.json", cwd=repo.path)
    assert_one_line_error(code, err, "deep.json", "not a ctlint baseline")


def test_l1_deep_facts_cache_is_ignored(repo: Repo, run_cli: RunCli) -> None:
    fresh(repo, "cache_dir: .ctlint-cache\n")
    repo.write(".ctlint-cache/facts.json", deep_json())
    code, _out, err = run_cli("check", "vendors/zendesk.yaml", cwd=repo.path)
    assert_no_crash(code, err)


# ---- ctlint's own reader: never blocks, never follows what it must not, never reads past a bound


def test_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from ctlint.document.read import ReadError, read_bytes

    (tmp_path / "folder").mkdir()
    with pytest.raises(ReadError, match="regular file"):
        read_bytes(str(tmp_path / "folder"), 100)
    if hasattr(os, "mkfifo"):
        fifo = make_fifo(tmp_path / "fifo")
        with deadline(5), pytest.raises(ReadError, match="regular file"):
            read_bytes(str(fifo), 100)
    regular = tmp_path / "file"
    regular.write_bytes(b"12345")
    assert read_bytes(str(regular), 5) == b"12345"
    with pytest.raises(ReadError) as caught:
        read_bytes(str(regular), 4)
    assert caught.value.too_large
    (tmp_path / "link").symlink_to(regular)
    assert read_bytes(str(tmp_path / "link"), 5) == b"12345"
    with pytest.raises(ReadError, match="symbolic link"):
        read_bytes(str(tmp_path / "link"), 5, follow=False)
    info = os.stat(regular)
    assert read_bytes(str(regular), 5, expect=(info.st_dev, info.st_ino)) == b"12345"
    with pytest.raises(ReadError, match="replaced"):
        read_bytes(str(regular), 5, expect=(info.st_dev, info.st_ino + 1))


@needs_fifo
def test_own_attack_fifo_swapped_in_after_the_stat_does_not_block(tmp_path: Path) -> None:
    """A manifest replaced by a FIFO between the size check and the open hung the run (no
    O_NONBLOCK, no check of the opened file): simulated by a stat that answers for another
    file, as if the swap happened right after it."""
    regular = tmp_path / "regular.yaml"
    regular.write_text("manifest: ctlint/v1\n")
    fifo = make_fifo(tmp_path / "fifo.yaml")
    script = f"""
import os, sys
from ctlint.document import read as source
real_stat = os.stat
def stat(path, *args, **kwargs):
    return real_stat({str(regular)!r}) if str(path) == {str(fifo)!r} else real_stat(path, *args, **kwargs)
source.os.stat = stat
raw, problem = source.read_file({str(fifo)!r}, source.Limits())
print(raw, problem.rule if problem else None)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        timeout=20,
        check=False,
        text=True,
        env=child_env(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None CTL001"


# --------------------------------------------------------------------------- L3: cache_dir


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        pytest.param("cache_dir: vendors\n", ["holds manifests"], id="manifests-folder"),
        pytest.param("cache_dir: .\n", ["repository root"], id="root"),
        pytest.param("cache_dir: vendors/sub\n", ["holds manifests"], id="under-a-glob"),
        pytest.param(
            "manifests: ['data/vendors/**/*.yaml']\ncache_dir: data\n",
            ["holds manifests"],
            id="ancestor",
        ),
        pytest.param("cache_dir: .git/ctlint\n", [".git"], id="under-git"),
        pytest.param("cache_dir: alias\n", ["holds manifests"], id="link-to-vendors"),
        pytest.param(
            "policy_paths: [rules/acme]\ncache_dir: rules\n",
            ["`rules` holds rules/acme"],
            id="policies",
        ),
        pytest.param(
            "baseline: keep/b.json\ncache_dir: keep\n", ["`keep` holds keep/b.json"], id="baseline"
        ),
    ],
)
def test_l3_cache_dir_that_would_hide_inputs_is_a_configuration_error(
    repo: Repo, run_cli: RunCli, extra: str, words: list[str]
) -> None:
    fresh(repo, extra)
    (repo.path / "alias").symlink_to(repo.path / "vendors", target_is_directory=True)
    (repo.path / "rules" / "acme").mkdir(parents=True)
    repo.write("keep/b.json", json.dumps({"version": 1, "tool": "ctlint", "findings": []}))
    os.utime(repo.path / "vendors" / "zendesk.yaml", (1_700_000_000, 1_700_000_000))
    code, _out, err = run_cli("check", "vendors/zendesk.yaml", cwd=repo.path)
    assert_one_line_error(code, err, "cache_dir", *words)
    assert not (repo.path / "vendors" / ".gitignore").exists()
    assert not (repo.path / ".gitignore").exists()


def test_l3_cache_dir_option_is_checked_too(repo: Repo, run_cli: RunCli) -> None:
    fresh(repo)
    code, _out, err = run_cli("check", "--cache-dir", "vendors", cwd=repo.path)
    assert_one_line_error(code, err, "--cache-dir", "holds manifests")


@pytest.mark.parametrize(
    "extra",
    [
        "cache_dir: .ctlint-cache\n",
        "cache_dir: build/cache\n",
        "cache_dir: vendors/.cache\n",  # discovery never looks into a dot-folder it is not told of
        "exclude: ['vendors/old/**']\ncache_dir: vendors/old\n",
    ],
)
def test_l3_cache_dirs_of_their_own_still_work(repo: Repo, run_cli: RunCli, extra: str) -> None:
    fresh(repo, extra)
    os.utime(repo.path / "vendors" / "zendesk.yaml", (1_700_000_000, 1_700_000_000))
    code, _out, err = run_cli("check", cwd=repo.path)
    assert_no_crash(code, err)
    folder = extra.rsplit("cache_dir: ", 1)[1].strip()
    assert (repo.path / folder / "facts.json").is_file()


def test_configured_baseline_under_git_is_a_configuration_error(
    repo: Repo, run_cli: RunCli
) -> None:
    """H4's repro: `baseline: .git/hooks/pre-commit` let `ctlint baseline` replace a git hook."""
    fresh(repo, "baseline: .git/hooks/pre-commit\n")
    hook = repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n")
    code, _out, err = run_cli("baseline", "--force", cwd=repo.path)
    assert_one_line_error(code, err, "baseline", ".git")
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"


# --------------------------------------------------------------------------- L5: link swapped


def race_repo(repo: Repo, tmp_path: Path) -> tuple[Path, Path]:
    write_config(repo)
    repo.write(
        "inside.yaml", manifest_text("race").replace("status: active", "status: inside-value")
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(manifest_text("race").replace("status: active", "status: SECRET-OUTSIDE"))
    link = repo.path / "vendors" / "race.yaml"
    link.symlink_to("../inside.yaml")
    return link, secret


def swap_link(link: Path, target: str | Path) -> None:
    temporary = link.with_name(".swap")
    temporary.symlink_to(target)
    os.replace(temporary, link)


def test_l5_link_swapped_after_discovery_is_not_followed(
    repo: Repo, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link was checked at discovery and opened again later: swapping it in between made
    ctlint read (and print) a file outside the root. The swap is made deterministic here: it
    happens right after discovery checked the link."""
    from ctlint.engine import discover

    link, secret = race_repo(repo, tmp_path)
    original = discover._target

    def checked_then_swapped(*args: Any, **kwargs: Any) -> Any:
        target = original(*args, **kwargs)
        if os.path.islink(link) and os.readlink(link) == "../inside.yaml":
            swap_link(link, secret)
        return target

    monkeypatch.setattr(discover, "_target", checked_then_swapped)
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code in (0, 1), err
    assert "SECRET-OUTSIDE" not in out + err
    assert "inside-value" in out  # the file the link led to when it was checked


def test_l5_concurrent_link_swapping_never_reads_outside(
    repo: Repo, run_cli: RunCli, tmp_path: Path
) -> None:
    """The review's race for real: another process swaps the link as fast as it can."""
    link, secret = race_repo(repo, tmp_path)
    swapper = f"""
import os
i = 0
while True:
    tmp = {str(link.with_name(".swap"))!r} + str(i % 2)
    try:
        os.symlink("../inside.yaml" if i % 2 else {str(secret)!r}, tmp)
        os.replace(tmp, {str(link)!r})
    except OSError:
        pass
    i += 1
"""
    process = subprocess.Popen([sys.executable, "-c", swapper])
    try:
        for _ in range(40):
            code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
            assert code in (0, 1), err
            assert "SECRET-OUTSIDE" not in out + err
    finally:
        process.kill()
        process.wait(10)


def test_l5_targets_of_links_are_read_without_following_and_by_identity(
    repo: Repo, tmp_path: Path
) -> None:
    from ctlint.config import load_settings
    from ctlint.engine.discover import configured
    from ctlint.engine.source import load_target

    _link, secret = race_repo(repo, tmp_path)
    [target] = [
        t for t in configured(load_settings(cwd=str(repo.path))) if t.rel.endswith("race.yaml")
    ]
    assert target.path == os.path.realpath(repo.path / "inside.yaml")
    assert target.identity is not None
    limits = load_settings(cwd=str(repo.path)).limits
    assert load_target(target, limits).doc.data is not None
    # the checked file replaced by another one (even a regular file) is refused
    os.replace(secret, repo.path / "inside.yaml")
    doc = load_target(target, limits).doc
    assert doc.data is None
    assert doc.problems[0].rule == "CTL001"
    assert "replaced" in doc.problems[0].message


# --------------------------------------------------------------------------- held: keep holding


@needs_fifo
@pytest.mark.parametrize("name", ["pyproject.toml", ".ctlint.yaml"])
def test_held_configuration_fifo_is_ignored_or_refused(repo: Repo, name: str) -> None:
    if name == ".ctlint.yaml":
        (repo.path / ".ctlint.yaml").unlink()
    repo.write("vendors/zendesk.yaml", manifest_text())
    make_fifo(repo.path / name)
    run = ctlint("check", "-q", cwd=repo.path, timeout=20)
    assert run.code in (0, 1, 2), run.err
    for crash in CRASH:
        assert crash not in run.err


@needs_dev_zero
def test_held_manifest_and_cache_linked_to_dev_zero(repo: Repo) -> None:
    fresh(repo, "cache_dir: .ctlint-cache\n")
    link_to_dev_zero(repo.path / "vendors" / "zero.yaml")
    link_to_dev_zero(repo.path / ".ctlint-cache" / "facts.json")
    run = ctlint("check", "-q", "--format", "json", cwd=repo.path, timeout=20)
    assert_no_crash(run.code, run.err)
    rules = {f["file"]: f["rule"] for f in json.loads(run.out)["findings"] if f["file"]}
    assert rules["vendors/zero.yaml"] == "CTL001"
    assert run.rss_mb < 512


def test_held_files_inside_data_bounds(repo: Repo, run_cli: RunCli) -> None:
    """The committed cases of tests/data/bounds/ (small files; big ones are generated)."""
    for case in sorted(DATA.glob("*.yaml")):
        fresh(repo, case.read_text("utf-8"))
        code, _out, err = run_cli("check", cwd=repo.path)
        expected = 2 if case.name.startswith("bad-") else None
        if expected == 2:  # one line a problem of the configuration, each naming the file
            assert code == 2, err
            lines = err.strip().splitlines()
            assert lines, case.name
            assert all(line.startswith("ctlint: error: .ctlint.yaml:") for line in lines), err
            assert not any(crash in err for crash in CRASH), err
        else:
            assert_no_crash(code, err)
