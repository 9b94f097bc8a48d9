"""Baselines: record today's findings so that only new ones fail.

A finding is identified by its root-relative file + vendor id + rule + JSON Pointer + item
(never the line), so the baseline survives edits that move lines, and two manifests that share
an id (a copied manifest) never share an entry. The file is sorted, indented JSON written
atomically:

    {"version": 2, "tool": "ctlint",
     "findings": [{"file": ..., "vendor": ..., "rule": ..., "pointer": ..., "item": ...}]}

``file`` is "" for an organization-level finding without a file. Version 1 (before the file
was part of the identity: ``vendor`` was ``file:PATH`` for a manifest without an id, and
``file`` was informative) is still read: each entry is matched by its recorded file, or, when
it has none, by vendor, rule, pointer and item in any file; ``ctlint baseline --update``
rewrites it as version 2 (docs/upgrading.md).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ctlint.document.read import DATA_MAX_BYTES, ReadError, read_bytes
from ctlint.errors import BaselineError
from ctlint.model.findings import Finding

DEFAULT_PATH = ".ctlint-baseline.json"
VERSION = 2
#: The largest baseline read (a finding's entry takes about 150 bytes: room for some 400,000).
MAX_BYTES = DATA_MAX_BYTES
Key = tuple[str, str, str, str, str]
#: The identity without the file: how a version-1 entry that recorded no file is matched.
LooseKey = tuple[str, str, str, str]


def key(finding: Finding) -> Key:
    """The identity a baseline stores (:attr:`Finding.identity`)."""
    return finding.identity


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One recorded finding; ``file`` None only for a version-1 entry that recorded none (it
    matches the finding in any file)."""

    file: str | None
    vendor: str
    rule: str
    pointer: str
    item: str

    @property
    def key(self) -> Key:
        return (self.file or "", self.vendor, self.rule, self.pointer, self.item)

    @property
    def loose(self) -> LooseKey:
        return (self.vendor, self.rule, self.pointer, self.item)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file or "",
            "vendor": self.vendor,
            "rule": self.rule,
            "pointer": self.pointer,
            "item": self.item or None,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What a baseline did to a run."""

    path: str
    known: int  # findings hidden because the baseline has them
    fixed: tuple[Entry, ...]  # baseline entries (of the checked files) that matched nothing
    legacy: bool = False  # the file is in the version-1 format (rewrite: baseline --update)


def entry_of(finding: Finding) -> Entry:
    """The baseline entry of one finding."""
    return Entry(*key(finding))


def entries_from(findings: Iterable[Finding]) -> list[Entry]:
    """Baseline entries of every non-waived finding, sorted."""
    return sorted((entry_of(f) for f in findings if not f.waived), key=lambda e: e.key)


def dumps(entries: Sequence[Entry]) -> str:
    """The file text (version 2): stable, sorted, one entry per line block."""
    document = {
        "version": VERSION,
        "tool": "ctlint",
        "findings": [e.to_json() for e in sorted(entries, key=lambda e: e.key)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def is_legacy(entries: Sequence[Entry]) -> bool:
    """Whether entries were read from a version-1 file by :func:`load`."""
    return isinstance(entries, LegacyEntries)


class LegacyEntries(list[Entry]):
    """The entries of a version-1 baseline (a list that remembers where it came from)."""


def load(path: str) -> list[Entry]:
    """Read a baseline; any problem is a :class:`BaselineError` (exit 2)."""
    if not os.path.exists(path):
        raise BaselineError(f"{path}: baseline file not found (create it with `ctlint baseline`)")
    try:  # a FIFO or device is never opened, and at most MAX_BYTES are read
        raw = read_bytes(path, MAX_BYTES)
    except ReadError as exc:
        if exc.too_large:
            raise BaselineError(
                f"{path}: the baseline is larger than {MAX_BYTES:,} bytes, the most ctlint reads"
            ) from None
        reason = exc.message.removeprefix("Cannot read the file: ")
        raise BaselineError(
            f"{path}: cannot read the baseline: {reason[:1].lower()}{reason[1:]}"
        ) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BaselineError(
            f"{path}: cannot read the baseline (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} is not UTF-8)"
        ) from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}:{exc.lineno}:{exc.colno}: not a ctlint baseline ({exc.msg})"
        ) from None
    except RecursionError:
        raise BaselineError(f"{path}: not a ctlint baseline (the JSON nests too deeply)") from None
    version = document.get("version") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or version not in (1, VERSION)
        or not isinstance(document.get("findings"), list)
    ):
        raise BaselineError(
            f"{path}: not a ctlint baseline (expected version {VERSION} (or 1) and a findings list)"
        )
    entries: list[Entry] = LegacyEntries() if version == 1 else []
    for index, raw in enumerate(document["findings"]):
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) for k in ("vendor", "rule", "pointer")
        ):
            raise BaselineError(f"{path}: findings[{index}] needs text vendor, rule and pointer")
        item = raw.get("item")
        file = raw.get("file")
        if (item is not None and not isinstance(item, str)) or (
            file is not None and not isinstance(file, str)
        ):
            raise BaselineError(f"{path}: findings[{index}]: item and file must be text or null")
        vendor: str = raw["vendor"]
        if version == 1:
            if vendor.startswith("file:"):  # a manifest without an id, named by its path
                file, vendor = file or vendor[len("file:") :], ""
            elif file is None and not vendor:
                file = ""  # an organization-level finding
        elif file is None:
            raise BaselineError(f'{path}: findings[{index}] needs a text file ("" for none)')
        entries.append(Entry(file, vendor, raw["rule"], raw["pointer"], item or ""))
    return entries


def match(findings: Sequence[Finding], entries: Sequence[Entry]) -> tuple[list[bool], list[Entry]]:
    """Which findings the baseline knows (one entry stands for one finding), and the entries
    left over. An entry with a file matches that file's finding only; a version-1 entry
    without one matches the finding in any file (after the exact matches)."""
    exact = Counter(e.key for e in entries if e.file is not None)
    loose = Counter(e.loose for e in entries if e.file is None)
    known = [False] * len(findings)
    for i, finding in enumerate(findings):
        k = key(finding)
        if not finding.waived and exact[k] > 0:
            exact[k] -= 1
            known[i] = True
    for i, finding in enumerate(findings):
        k = key(finding)
        if not finding.waived and not known[i] and loose[k[1:]] > 0:
            loose[k[1:]] -= 1
            known[i] = True
    left = []
    for entry in entries:  # what the counters still hold matched nothing
        if entry.file is not None and exact[entry.key] > 0:
            exact[entry.key] -= 1
            left.append(entry)
        elif entry.file is None and loose[entry.loose] > 0:
            loose[entry.loose] -= 1
            left.append(entry)
    return known, left


def apply(
    findings: Sequence[Finding], entries: Sequence[Entry], *, path: str, files: Iterable[str]
) -> tuple[list[Finding], Outcome]:
    """Drop findings the baseline knows; report entries of the checked files that are fixed."""
    known, left = match(findings, entries)
    kept = [f for f, k in zip(findings, known, strict=True) if not k]
    checked = set(files)
    fixed = tuple(e for e in left if not e.file or e.file in checked)
    return kept, Outcome(path, sum(known), fixed, is_legacy(entries))


def still_known(findings: Sequence[Finding], entries: Sequence[Entry]) -> list[Entry]:
    """``baseline --update``: the entries (in the current format) of today's findings that the
    old baseline knows; its fixed entries are dropped and no new finding is added."""
    known, _left = match(findings, entries)
    return sorted(
        (entry_of(f) for f, k in zip(findings, known, strict=True) if k), key=lambda e: e.key
    )


def resolve(root: str, path: str | None) -> str:
    """A baseline path relative to the repository root."""
    return os.path.join(root, path or DEFAULT_PATH)
