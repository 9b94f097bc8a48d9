"""The ctlint hook in ``.pre-commit-config.yaml``: the entry ``ctlint init`` adds, an existing
file read within bounds (:func:`read_precommit_config`), and the entry inserted into its text
(:func:`add_precommit_hook`), the rest of the file kept byte for byte."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from ctlint.document.parse import load_text
from ctlint.document.read import CONFIG_MAX_BYTES, Limits, ReadError, read_bytes
from ctlint.errors import ConfigError
from ctlint.scaffold import PRECOMMIT_NAME

HOOK_ID = "ctlint"


def hook_entry(indent: int = 2) -> list[str]:
    """The ``repos:`` entry of the local ctlint hook, as lines (dash at ``indent``)."""
    pad = " " * indent
    return [
        f"{pad}# ctlint: lint changed vendor manifests (added by `ctlint init`). `language: system`",
        f"{pad}# runs the ctlint installed in this environment; the remote form is",
        f"{pad}#   - repo: <ctlint repository URL>",
        f"{pad}#     rev: <a ctlint commit: the README names the one to pin>",
        f"{pad}#     hooks: [{{id: ctlint}}]",
        f"{pad}- repo: local",
        f"{pad}  hooks:",
        f"{pad}    - id: {HOOK_ID}",
        f"{pad}      name: ctlint",
        f"{pad}      entry: ctlint check --only-manifests --",
        f"{pad}      language: system",
        f"{pad}      types_or: [yaml, json]",
        f"{pad}      require_serial: true",
    ]


#: The entry on one line, for messages that ask a person to add it by hand.
HOOK_FLOW = (
    f"- {{repo: local, hooks: [{{id: {HOOK_ID}, name: ctlint, entry: ctlint check "
    "--only-manifests, language: system, types_or: [yaml, json], require_serial: true}]}"
)


@dataclasses.dataclass(frozen=True, slots=True)
class HookChange:
    """What :func:`add_precommit_hook` decided: ``created``, ``added`` or ``present``."""

    status: str
    text: str | None  # the new file text (None when nothing changes)


def _has_ctlint_hook(repos: list[Any]) -> bool:
    for repo in repos:
        if not isinstance(repo, dict):
            continue
        hooks = repo.get("hooks")
        if isinstance(hooks, list) and any(
            isinstance(h, dict) and str(h.get("id", "")).startswith(HOOK_ID) for h in hooks
        ):
            return True
    return False


def read_precommit_config(path: str, display: str = PRECOMMIT_NAME) -> str | None:
    """The text of an existing ``.pre-commit-config.yaml`` (None when there is none), read as
    ctlint reads its own configuration: only a regular file (a committed link is followed, but
    a FIFO, a device or a link to one is never opened), at most CONFIG_MAX_BYTES, UTF-8, line
    endings kept. Anything else is a :class:`ConfigError`."""
    import os

    if not os.path.lexists(path):
        return None
    try:
        raw = read_bytes(path, CONFIG_MAX_BYTES)
    except ReadError as exc:
        reason = (
            f"it is larger than {CONFIG_MAX_BYTES:,} bytes"
            if exc.too_large
            else exc.message.removeprefix("Cannot read the file: ")
        )
        raise ConfigError(
            f"{display}: cannot be read ({reason[:1].lower()}{reason[1:]}); nothing was written"
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{display}: is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "nothing was written"
        ) from None


def _check_bounds(text: str, display: str) -> None:
    """The bounded reader of manifests goes first: an alias bomb, a huge or a deeply nested
    file is refused before PyYAML builds or compares it (every later step then handles at most
    the default limits' nodes, aliases expanded, and depth)."""

    doc = load_text(text, is_json=False, limits=Limits())
    for problem in doc.problems:
        if problem.rule == "CTL003":
            message = re.sub(r" \(configuration limits\.\w+\)", "", problem.message)
            message = message.replace("; lower limits.max_depth", "")
            raise ConfigError(
                f"{display}:{problem.span.line}:{problem.span.column}: not read "
                f"({message[:1].lower()}{message[1:]}); nothing was written"
            )


def add_precommit_hook(text: str | None, display: str = PRECOMMIT_NAME) -> HookChange:
    """``text`` (None: no file yet) with the ctlint hook added to its ``repos:`` list.

    The entry is inserted as text right after the last item of ``repos:`` (at the end of the
    file when ``repos:`` is the last key), so the original text is kept byte for byte. A file
    that is not YAML, has no block-style ``repos:`` list, or already has a ctlint hook is not
    changed; the first two are a :class:`ConfigError`, and so is a file beyond the bounds of
    manifests (default limits: an alias bomb, a 10,000-deep nesting).
    """
    if text is None:
        header = [
            "# pre-commit hooks (https://pre-commit.com); written by `ctlint init`.",
            "repos:",
        ]
        return HookChange("created", "\n".join([*header, *hook_entry(2)]) + "\n")
    newline = "\r\n" if "\r\n" in text else "\n"
    _check_bounds(text, display)
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark is not None else display
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(
            f"{where}: not valid YAML ({problem}); fix it, then run `ctlint init` again "
            "(nothing was written)"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("repos"), list):
        raise ConfigError(
            f"{display}: has no `repos:` list, so the ctlint hook cannot be added; nothing was "
            f"written. Add this entry under `repos:` by hand: {HOOK_FLOW}"
        )
    if _has_ctlint_hook(data["repos"]):
        return HookChange("present", None)
    seq = _repos_node(root)
    if seq is None or seq.flow_style or not seq.value:
        raise ConfigError(
            f"{display}: `repos:` is not a block list with at least one entry (`- repo: …` "
            "lines), so the ctlint hook cannot be appended as text; nothing was written. Add "
            f"this entry under `repos:` by hand: {HOOK_FLOW}"
        )
    lines = text.splitlines(keepends=True)
    first = seq.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    indent = dash if dash >= 0 else seq.start_mark.column
    insert = _insertion_line(lines, seq.value[-1].end_mark, indent)
    entry = [line + newline for line in hook_entry(indent)]
    head = lines[:insert]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    result = "".join([*head, *entry, *lines[insert:]])
    try:
        after = yaml.safe_load(result)
    except yaml.YAMLError:
        after = None
    if not isinstance(after, dict) or after.get("repos") != [*data["repos"], _hook_data()]:
        raise ConfigError(
            f"{display}: the ctlint hook cannot be inserted into this layout safely; nothing "
            f"was written. Add this entry under `repos:` by hand: {HOOK_FLOW}"
        )
    return HookChange("added", result)


def _hook_data() -> Any:
    return yaml.safe_load("\n".join(["repos:", *hook_entry(0)]))["repos"][0]


def _repos_node(root: Any) -> Any:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "repos":
            return value if isinstance(value, yaml.SequenceNode) else None
    return None


def _insertion_line(lines: list[str], end: Any, indent: int) -> int:
    """Where the new entry goes: the end of the file when nothing but comments and blank lines
    follow the list (a pure append), else just after the list's last item, moved up over the
    blank lines and the comments that introduce what follows (indented no deeper than the
    list's dashes)."""
    index: int = end.line
    if index < len(lines) and lines[index][: end.column].strip():
        index += 1  # the item ends inside this line
    index = min(index, len(lines))
    if all(_blank_or_comment(line) for line in lines[index:]):
        return len(lines)
    while index > 0:
        line = lines[index - 1]
        if not line.strip() or (
            line.lstrip().startswith("#") and len(line) - len(line.lstrip()) <= indent
        ):
            index -= 1
            continue
        break
    return index


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
