"""Reading Fides inputs (spec fides.md I1): Fides manifests (``*.yml``/``*.yaml``, folders
searched recursively, resources unioned per type), a single System as JSON (top-level
``privacy_declarations``), or an API/Compass page (``{"items": [...]}``) of systems or of
data-use declarations. Every file is read with the project's bounded safe loader; a file that
cannot be read or parsed, or whose top level is not a mapping, is an input error naming
``FILE:LINE:COL`` (exit 2): nothing is skipped silently."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ctlint.document.parse import load_path
from ctlint.document.read import Limits
from ctlint.errors import CtlintError

EXTENSIONS = (".yml", ".yaml", ".json")
#: Fides resource types whose keys can be custom taxonomy (``parent_key``).
TAXONOMY_TYPES = {"data_category": "category", "data_use": "use", "data_subject": "subject"}
#: Resource types an importer knows and does not turn into manifests.
OTHER_TYPES = ("dataset", "policy", "organization", "registry", "evaluation")
#: Generous bounds for one Fides input file (the API pages seen are a few tens of KB).
LIMITS = Limits(max_file_bytes=16 * 1_048_576, max_nodes=1_000_000, max_depth=64)


class InputError(CtlintError):
    """A Fides input that cannot be read (exit 2)."""


@dataclasses.dataclass(frozen=True, slots=True)
class System:
    """One Fides System as found: the file (as given), where in it, and its fields."""

    file: str
    where: str  # "system[2]", "items[0]", "" for a single System JSON
    data: Mapping[str, Any]


@dataclasses.dataclass(slots=True)
class Inputs:
    """Every resource of the inputs, unioned per type."""

    files: list[str] = dataclasses.field(default_factory=list)
    systems: list[System] = dataclasses.field(default_factory=list)
    datasets: dict[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    #: kind (category, use, subject) -> custom key -> parent_key
    custom: dict[str, dict[str, str | None]] = dataclasses.field(
        default_factory=lambda: {"category": {}, "use": {}, "subject": {}}
    )
    #: Compass data-use declarations (``items`` of a declarations page), with their file
    declarations: list[tuple[str, Mapping[str, Any]]] = dataclasses.field(default_factory=list)
    other: dict[str, int] = dataclasses.field(default_factory=dict)


def _files(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.lower().endswith(EXTENSIONS) and not name.startswith("."):
                    yield os.path.join(folder, name)
    elif os.path.lexists(path):
        yield path
    else:
        raise InputError(f"{path}: no such file or folder")


def _load(path: str) -> dict[str, Any]:
    doc = load_path(path, limits=LIMITS)
    if doc.problems:
        problem = doc.problems[0]
        message = problem.message.removeprefix("YAML syntax error: ")
        # libyaml's wording of PyYAML's (and fideslang's) "mapping values are not allowed here"
        message = message.replace("not allowed in this context", "not allowed here")
        raise InputError(
            f"{path}:{problem.span.line}:{problem.span.column}: {message}; "
            "fix the file (nothing was written)"
        )
    if not isinstance(doc.data, dict):
        raise InputError(f"{path}:1:1: the top level is not a mapping of Fides resources")
    return doc.data


def _list(path: str, key: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{path}: `{key}` must be a list of {key} resources")
    return value


def _mapping(path: str, where: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{path}: {where} is not a mapping")
    return value


def _add_taxonomy(inputs: Inputs, kind: str, path: str, items: Iterable[Any]) -> None:
    for index, item in enumerate(items):
        entry = _mapping(path, f"{kind}[{index}]", item)
        key = entry.get("fides_key")
        if isinstance(key, str) and key:
            parent = entry.get("parent_key")
            inputs.custom[kind][key] = parent if isinstance(parent, str) and parent else None


def read_inputs(paths: Iterable[str], inputs: Inputs | None = None) -> Inputs:
    """Every resource of the files named or found in the folders named."""
    inputs = inputs or Inputs()
    for given in paths:
        for path in _files(given):
            _read_one(path, _load(path), inputs)
            inputs.files.append(path)
    return inputs


def _read_one(path: str, data: dict[str, Any], inputs: Inputs) -> None:
    if "privacy_declarations" in data:  # one System, as the API returns it
        inputs.systems.append(System(path, "", data))
        return
    if "items" in data and isinstance(data["items"], list):  # an API or Compass page
        for index, item in enumerate(data["items"]):
            entry = _mapping(path, f"items[{index}]", item)
            if "privacy_declarations" in entry or (
                "vendor_id" in entry and "data_use" not in entry
            ):
                inputs.systems.append(System(path, f"items[{index}]", entry))
            elif "data_use" in entry:
                inputs.declarations.append((path, entry))
            else:
                raise InputError(
                    f"{path}: items[{index}] is neither a System nor a data-use declaration"
                )
        return
    known = False
    for key, value in data.items():
        items = _list(path, key, value) if key in ("system", *TAXONOMY_TYPES, *OTHER_TYPES) else []
        if key == "system":
            known = True
            for index, item in enumerate(items):
                system = _mapping(path, f"system[{index}]", item)
                inputs.systems.append(System(path, f"system[{index}]", system))
        elif key in TAXONOMY_TYPES:
            known = True
            _add_taxonomy(inputs, TAXONOMY_TYPES[key], path, items)
        elif key == "dataset":
            known = True
            for index, item in enumerate(items):
                dataset = _mapping(path, f"dataset[{index}]", item)
                name = dataset.get("fides_key")
                inputs.datasets[str(name) if name is not None else f"{path}#{index}"] = dataset
        elif key in OTHER_TYPES:
            known = True
            inputs.other[key] = inputs.other.get(key, 0) + len(items)
    if not known:
        raise InputError(
            f"{path}:1:1: no Fides resources (expected system, dataset, data_category, data_use, "
            "data_subject, policy …, a System JSON or an API page with items)"
        )
