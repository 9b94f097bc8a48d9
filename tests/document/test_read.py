"""ctlint.document.read: bounded reads and UTF-8 (manifest.md "Reading rules", rules.md CTL001
and CTL003)."""

from __future__ import annotations

from typing import Any

import pytest

from ctlint.document.parse import Document, load_bytes, load_path
from ctlint.document.positions import locate
from ctlint.document.read import Limits, wide_lines

LIMITS = Limits()


def only_problem(doc: Document) -> Any:
    assert len(doc.problems) == 1, doc.problems
    return doc.problems[0]


def test_utf8_bom_is_accepted() -> None:
    doc = load_bytes(b"\xef\xbb\xbfid: zendesk\n", is_json=False, limits=LIMITS)
    assert doc.problems == ()
    assert doc.data == {"id": "zendesk"}


def test_not_utf8_names_the_byte() -> None:
    problem = only_problem(load_bytes(b"id: x\nname: \xe9\n", is_json=False, limits=LIMITS))
    assert "0xe9" in problem.message
    assert (problem.span.line, problem.span.column) == (2, 7)


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
    from ctlint.document import read

    path = tmp_path / "grown.yaml"
    path.write_bytes(b"a" * size)
    monkeypatch.setattr(read.os, "stat", _ShrunkStat(read.os.stat))
    raw, problem = read.read_file(str(path), read.Limits(max_file_bytes=limit))
    if whole:
        assert problem is None
        assert raw == b"a" * size
    else:
        assert raw is None
        assert problem is not None
        assert problem.rule == "CTL003"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(b"a: 1\nb: \xc3\xa9\xe4\xb8\xad\n", {}, id="bmp-only"),
        pytest.param("a: 1\nb: 😀 x\n".encode(), {2: "b: 😀 x"}, id="lf"),
        pytest.param("a: 1\r\nb: 2\r\nc: 🎉\r\n".encode(), {3: "c: 🎉"}, id="crlf"),
        pytest.param("a: 1\rb: 🎉".encode(), {2: "b: 🎉"}, id="cr"),
        pytest.param("a: 1\u2028b: 2\x85c: 😀".encode(), {3: "c: 😀"}, id="yaml-breaks"),
        pytest.param(b"\xef\xbb\xbf" + "x: 😀\n".encode(), {1: "x: 😀"}, id="bom"),
        pytest.param(b"\xf0\x9f\x98\x80 \xff", {}, id="not-utf8"),
    ],
)
def test_wide_lines_are_counted_as_the_yaml_reader_counts_lines(
    raw: bytes, expected: dict[int, str]
) -> None:
    assert wide_lines(raw) == expected
    if expected:  # the same line numbers as the positions of findings
        [(line, text)] = expected.items()
        doc = load_bytes(raw, is_json=False, limits=Limits())
        assert locate(doc.node, "/" + text.split(":")[0]).line == line
