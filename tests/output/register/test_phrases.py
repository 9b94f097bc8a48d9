"""ctlint.output.register.phrases: the CSV cell both CSV outputs (register, due) write."""

from __future__ import annotations

import pytest

from ctlint.output.register.phrases import csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("  +1", "'  +1"),
        ("\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"),  # any leading whitespace, not only spaces
        ("-cmd", "'-cmd"),
        ("a\tb\r\nc", "a b c"),  # one line
        ("plain", "plain"),
        (-3, "-3"),  # a number stays a number
        (0, "0"),
        (True, "True"),
        (None, ""),
    ],
)
def test_a_csv_cell_is_one_line_and_never_a_formula(value: object, cell: str) -> None:
    assert csv_cell(value) == cell
