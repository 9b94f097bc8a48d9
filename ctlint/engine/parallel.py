"""``--jobs``: run chunks of work in worker processes, and stop them cleanly.

Generic over the work (the pipeline passes its chunk function and worker initializer, both
module-level so that they pickle by name). What it guarantees: results come back in chunk
order; Ctrl-C, SIGTERM or SIGHUP in the parent terminates the workers at once and re-raises
(the CLI exits 130, 143, 129); a worker that dies (SIGKILL from the out-of-memory killer, a
crash), even in the middle of sending a result, ends the run within a fraction of a second
with :class:`WorkerError` (exit 3), where ``multiprocessing.Pool`` would wait for its lost
chunk forever. Imported only when a run uses more than one job.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from ctlint.errors import CtlintError

J = TypeVar("J")
R = TypeVar("R")

#: Workers are forked on Linux (they inherit what the parent prepared), spawned elsewhere.
FORK = sys.platform.startswith("linux")


class WorkerError(CtlintError):
    """A ``--jobs`` worker process died (killed by a signal such as the out-of-memory
    killer's SIGKILL, or crashed): the run cannot finish, so it stops at once (exit 3)."""

    exit_code = 3


def worker_signals() -> None:
    """In each worker, first: leave Ctrl-C to the parent (which stops the pool), and let
    SIGTERM and SIGHUP end the worker at once (the parent's handlers, inherited by fork,
    would unwind it instead)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    held = {signal.SIGINT}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
            held.add(number)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _held_signals() -> set[int]:
    import signal

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return {getattr(signal, n) for n in names if hasattr(signal, n)}


def _start_pool(
    context: Any,
    jobs: int,
    function: Callable[[Sequence[J]], list[R]],
    chunks: Sequence[Sequence[J]],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> tuple[ProcessPoolExecutor, list[Future[list[R]]]]:
    """Start the workers (forked at the first submit) with SIGINT, SIGTERM and SIGHUP
    blocked from their first instant (they inherit the mask, then set their own handlers and
    unblock them in :func:`_worker_init`), so a Ctrl-C that lands while they start prints no
    worker traceback; in the parent such a signal stays pending and is raised as soon as the
    pool exists, which then stops the workers."""
    import signal
    import threading
    from concurrent.futures import ProcessPoolExecutor

    def start() -> tuple[ProcessPoolExecutor, list[Future[list[R]]]]:
        executor = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=initializer, initargs=initargs
        )
        try:
            return executor, [executor.submit(function, chunk) for chunk in chunks]
        except BaseException:
            _stop_pool(executor)
            raise

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):
        return start()
    held = _held_signals()
    signal.pthread_sigmask(signal.SIG_BLOCK, held)  # held, not lost: see below
    try:
        executor, futures = start()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
        raise
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)  # a held Ctrl-C lands here
    except BaseException:
        _stop_pool(executor)
        raise
    return executor, futures


def _stop_pool(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, SIGTERM, a dead worker): cancel what has not started and
    terminate the processes, which do not wait for their current chunk."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)  # shutdown() forgets it
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
    # A worker terminated in the middle of sending a result leaves the pool's own thread
    # blocked reading the rest of that message: the parent holds the pipe's other end too,
    # so no end of file ever comes. Closing the parent's copy gives it one, and the thread
    # then sees the broken pool and ends (without this, a Ctrl-C could hang at exit).
    writer = getattr(results, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    # The pool's own thread notices the dead workers and closes its pipes; it must be done
    # before the interpreter's exit handler writes to them (a race in concurrent.futures).
    if manager is not None:
        manager.join(10)


def _death(processes: Sequence[Any]) -> str:
    """How a worker died, from the exit codes of the pool's processes."""
    import signal

    codes = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
    # the pool terminates the others (SIGTERM) once one has died: name the first cause
    codes.sort(key=lambda code: code == -signal.SIGTERM)
    if not codes:
        return "it stopped unexpectedly"
    code = codes[0]
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = ", as the out-of-memory killer does" if -code == signal.SIGKILL else ""
        return f"it was killed by {name}{why}"
    return f"it exited with status {code}"


def _outcome(future: Future[list[R]], executor: ProcessPoolExecutor) -> list[R]:
    """The chunk's results, waiting for them while watching the workers.

    ``concurrent.futures`` notices a dead worker by itself, except when the worker was killed
    in the middle of sending a result: its own thread then blocks for good reading the rest
    of that message, and the future never completes. So the wait is in slices, and a worker
    that has exited while the pool still runs counts as a broken pool."""
    from concurrent.futures import TimeoutError as Pending
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.2)
        except Pending:
            processes = (getattr(executor, "_processes", None) or {}).values()
            if any(process.exitcode is not None for process in list(processes)):
                raise BrokenProcessPool("a worker process exited") from None


def map_chunks(
    function: Callable[[Sequence[J]], list[R]],
    chunks: Sequence[Sequence[J]],
    *,
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """``function`` over every chunk in ``jobs`` worker processes (each first runs
    ``initializer(*initargs)``, which must call :func:`worker_signals`); the results of all
    chunks, in order."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork" if FORK else "spawn")
    executor, futures = _start_pool(context, jobs, function, chunks, initializer, initargs)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    results: list[R] = []
    try:
        for future in futures:
            results.extend(_outcome(future, executor))
    except BrokenProcessPool:
        _stop_pool(executor)
        raise WorkerError(
            f"a --jobs worker process died ({_death(processes)}); the run was stopped: run "
            "again, with fewer --jobs if memory is short"
        ) from None
    except BaseException:
        _stop_pool(executor)
        raise
    executor.shutdown(wait=True)
    return results
