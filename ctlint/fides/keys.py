"""Fides keys -> ctlint keys: the rename table (``renames.yaml``, checked when it loads), ctlint's
aliases, and custom keys mapped to their nearest default ancestor through ``parent_key``
(spec fides.md §5.5, I4). Nothing here guesses: a key that none of these explains is returned
unchanged and marked unknown."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping
from typing import Any, Literal

from ctlint.document.parse import load_path
from ctlint.document.read import CONFIG_MAX_BYTES, Limits
from ctlint.errors import CtlintError
from ctlint.law.taxonomy import category_keys, taxonomy

Kind = Literal["category", "use", "subject"]
KINDS: tuple[Kind, ...] = ("category", "use", "subject")
RENAMES_FILE = os.path.join(os.path.dirname(__file__), "renames.yaml")


@dataclasses.dataclass(frozen=True, slots=True)
class Rename:
    """One row of the rename table."""

    kind: str
    old: str
    new: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class Removed:
    """A legacy key with no replacement, and what to write instead."""

    kind: str
    old: str
    suggest: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    exact: tuple[Rename, ...]
    prefix: tuple[Rename, ...]
    removed: tuple[Removed, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    """What happened to one key: ``how`` is ``rename``, ``alias``, ``custom`` or ``unknown``."""

    kind: str
    old: str
    new: str
    how: str
    source: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "from": self.old, "to": self.new, "source": self.source}


def pinned(kind: str) -> frozenset[str]:
    """The keys ctlint accepts for ``kind`` (pinned fideslang keys, ctlint's, aliases)."""
    data = taxonomy()
    if kind == "category":
        return category_keys()
    if kind == "use":
        return frozenset(data["data_uses"])
    return frozenset(data["data_subjects"])


class TableError(CtlintError):
    """The shipped rename table is malformed (a bug in ctlint, reported like one)."""


def _rows(raw: Mapping[str, Any], section: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    rows = raw.get(section)
    if not isinstance(rows, list):
        raise TableError(f"{RENAMES_FILE}: `{section}` must be a list")
    out = []
    for index, row in enumerate(rows):
        if (
            not isinstance(row, dict)
            or set(row) != set(fields)
            or not all(isinstance(v, str) and v for v in row.values())
        ):
            raise TableError(
                f"{RENAMES_FILE}: {section}[{index}] must have exactly the text keys "
                f"{', '.join(fields)}"
            )
        if row["kind"] not in KINDS:
            raise TableError(f"{RENAMES_FILE}: {section}[{index}].kind: unknown `{row['kind']}`")
        out.append(row)
    return out


def parse_table(raw: Any) -> Table:
    """The table from its parsed YAML, validated: every target a pinned key of its kind, no
    source key twice in a section, and no source that is itself a pinned key (apart from
    deprecated ones)."""
    if not isinstance(raw, dict) or set(raw) != {"exact", "prefix", "removed"}:
        raise TableError(f"{RENAMES_FILE}: the top level must have exactly exact, prefix, removed")
    deprecated = frozenset(taxonomy()["deprecated"])
    built: dict[str, list[Rename]] = {}
    for section in ("exact", "prefix"):
        rows = _rows(raw, section, ("kind", "from", "to", "source"))
        seen: set[str] = set()
        for row in rows:
            if row["to"] not in pinned(row["kind"]):
                raise TableError(
                    f"{RENAMES_FILE}: {section}: `{row['to']}` is not a pinned {row['kind']} key"
                )
            if row["from"] in seen or (
                row["from"] in pinned(row["kind"]) and row["from"] not in deprecated
            ):
                raise TableError(f"{RENAMES_FILE}: {section}: `{row['from']}` cannot be renamed")
            seen.add(row["from"])
        built[section] = [Rename(r["kind"], r["from"], r["to"], r["source"]) for r in rows]
    removed = [
        Removed(r["kind"], r["from"], r["suggest"], r["source"])
        for r in _rows(raw, "removed", ("kind", "from", "suggest", "source"))
    ]
    for entry in removed:
        if entry.suggest not in pinned(entry.kind):
            raise TableError(f"{RENAMES_FILE}: removed: `{entry.suggest}` is not a pinned key")
    prefix = sorted(built["prefix"], key=lambda r: -len(r.old))  # the longest match wins
    return Table(tuple(built["exact"]), tuple(prefix), tuple(removed))


@functools.cache
def table() -> Table:
    """The shipped rename table (read with the project's safe loader, then validated)."""
    doc = load_path(RENAMES_FILE, limits=Limits(max_file_bytes=CONFIG_MAX_BYTES))
    if doc.fatal:
        raise TableError(f"{RENAMES_FILE}: {doc.problems[0].message}")
    return parse_table(doc.data)


def _under(key: str, prefix: str) -> bool:
    return key == prefix or key.startswith(prefix + ".")


def _rename_once(key: str, kind: str, rows: Table) -> Rename | None:
    for row in rows.exact:
        if row.kind == kind and row.old == key:
            return row
    for row in rows.prefix:
        if row.kind == kind and _under(key, row.old):
            return Rename(kind, key, row.new + key[len(row.old) :], row.source)
    return None


def removed_entry(key: str, kind: str) -> Removed | None:
    """The ``removed`` row a key falls under, if any."""
    for entry in table().removed:
        if entry.kind == kind and _under(key, entry.old):
            return entry
    return None


class Resolver:
    """Maps Fides keys to ctlint keys, knowing the custom keys of the input (``parent_key``)."""

    def __init__(self, custom: Mapping[str, Mapping[str, str | None]] | None = None) -> None:
        #: kind -> custom key -> its parent_key (None: a custom key without a parent)
        self.custom: dict[str, dict[str, str | None]] = {
            k: dict((custom or {}).get(k, {})) for k in KINDS
        }

    def resolve(self, key: str, kind: str) -> tuple[str, list[Step]]:
        """The ctlint key for ``key``, with the steps taken (empty when it was already one)."""
        steps: list[Step] = []
        current = key
        accepted = pinned(kind)
        seen: set[str] = set()
        while current not in seen:
            seen.add(current)
            deprecated = kind == "use" and current in taxonomy()["deprecated"]
            if current in accepted and not deprecated:
                break
            parent = self.custom[kind].get(current)
            if parent:  # a custom key of the input: its parent, before any prefix rename
                steps.append(Step(kind, current, parent, "custom", "parent_key in the input"))
                current = parent
                continue
            row = _rename_once(current, kind, table())
            if row is not None:
                steps.append(Step(kind, current, row.new, "rename", row.source))
                current = row.new
                continue
            steps.append(Step(kind, current, current, "unknown", self._why_unknown(current, kind)))
            break
        if kind == "category" and current in taxonomy()["aliases"]:
            canonical = taxonomy()["aliases"][current]
            steps.append(Step(kind, current, canonical, "alias", "ctlint alias (docs/taxonomy.md)"))
            current = canonical
        return current, steps

    def _why_unknown(self, key: str, kind: str) -> str:
        entry = removed_entry(key, kind)
        if entry is not None:
            return f"removed without replacement ({entry.source}); write e.g. {entry.suggest}"
        if key in self.custom[kind]:
            return "a custom key of the input without a parent_key"
        return f"not a fideslang 3.1.4 or ctlint {kind} key"
