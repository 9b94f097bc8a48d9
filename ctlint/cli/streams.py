"""The standard streams and signals while the CLI runs.

:func:`guarded_streams` puts ``sys.stdout`` and ``sys.stderr`` behind :class:`GuardedStream`
(nothing reaches the terminal raw; a failed write to stdout is :class:`OutputError`, exit 2);
:func:`termination_signals` turns SIGTERM and SIGHUP into :class:`Terminated`, so the run unwinds
(and removes its temporary files) as on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO, cast

from ctlint.errors import CtlintError
from ctlint.util.text import terminal

if TYPE_CHECKING:
    from types import FrameType


class OutputError(CtlintError):
    """Standard output cannot be written: closed, full, or an I/O error (exit 2)."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so that temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class GuardedStream:
    """What the CLI writes to: one of the standard streams behind :func:`terminal` (nothing
    from a repository, a policy pack or the configuration reaches the terminal raw, whatever
    path printed it), characters the stream cannot encode written as backslash escapes
    (``PYTHONIOENCODING=ascii``), and a write that fails (closed, full disk, I/O error) turned
    into :class:`OutputError` for stdout and dropped for stderr. It has no ``buffer``, so Click
    writes through it too."""

    def __init__(self, stream: TextIO | None, name: str, *, required: bool) -> None:
        self._stream = stream
        self.name = f"<{name}>"
        self._required = required
        self._failure: str | None = None if stream is not None else "it is closed"

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return "backslashreplace"

    @property
    def closed(self) -> bool:
        return False

    def isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._stream is None:
            import io

            raise io.UnsupportedOperation("fileno")
        return self._stream.fileno()

    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        if self._stream is None or self._failure is not None:
            self._fail(None)
            return len(text)
        safe = terminal(text)
        try:
            try:
                self._stream.write(safe)
            except UnicodeEncodeError:
                encoding = self.encoding
                self._stream.write(safe.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise
        except (OSError, ValueError, LookupError) as exc:
            self._fail(exc)
        return len(text)

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is None or self._failure is not None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException | None) -> None:
        if exc is not None and self._failure is None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._failure = reason or type(exc).__name__
            silence(self._stream)
        if self._required:
            raise OutputError(f"cannot write to standard output: {self._failure}")


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr behind :class:`GuardedStream` while the CLI runs."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, GuardedStream(stdout, "stdout", required=True))
    if stderr is not None:
        sys.stderr = cast(TextIO, GuardedStream(stderr, "stderr", required=False))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


@contextlib.contextmanager
def termination_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` while the CLI runs (where they would
    kill the process at once: a signal that is ignored stays ignored), so the run unwinds and
    exits 128 + the signal number; a repeat while it unwinds is ignored."""
    import signal

    def handler(signum: int, _frame: FrameType | None) -> None:
        signal.signal(signum, signal.SIG_IGN)  # let the cleanup run
        raise Terminated(signum)

    installed: list[int] = []
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, handler)
                installed.append(signum)
        except ValueError:  # not the main thread: leave the signals alone
            break
    try:
        yield
    finally:
        for signum in installed:
            signal.signal(signum, signal.SIG_DFL)


def silence(stream: TextIO | None) -> None:
    """Point a failed standard stream's descriptor at devnull, so that the interpreter's final
    flush of what is still buffered is quiet."""
    try:
        fileno = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):  # not a file (a test's capture)
        return
    if fileno < 0:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)
    except OSError:  # pragma: no cover - no devnull
        pass


def silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    stream = sys.stdout
    silence(getattr(stream, "_stream", stream))
