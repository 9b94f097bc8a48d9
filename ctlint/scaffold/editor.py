"""Editor set-up that works offline: a local copy of the manifest JSON Schema, the
yaml-language-server modeline that points a manifest at it, and the ``yaml.schemas`` entry of
VS Code's ``.vscode/settings.json`` merged into an existing file.

Plain values in, text out, like the rest of :mod:`ctlint.scaffold`; ``ctlint init --schema
--vscode`` and ``ctlint schema --output`` do the reading and writing. An existing file is
only ever replaced by what keeps everything it held: a schema file only when it is already a
copy of this schema (its ``$id``), a settings file only when it is strict JSON (VS Code also
allows comments and trailing commas, which cannot be rewritten without losing them).
"""

from __future__ import annotations

import dataclasses
import json
import os
import posixpath
import re
from collections.abc import Sequence
from typing import Any

from ctlint.document.read import CONFIG_MAX_BYTES, ReadError, read_bytes
from ctlint.errors import ConfigError, UsageError
from ctlint.util.resources import files as package_files
from ctlint.util.text import visible

SCHEMA_NAME = "vendor-manifest.schema.json"
SCHEMA_ID = "https://ctlint.dev/schemas/vendor-manifest.schema.json"
#: The JSON Schema of ``.ctlint.yaml`` (``ctlint schema --config``), and its ``$id``.
CONFIG_SCHEMA_NAME = "config.schema.json"
CONFIG_SCHEMA_ID = "https://ctlint.dev/schemas/config.schema.json"
#: Where the README and ``ctlint init --schema`` put the copy, relative to the repository root.
DEFAULT_SCHEMA_PATH = f"schemas/{SCHEMA_NAME}"
VSCODE_SETTINGS = ".vscode/settings.json"
SETTINGS_KEY = "yaml.schemas"

#: yaml-language-server reads the modeline's value up to the first white space, and cuts a
#: relative path at ``#`` (a fragment).
_MODELINE_UNSAFE = re.compile(r"[\s#\x00-\x1f\x7f]")


def schema_text(*, config: bool = False) -> str:
    """The manifest JSON Schema shipped with ctlint (what ``ctlint schema`` prints), or with
    ``config`` the configuration's (``ctlint schema --config``)."""
    name = CONFIG_SCHEMA_NAME if config else SCHEMA_NAME
    return package_files("ctlint.schemas").joinpath(name).read_text("utf-8")


def is_schema_copy(raw: bytes, *, config: bool = False) -> bool:
    """Whether ``raw`` is a copy of the manifest schema (or with ``config``, of the
    configuration schema), of this or another ctlint version."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("$id") == (CONFIG_SCHEMA_ID if config else SCHEMA_ID)


def schema_destination(path: str, display: str, *, config: bool = False) -> str:
    """What writing the schema to ``path`` does: ``new`` (nothing there), ``same`` (already
    this schema, byte for byte) or ``update`` (a copy of another version). Anything else that
    exists there is a :class:`UsageError` (never replaced: it may be a manifest, the
    configuration, anyone's file). Something that is not a regular file is left to the writer,
    which writes a character device in place and refuses the rest. With ``config``, the same
    for the configuration schema."""
    if not os.path.lexists(path) or not os.path.isfile(path):
        return "new"
    try:
        raw = read_bytes(path, CONFIG_MAX_BYTES)
    except ReadError as exc:
        reason = "it is too large to be a copy of it" if exc.too_large else exc.message
        raise UsageError(
            f"{visible(display)}: exists and cannot be checked ({reason[:1].lower()}"
            f"{reason[1:]}); choose another path for the schema"
        ) from None
    if not is_schema_copy(raw, config=config):
        what, schema_id = ("configuration", CONFIG_SCHEMA_ID) if config else ("manifest", SCHEMA_ID)
        raise UsageError(
            f"{visible(display)}: exists and is not a copy of the ctlint {what} schema "
            f"(its $id is not {schema_id}); choose another path for the schema, or remove it"
        )
    return "same" if raw == schema_text(config=config).encode("utf-8") else "update"


def modeline(manifest_folder: str, schema_path: str) -> str:
    """The comment that points the manifests of ``manifest_folder`` at ``schema_path`` (both
    relative to the repository root, ``/``-separated): ``# yaml-language-server:
    $schema=../schemas/vendor-manifest.schema.json``. yaml-language-server resolves a relative
    path from the manifest's own folder and needs no network for it."""
    relative = posixpath.relpath(schema_path, manifest_folder or ".")
    if _MODELINE_UNSAFE.search(relative):
        raise UsageError(
            f"--schema: `{visible(schema_path)}` has a space, `#` or a control character, "
            "which a yaml-language-server modeline cannot name; choose a plain path"
        )
    return f"# yaml-language-server: $schema={relative}"


def settings_key(schema_path: str) -> str:
    """The ``yaml.schemas`` key for a schema at ``schema_path`` (relative to the workspace
    root, which VS Code resolves it against)."""
    return "./" + schema_path.removeprefix("./")


def yaml_globs(manifests: Sequence[str]) -> list[str]:
    """The configured ``manifests`` globs the YAML language server can take (not ``*.json``:
    a JSON manifest names its schema with a top-level ``$schema``)."""
    return [glob for glob in manifests if not glob.lower().endswith(".json")]


@dataclasses.dataclass(frozen=True, slots=True)
class SettingsChange:
    """What :func:`merge_vscode_settings` decided: ``created``, ``added``, ``extended`` or
    ``present`` (nothing to write), and the new text."""

    status: str
    text: str | None


def _refuse(display: str, why: str, key: str, globs: Sequence[str]) -> ConfigError:
    entry = json.dumps({SETTINGS_KEY: {key: list(globs)}})
    return ConfigError(
        f"{visible(display)}: {why}; nothing was written. Add this entry to it by hand: {entry}"
    )


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise ValueError(f"the key {json.dumps(name)} appears twice")
        seen[name] = value
    return seen


def _indent(text: str) -> str | int:
    """The indentation of the first nested line (a tab or a number of spaces); 4, VS Code's
    own, for a file written on one line."""
    found = re.search(r"\n([ \t]+)\S", text)
    if found is None:
        return 4
    unit = found.group(1)
    return "\t" if unit.startswith("\t") else len(unit)


def merge_vscode_settings(
    text: str | None, key: str, globs: Sequence[str], display: str = VSCODE_SETTINGS
) -> SettingsChange:
    """``text`` (None: no file yet) with ``"yaml.schemas": {key: globs}`` merged in.

    Every other setting is kept, in its order, with the file's indentation and line endings;
    an existing entry for ``key`` keeps its globs and gains the missing ones. A file that is
    not strict JSON (comments, trailing commas, a duplicate key), whose top level is not an
    object, or whose ``yaml.schemas`` is not an object is a :class:`ConfigError`: nothing is
    rewritten that would lose what the file says.
    """
    wanted = list(dict.fromkeys(globs))
    if text is None:
        body = json.dumps({SETTINGS_KEY: {key: wanted}}, indent=4, ensure_ascii=False)
        return SettingsChange("created", body + "\n")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    source = text.removeprefix(bom)
    try:
        data = json.loads(source, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise _refuse(
            display,
            f"is not strict JSON ({where}); VS Code allows comments and trailing commas, which "
            "ctlint will not rewrite",
            key,
            wanted,
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _refuse(display, f"is not strict JSON ({exc})", key, wanted) from None
    if not isinstance(data, dict):
        raise _refuse(display, "is not a JSON object of settings", key, wanted)
    schemas = data.get(SETTINGS_KEY, {})
    if not isinstance(schemas, dict):
        raise _refuse(display, f'its "{SETTINGS_KEY}" is not an object', key, wanted)
    current = schemas.get(key)
    if current is None:
        status, value = "added", wanted
    else:
        have = [current] if isinstance(current, str) else current
        if not isinstance(have, list) or not all(isinstance(g, str) for g in have):
            raise _refuse(
                display,
                f'its "{SETTINGS_KEY}" entry for {key} is not a glob or a list of globs',
                key,
                wanted,
            )
        missing = [g for g in wanted if g not in have]
        if not missing:
            return SettingsChange("present", None)
        status, value = "extended", [*have, *missing]
    merged = dict(data)
    merged[SETTINGS_KEY] = {**schemas, key: value}
    newline = "\r\n" if "\r\n" in source else "\n"
    body = json.dumps(merged, indent=_indent(source), ensure_ascii=False)
    ending = newline if source.endswith("\n") else ""
    return SettingsChange(status, bom + body.replace("\n", newline) + ending)
