"""The HTML register's escaping by construction (ctlint/output/register/as_html.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from ctlint.output.register import as_html

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
