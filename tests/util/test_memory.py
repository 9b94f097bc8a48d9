"""ctlint.util.memory: no collection while kept data grows, then frozen; and a run makes no
reference cycles, so turning the collector off frees nothing less."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctlint.config import load_settings
from ctlint.engine import pipeline
from ctlint.output import register
from ctlint.util.memory import frozen, long_lived

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_inside_no_collection_then_frozen_and_on_again() -> None:
    frozen = gc.get_freeze_count()
    with long_lived():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(KeyError), long_lived():
        raise KeyError("x")
    assert gc.isenabled()


def test_without_keep_no_collection_inside_and_nothing_frozen() -> None:
    frozen = gc.get_freeze_count()
    with long_lived(False):
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize("example", ["private-business", "state-agency"])
def test_a_kept_run_and_its_register_make_no_reference_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    root = tmp_path / example
    shutil.copytree(EXAMPLES / example, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    settings = load_settings(cwd=str(root))
    gc.collect()
    gc.disable()
    report = pipeline.run(settings, (), keep=True)
    register.build(report)
    assert gc.collect() == 0
    pipeline.run(settings, ())  # a check run too (it runs with the collector off)
    assert gc.collect() == 0


def test_frozen_freezes_inside_and_gives_back_after() -> None:
    gc.unfreeze()
    with frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(KeyError), frozen():
        raise KeyError("x")
    assert gc.get_freeze_count() == 0
