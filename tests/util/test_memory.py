"""ctlint.util.memory: no full collection while kept data grows, then frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ctlint.util.memory import NO_FULL_COLLECTION, long_lived


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_inside_no_full_collection_then_frozen_and_restored() -> None:
    young, middle, full = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with long_lived():
        assert gc.get_threshold() == (young, middle, NO_FULL_COLLECTION)
        kept = [[i] for i in range(1000)]
    assert gc.get_threshold() == (young, middle, full)
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyError), long_lived():
        raise KeyError("x")
    assert gc.get_threshold() == before


def test_inactive_changes_nothing() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with long_lived(False):
        assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
