"""The messages of policy assertions: plain ``{name}`` placeholders, checked when a rule is
compiled (:func:`parse_message`) and filled in for each finding (:func:`render_message`)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from typing import Any

from ctlint.util.text import show_value

#: The placeholders a message may use besides the rule's options (rules.md, writing-policies).
#: Placeholders computed from the whole manifest at the as-of date (ctlint.engine.evaluate):
#: ``{sensitive_categories}`` lists what makes the data sensitive, e.g.
#: ``user.financial.credit_card (sensitive from 2026-07-01)``.
DERIVED = frozenset({"sensitive_categories"})
PLACEHOLDERS = frozenset({"field", "value", "index", "key", "item", "item_text"}) | DERIVED
#: A rendered message is cut to this many characters, a placeholder's text to the second.
MESSAGE_MAX = 1_000
PLACEHOLDER_MAX = 200

Template = tuple[tuple[str, str | None], ...]


def parse_message(template: str, names: Collection[str] | None = None) -> Template:
    """(literal text, placeholder name or None) pairs; :class:`ValueError` for anything but
    plain ``{name}`` placeholders (of ``names`` when given) and ``{{``/``}}``. What it accepts,
    ``str.format`` reads the same way; what it refuses (format specs, conversions, attribute
    and index access, positions) could make a message huge or show Python internals."""
    parts: list[tuple[str, str | None]] = []
    literal: list[str] = []
    index, end = 0, len(template)
    while index < end:
        brace = min(
            (at for at in (template.find("{", index), template.find("}", index)) if at >= 0),
            default=end,
        )
        literal.append(template[index:brace])
        if brace == end:
            break
        if template.startswith(("{{", "}}"), brace):
            literal.append(template[brace])
            index = brace + 2
            continue
        if template[brace] == "}":
            raise ValueError("unbalanced braces (a `}` alone); write }} for a literal one")
        close = template.find("}", brace + 1)
        if close < 0:
            raise ValueError("unbalanced braces (a `{` never closed); write {{ for a literal one")
        field = template[brace + 1 : close]
        name = field.split("!", 1)[0].split(":", 1)[0]
        shown = "{" + field[:40] + "}"
        if not name.isidentifier() or "{" in name:
            raise ValueError(
                f"`{shown}`: a placeholder is a plain name such as {{value}} (no position, "
                "attribute or index)"
            )
        if name != field:
            raise ValueError(f"`{shown}`: a placeholder takes no conversion or format spec")
        if names is not None and name not in names:
            known = ", ".join(f"{{{n}}}" for n in sorted(names))
            raise ValueError(f"unknown placeholder `{shown}` (known: {known})")
        parts.append(("".join(literal), name))
        literal = []
        index = close + 1
    if literal and "".join(literal):
        parts.append(("".join(literal), None))
    return tuple(parts)


@functools.lru_cache(maxsize=4096)
def _template(message: str) -> Template:
    try:
        return parse_message(message)
    except ValueError:  # pragma: no cover - every loaded message was checked or is shipped
        return ((message, None),)


def _placeholder_text(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, (bool, float)) or (isinstance(value, int) and value.bit_length() <= 200):
        text = str(value)
    else:
        text = show_value(value, PLACEHOLDER_MAX)
    return text if len(text) <= PLACEHOLDER_MAX else text[: PLACEHOLDER_MAX - 1] + "…"


def render_message(message: str, values: Mapping[str, Any]) -> str:
    """A message with its placeholders filled in (``?`` for one without a value here), each
    cut to :data:`PLACEHOLDER_MAX` characters, the whole to :data:`MESSAGE_MAX`."""
    pieces: list[str] = []
    for literal, name in _template(message):
        pieces.append(literal)
        if name is not None:
            pieces.append(_placeholder_text(values.get(name, "?")))
    text = "".join(pieces)
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"
