"""``--jobs``: the worker pool of the pipeline, and how it ends when a worker dies."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import signal
import struct
import sys
from pathlib import Path
from typing import Any

import pytest
from support import deadline, many_manifests

from ctlint.config import load_settings
from ctlint.engine import parallel, pipeline

fork_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the workers are forked only on Linux"
)

#: The pool the test's run starts; the forked workers inherit it.
POOLS: list[Any] = []


class _Recorded(concurrent.futures.ProcessPoolExecutor):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        POOLS.append(self)


def _die_while_sending(jobs: Any) -> list[Any]:
    """In a worker: start a result message (a header announcing 1,000 bytes, then 10), and be
    killed before the rest, as the out-of-memory killer can do."""
    writer = POOLS[-1]._result_queue._writer
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"0123456789")
    os.kill(os.getpid(), signal.SIGKILL)
    return []


@fork_only
def test_a_worker_killed_in_the_middle_of_a_result_ends_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's own thread then waits for the rest of that message for good and never marks
    the pool broken; the run must still end at once with the worker error (exit 3)."""
    root = many_manifests(tmp_path / "repo", 80)
    settings = load_settings(cwd=str(root))
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Recorded)
    monkeypatch.setattr(pipeline, "_worker_chunk", _die_while_sending)
    with deadline(20), pytest.raises(parallel.WorkerError) as caught:
        pipeline.run(settings, jobs=2)
    assert "killed by SIGKILL" in str(caught.value)
    assert caught.value.exit_code == 3
    assert multiprocessing.active_children() == []


@fork_only
def test_a_run_with_jobs_gives_what_a_run_without_gives(tmp_path: Path) -> None:
    root = many_manifests(tmp_path / "repo", 80)
    (root / "vendors" / "v00003.yaml").write_text("vendor: {id: v00003}\n")
    settings = load_settings(cwd=str(root))
    alone = pipeline.run(settings, jobs=1)
    shared = pipeline.run(settings, jobs=2)
    assert alone.findings
    assert alone.findings == shared.findings
