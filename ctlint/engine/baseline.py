"""Baselines: record today's findings so that only new ones fail.

A finding is identified by vendor id + rule + JSON Pointer + item (never the line), so the
baseline survives edits that move lines. The file is sorted, indented JSON written atomically.
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
#: The largest baseline read (a finding's entry takes about 150 bytes: room for some 400,000).
MAX_BYTES = DATA_MAX_BYTES
Key = tuple[str, str, str, str]


def key(finding: Finding) -> Key:
    """The identity a baseline stores; a file that has no vendor id is named by its path."""
    vendor, rule, pointer, item = finding.identity
    if not vendor and finding.file is not None:
        vendor = f"file:{finding.file}"
    return (vendor, rule, pointer, item)


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One recorded finding."""

    vendor: str
    rule: str
    pointer: str
    item: str
    file: str | None

    @property
    def key(self) -> Key:
        return (self.vendor, self.rule, self.pointer, self.item)

    def to_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "rule": self.rule,
            "pointer": self.pointer,
            "item": self.item or None,
            "file": self.file,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What a baseline did to a run."""

    path: str
    known: int  # findings hidden because the baseline has them
    fixed: tuple[Entry, ...]  # baseline entries (of the checked files) that matched nothing


def entries_from(findings: Iterable[Finding]) -> list[Entry]:
    """Baseline entries of every non-waived finding, sorted."""
    out = [Entry(*key(f), file=f.file) for f in findings if not f.waived]
    return sorted(out, key=lambda e: (*e.key, e.file or ""))


def dumps(entries: Sequence[Entry]) -> str:
    """The file text: stable, sorted, one entry per line block."""
    document = {"version": 1, "tool": "ctlint", "findings": [e.to_json() for e in entries]}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


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
    if (
        not isinstance(document, dict)
        or document.get("version") != 1
        or not isinstance(document.get("findings"), list)
    ):
        raise BaselineError(
            f"{path}: not a ctlint baseline (expected version 1 and a findings list)"
        )
    entries = []
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
        entries.append(Entry(raw["vendor"], raw["rule"], raw["pointer"], item or "", file))
    return entries


def apply(
    findings: Sequence[Finding], entries: Sequence[Entry], *, path: str, files: Iterable[str]
) -> tuple[list[Finding], Outcome]:
    """Drop findings the baseline knows; report entries of the checked files that are fixed."""
    budget = Counter(e.key for e in entries)
    kept: list[Finding] = []
    known = 0
    for finding in findings:
        k = key(finding)
        if not finding.waived and budget[k] > 0:
            budget[k] -= 1
            known += 1
        else:
            kept.append(finding)
    checked = set(files)
    fixed = []
    for entry in entries:
        if budget[entry.key] > 0 and (entry.file is None or entry.file in checked):
            budget[entry.key] -= 1
            fixed.append(entry)
    return kept, Outcome(path, known, tuple(fixed))


def resolve(root: str, path: str | None) -> str:
    """A baseline path relative to the repository root."""
    return os.path.join(root, path or DEFAULT_PATH)
