"""What ``ctlint init`` refuses before it writes anything: prompts nobody can answer (standard
input is not a terminal), and profile options that an existing configuration, which init keeps,
contradicts (they would be ignored)."""

from __future__ import annotations

from typing import Any

from ctlint.errors import UsageError

#: option name for each organization fact (for messages)
OPTIONS = {
    "name": "--name",
    "ct_consumers_per_year": "--consumers",
    "sells_personal_data": "--sells-data/--no-sells-data",
    "exemptions": "--exemption",
    "state_contractor": "--state-contractor/--no-state-contractor",
    "agency_division": "--agency-division",
    "ct_employees": "--ct-employees/--no-ct-employees",
}


def need_terminal(what: str, options: str) -> None:
    """:class:`UsageError` when nobody can answer a prompt for ``what`` (given on the command
    line with ``options``): standard input is not a terminal (a pipe, /dev/null, closed). A
    prompt would read end-of-file (or nothing) and the run would end as if interrupted."""
    from ctlint.cli import new  # lazy: start-up (a command loads only what it uses)

    if not new.stdin_is_interactive():
        raise UsageError(
            f"stdin is not a terminal; use --no-input and give {what} as options ({options}; "
            "see `ctlint init --help`)"
        )


def conflicts(path: str, given: dict[str, Any]) -> list[str]:
    """The profile options that differ from what the existing configuration ``path`` says
    (init keeps that file, so they would be ignored), one message each."""
    from ctlint.config import (
        read_config,  # lazy: start-up (a command loads only what it uses)
        shown_path,  # lazy: start-up (a command loads only what it uses)
    )

    data, _node = read_config(path)
    org = data.get("organization") or {}
    shown = shown_path(path)
    out = []
    for key, value in given.items():
        current = org.get(key)
        if key == "exemptions":
            current, value = sorted(current or []) or None, sorted(value)
        if current == value:
            continue
        said = "is not set" if current is None else f"is {_yaml(current)}"
        out.append(
            f"{_given(key, value)}: organization.{key} in {shown} {said}, and init keeps "
            f"that file; edit organization.{key} there, or re-run with --force to replace the "
            "file"
        )
    return out


def _given(key: str, value: Any) -> str:
    """The option as it was given: ``--type ct_state_agency``, ``--no-sells-data``."""
    if key == "type":
        return f"--type {value}"
    names = OPTIONS[key].split("/")
    if isinstance(value, bool):
        return names[0] if value or len(names) == 1 else names[1]
    return f"{names[0]} {_yaml(value)}"


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
