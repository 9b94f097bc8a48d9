"""ctlint.document.parse: reading manifests (manifest.md "Reading rules", rules.md CTL001,
CTL003 and CTL004)."""

from __future__ import annotations

import codecs
import time
from typing import Any

import pytest

from ctlint.document.parse import Document, load_bytes, load_text
from ctlint.document.read import Limits

LIMITS = Limits()


def yaml_doc(text: str, *, limits: Limits = LIMITS) -> Document:
    return load_text(text, is_json=False, limits=limits)


def json_doc(text: str) -> Document:
    return load_text(text, is_json=True, limits=LIMITS)


def only_problem(doc: Document) -> Any:
    assert len(doc.problems) == 1, doc.problems
    return doc.problems[0]


def test_json_manifest_reads_like_yaml() -> None:
    doc = json_doc('{"id": "zendesk", "data": {"sale": false, "n": 017e0}}'.replace("017e0", "17"))
    assert doc.problems == ()
    assert doc.data == {"id": "zendesk", "data": {"sale": False, "n": 17}}


# --------------------------------------------------------------------------- CTL001


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        pytest.param(
            b"id: x\nchannels: [email, chat\nname: y\n", 3, None, "syntax", id="unclosed-flow-list"
        ),
        pytest.param(b"id: x\n  name: y\n", 2, None, "syntax", id="bad-indentation"),
        pytest.param(
            b"id: x\nname: caf\xc3\xa9 \xe9t\xe9\n", 2, 12, "UTF-8", id="latin1-byte-after-utf8"
        ),
        pytest.param(b"id: \xff\n", 1, 5, "UTF-8", id="invalid-byte-first-line"),
        pytest.param(
            codecs.BOM_UTF16_LE + "id: x\n".encode("utf-16-le"), 1, 1, "UTF-16", id="utf16-le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + "id: x\n".encode("utf-16-be"), 1, 1, "UTF-16", id="utf16-be-bom"
        ),
        pytest.param(b"", 1, 1, "empty", id="empty-file"),
        pytest.param(b"# only a comment\n\n", 1, 1, "empty", id="comments-only"),
        pytest.param(b"- id: x\n- id: y\n", 1, 1, "list", id="top-level-list"),
        pytest.param(b"just some text\n", 1, 1, "mapping", id="top-level-scalar"),
        pytest.param(b"id: a\x00b\n", 1, 6, "U+0000", id="nul-byte"),
    ],
)
def test_ctl001_with_position(raw: bytes, line: int, column: int | None, words: str) -> None:
    doc = load_bytes(raw, is_json=False, limits=LIMITS)
    problem = only_problem(doc)
    assert doc.data is None
    assert doc.fatal
    assert problem.rule == "CTL001"
    assert words in problem.message
    assert problem.span.line == line
    if column is not None:
        assert problem.span.column == column


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('{"id": "x",}', 1, 12, id="trailing-comma-object"),
        pytest.param(
            '{\n  "id": "x",\n  "channels": ["email",],\n}', 3, 24, id="trailing-comma-list"
        ),
        pytest.param('{\n  "id": "x" // a comment\n}', 2, 13, id="line-comment"),
        pytest.param('{\n  /* comment */ "id": "x"\n}', 2, 3, id="block-comment"),
        pytest.param("{'id': 'x'}", 1, 2, id="single-quotes"),
    ],
)
def test_json_syntax_error_is_ctl001_with_position(text: str, line: int, column: int) -> None:
    problem = only_problem(json_doc(text))
    assert problem.rule == "CTL001"
    assert "JSON" in problem.message
    assert (problem.span.line, problem.span.column) == (line, column)


def test_json_top_level_list_is_ctl001() -> None:
    problem = only_problem(json_doc('[{"id": "x"}]'))
    assert problem.rule == "CTL001"
    assert "list" in problem.message


# --------------------------------------------------------------------------- CTL003


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_ctl003_billion_laughs_is_bounded_quickly() -> None:
    started = time.perf_counter()
    doc = yaml_doc(_billion_laughs())
    elapsed = time.perf_counter() - started
    problem = only_problem(doc)
    assert problem.rule == "CTL003"
    assert doc.data is None
    assert elapsed < 2.0


def test_ctl003_node_limit_is_configurable() -> None:
    text = "a: &x [1, 2, 3, 4, 5]\nb: [*x, *x, *x]\n"
    assert yaml_doc(text).problems == ()
    problem = only_problem(yaml_doc(text, limits=Limits(max_nodes=10)))
    assert problem.rule == "CTL003"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * 10_000 + "]" * 10_000 + "\n", id="flow-lists-10000"),
        pytest.param("- " * 10_000 + "x\n", id="block-lists-10000"),
        pytest.param("a: " + "{b: " * 10_000 + "1" + "}" * 10_000 + "\n", id="flow-maps-10000"),
    ],
)
def test_ctl003_deep_nesting_without_recursion_error(text: str) -> None:
    problem = only_problem(yaml_doc(text))
    assert problem.rule == "CTL003"


def test_ctl003_deep_json_without_recursion_error() -> None:
    problem = only_problem(json_doc("[" * 10_000 + "]" * 10_000))
    assert problem.rule == "CTL003"


def test_depth_limit_is_configurable() -> None:
    text = "a:\n  b:\n    c:\n      d: 1\n"
    assert yaml_doc(text).problems == ()
    assert only_problem(yaml_doc(text, limits=Limits(max_depth=3))).rule == "CTL003"
