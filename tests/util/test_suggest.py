"""ctlint.util.suggest: the nearest rule id, and the spelling matcher against difflib."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctlint.engine.schema import manifest_schema
from ctlint.util.suggest import closest, nearest_rule

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


@given(
    word=st.text(alphabet="abcdeilnorstu._", max_size=12),
    options=st.lists(st.text(alphabet="abcdeilnorstu._", max_size=12), max_size=12),
)
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
def test_closest_is_difflibs_match(word: str, options: list[str]) -> None:
    expected = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    assert closest(word, tuple(options)) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    ("word", "options"),
    [
        pytest.param("abc", ["acb", "xbc"], id="tie-greater-option-with-a-lower-bound"),
        pytest.param("abc", ["xbc", "acb"], id="tie-other-order"),
        pytest.param("abc", ["abd", "abe", "abd"], id="tie-equal-bounds"),
        pytest.param("abc", [], id="no-options"),
        pytest.param("", ["", "a"], id="empty-word"),
        pytest.param("status", ["statuses", "stats", "state"], id="plain"),
    ],
)
def test_closest_ties_and_corners_are_difflibs(word: str, options: list[str]) -> None:
    expected = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    assert closest(word, tuple(options)) == (expected[0] if expected else None)


@pytest.mark.parametrize("kind", ["data_category", "data_use", "data_subject"])
def test_closest_on_the_taxonomy_is_difflibs_match(kind: str) -> None:
    options = manifest_schema()["$defs"][kind]["enum"]
    words = [w[:cut] + extra for w in options for cut, extra in ((-1, ""), (-3, "x"), (4, "_"))]
    for word in words:
        expected = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
        assert closest(word, tuple(options)) == (expected[0] if expected else None), word
