"""Signals around one file replacement (:mod:`ctlint.util.writing`): Ctrl-C and termination
signals are held while the temporary file is created, and a termination signal with its
default action is turned into an exception for the duration of the write, so that the
temporary file is removed before the process ends as it would have."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

_HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def hold_signals() -> set[int] | None:
    """Block Ctrl-C and termination signals (they stay pending); the previous mask, or None
    where signals cannot be blocked."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS))


def release_signals(previous: set[int] | None) -> None:
    """Restore the mask :func:`hold_signals` replaced; a pending signal is delivered now."""
    if previous is None:
        return
    signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Signalled(BaseException):
    """A termination signal with its default action, raised for the duration of a write."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_signalled(signum: int, _frame: FrameType | None) -> None:
    raise _Signalled(signum)


def termination_unwinds(work: Callable[[], None]) -> None:
    """Run ``work`` with SIGTERM and SIGHUP, where their action is the default (the process
    would end at once, leaving the temporary file), raising :class:`_Signalled` instead; once the
    temporary file is gone the signal is delivered again with its default action, so the process
    ends as it would have. A handler the program installed (the CLI's) is left alone."""
    installed: list[int] = []
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None or signal.getsignal(signum) != signal.SIG_DFL:
            continue
        try:
            signal.signal(signum, _raise_signalled)
        except ValueError:  # not the main thread: signals stay as they are
            break
        installed.append(signum)
    try:
        try:
            work()
        finally:
            _restore_default(installed)
    except _Signalled as exc:
        while True:
            try:
                _restore_default(installed)
                break
            except _Signalled:  # the same signal again, before the default was back
                continue
        os.kill(os.getpid(), exc.signum)  # the default action: the process ends here
        raise  # pragma: no cover - only if the signal is blocked


def _restore_default(installed: list[int]) -> None:
    while installed:
        signal.signal(installed[-1], signal.SIG_DFL)  # a pending signal raises before the change
        installed.pop()
