"""ctlint.util.suggest: the nearest rule id (the spelling matcher itself is tested against
difflib in tests/engine/test_schema.py)."""

from __future__ import annotations

import pytest

from ctlint.util.suggest import nearest_rule

IDS = ("CTDPA-001", "CTDPA-010", "CTDPA-013", "CTDPA-099", "CT-PDA-011", "CTL101")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("CTDPA-01", "CTDPA-001"),  # the number written with three digits
        ("ctdpa-99", "CTDPA-099"),
        ("CTDPA99", "CTDPA-099"),
        ("CTPDA-013", "CTDPA-013"),  # the closest spelling
        ("CT-PDA-11", "CT-PDA-011"),
        ("CTDPA-0133", "CTDPA-013"),  # not a short number: the closest spelling
        ("NOTHING", None),
    ],
)
def test_nearest_rule(word: str, expected: str | None) -> None:
    assert nearest_rule(word, IDS) == expected
