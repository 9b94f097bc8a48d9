"""Reading one file within bounds: bytes -> text.

Only a regular file is ever read, at most a size limit (a FIFO, a device or a link to one is
never opened, and a file that grows cannot make ctlint read more); the bytes must be UTF-8.
What goes wrong is a :class:`ReadError` or, for a manifest, a :class:`Problem` (CTL001,
CTL003) that the loader (:mod:`ctlint.document.parse`) reports like the problems it finds.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat

from ctlint.document.positions import START
from ctlint.model.findings import Severity, Span


@dataclasses.dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits (configuration ``limits``)."""

    max_file_bytes: int = 1_048_576
    max_nodes: int = 100_000
    max_depth: int = 64


#: The hard ceilings of the configuration's ``limits`` (schemas/config.schema.json gives the
#: same maximums): with every limit at its ceiling, one file still costs at most a few seconds
#: and a few hundred MB (the size bounds the text, the node count bounds the tree the YAML
#: reader builds and what aliases expand to, the depth bounds every recursion over the data).
CEILINGS = Limits(max_file_bytes=16 * 1_048_576, max_nodes=1_000_000, max_depth=256)


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A load-time finding before it is given a file and vendor: CTL001-CTL004."""

    rule: str
    message: str
    span: Span
    pointer: str | None = None
    severity: Severity = Severity.ERROR


#: How many bytes ctlint reads at most of the files it reads besides manifests (whose bound is
#: ``limits.max_file_bytes``): the configuration (``.ctlint.yaml``, ``pyproject.toml``) and
#: ``.pre-commit-config.yaml`` ...
CONFIG_MAX_BYTES = 1_048_576
#: ... and the JSON files ctlint writes itself (baseline, facts cache).
DATA_MAX_BYTES = 64 * 1_048_576

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_EXTRA = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)

#: ``(st_dev, st_ino)``: which file a path named when it was checked.
Identity = tuple[int, int]


class ReadError(Exception):
    """A file that was not read, and why (a sentence without the path). ``too_large`` tells
    a file over the size bound (CTL003 for manifests) from one that cannot be read at all."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large


def _size_message(size: int | None, max_bytes: int, setting: str | None) -> str:
    where = f" (configuration {setting})" if setting else ""
    if size is None:
        return f"The file has more than the limit of {max_bytes:,} bytes{where}"
    return f"The file has {size:,} bytes, more than the limit of {max_bytes:,}{where}"


def read_bytes(
    path: str,
    max_bytes: int,
    *,
    follow: bool = True,
    expect: Identity | None = None,
    setting: str | None = None,
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or :class:`ReadError`.

    Only a regular file is ever read. The path is stat'ed first (not following a link unless
    ``follow``), so that a FIFO, socket, folder or device (or a link to one: /dev/zero,
    /dev/watchdog) is never even opened, nor a file over the bound; without ``follow`` the
    open refuses a link (``O_NOFOLLOW``). The open is
    ``O_NONBLOCK`` (a FIFO swapped in meanwhile cannot block it), and the opened file must be
    a regular file, the one stat'ed before (device and inode) and, with ``expect``, the one
    checked earlier. The size is checked before reading, and reading stops one byte past the
    bound (a file that grows, or a size that the file system under-reports, cannot make ctlint
    read more).
    """
    try:
        found = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError) as exc:
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    before: os.stat_result | None = None
    if follow or not stat.S_ISLNK(found.st_mode):  # a link: the O_NOFOLLOW open refuses it
        _check_stat(found, max_bytes, expect, setting)
        before = found
    flags = os.O_RDONLY | _O_NONBLOCK | _O_EXTRA | (0 if follow else _O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        if not follow and getattr(exc, "errno", None) == errno.ELOOP:
            raise ReadError("The file is a symbolic link; it is not followed") from None
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if before is None:
            _check_stat(info, max_bytes, expect, setting)
        elif not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise ReadError("The file was replaced while ctlint opened it; it is not read")
        # the size fstat reported, plus one byte to notice growth: a buffer of the bound
        # (1 MB by default) for every 2 KB manifest costs a full check ~10% of its time
        raw = os.read(fd, info.st_size + 1)
        if len(raw) != info.st_size:  # it grew, or a short read: read on to EOF or the bound
            parts = [raw]
            total = len(raw)
            while total <= max_bytes:
                chunk = os.read(fd, min(max_bytes + 1 - total, 1 << 20))
                if not chunk:
                    break
                parts.append(chunk)
                total += len(chunk)
            raw = b"".join(parts)
    except OSError as exc:
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew while we looked
        raise ReadError(_size_message(None, max_bytes, setting), too_large=True)
    return raw


def _check_stat(
    info: os.stat_result, max_bytes: int, expect: Identity | None, setting: str | None
) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("Not a regular file (a folder, FIFO or device)")
    if expect is not None and (info.st_dev, info.st_ino) != expect:
        raise ReadError("The file was replaced since ctlint found it; it is not read")
    if info.st_size > max_bytes:
        raise ReadError(_size_message(info.st_size, max_bytes, setting), too_large=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def read_file(
    path: str, limits: Limits, *, follow: bool = True, expect: Identity | None = None
) -> tuple[bytes | None, Problem | None]:
    """A manifest's bytes (:func:`read_bytes` with ``limits.max_file_bytes``), or its CTL001
    or CTL003 problem."""
    try:
        raw = read_bytes(
            path,
            limits.max_file_bytes,
            follow=follow,
            expect=expect,
            setting="limits.max_file_bytes",
        )
    except ReadError as exc:
        return None, Problem("CTL003" if exc.too_large else "CTL001", exc.message, START)
    return raw, None


def given_bytes(raw: bytes, limits: Limits) -> tuple[bytes | None, Problem | None]:
    """Bytes read elsewhere (a manifest on standard input, read up to one byte past the
    bound) under the bound of a file: CTL003 past ``limits.max_file_bytes``, as
    :func:`read_file` reports a file."""
    if len(raw) > limits.max_file_bytes:
        message = _size_message(None, limits.max_file_bytes, "limits.max_file_bytes")
        return None, Problem("CTL003", message, START)
    return raw, None


def _byte_offset_span(raw: bytes, offset: int) -> Span:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Span(line, column, line, column + 1)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a UTF-8 byte-order mark is accepted and dropped)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem("CTL001", "The file is UTF-16; save it as UTF-8", START)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, Problem(
            "CTL001",
            f"The file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); save it as UTF-8",
            _byte_offset_span(raw, exc.start),
        )


#: The lead byte of a 4-byte UTF-8 sequence: a character outside the Basic Multilingual Plane.
_FOUR_BYTES = re.compile(rb"[\xf0-\xf4]")
#: The line breaks of the YAML reader (and so of ctlint's line numbers).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def wide_lines(raw: bytes) -> dict[int, str]:
    """The lines (1-based, as findings count them) of a file's bytes that have a character
    outside the Basic Multilingual Plane (an emoji: one code point, two UTF-16 code units),
    for outputs that count columns in UTF-16 (SARIF). Most files have none, and a search of
    the bytes tells so without decoding them."""
    if not _FOUR_BYTES.search(raw):
        return {}
    text, _problem = decode(raw)
    if text is None:
        return {}
    return {n: line for n, line in enumerate(_BREAK.split(text), 1) if _ASTRAL.search(line)}
