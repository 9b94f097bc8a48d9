"""Writing the files ctlint is asked to write: reports, the register, the baseline, and what
``init`` and ``new`` scaffold.

Rules every write follows:

- what exists and is not a regular file is never replaced. A character device (``/dev/null``,
  a terminal) is written in place; the run's own standard output or error, under any name
  (``/dev/stdout``, ``/proc/self/fd/1``, a pipe or a file behind it), is written through the
  stream; a FIFO, socket, folder or block device is refused (exit 2);
- a regular file is replaced atomically: a temporary file in the same folder, fsync, rename.
  An existing file keeps its permissions (and, for root, its owner); a final symbolic link is
  replaced, never written through. No temporary file is left behind, whatever interrupts the
  write: Ctrl-C, SIGTERM or SIGHUP (signals are held while the temporary file is created, and a
  termination signal with its default action is turned into an exception for the duration of
  the write, then delivered again: :mod:`ctlint.util.signals`), or any error;
- nothing is written under a ``.git`` folder, links resolved;
- an output never replaces an input of the run (:func:`refuse_to_overwrite_inputs`), compared
  by device and inode, so that links and other spellings are caught;
- with ``root`` (``init``, ``new``), the folder written to must resolve inside the root;
- every mistake (a folder, a full disk, a read-only or forbidden folder, a parent that is a
  file, an empty path) is a :class:`WriteError`: one line and exit 2.

The happy path costs one ``lstat`` per output (two for a link), plus one ``realpath`` of the
output's folder; inputs are stat'ed only when an output already exists as a regular file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import stat
import sys
from collections.abc import Callable, Sequence

from ctlint.errors import CtlintError
from ctlint.util.text import terminal

#: Temporary files are ``.ctlint-XXXXXXXX.tmp`` in the target's folder.
TEMP_PREFIX = ".ctlint-"
TEMP_SUFFIX = ".tmp"

#: What a destination is: a file to create or replace, a device or stream written in place.
NEW, FILE, DEVICE, STDOUT, STDERR = "new", "file", "device", "stdout", "stderr"

_REFUSED_KINDS = (
    (stat.S_ISDIR, "a folder", "name a file inside it"),
    (stat.S_ISFIFO, "a named pipe (FIFO)", None),
    (stat.S_ISSOCK, "a socket", None),
    (stat.S_ISBLK, "a block device", None),
)
_NOT_REGULAR_FIX = (
    "ctlint writes regular files and character devices such as /dev/null; name a regular "
    "file, or leave out the path to write to standard output"
)


class WriteError(CtlintError):
    """A file cannot be written, or must not be: one line on stderr, exit 2."""


@dataclasses.dataclass(frozen=True, slots=True)
class Destination:
    """Where one output goes, decided before anything is written."""

    path: str
    kind: str
    #: the file that is there (links followed), for FILE and DEVICE
    found: os.stat_result | None = None
    #: the final component is a symbolic link (replaced, never written through)
    link: bool = False
    #: the real folder and name, for telling two spellings of one new file apart
    real: str = ""

    @property
    def identity(self) -> tuple[int, int] | None:
        """Device and inode of the existing file (links followed), else None."""
        if self.found is None:
            return None
        return self.found.st_dev, self.found.st_ino


# --------------------------------------------------------------------------- messages


def shown(path: str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    if not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive (Windows)
        return path
    return path if rel == ".." or rel.startswith(".." + os.sep) else rel


def _problem(exc: OSError, *, device: bool = False) -> str:
    """What went wrong, in words, with the fix."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you can write to, or change its permissions"
    if code == errno.EROFS:
        return "the file system is read-only; choose another folder"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        if device:
            return "no space left on the device"
        return "no space left on the device (an existing file is kept); free some space or choose another folder"
    if code == errno.EFBIG:
        return "the file is too large for the file system or the process's file size limit (an existing file is kept)"
    if code == errno.ENAMETOOLONG:
        return "the name is too long"
    if code == errno.ELOOP:
        return "too many levels of symbolic links"
    if code == errno.ENXIO:
        return "nothing is reading from it"
    if code == errno.EISDIR:
        return "it is a folder; name a file inside it"
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _failed(path: str, exc: OSError, *, device: bool = False) -> WriteError:
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(path)
        if blocker is not None:
            return WriteError(
                f"cannot write {shown(path)}: {shown(blocker)} is not a folder; choose another path"
            )
    return WriteError(f"cannot write {shown(path)}: {_problem(exc, device=device)}")


def _file_in_the_way(path: str) -> str | None:
    """The nearest existing ancestor of ``path`` that is not a folder, if any."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.lexists(folder):
            return None if os.path.isdir(folder) else folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# --------------------------------------------------------------------------- where


def _is_git(name: str) -> bool:
    return os.path.normcase(name).casefold() == ".git"


def _stream_identities() -> dict[tuple[int, int], str]:
    """Device and inode of this process's standard output and error (which may be a pipe, a
    terminal, a socket or a file), so that ``/dev/stdout`` and its kin are written through the
    stream instead of being replaced."""
    found: dict[tuple[int, int], str] = {}
    for fd, kind in ((2, STDERR), (1, STDOUT)):  # stdout wins when both are one file
        try:
            st = os.fstat(fd)
        except (OSError, ValueError):
            continue
        found[(st.st_dev, st.st_ino)] = kind
    return found


def inspect(path: str, *, root: str | None = None) -> Destination:
    """Decide how ``path`` will be written, or raise :class:`WriteError` (nothing is written).

    ``root``: the path is written by ``init``/``new`` inside this repository root: its folder
    must resolve inside the root, and a final link is replaced without looking where it leads.
    """
    if not path:
        raise WriteError("cannot write to an empty path; name a file")
    if "\x00" in path:
        raise WriteError(f"cannot write {path!r}: the path contains a NUL character")
    name = os.path.basename(path)
    if path.endswith(("/", os.sep)) or name in (".", ".."):
        raise WriteError(f"cannot write {path}: it names a folder; name a file inside it")
    try:
        found: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise _failed(path, exc) from None
    link = found is not None and stat.S_ISLNK(found.st_mode)
    if link and root is None:
        try:
            found = os.stat(path)
        except FileNotFoundError:  # a dangling link: replaced by the new file
            found = None
        except OSError as exc:
            raise _failed(path, exc) from None

    # the folder as the kernel resolves it: `link/..` is the parent of the link's target (abspath
    # would drop `link/..` unresolved, and `sub/../hooks/x` with `sub -> .git/x` reach .git)
    real_folder = os.path.realpath(os.path.dirname(path) or os.curdir)
    if _is_git(name) or any(_is_git(part) for part in real_folder.split(os.sep)):
        raise WriteError(
            f"cannot write {shown(path)}: it is inside .git, which holds git's own files and "
            "hooks; choose another path"
        )
    if root is not None:
        real_root = os.path.realpath(root)
        if real_folder != real_root and not real_folder.startswith(
            real_root.rstrip(os.sep) + os.sep
        ):
            raise WriteError(
                f"cannot write {shown(path)}: its folder leads outside the repository root "
                f"(to {real_folder}, through a symbolic link); remove the link or make it a folder"
            )
    real = os.path.join(real_folder, name)

    if found is None:
        return Destination(path, NEW, None, link, real)
    mode = found.st_mode
    if link and root is not None:  # init/new: the link itself is replaced
        return Destination(path, NEW, None, True, real)
    if stat.S_ISREG(mode):
        kind = _stream_identities().get((found.st_dev, found.st_ino)) if link else None
        return Destination(path, kind or FILE, found, link, real)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        kind = _stream_identities().get((found.st_dev, found.st_ino))
        if kind is not None:
            return Destination(path, kind, found, link, real)
        if stat.S_ISCHR(mode):
            return Destination(path, DEVICE, found, link, real)
    for test, what, fix in _REFUSED_KINDS:
        if test(mode):
            raise WriteError(f"cannot write {shown(path)}: it is {what}; {fix or _NOT_REGULAR_FIX}")
    raise WriteError(
        f"cannot write {shown(path)}: it is not a regular file; {_NOT_REGULAR_FIX}"
    )  # pragma: no cover - doors, whiteouts


# --------------------------------------------------------------------------- writing


def write_atomic(path: str, text: str, *, root: str | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` following the rules of this module."""
    write(inspect(path, root=root), text)


def write(destination: Destination, text: str) -> None:
    """Write ``text`` to a destination :func:`inspect` decided."""
    data = text.encode("utf-8")  # a name that is not UTF-8 fails here, before any file exists
    if destination.kind in (STDOUT, STDERR):
        _write_stream(destination, text)
    elif destination.kind == DEVICE:
        _write_device(destination, data)
    else:
        _write_replacing(destination, data)


def _write_stream(destination: Destination, text: str) -> None:
    stream = sys.stdout if destination.kind == STDOUT else sys.stderr
    if stream is None:
        raise WriteError(f"cannot write {shown(destination.path)}: the stream is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _failed(destination.path, exc, device=True) from None


def _write_device(destination: Destination, data: bytes) -> None:
    """A character device, opened and written in place: never truncated, created or renamed."""
    path = destination.path
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    nonblock = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in meanwhile cannot hang the open
    try:
        fd = os.open(path, flags | nonblock)
    except OSError as exc:
        raise _failed(path, exc, device=True) from None
    try:
        found = os.fstat(fd)
        expected = destination.found
        if not stat.S_ISCHR(found.st_mode) or (
            expected is not None and found.st_rdev != expected.st_rdev
        ):
            raise WriteError(
                f"cannot write {shown(path)}: it changed while it was being opened; run again"
            )
        if nonblock:
            import fcntl

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~nonblock)
        if os.isatty(fd):
            data = terminal(data.decode("utf-8")).encode("utf-8")
        _write_all(fd, data)
    except OSError as exc:
        raise _failed(path, exc, device=True) from None
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_replacing(destination: Destination, data: bytes) -> None:
    from ctlint.util.signals import termination_unwinds  # lazy: only a replaced file needs it

    path = destination.path
    folder = os.path.dirname(path) or os.curdir  # not normalized: resolved as the rename will be
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise _failed(path, exc) from None
    folder = os.path.dirname(destination.real) or os.path.realpath(folder)  # where inspect looked
    found = destination.found
    if found is not None:
        mode = found.st_mode & 0o777  # keep an existing file's permissions
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # a new file gets what the user's umask allows
    owner = None
    if found is not None and (found.st_uid, found.st_gid) != (0, 0) and _is_root():
        owner = (found.st_uid, found.st_gid)  # root replacing a user's file keeps its owner
    try:
        termination_unwinds(lambda: _replace(path, folder, data, mode, owner))
    except OSError as exc:
        raise _failed(path, exc) from None


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _replace(path: str, folder: str, data: bytes, mode: int, owner: tuple[int, int] | None) -> None:
    """The temporary file, written, synced and renamed over ``path``; removed on any failure.
    Signals are held from before ``mkstemp`` until its result is in hand, so that no interrupt
    falls between the file's creation and the ``try`` that removes it."""
    import tempfile

    from ctlint.util.signals import (  # lazy: only a replaced file needs it
        hold_signals,
        release_signals,
    )

    held = hold_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except BaseException:
        release_signals(held)
        raise
    is_open = True
    try:
        release_signals(held)  # a signal that came meanwhile is raised here, inside the try
        held = None
        _write_all(fd, data)
        if owner is not None:
            with contextlib.suppress(OSError):
                os.fchown(fd, *owner)
        os.fchmod(fd, mode)
        os.fsync(fd)
        is_open = False
        os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        held = hold_signals()  # a second Ctrl-C does not interrupt the cleanup
        try:
            if is_open:
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        finally:
            release_signals(held)
        raise


def write_generated(argv: Sequence[str] | None, render: Callable[[], str]) -> int:
    """The ``main`` of a generator of a derived file (the policy and law bundles, the
    compiled register template): ``render()`` written atomically to the path in ``argv``
    (default: the command line), or printed when none is given; exit 0."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if args:
        write_atomic(args[0], text)
    else:
        sys.stdout.write(text)
    return 0
