"""The law as data: ``ctlint/law/scope.yaml`` and ``ctlint/law/taxonomy.yaml`` as typed tables.

The two YAML files are the source of truth and ``schemas/law.schema.json`` says what they may
hold; :mod:`ctlint.law.scope` and :mod:`ctlint.law.taxonomy` interpret the tables. They are
read once per process (:func:`law`): from ``ctlint/law/bundle.json`` while both files' texts
are exactly the texts recorded there (:func:`main` writes it), otherwise parsed
with the document layer's safe, bounded loader, validated against the schema and checked
(real dates, periods in order, known packs, types and taxonomy keys). Every problem is a
:class:`LawDataError`: one line naming the file, line, column and key.

After an edit of a data file, write the bundle again (a test fails while it is stale):

    python -m ctlint.law.tables ctlint/law/bundle.json
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ctlint.document.parse import load_text
from ctlint.document.positions import escape_pointer, locate
from ctlint.document.read import Limits, ReadError, decode, read_bytes
from ctlint.errors import CtlintError, PolicyError
from ctlint.law.records import (
    Ctdpa,
    Exemption,
    ExemptType,
    KeyClass,
    KeyEntry,
    Law,
    OrgType,
    PackTable,
    Period,
    SalesTest,
    Source,
    Undeclared,
    UseClass,
)
from ctlint.util.fastschema import BundledSchema
from ctlint.util.resources import files as package_files

#: The data files, in the order their keys are merged (each top-level key lives in one).
DATA_FILES = ("scope.yaml", "taxonomy.yaml")
#: Tests only: read the data files from this folder instead of the package's. A test sets it
#: before anything loads the law (tests/law/test_tables.py runs the CLI on an edited copy).
FOLDER: str | None = None
#: Bumped when the bundle's layout changes; an older bundle is then ignored.
BUNDLE_VERSION = 1
BUNDLE_NAME = "bundle.json"

_LIMITS = Limits(max_file_bytes=1_048_576, max_nodes=100_000, max_depth=32)
_SCHEMA = BundledSchema("law.schema.json")
_MESSAGE_MAX = 300

Path = tuple[str | int, ...]


class LawDataError(PolicyError):
    """A law data file that cannot be loaded (exit 2, one line)."""


# --------------------------------------------------------------------------- loading


def folder() -> str:
    """The folder the data files are read from."""
    return FOLDER if FOLDER is not None else package_files("ctlint.law").path


def display(name: str) -> str:
    """How errors name a data file: ``ctlint/law/<name>`` for the package's own."""
    return os.path.join(FOLDER, name) if FOLDER is not None else f"ctlint/law/{name}"


@functools.cache
def law() -> Law:
    """The law data, loaded once per process."""
    texts = {name: read_text(name) for name in DATA_FILES}
    data = _bundled(texts)
    if data is None:
        data = parse(texts)
    return build(data)


def read_text(name: str) -> str:
    path = os.path.join(folder(), name)
    try:
        raw = read_bytes(path, _LIMITS.max_file_bytes)
    except ReadError as exc:
        raise LawDataError(f"{display(name)}: {exc.message}") from None
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        raise LawDataError(
            f"{display(name)}:{problem.span.line}:{problem.span.column}: {problem.message}"
        )
    return text


def _bundled(texts: Mapping[str, str]) -> dict[str, Any] | None:
    """The bundle's data while every file's text is the text recorded; else None."""
    try:
        bundle = package_files("ctlint.law").joinpath(BUNDLE_NAME).read_text("utf-8")
        document = json.loads(bundle)
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("version") != BUNDLE_VERSION:
        return None
    if document.get("files") != dict(texts) or not isinstance(document.get("data"), dict):
        return None
    data: dict[str, Any] = document["data"]
    return data


class _Located:
    """The parsed files: which file holds each top-level key, and their YAML nodes."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.owner: dict[str, str] = {}
        self.nodes: dict[str, Any] = {}

    def error(self, path: Path, message: str, *, key: bool = False) -> LawDataError:
        """``file:line:column: invalid law data at `a/b/c`: message``."""
        if len(message) > _MESSAGE_MAX:
            message = message[: _MESSAGE_MAX - 1] + "…"
        where = "/".join(str(p) for p in path)
        if not path or str(path[0]) not in self.owner:
            files = " and ".join(display(n) for n in DATA_FILES)
            return LawDataError(f"{files}: invalid law data: {message}")
        name = self.owner[str(path[0])]
        pointer = "".join(f"/{escape_pointer(str(p))}" for p in path)
        span = locate(self.nodes[name], pointer, key=key)
        return LawDataError(
            f"{display(name)}:{span.line}:{span.column}: invalid law data at `{where}`: {message}"
        )


def parse(texts: Mapping[str, str]) -> dict[str, Any]:
    """Parse, merge, validate and check the data files' texts (:class:`LawDataError`)."""
    located = _Located()
    for name, text in texts.items():
        doc = load_text(text, is_json=False, limits=_LIMITS)
        if doc.problems or doc.data is None:
            problem = doc.problems[0]
            raise LawDataError(
                f"{display(name)}:{problem.span.line}:{problem.span.column}: {problem.message}"
            )
        located.nodes[name] = doc.node
        for top, value in doc.data.items():
            if top in located.owner:
                span = locate(doc.node, f"/{escape_pointer(top)}", key=True)
                raise LawDataError(
                    f"{display(name)}:{span.line}:{span.column}: invalid law data at `{top}`: "
                    f"already given in {display(located.owner[top])}"
                )
            located.owner[top] = name
            located.data[top] = value
    errors = _SCHEMA.errors(located.data)
    if errors:
        error = errors[0]
        path: Path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # point at the unexpected key itself, not at the mapping that holds it
            known = error.schema.get("properties", {})
            extra = next((k for k in error.instance if k not in known), None)
            if extra is not None:
                message = "not a key of the law data" if not path else str(error.message)
                raise located.error((*path, extra), message, key=True)
        raise located.error(path, str(error.message))
    _check(located)
    return located.data


# --------------------------------------------------------------------------- checks


def _date_at(located: _Located, path: Path, value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise located.error(path, f"`{value}` is not a date (YYYY-MM-DD)") from None


@functools.cache
def _known_keys() -> tuple[frozenset[str], frozenset[str]]:
    """(data categories, data uses) of schemas/taxonomy.json, without aliases."""
    text = package_files("ctlint.schemas").joinpath("taxonomy.json").read_text("utf-8")
    pinned = json.loads(text)
    categories = frozenset(pinned["data_categories"]) | frozenset(pinned["ctlint_data_categories"])
    return categories, frozenset(pinned["data_uses"])


def _walk_dates(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("from", "until"):
                yield (*path, key), value
            else:
                yield from _walk_dates(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_dates(value, (*path, index))


def _check(located: _Located) -> None:
    """What the schema cannot say: real dates in order, known packs, types and keys."""
    data = located.data
    for at, value in _walk_dates(data):
        _date_at(located, at, value)
    packs, ctdpa = data["packs"], data["ctdpa"]
    order = set(packs["order"])

    def known_pack(path: Path, name: str, *, key: bool = False) -> None:
        if name not in order:
            raise located.error(path, f"pack `{name}` is not listed in packs/order", key=key)

    for index, name in enumerate(packs["undeclared"]["packs"]):
        known_pack(("packs", "undeclared", "packs", index), name)
    for type_name, entry in packs["types"].items():
        for field in ("packs", "state_contractor"):
            for index, name in enumerate(entry.get(field, ())):
                known_pack(("packs", "types", type_name, field, index), name)
    for name in packs["off_when_false"]:
        known_pack(("packs", "off_when_false", name), name, key=True)
    known_pack(("ctdpa", "pack"), ctdpa["pack"])
    for type_name in ctdpa["exemptions"]["types"]:
        if type_name not in packs["types"]:
            raise located.error(
                ("ctdpa", "exemptions", "types", type_name),
                f"`{type_name}` is not an organization type of packs/types",
                key=True,
            )
    previous: dt.date | None = None
    for index, period in enumerate(ctdpa["thresholds"]):
        start = dt.date.fromisoformat(period["from"])
        if previous is not None and start <= previous:
            raise located.error(
                ("ctdpa", "thresholds", index, "from"),
                f"the periods must be in date order: {start} is not after {previous}",
            )
        previous = start
    categories, uses = _known_keys()
    for class_name, entry in data["categories"].items():
        for index, item in enumerate(entry["keys"]):
            path: Path = ("categories", class_name, "keys", index)
            if item["key"] not in categories:
                raise located.error(
                    (*path, "key"), f"`{item['key']}` is not a data category of the taxonomy"
                )
            if "from" in item and "until" in item and item["until"] < item["from"]:
                raise located.error((*path, "until"), "`until` is before `from`")
        for index, key in enumerate(entry.get("except", ())):
            if key not in categories:
                raise located.error(
                    ("categories", class_name, "except", index),
                    f"`{key}` is not a data category of the taxonomy",
                )
    for class_name, entry in data["uses"].items():
        for index, key in enumerate(entry["keys"]):
            if key not in uses:
                raise located.error(
                    ("uses", class_name, "keys", index),
                    f"`{key}` is not a data use of the taxonomy",
                )
    if data["voiceprint"]["key"] not in categories:
        key = data["voiceprint"]["key"]
        raise located.error(
            ("voiceprint", "key"), f"`{key}` is not a data category of the taxonomy"
        )


# --------------------------------------------------------------------------- building


def _source(raw: Mapping[str, Any] | None) -> Source | None:
    if raw is None:
        return None
    return Source(raw["cite"], raw["status"], raw.get("url"), raw.get("note"))


def _required_source(raw: Mapping[str, Any]) -> Source:
    source = _source(raw)
    assert source is not None
    return source


def _date(raw: Any) -> dt.date | None:
    return None if raw is None else dt.date.fromisoformat(raw)


def _periods(raw: Sequence[Mapping[str, Any]]) -> tuple[Period, ...]:
    starts = [dt.date.fromisoformat(p["from"]) for p in raw]
    periods = []
    for index, item in enumerate(raw):
        sales = item.get("with_sales")
        nxt = starts[index + 1] if index + 1 < len(starts) else None
        periods.append(
            Period(
                start=starts[index],
                end=nxt - dt.timedelta(days=1) if nxt else None,
                consumers=int(item["consumers"]),
                with_sales=(
                    SalesTest(int(sales["consumers"]), float(sales["revenue_share_over"]))
                    if sales
                    else None
                ),
                sensitive_data=bool(item.get("sensitive_data", False)),
                sale=bool(item.get("sale", False)),
                source=_required_source(item["source"]),
            )
        )
    return tuple(periods)


def build(data: Mapping[str, Any]) -> Law:
    """The typed tables of validated data."""
    packs, ctdpa = data["packs"], data["ctdpa"]
    undeclared = packs["undeclared"]
    table = PackTable(
        order=tuple(packs["order"]),
        undeclared=Undeclared(tuple(undeclared["packs"]), undeclared["reason"], undeclared["note"]),
        types=tuple(
            OrgType(name, tuple(entry["packs"]), tuple(entry.get("state_contractor", ())))
            for name, entry in packs["types"].items()
        ),
        state_contractor_reason=packs["state_contractor_reason"],
        off_when_false=tuple(packs["off_when_false"].items()),
    )
    exemptions = ctdpa["exemptions"]
    scope = Ctdpa(
        pack=ctdpa["pack"],
        periods=_periods(ctdpa["thresholds"]),
        cite=exemptions["cite"],
        exempt_types=tuple(
            ExemptType(name, entry["reason"], _required_source(entry["source"]))
            for name, entry in exemptions["types"].items()
        ),
        exemptions=tuple(
            Exemption(
                name,
                entry["words"],
                _required_source(entry["source"]),
                _date(entry.get("until")),
                entry.get("ended"),
            )
            for name, entry in exemptions["entries"].items()
        ),
    )
    categories = tuple(
        KeyClass(
            name=name,
            title=entry["title"],
            keys=tuple(
                KeyEntry(
                    item["key"],
                    _date(item.get("from")),
                    _date(item.get("until")),
                    item.get("status"),
                    item.get("note"),
                )
                for item in entry["keys"]
            ),
            excluded=tuple(entry.get("except", ())),
            source=_source(entry.get("source")),
            note=entry.get("note"),
        )
        for name, entry in data["categories"].items()
    )
    uses = tuple(
        UseClass(
            name,
            entry["title"],
            tuple(entry["keys"]),
            _source(entry.get("source")),
            entry.get("note"),
        )
        for name, entry in data["uses"].items()
    )
    voiceprint = data["voiceprint"]
    return Law(table, scope, categories, uses, voiceprint["key"], voiceprint["note"])


# --------------------------------------------------------------------------- the bundle


def render_bundle() -> str:
    """The bundle's text: the data files' texts, then their merged, checked data."""
    texts = {name: read_text(name) for name in DATA_FILES}
    document = {"version": BUNDLE_VERSION, "files": texts, "data": parse(texts)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the bundle; a broken data file is one line on stderr and exit 2."""
    from ctlint.util.writing import write_generated  # lazy: only the generator writes files

    try:
        return write_generated(argv, render_bundle)
    except CtlintError as exc:
        sys.stderr.write(f"ctlint.law.tables: error: {exc}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
