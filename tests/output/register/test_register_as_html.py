"""The HTML register's escaping by construction (ctlint/output/register/as_html.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from ctlint.model.findings import Citation
from ctlint.output.register import as_html
from ctlint.output.register.phrases import one_line

TEMPLATE = Path(as_html.TEMPLATES) / "register.html.j2"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        ("", "—"),
        (0, "0"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("it's", "it&#x27;s"),
        ("a\nb\r\nc\td", "a b c d"),
        ("\u202eevil", None),
    ],
)
def test_every_value_is_escaped_on_one_line(value: object, shown: str | None) -> None:
    out = as_html.escaped(value)
    assert isinstance(out, Markup)
    if shown is not None:
        assert str(out) == shown
    else:  # a bidi control is made visible, never passed through
        assert "\u202e" not in out


def test_markup_from_the_template_passes_unchanged() -> None:
    fragment = Markup("<code>CTL101</code>")
    assert as_html.escaped(fragment) is fragment
    assert as_html.escaped(Markup("")) == ""


def test_the_template_has_no_way_around_the_escaping() -> None:
    """No ``|safe``, no ``Markup`` and no ``{% autoescape false %}``: the only unescaped
    output is macro output and the package's own stylesheet."""
    text = TEMPLATE.read_text("utf-8")
    assert not re.search(r"\|\s*safe\b", text)
    assert "autoescape" not in text.replace("autoescape on", "")
    assert "Markup" not in text
    assert "|e" not in text  # nothing escaped by hand, so nothing can be forgotten


def test_a_mistyped_name_in_the_template_fails_loudly() -> None:
    """StrictUndefined: a field that does not exist is an error, not an empty cell."""
    environment = as_html.template().environment
    with pytest.raises(Exception, match="nope"):
        environment.from_string("{{ nope }}").render()


@given(st.text(max_size=40))
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
def test_the_printable_ascii_shortcut_changes_nothing(text: str) -> None:
    """:func:`as_html.escaped` skips the one-line pass for printable ASCII: the same result."""
    slow = Markup(html.escape(one_line(text), quote=True)) if text else Markup("—")
    assert as_html.escaped(text) == slow


def _citation(**changes: str) -> Citation:
    values = {
        "law": "Conn. Gen. Stat.",
        "section": "§ 42-520",
        "title": "Consumer rights",
        "url": "https://www.cga.ct.gov/current/pub/chap_743jj.htm",
        "status": "verified",
    }
    values.update(changes)
    return Citation(**values)


def test_law_links_https_only_and_marks_the_status() -> None:
    shown = as_html.law(
        [
            _citation(),
            _citation(url="javascript:alert(1)", section="<b>x</b>", status="unverified"),
            _citation(status="declared"),
        ]
    )
    assert str(shown) == (
        '<a href="https://www.cga.ct.gov/current/pub/chap_743jj.htm" rel="noopener noreferrer">'
        "Conn. Gen. Stat. § 42-520</a> (verified)<br>Conn. Gen. Stat. &lt;b&gt;x&lt;/b&gt; "
        '(<strong>unverified</strong>)<br><a href="https://www.cga.ct.gov/current/pub/'
        'chap_743jj.htm" rel="noopener noreferrer">Conn. Gen. Stat. § 42-520</a> '
        '(<strong>declared</strong>) <span class="small"> — named by the organization&#x27;s '
        "configuration, not checked by ctlint</span>"
    )
    assert as_html.law([]) == "—"


def test_codes_and_tags() -> None:
    assert str(as_html.codes(["CTL101", "<x>"])) == "<code>CTL101</code> <code>&lt;x&gt;</code>"
    assert as_html.codes([]) == ""
    assert str(as_html.tags(["a&b"])) == '<span class="tag">a&amp;b</span>'
    assert as_html.tags([]) == "—"
