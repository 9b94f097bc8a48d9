"""ctlint.document.build: YAML 1.2 core schema values and what a manifest may not contain
(manifest.md "Reading rules", rules.md CTL002 and CTL004)."""

from __future__ import annotations

from typing import Any

import pytest

from ctlint.document.parse import Document, load_text
from ctlint.document.read import Limits

LIMITS = Limits()


def yaml_doc(text: str, *, limits: Limits = LIMITS) -> Document:
    return load_text(text, is_json=False, limits=limits)


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
