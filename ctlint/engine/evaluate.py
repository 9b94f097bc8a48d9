"""Run compiled rules on one manifest's data: triggers, then assertions, one violation each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ctlint.document.positions import escape_pointer, split_pointer
from ctlint.law.taxonomy import sensitive_categories
from ctlint.policy.messages import render_message
from ctlint.policy.model import Assertion, Rule, parse_date
from ctlint.util.text import show_value

_MISSING = object()


@dataclasses.dataclass(frozen=True, slots=True)
class Violation:
    """A rule's verdict on one field, before it gets a file, span and citations."""

    rule: Rule
    pointer: str
    item: str | None
    message: str


def _resolve(data: Any, segments: Sequence[str]) -> Any:
    current = data
    for segment in segments:
        if isinstance(current, dict):
            if segment not in current:
                return _MISSING
            current = current[segment]
        elif isinstance(current, list) and segment.isdigit() and int(segment) < len(current):
            current = current[int(segment)]
        else:
            return _MISSING
    return current


def _is_missing(value: Any) -> bool:
    return value is _MISSING or value is None or (isinstance(value, str) and not value.strip())


def _targets(assertion: Assertion, data: Any) -> Iterator[tuple[list[str], Any, dict[str, Any]]]:
    """(concrete pointer segments, value or _MISSING, placeholders) for each checked field."""
    segments = list(assertion.pointer)
    if "*" not in segments:
        yield segments, _resolve(data, segments), {}
        return
    star = segments.index("*")
    head, tail = segments[:star], segments[star + 1 :]
    container = _resolve(data, head)
    if not isinstance(container, list):
        return
    for index, element in enumerate(container):
        if assertion.where is not None and not assertion.where(element):
            continue
        extra: dict[str, Any] = {"index": index, "key": _entry_key(element)}
        yield [*head, str(index), *tail], _resolve(element, tail), extra


#: What ``{key}`` reads for a list entry without a key (empty, or not text): the messages
#: name the entry by its index and key, e.g. ``data.categories[0] (key missing)``.
NO_KEY = "key missing"


def _entry_key(element: Any) -> str:
    key = element.get("key") if isinstance(element, dict) else None
    return key if isinstance(key, str) and key.strip() else NO_KEY


def _date_ref(ref: str, data: Any, as_of: dt.date) -> dt.date | None:
    if ref == "as_of":
        return as_of
    return parse_date(_resolve(data, split_pointer(ref)))


def _value_fails(assertion: Assertion, value: Any, data: Any, as_of: dt.date) -> bool:
    if assertion.schema is not None and not assertion.schema(value):
        return True
    when = parse_date(value)
    if when is None:
        return False
    if assertion.not_before is not None:
        limit = _date_ref(assertion.not_before, data, as_of)
        if limit is not None and when < limit:
            return True
    if assertion.not_after is not None:
        limit = _date_ref(assertion.not_after, data, as_of)
        if limit is not None and when > limit:
            return True
    if assertion.max_age_days is not None:
        days = assertion.max_age_days
        if isinstance(days, str):
            days = _resolve(data, split_pointer(days))
        if isinstance(days, int) and not isinstance(days, bool) and (as_of - when).days > days:
            return True
    return False


def _show(value: Any) -> str:
    if value is _MISSING or value is None:
        return "nothing"
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:59] + "…"
    return show_value(value)


def _field(segments: Sequence[str]) -> str:
    return ".".join(segments)


def check_assertion(
    rule: Rule,
    assertion: Assertion,
    data: Mapping[str, Any],
    facts: Mapping[str, bool],
    as_of: dt.date,
) -> Iterator[Violation]:
    """The violations of one assertion."""
    if assertion.facts is not None and not assertion.facts.holds(facts):
        return
    if assertion.when is not None and not assertion.when(data):
        return
    shared = _derived_placeholders(assertion.message, data, as_of)
    for segments, value, found in _targets(assertion, data):
        extra = {**shared, **found} if shared else found
        if assertion.contains is not None:
            if value is _MISSING or value is None:
                if not assertion.required:
                    continue
                present: list[Any] = []
            else:
                present = value if isinstance(value, list) else []
            for item, text in assertion.contains:
                if item not in present:
                    yield _violation(
                        rule, assertion, segments, value, {**extra, "item": item, "item_text": text}
                    )
            continue
        if _is_missing(value):
            if assertion.required:
                yield _violation(rule, assertion, segments, value, extra)
            continue
        if _value_fails(assertion, value, data, as_of):
            yield _violation(rule, assertion, segments, value, extra)


def _derived_placeholders(message: str, data: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The placeholders computed from the whole manifest (messages.DERIVED), only for a
    message that uses them: ``{sensitive_categories}``, what makes the data sensitive."""
    if "{sensitive_categories}" not in message:
        return {}
    return {"sensitive_categories": ", ".join(sensitive_categories(data, as_of)) or "none"}


def _violation(
    rule: Rule, assertion: Assertion, segments: Sequence[str], value: Any, extra: Mapping[str, Any]
) -> Violation:
    """Built only for a real violation: the pointer and the message are not computed otherwise.
    The message has only plain ``{name}`` placeholders (checked when the policy loaded), and
    its length is capped (policy.MESSAGE_MAX), whatever the manifest holds."""
    values = {**rule.options, **extra, "field": _field(segments), "value": _show(value)}
    pointer = "".join(f"/{escape_pointer(s)}" for s in segments)
    return Violation(rule, pointer, extra.get("item"), render_message(assertion.message, values))


def triggered(rule: Rule, data: Mapping[str, Any], facts: Mapping[str, bool]) -> bool:
    """Whether the rule applies (``applies``) and its ``facts`` and ``when`` hold for this
    manifest."""
    if not rule.applicable(facts):
        return False
    if rule.facts is not None and not rule.facts.holds(facts):
        return False
    return rule.when is None or rule.when(data)


def check_rule(
    rule: Rule,
    data: Mapping[str, Any],
    facts: Mapping[str, bool],
    as_of: dt.date,
    *,
    trigger_checked: bool = False,
) -> Iterator[Violation]:
    """Every violation of one policy rule on one manifest (``trigger_checked``: the caller
    has already found that :func:`triggered` holds)."""
    if not trigger_checked and not triggered(rule, data, facts):
        return
    for assertion in rule.asserts:
        yield from check_assertion(rule, assertion, data, facts, as_of)


#: Schema findings whose value failed its check and was removed from the clean data: a policy
#: finding at that pointer (or below it) only repeats them as "missing". CTL101 (nothing to
#: fail), CTL104 (the key itself), CTL108 (the repeated item is kept) and CTL109 (the date still
#: counts as given) are not among them.
VALUE_FAILED = frozenset({"CTL102", "CTL103", "CTL105", "CTL106", "CTL107", "CTL199"})

_SUGGESTION = re.compile(r"did you mean `([^`]+)`\?")


def _under(pointer: str, base: str) -> bool:
    """``pointer`` is ``base`` or lies below it (segment-wise)."""
    return pointer == base or pointer.startswith(base + "/")


def empty_at(data: Any, pointer: str) -> bool:
    """Whether the value on ``pointer`` is empty (null or blank, like a scaffold's
    placeholder): a rule's "missing" is then what the value is, and stays next to its CTL102."""
    value = _resolve(data, split_pointer(pointer))
    return value is not _MISSING and _is_missing(value)


def shadowed(pointer: str, failed: Sequence[str]) -> bool:
    """Whether a policy finding at ``pointer`` is at or below a value that failed its schema
    check (one of ``failed``, the pointers of the :data:`VALUE_FAILED` findings)."""
    return any(_under(pointer, base) for base in failed)


@dataclasses.dataclass(frozen=True, slots=True)
class Typo:
    """An unknown key with a "did you mean": where it is, and the pointer it was meant for."""

    pointer: str
    meant: str

    @property
    def field(self) -> str:
        return _field(split_pointer(self.pointer))

    @property
    def meant_field(self) -> str:
        return _field(split_pointer(self.meant))


def typo_of(rule: str, pointer: str, message: str) -> Typo | None:
    """The typo a CTL104 finding reports (its suggestion, read from the message the schema
    stage wrote), or None when it has no "did you mean"."""
    if rule != "CTL104":
        return None
    match = _SUGGESTION.search(message)
    if match is None or "/" not in pointer:
        return None
    parent = pointer.rsplit("/", 1)[0]
    return Typo(pointer, f"{parent}/{escape_pointer(match.group(1))}")


def typo_for(pointer: str, typos: Sequence[Typo]) -> Typo | None:
    """The typo whose suggested key is ``pointer`` or above it: a policy finding there is
    caused by the typo (the value is under the misspelt key)."""
    return next((t for t in typos if _under(pointer, t.meant)), None)
