"""ctlint.document.source: reading manifests (manifest.md "Reading rules", rules.md CTL001-CTL004)."""

from __future__ import annotations

import codecs
import time
from typing import Any

import pytest

from ctlint.document.source import Document, Limits, load_bytes, load_path, load_text, locate
from ctlint.model.findings import Span

LIMITS = Limits()


def yaml_doc(text: str, *, limits: Limits = LIMITS) -> Document:
    return load_text(text, is_json=False, limits=limits)


def json_doc(text: str) -> Document:
    return load_text(text, is_json=True, limits=LIMITS)


def only_problem(doc: Document) -> Any:
    assert len(doc.problems) == 1, doc.problems
    return doc.problems[0]


# --------------------------------------------------------------------------- YAML 1.2 scalars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("yes", "yes", id="yes-is-text"),
        pytest.param("no", "no", id="no-is-text"),
        pytest.param("on", "on", id="on-is-text"),
        pytest.param("off", "off", id="off-is-text"),
        pytest.param("y", "y", id="y-is-text"),
        pytest.param("n", "n", id="n-is-text"),
        pytest.param("Yes", "Yes", id="Yes-is-text"),
        pytest.param("NO", "NO", id="NO-is-text"),
        pytest.param("true", True, id="true"),
        pytest.param("false", False, id="false"),
        pytest.param("017", 17, id="leading-zero-is-decimal"),
        pytest.param("0o17", 15, id="yaml12-octal"),
        pytest.param("0x1F", 31, id="hex"),
        pytest.param("1:30", "1:30", id="no-sexagesimal"),
        pytest.param("2026-09-01", "2026-09-01", id="unquoted-date-stays-text"),
        pytest.param("'2026-09-01'", "2026-09-01", id="quoted-date"),
        pytest.param("2026-09-01T10:00:00Z", "2026-09-01T10:00:00Z", id="timestamp-stays-text"),
        pytest.param("1.5", 1.5, id="float"),
        pytest.param("1_000", "1_000", id="no-underscore-numbers"),
        pytest.param("~", None, id="tilde-null"),
        pytest.param("null", None, id="null"),
        pytest.param("", None, id="empty-null"),
        pytest.param("'no'", "no", id="quoted-no"),
        pytest.param("'true'", "true", id="quoted-true-is-text"),
    ],
)
def test_yaml12_core_schema_scalars(text: str, expected: object) -> None:
    doc = yaml_doc(f"value: {text}\n")
    assert doc.problems == ()
    assert doc.data is not None
    value = doc.data["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_utf8_bom_is_accepted() -> None:
    doc = load_bytes(b"\xef\xbb\xbfid: zendesk\n", is_json=False, limits=LIMITS)
    assert doc.problems == ()
    assert doc.data == {"id": "zendesk"}


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


def test_not_utf8_names_the_byte() -> None:
    problem = only_problem(load_bytes(b"id: x\nname: \xe9\n", is_json=False, limits=LIMITS))
    assert "0xe9" in problem.message
    assert (problem.span.line, problem.span.column) == (2, 7)


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


# --------------------------------------------------------------------------- CTL002


def test_ctl002_points_at_the_second_occurrence() -> None:
    doc = yaml_doc("id: x\nvendor:\n  role: processor\n  legal_name: A\n  role: third_party\n")
    problem = only_problem(doc)
    assert problem.rule == "CTL002"
    assert problem.pointer == "/vendor/role"
    assert (problem.span.line, problem.span.column) == (5, 3)
    assert "role" in problem.message


def test_ctl002_top_level() -> None:
    problem = only_problem(yaml_doc("id: a\nname: b\nid: c\n"))
    assert (problem.rule, problem.pointer, problem.span.line) == ("CTL002", "/id", 3)


def test_ctl002_same_key_in_different_mappings_is_fine() -> None:
    doc = yaml_doc("a:\n  k: 1\nb:\n  k: 2\n")
    assert doc.problems == ()


# --------------------------------------------------------------------------- CTL003


def test_ctl003_file_size_over_limit(tmp_path: Any) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: x\ndescription: " + "a" * 200 + "\n", encoding="utf-8")
    problem = only_problem(load_path(str(path), limits=Limits(max_file_bytes=100)))
    assert problem.rule == "CTL003"
    assert "100" in problem.message


def test_file_at_the_size_limit_is_read(tmp_path: Any) -> None:
    path = tmp_path / "exact.yaml"
    text = "id: x\n"
    path.write_text(text, encoding="utf-8")
    doc = load_path(str(path), limits=Limits(max_file_bytes=len(text)))
    assert doc.problems == ()


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


# --------------------------------------------------------------------------- CTL004


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("id: a\n---\nid: b\n", 3, id="two-documents"),
        pytest.param("id: a\nname: !!python/object:os.system echo\n", 2, id="python-tag"),
        pytest.param("id: a\nname: !custom value\n", 2, id="custom-tag"),
        pytest.param("id: a\nchannels: !!set {email: null}\n", 2, id="set-tag"),
        pytest.param("id: a\n1: one\n", 2, id="integer-key"),
        pytest.param("id: a\ntrue: yes\n", 2, id="boolean-key"),
        pytest.param("id: a\n? [x, y]\n: z\n", 2, id="list-key"),
        pytest.param("id: a\nnull: z\n", 2, id="null-key"),
    ],
)
def test_ctl004(text: str, line: int) -> None:
    doc = yaml_doc(text)
    assert doc.fatal
    assert {p.rule for p in doc.problems} == {"CTL004"}
    assert doc.problems[0].span.line == line


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("base: &b {x-a: 1}\nextra:\n  <<: *b\n  x-c: 2\n", id="merge-alias"),
        pytest.param("extra:\n  <<: {x-a: 1}\n", id="merge-inline"),
    ],
)
def test_ctl004_merge_key(text: str) -> None:
    doc = yaml_doc(text)
    assert [p.rule for p in doc.problems] == ["CTL004"]
    assert doc.problems[0].span.line in (2, 3)


def test_quoted_merge_key_is_plain_text() -> None:
    doc = yaml_doc("x-notes:\n  '<<': 1\n")
    assert doc.problems == ()
    assert doc.data == {"x-notes": {"<<": 1}}


def test_aliases_without_tags_are_fine() -> None:
    doc = yaml_doc("channels: &c [email, chat]\nx-copy: *c\n")
    assert doc.problems == ()
    assert doc.data == {"channels": ["email", "chat"], "x-copy": ["email", "chat"]}


# --------------------------------------------------------------------------- locate()

LOCATE_TEXT = """\
manifest: ctlint/v1
id: zendesk
requests:
  appeal:
    decision_days: 60
  channels: [web_form, email]
notice:
  privacy_notice_url: "https://example.com/privacy"
data:
  categories:
    - key: user.name
      purpose: Address the requester.
"""


@pytest.mark.parametrize(
    ("pointer", "span"),
    [
        pytest.param("/id", Span(2, 5, 2, 12), id="scalar-value"),
        pytest.param("/requests/appeal/decision_days", Span(5, 20, 5, 22), id="nested-scalar"),
        pytest.param("/notice/privacy_notice_url", Span(8, 23, 8, 52), id="quoted-scalar"),
        pytest.param("/requests/channels/1", Span(6, 24, 6, 29), id="list-item"),
        pytest.param("/data/categories/0/key", Span(11, 12, 11, 21), id="scalar-in-list-item"),
        pytest.param("/requests", Span(3, 1, 3, 9), id="mapping-is-its-key"),
        pytest.param("/requests/channels", Span(6, 3, 6, 11), id="list-is-its-key"),
        pytest.param("/requests/appeal/url", Span(4, 3, 4, 9), id="missing-field-parent-key"),
        pytest.param("/requests/appeal/url/deeper", Span(4, 3, 4, 9), id="missing-deeper"),
        pytest.param("/requests/channels/7", Span(6, 3, 6, 11), id="missing-list-index"),
        pytest.param("/consent/sensitive_data/mechanism", Span(1, 1, 1, 1), id="nothing-on-path"),
        pytest.param("", Span(1, 1, 1, 1), id="root-pointer"),
        pytest.param(None, Span(1, 1, 1, 1), id="no-pointer"),
    ],
)
def test_locate(pointer: str | None, span: Span) -> None:
    doc = yaml_doc(LOCATE_TEXT)
    assert doc.problems == ()
    assert locate(doc.node, pointer) == span


def test_locate_without_node() -> None:
    assert locate(None, "/id") == Span(1, 1, 1, 1)


def test_locate_escaped_pointer_segments() -> None:
    doc = yaml_doc("x-a/b:\n  x-c~d: 1\n")
    assert locate(doc.node, "/x-a~1b/x-c~0d") == Span(2, 10, 2, 11)


def test_locate_after_utf8_bom() -> None:
    doc = load_bytes(b"\xef\xbb\xbfid: x\nname: y\n", is_json=False, limits=LIMITS)
    assert locate(doc.node, "/name") == Span(2, 7, 2, 8)


class _ShrunkStat:
    """``os.stat`` that reports 10 bytes for a regular file, as if it grew after the stat."""

    def __init__(self, real):
        self.real = real

    def __call__(self, path, *args, **kwargs):
        import os as _os

        result = self.real(path, *args, **kwargs)
        values = list(result)
        values[6] = 10  # st_size
        return _os.stat_result(values)


@pytest.mark.parametrize(
    ("size", "limit", "whole"), [(5_000, 1_000_000, True), (5_000, 2_000, False)]
)
def test_a_file_that_grew_after_the_stat_is_read_to_the_limit(
    tmp_path, monkeypatch, size, limit, whole
):
    from ctlint.document import source

    path = tmp_path / "grown.yaml"
    path.write_bytes(b"a" * size)
    monkeypatch.setattr(source.os, "stat", _ShrunkStat(source.os.stat))
    raw, problem = source.read_file(str(path), source.Limits(max_file_bytes=limit))
    if whole:
        assert problem is None
        assert raw == b"a" * size
    else:
        assert raw is None
        assert problem is not None
        assert problem.rule == "CTL003"
