"""Property-based tests (issue 6): whatever a manifest holds, ``ctlint check`` neither crashes
nor points outside the file.

Four kinds of input: manifests generated from the manifest JSON Schema's field structure (valid
values mixed with wrong types and unknown keys), mutations of the complete base manifest
(structural edits and raw text edits), YAML-flavoured random text, and random bytes. Each
example is written to ``vendors/`` of a throw-away repository and checked through the real
command line entry point (:func:`ctlint.cli.run_cli`, which maps every exception to exit 3),
with the JSON report written to a file. Properties:

- the exit code is 0 or 1 (no internal error, no usage error);
- every finding has a rule id of the catalog's shape;
- every finding of the manifest lies inside it: ``1 <= line <= lines + 1``, ``column >= 1``,
  and, for plain text, ``column <= len(line) + 2`` and the end is not before the start.

Profiles: ``ci`` (default; ~150 examples a test, derandomized so CI is reproducible, no
example database) and ``dev`` (thousands, random, with the database), chosen with
``HYPOTHESIS_PROFILE=dev``. ``pytest --hypothesis-show-statistics tests/test_fuzz.py`` prints
how many examples ran.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctlint.cli import run_cli

# When an example fails, Hypothesis' pytest plugin imports its patch writer (libcst), whose
# imports raise a DeprecationWarning; with `filterwarnings = error` that would turn the report
# of a real failure into a pytest INTERNALERROR. Import it once here, warnings silenced.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
FUZZ = settings(settings.get_profile(PROFILE if PROFILE in ("ci", "dev") else "ci"))

ROOT = Path(__file__).resolve().parents[2]
BASE_TEXT = (ROOT / "policies" / "base-manifest.yaml").read_text("utf-8")
SCHEMA: dict[str, Any] = json.loads(
    resources.files("ctlint.schemas").joinpath("vendor-manifest.schema.json").read_text("utf-8")
)
RULE_ID = re.compile(r"^(CTL\d{3}|CT-[A-Z]+-\d{3}|CTDPA-\d{3})$")
ORG_LEVEL = {"CTL010", "CTL011", "CTL012"}

#: How many examples each property ran (also shown by --hypothesis-show-statistics).
EXAMPLES: dict[str, int] = {}


# --------------------------------------------------------------------------- the repositories

CONFIGS = {
    "private_business": "organization: {type: private_business, ct_consumers_per_year: 52000}\n",
    "ct_state_agency": "organization: {type: ct_state_agency, agency_division: Labor}\n",
}


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One repository per organization type, so every pack's rules run on the examples."""
    made = {}
    for name, config in CONFIGS.items():
        root = tmp_path_factory.mktemp(f"fuzz-{name}")
        (root / ".git").mkdir()
        (root / "vendors").mkdir()
        (root / "contracts").mkdir()
        (root / "contracts" / "zendesk-dpa.pdf").write_bytes(b"%PDF-1.4\n")
        (root / "docs").mkdir()
        (root / "docs" / "incident-response.md").write_text("# Incident response\n")
        (root / ".ctlint.yaml").write_text(config + "as_of: 2026-11-28\n", encoding="utf-8")
        made[name] = root
    return made


_BREAKS = (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def _line_count(raw: bytes) -> int:
    """An upper bound of the number of lines any reader sees (LF, CR, NEL, LS and PS end a
    line; a last line without a break counts)."""
    breaks = sum(raw.count(b) for b in _BREAKS)
    return breaks + (0 if not raw or raw.endswith(_BREAKS) else 1)


def _plain_lines(raw: bytes) -> list[str] | None:
    """The lines of a UTF-8 file whose only line breaks are LF or CRLF (else None)."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    if any(c in text for c in ("\x85", "\u2028", "\u2029")) or "\r" in text.replace("\r\n", ""):
        return None
    return text.split("\n")


def check(root: Path, raw: bytes, ext: str, test: str) -> list[dict[str, Any]]:
    """Check ``raw`` saved as ``vendors/fuzz.EXT``; assert the properties; the findings."""
    EXAMPLES[test] = EXAMPLES.get(test, 0) + 1
    for old in (root / "vendors").iterdir():
        old.unlink()
    rel = f"vendors/fuzz.{ext}"
    (root / rel).write_bytes(raw)
    report = root.parent / f"{root.name}-report.json"
    report.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run_cli(
            [
                "check",
                "--config",
                str(root / ".ctlint.yaml"),
                "--format",
                f"json:{report}",
                str(root / rel),
            ]
        )
    assert code in (0, 1), f"exit {code} for {raw[:300]!r}: {err.getvalue()}"
    document = json.loads(report.read_text("utf-8"))
    findings: list[dict[str, Any]] = document["findings"]
    count = _line_count(raw)
    lines = _plain_lines(raw)
    for finding in findings:
        assert RULE_ID.match(finding["rule"]), finding
        if finding["file"] is None or finding["file"] == ".ctlint.yaml":
            assert finding["rule"] in ORG_LEVEL, finding
            continue
        assert finding["file"] == rel, finding
        line, column = finding["line"], finding["column"]
        assert isinstance(line, int), finding
        assert isinstance(column, int), finding
        assert 1 <= line <= count + 1, (finding, count, raw[:300])
        assert column >= 1, finding
        assert (finding["end_line"], finding["end_column"]) >= (line, column), finding
        if lines is not None and line <= len(lines):
            assert column <= len(lines[line - 1]) + 2, (finding, lines[line - 1][:200])
    assert document["summary"]["files"] == 1
    return findings


# --------------------------------------------------------------------------- values

WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=2),
)

TRICKY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "017",
        "0x1F",
        "1:30",
        "1e999",
        ".nan",
        "2026-02-30",
        "2026-13-45",
        "2026-09-01T10:00:00Z",
        "http://example.com",
        "https://",
        "https://exa mple.com",
        "javascript:alert(1)",
        "../../etc/passwd",
        "/etc/passwd",
        "~/x",
        "\x1b]0;title\x07",
        "\u202eevil",
        "a\x00b",
        "x" * 300,
        "user..name",
        "CTDPA-",
        "CTDPA-999",
        "<<",
        "#/not/a/pointer",
        "/data/categories/99",
    ]
)

DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["2026-02-29", "2024-02-29", "2026-02-30", "0000-01-01", "2026-1-1", "20260101"]
    ),
    st.datetimes().map(lambda d: d.isoformat()),
)

URLS = st.one_of(
    st.from_regex(r"https://[a-z]{1,10}\.(com|org|gov)(/[a-z0-9_-]{0,12}){0,3}", fullmatch=True),
    st.sampled_from(
        ["http://example.com", "https://", "ftp://x", "https://ex ample.com", "mailto:a@b"]
    ),
)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/"), ref
        merged = {k: v for k, v in node.items() if k != "$ref"}
        node = {**SCHEMA["$defs"][ref.removeprefix("#/$defs/")], **merged}
    return node


def valid_value(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped by one schema node (enum members, formats, nested objects and lists)."""
    node = _resolve(node)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        return st.one_of(*(valid_value({**node, "type": k}, depth) for k in kind))
    if kind == "string":
        if node.get("format") == "date":
            return DATES
        if node.get("format") == "https-url":
            return URLS
        if "pattern" in node and node["pattern"].startswith("^"):
            return st.one_of(st.from_regex(node["pattern"], fullmatch=True), TRICKY_TEXT)
        return st.one_of(st.text(max_size=30), TRICKY_TEXT)
    if kind == "integer":
        low = node.get("minimum", -100)
        return st.integers(min_value=low - 2, max_value=low + 400)
    if kind == "number":
        return st.one_of(st.integers(-5, 10**7), st.floats(-1, 1e8, allow_nan=False))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = node.get("items", {})
        return st.lists(value(items, depth + 1), min_size=0, max_size=4)
    if kind == "object" or "properties" in node:
        return mapping(node, depth)
    return WRONG


def value(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly a value of the right shape, sometimes a wrong type (null included)."""
    return st.one_of(valid_value(node, depth), valid_value(node, depth), WRONG)


def mapping(node: dict[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", ()))
    if depth > 6:
        return st.just({})
    fields = {k: value(v, depth + 1) for k, v in properties.items() if k in required}
    optional = {k: value(v, depth + 1) for k, v in properties.items() if k not in required}
    extra = st.dictionaries(
        st.one_of(
            st.sampled_from(["x-note", "x-owner-team", "unknown", "categorys", "Name", "$ref"]),
            st.text(min_size=1, max_size=8),
        ),
        WRONG,
        max_size=2,
    )
    base = st.fixed_dictionaries(fields, optional=optional)
    dropped = st.sets(st.sampled_from(sorted(required)), max_size=2) if required else st.just(set())
    return st.tuples(base, extra, dropped).map(
        lambda t: {**{k: v for k, v in t[0].items() if k not in t[2]}, **t[1]}
    )


def dump(data: Any, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=80).encode(
        "utf-8", "surrogatepass"
    )


# --------------------------------------------------------------------------- 1. from the schema


@FUZZ
@given(data=mapping(SCHEMA, 0), fmt=st.sampled_from(["yaml", "json"]))
@pytest.mark.parametrize("org", sorted(CONFIGS))
def test_manifests_from_the_schema(
    repos: dict[str, Path], org: str, data: dict[str, Any], fmt: str
) -> None:
    check(repos[org], dump(data, fmt), fmt, f"schema[{org}]")


# --------------------------------------------------------------------------- 2. mutations


def _base_data() -> dict[str, Any]:
    import datetime as dt

    def plain(v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    data = plain(yaml.safe_load(BASE_TEXT))
    assert isinstance(data, dict)
    return data


BASE_DATA = _base_data()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, item in data.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


BASE_PATHS = list(_paths(BASE_DATA))


_GONE = object()


def _child(parent: Any, step: Any) -> Any:
    """``parent[step]`` when ``parent`` is still a mapping or list that has it, else _GONE."""
    if isinstance(parent, dict) and isinstance(step, str) and step in parent:
        return parent[step]
    if isinstance(parent, list) and isinstance(step, int) and step < len(parent):
        return parent[step]
    return _GONE


@st.composite
def structural_mutation(draw: st.DrawFn) -> dict[str, Any]:
    """Delete, replace or duplicate fields and list items of the base manifest."""
    data = json.loads(json.dumps(BASE_DATA))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(BASE_PATHS))
        parent: Any = data
        for step in path[:-1]:
            parent = _child(parent, step)
        last = path[-1]
        if _child(parent, last) is _GONE:
            continue  # an earlier edit removed or replaced this part
        action = draw(st.sampled_from(["delete", "replace", "duplicate", "wrong", "tricky"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(st.sampled_from([None, [], {}, "", True, 0, -1, 10**20]))
        elif action == "wrong":
            parent[last] = draw(WRONG)
        elif action == "tricky":
            parent[last] = draw(TRICKY_TEXT)
        elif isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[last])))
        else:
            parent[f"{last}_copy" if draw(st.booleans()) else "x-copy"] = parent[last]
    return data


@FUZZ
@given(data=structural_mutation(), fmt=st.sampled_from(["yaml", "json"]))
def test_structural_mutations_of_the_base_manifest(
    repos: dict[str, Path], data: dict[str, Any], fmt: str
) -> None:
    check(repos["private_business"], dump(data, fmt), fmt, "structural")


YAML_TOKENS = [
    "yes",
    "~",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!custom ",
    "<<: ",
    '"',
    "'",
    "|",
    ">-",
    "- ",
    "? ",
    "\t",
    "0x1F",
    "1e999",
    ".nan",
    "2026-02-30",
    "2026-02-20T10:00:00Z",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "#",
    ": ",
    ",",
    "\\",
    "\u202e",
    "\ufeff",
    "\x85",
    "\u2028",
    "\r",
    "\x00",
    "\x1b[31m",
    "é",
    "😀",
    "x" * 200,
]


@st.composite
def text_mutation(draw: st.DrawFn) -> str:
    """Raw text edits of the base manifest: lines deleted, duplicated (duplicate keys),
    moved, re-indented, values replaced by YAML syntax, random text inserted, truncation."""
    lines = BASE_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 5))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "indent", "value", "insert", "token", "truncate"]
            )
        )
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            shift = draw(st.integers(-4, 4))
            lines[i] = " " * shift + lines[i] if shift >= 0 else lines[i][-shift:]
        elif action == "value":
            head, sep, _tail = lines[i].partition(": ")
            token = draw(st.one_of(st.sampled_from(YAML_TOKENS), TRICKY_TEXT))
            lines[i] = f"{head}{sep or ': '}{token}\n"
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(max_size=12)) + lines[i][at:]
        elif action == "token":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(YAML_TOKENS)) + lines[i][at:]
        else:
            lines = lines[:i]
    return "".join(lines)


@FUZZ
@given(text=text_mutation(), ext=st.sampled_from(["yaml", "yml", "json"]))
def test_text_mutations_of_the_base_manifest(repos: dict[str, Path], text: str, ext: str) -> None:
    check(repos["private_business"], text.encode("utf-8", "surrogatepass"), ext, "text")


# --------------------------------------------------------------------------- 3. random input

YAMLISH = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcxyz019:-[]{},&*!|>'\"#%@`?<~. \n\t\r\\")),
        st.sampled_from(["\u202e", "\x85", "\ufeff", "\u2028", "\x00", "é", "\udc80"]),
    ),
    max_size=300,
)


@FUZZ
@given(text=YAMLISH, ext=st.sampled_from(["yaml", "json"]))
def test_yaml_flavoured_random_text(repos: dict[str, Path], text: str, ext: str) -> None:
    check(repos["private_business"], text.encode("utf-8", "surrogateescape"), ext, "yamlish")


@FUZZ
@given(
    prefix=st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"manifest: ctlint/v1\n", b'{"id": "']
    ),
    body=st.binary(max_size=2048),
    ext=st.sampled_from(["yaml", "json"]),
)
def test_random_bytes(repos: dict[str, Path], prefix: bytes, body: bytes, ext: str) -> None:
    check(repos["private_business"], prefix + body, ext, "bytes")


# --------------------------------------------------------------------------- sanity of the harness


def test_the_harness_sees_findings(repos: dict[str, Path]) -> None:
    """The property checks are not vacuous: a broken manifest gives a located finding."""
    findings = check(repos["private_business"], b"a: [\n", "yaml", "harness")
    assert [f["rule"] for f in findings] == ["CTL001"]
    clean = check(
        repos["private_business"],
        BASE_TEXT.replace("id: zendesk", "id: fuzz").encode(),
        "yaml",
        "harness",
    )
    assert clean == []


@pytest.fixture(scope="module", autouse=True)
def _count_examples(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many examples the properties ran (for the CI log)."""
    yield
    total = sum(v for k, v in EXAMPLES.items() if k != "harness")
    if not total:
        return
    capture = request.config.pluginmanager.getplugin("capturemanager")
    shown = capture.global_and_fixture_disabled() if capture else contextlib.nullcontext()
    with shown:
        print(f"\ntest_fuzz ({PROFILE} profile): {total} examples, {EXAMPLES}", flush=True)
