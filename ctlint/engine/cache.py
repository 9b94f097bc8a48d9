"""The facts cache (``cache_dir``, opt-in): what the repository-wide decisions need from each
manifest, so that a pre-commit run on one file does not parse every other manifest again.

A check of named files (the pre-commit case) also reads every configured manifest for the
repository-wide facts: duplicate ids and the CTDPA scope (configuration.md). Those facts are a
few values per file (id, parsed, retired, valid category keys, sale); this module keeps them in
``<cache_dir>/facts.json`` keyed by the file's size, modification time, inode and change time,
and by a fingerprint of everything that decides them (ctlint's version, the manifest schema,
the taxonomy, the limits). Findings are never cached: named files are always checked afresh.

Rules the cache follows:
- nothing is written unless the configuration names ``cache_dir`` (or ``--cache-dir``);
  ``--no-cache`` neither reads nor writes it;
- an entry is trusted only while every part of the file's stamp is unchanged, and a file
  modified within the last two seconds is not stored (a later write in the same clock tick
  could leave its stamp unchanged);
- the folder gets a ``.gitignore`` of ``*`` so that it is never committed;
- the file is replaced atomically, and only when an entry changed; a cache that cannot be
  read or written is ignored (it only ever costs time): a link, FIFO or device in its place,
  a file over MAX_BYTES, or JSON that is not UTF-8, malformed or nested too deeply.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import zlib
from collections.abc import Collection
from typing import Any

from ctlint import __version__
from ctlint.document.read import DATA_MAX_BYTES, Limits, ReadError, read_bytes
from ctlint.engine.facts import Cached as Facts
from ctlint.util.resources import files as package_files

FILE_NAME = "facts.json"
FORMAT = 1
#: A file modified this recently (seconds) is not stored.
RACY_SECONDS = 2.0
#: A cache file larger than this is ignored (a manifest's entry takes about 150 bytes, so this
#: is room for some 400,000 manifests).
MAX_BYTES = DATA_MAX_BYTES

Stamp = tuple[int, int, int, int]


def stamp(path: str) -> Stamp | None:
    """Size, modification time, inode and change time; None when the file cannot be stat'ed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def fingerprint(limits: Limits) -> str:
    """What the cached facts depend on besides the file itself."""
    schemas = package_files("ctlint.schemas")
    digest = 0
    for name in ("vendor-manifest.schema.json", "taxonomy.json"):
        digest = zlib.crc32(schemas.joinpath(name).read_bytes(), digest)
    return f"{__version__}/{FORMAT}/{digest:08x}/{dataclasses.astuple(limits)}"


class FactCache:
    """The cache of one run: read once, looked up per file, written at most once."""

    def __init__(self, folder: str, limits: Limits) -> None:
        self.folder = folder
        self.key = fingerprint(limits)
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        self._read()

    def _read(self) -> None:
        path = os.path.join(self.folder, FILE_NAME)
        try:  # a planted link is not followed (nothing outside the folder is read), a FIFO or
            # device is never opened, and at most MAX_BYTES are read
            raw = read_bytes(path, MAX_BYTES, follow=False)
            document = json.loads(raw.decode("utf-8"))
        except (ReadError, ValueError, RecursionError):  # unreadable, not JSON, too deep
            return
        if isinstance(document, dict) and document.get("key") == self.key:
            files = document.get("files")
            if isinstance(files, dict):
                self.entries = files

    def get(self, rel: str, current: Stamp | None) -> Facts | None:
        """The cached facts of a file whose stamp is unchanged."""
        entry = self.entries.get(rel)
        if current is None or type(entry) is not list or len(entry) != 9:
            return None
        size, mtime, ino, ctime, vendor, parsed, retired, categories, sale = entry
        if (size, mtime, ino, ctime) != current:
            return None
        if (
            (vendor is not None and type(vendor) is not str)
            or type(parsed) is not bool
            or type(retired) is not bool
            or type(sale) is not bool
            or type(categories) is not list
            or not all(type(c) is str for c in categories)
        ):
            return None
        return vendor, parsed, retired, tuple(categories), sale

    def put(self, rel: str, path: str, before: Stamp | None, facts: Facts) -> None:
        """Store the facts of a file read with stamp ``before``, unless it changed since or is
        too recent to be trusted."""
        if before is None or stamp(path) != before:
            return
        if time.time_ns() - before[1] < RACY_SECONDS * 1e9:
            return
        vendor, parsed, retired, categories, sale = facts
        entry = [*before, vendor, parsed, retired, list(categories), sale]
        if self.entries.get(rel) != entry:
            self.entries[rel] = entry
            self.dirty = True

    def keep_only(self, rels: Collection[str]) -> None:
        """Drop the entries of files that are no longer configured manifests."""
        gone = [rel for rel in self.entries if rel not in rels]
        for rel in gone:
            del self.entries[rel]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        """Write the cache atomically if an entry changed; problems are ignored."""
        if not self.dirty:
            return
        import tempfile

        try:
            os.makedirs(self.folder, exist_ok=True)
            _write_gitignore(os.path.join(self.folder, ".gitignore"))
            document = {"key": self.key, "files": dict(sorted(self.entries.items()))}
            fd, tmp = tempfile.mkstemp(prefix=".facts-", dir=self.folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(document, handle, ensure_ascii=True, separators=(",", ":"))
                os.replace(tmp, os.path.join(self.folder, FILE_NAME))
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return
        self.dirty = False


def _write_gitignore(path: str) -> None:
    """Create the folder's ``.gitignore`` once; O_EXCL never follows a planted link."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# written by ctlint: this folder is a cache\n*\n")
