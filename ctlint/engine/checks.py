"""The built-in checks that need code: each is registered under its rule id, and the rule's
policy file in ``policies/core/`` (``builtin: true``) is its metadata: title, severity,
citations, rationale and remediation, shown by ``ctlint rules`` and ``explain`` like any rule.

A manifest check takes one manifest's schema-clean data (:class:`Manifest`) and yields
:class:`Hit` values (pointer, message, missing item); the pipeline turns them into findings
with the file, position, severity and citations. ``on_retired`` says whether it also runs on
a retired manifest (the structural checks do; those about live data do not). The one
repository check, CTL201, runs when the repository-wide facts are known (:func:`duplicate_id`).

Rules of the core pack implemented elsewhere: CTL001-CTL004 by the document loader, CTL1xx by
the schema stage, CTL3xx by the waiver stage, CTL010-CTL012 by the law's scope decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ctlint.law.taxonomy import vague_ancestors
from ctlint.policy.model import parse_date
from ctlint.util.globs import is_inside

#: Dates of things that have already happened: CTL109 when after the as-of date.
PAST_DATE_FIELDS = (
    ("agreement", "signed"),
    ("agreement", "approvals", "opm_secretary"),
    ("assessment", "completed"),
    ("records", "last_accuracy_review"),
    ("review", "last_reviewed"),
)

#: Repository paths a manifest may name: CTL203 when outside the root or missing.
PATH_FIELDS = (
    ("agreement", "document"),
    ("assessment", "document"),
    ("breach", "plan"),
    ("recording", "monitoring_notice"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Manifest:
    """What a manifest check sees."""

    rel: str  # root-relative path
    data: Mapping[str, Any]  # schema-clean data
    root: str
    as_of: dt.date
    expiry_notice_days: int


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """One violation of a check, before it becomes a finding."""

    pointer: str
    message: str
    item: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    rule: str
    run: Callable[[Manifest], Iterator[Hit]]
    on_retired: bool


#: Every manifest check, in the order they run (the order findings are made in).
CHECKS: dict[str, Check] = {}


def check(rule: str, *, on_retired: bool) -> Callable[[Callable[[Manifest], Iterator[Hit]]], Any]:
    """Register a manifest check under ``rule`` (a ``builtin: true`` rule of the core pack)."""

    def register(
        function: Callable[[Manifest], Iterator[Hit]],
    ) -> Callable[[Manifest], Iterator[Hit]]:
        if rule in CHECKS:
            raise ValueError(f"{rule} is registered twice")
        CHECKS[rule] = Check(rule, function, on_retired)
        return function

    return register


def dig(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    """The value at a path of mapping keys, or None."""
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@check("CTL202", on_retired=True)
def file_name_differs_from_id(m: Manifest) -> Iterator[Hit]:
    clean_id = m.data.get("id")
    if isinstance(clean_id, str):  # an id that failed its schema check counts as absent
        stem = os.path.basename(m.rel).rsplit(".", 1)[0]
        if stem != clean_id:
            yield Hit(
                "/id",
                f"The file name `{stem}` differs from the id `{clean_id}`; name the file "
                f"{clean_id}{os.path.splitext(m.rel)[1]}",
            )


def _inside_root(root: str, value: str) -> tuple[bool, bool]:
    """(exists, inside) for a repository path written in a manifest."""
    if value.startswith(("/", "~")) or "\\" in value:
        return False, False
    if "\x00" in value:
        return False, True
    real = os.path.realpath(os.path.join(root, value))
    inside = is_inside(real, root)
    return inside and os.path.exists(real), inside


@check("CTL203", on_retired=True)
def path_outside_or_missing(m: Manifest) -> Iterator[Hit]:
    for section, key in PATH_FIELDS:
        block = m.data.get(section)
        value = block.get(key) if isinstance(block, dict) else None
        if not isinstance(value, str) or value.startswith("https://") or not value.strip():
            continue
        exists, inside = _inside_root(m.root, value)
        if not inside:
            yield Hit(
                f"/{section}/{key}",
                f"`{section}.{key}` points outside the repository root: {value}",
            )
        elif not exists:
            yield Hit(
                f"/{section}/{key}",
                f"`{section}.{key}` names {value}, which does not exist in the repository",
            )


@check("CTL109", on_retired=True)
def past_event_in_the_future(m: Manifest) -> Iterator[Hit]:
    for path in PAST_DATE_FIELDS:
        when = parse_date(dig(m.data, path))
        if when is not None and when > m.as_of:
            yield Hit(
                "/" + "/".join(path),
                f"`{'.'.join(path)}` is {when.isoformat()}, after the as-of date "
                f"{m.as_of.isoformat()}: it records something that has already happened; "
                "write the real date, or remove the field until it has happened",
            )


def _example_child(key: str) -> str:
    examples = {
        "user": "user.contact.email",
        "user.financial": "user.financial.credit_card",
        "user.demographic": "user.demographic.date_of_birth",
        "user.location": "user.location.imprecise",
        "user.authorization": "user.authorization.credentials",
    }
    return examples.get(key, f"{key}.…")


@check("CTL204", on_retired=False)
def category_too_broad(m: Manifest) -> Iterator[Hit]:
    section = m.data.get("data")
    categories = section.get("categories") if isinstance(section, dict) else None
    if not isinstance(categories, list):
        return
    vague = vague_ancestors()
    for index, entry in enumerate(categories):
        category = entry.get("key") if isinstance(entry, dict) else None
        if isinstance(category, str) and category in vague:
            yield Hit(
                f"/data/categories/{index}/key",
                f"The category `{category}` is too broad: name the specific data (for example "
                f"`{_example_child(category)}`) so the sensitive-data rules can apply",
            )


#: The procurement bases that § 4-212(2) excludes from "personal service contractor".
EXCLUDED_BASES = frozenset({"contractual_services", "information_technology", "other_exempt"})


@check("CTL206", on_retired=False)
def role_contradicts_basis(m: Manifest) -> Iterator[Hit]:
    role = dig(m.data, ("vendor", "role"))
    basis = dig(m.data, ("agreement", "procurement_basis"))
    if role == "personal_service_contractor" and basis in EXCLUDED_BASES:
        yield Hit(
            "/agreement/procurement_basis",
            f"vendor.role is personal_service_contractor but agreement.procurement_basis is "
            f"{basis}, which § 4-212(2) excludes from personal service contractors: correct "
            "the one that is wrong (the basis decides whether the ct-psa rules apply)",
        )


@check("CTL305", on_retired=False)
def agreement_expires_soon(m: Manifest) -> Iterator[Hit]:
    expires = parse_date(dig(m.data, ("agreement", "expires")))
    if expires is not None and 0 <= (expires - m.as_of).days <= m.expiry_notice_days:
        days = (expires - m.as_of).days
        soon = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        yield Hit(
            "/agreement/expires",
            f"The agreement expires {soon} ({expires.isoformat()}): renew it and record the new "
            "dates, or plan the exit (export and delete the data, set `status: offboarding`)",
        )


#: The repository check's rule (run by the pipeline once every file's facts are known).
DUPLICATE_ID = "CTL201"


def duplicate_id(rel: str, vendor: str | None, users: Mapping[str, Sequence[str]]) -> Hit | None:
    """CTL201 on every file that uses an id another configured or named file also uses
    (``users``: each id's files in byte order of the path), so that a run over one of them
    (pre-commit passes only the changed files) reports what a run over all of them does."""
    if vendor is None:
        return None
    others = [other for other in users.get(vendor, ()) if other != rel]
    if not others:
        return None
    shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    return Hit("/id", f"The id `{vendor}` is also used by {shown}; ids must be unique")
