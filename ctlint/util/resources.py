"""Files shipped inside the package (``ctlint.schemas``, ``ctlint.policies``).

They are plain folders in every way ctlint is installed (a wheel is unpacked; an editable
install maps the packages to the source folders), so they are found through the package's
``__path__`` instead of :mod:`importlib.resources`, whose import (with ``pathlib``,
``tempfile`` and ``zipfile``) would cost every pre-commit run several milliseconds.
Installed rule packs, which may live anywhere, still go through :mod:`importlib.resources`.
"""

from __future__ import annotations

import importlib
import os
import zlib
from collections.abc import Iterator


class Folder:
    """A file or folder on disk, with the part of the ``Traversable`` interface the loaders
    use (``name``, ``joinpath``, ``is_file``, ``is_dir``, ``iterdir``, ``read_text``,
    ``read_bytes``)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"Folder({self.path!r})"

    @property
    def name(self) -> str:
        """The last part of the path."""
        return os.path.basename(self.path)

    def joinpath(self, *parts: str) -> Folder:
        """A path below this one."""
        return Folder(os.path.join(self.path, *parts))

    def is_file(self) -> bool:
        """Whether this is a regular file (links followed)."""
        return os.path.isfile(self.path)

    def is_dir(self) -> bool:
        """Whether this is a folder (links followed)."""
        return os.path.isdir(self.path)

    def iterdir(self) -> Iterator[Folder]:
        """The entries of this folder."""
        return (Folder(os.path.join(self.path, name)) for name in os.listdir(self.path))

    def read_text(self, encoding: str = "utf-8") -> str:
        """The file's text."""
        with open(self.path, encoding=encoding) as handle:
            return handle.read()

    def read_bytes(self) -> bytes:
        """The file's bytes."""
        with open(self.path, "rb") as handle:
            return handle.read()


def files(package: str) -> Folder:
    """The folder of one of ctlint's data packages (``ctlint.schemas``, ``ctlint.policies``)."""
    module = importlib.import_module(package)
    return Folder(next(iter(module.__path__)))


def fingerprint(text: str) -> str:
    """What a generated file records of the shipped source it was made from (the policy
    bundle of a policy file, the compiled register template of its template): the text's
    UTF-8 length and CRC-32.

    It only has to notice that a shipped file was edited since the generated one was made (a
    developer's edit, or a stale generated file); whoever can write the installed package can
    change its code too, so a cryptographic hash would buy nothing here and costs an OpenSSL
    import at every start-up. For the policies, recording this instead of the whole text
    halves the bundle that every run reads and decodes.
    """
    raw = text.encode("utf-8")
    return f"{len(raw)}:{zlib.crc32(raw):08x}"
