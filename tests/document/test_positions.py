"""ctlint.document.positions: where a finding points (locate, JSON Pointers)."""

from __future__ import annotations

import pytest

from ctlint.document.parse import Document, load_bytes, load_text
from ctlint.document.positions import locate
from ctlint.document.read import Limits
from ctlint.model.findings import Span

LIMITS = Limits()


def yaml_doc(text: str, *, limits: Limits = LIMITS) -> Document:
    return load_text(text, is_json=False, limits=limits)


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
