"""One Fides System -> the values of one ctlint manifest (spec fides.md §5.1, §5.2, I3-I8).

Only facts Fides states are copied; everything without a ctlint home is kept verbatim under
``x-fides``; every rename, custom mapping, unknown key and warning is recorded for the report.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.fides.ingest import Inputs, System
from ctlint.fides.keys import Resolver, Step

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
#: Fields of a System that the mapping consumes (everything else goes to ``x-fides``).
_MAPPED = frozenset(
    {"name", "description", "administrating_department", "legal_name", "uses_profiling"}
)
_THIRD_PARTY_TYPE = re.compile(r"third[ -]party|3rd[ -]party", re.IGNORECASE)
_DAYS = re.compile(r"^\s*(\d{1,6})\s*(?:days?)?\s*$", re.IGNORECASE)
_FREE_TEXT_FIELDS = frozenset(
    {"body", "html_body", "plain_body", "comment", "message", "subject", "description"}
    | {"attachments", "answers", "recording", "voicemail", "latitude", "longitude", "media"}
)


@dataclasses.dataclass(slots=True)
class Imported:
    """The pre-filled values of one manifest and what the import report says about it."""

    id: str
    source: str
    system_key: str | None
    values: dict[str, Any] = dataclasses.field(default_factory=dict)  # dotted path -> value
    categories: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    x_fides: dict[str, Any] = dataclasses.field(default_factory=dict)
    steps: list[Step] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    placeholders: list[str] = dataclasses.field(default_factory=list)

    @property
    def renames(self) -> list[Step]:
        return _unique([s for s in self.steps if s.how in ("rename", "alias")])

    @property
    def custom(self) -> list[Step]:
        return _unique([s for s in self.steps if s.how == "custom"])

    @property
    def unknown(self) -> list[Step]:
        return _unique([s for s in self.steps if s.how == "unknown"])


def _unique(steps: list[Step]) -> list[Step]:
    return list(dict.fromkeys(steps))


def slug(text: str) -> str:
    """A ctlint id from free text (lower case; runs of other characters become ``-``)."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return value[:64].rstrip("-._")


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _roles(system: Mapping[str, Any]) -> list[str]:
    value = system.get("responsibility")
    legacy = system.get("data_responsibility_title")
    found = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    if isinstance(value, str):
        found.append(value)
    if isinstance(legacy, str):
        found.append(legacy)
    return found


def third_party_signal(system: Mapping[str, Any]) -> bool:
    """Whether a System looks like a vendor's (I3): its type says third party, its
    responsibility says (Sub-)Processor, or it has a vendor id."""
    kind = system.get("system_type")
    if isinstance(kind, str) and _THIRD_PARTY_TYPE.search(kind):
        return True
    if any(r in ("Processor", "Sub-Processor") for r in _roles(system)):
        return True
    return bool(_text(system.get("vendor_id")))


def manifest_id(system: Mapping[str, Any], warnings: list[str]) -> str | None:
    """The ctlint id of a System (§5.1): its fides_key when it fits, else a slug of it, of its
    name, legal name or vendor id; None when there is nothing to make one from."""
    key = _text(system.get("fides_key"))
    if key is not None and ID_PATTERN.match(key):
        return key
    for field in ("fides_key", "name", "legal_name", "vendor_id"):
        text = _text(system.get(field))
        if text is not None and slug(text):
            made = slug(text)
            warnings.append(f"id `{made}` made from {field} `{text}`")
            return made
    return None


def _declarations(system: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    value = system.get("privacy_declarations")
    return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []


def _retention(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        match = _DAYS.match(value)
        if match:
            return int(match.group(1))
    return None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def dataset_categories(dataset: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, where) of every category of a dataset, its collections and (nested) fields."""
    found = [(k, "dataset") for k in _strings(dataset.get("data_categories"))]

    def fields(items: Any, where: str) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                here = f"{where}.{item.get('name')}"
                found.extend((k, here) for k in _strings(item.get("data_categories")))
                fields(item.get("fields"), here)

    for collection in dataset.get("collections") or []:
        if isinstance(collection, dict):
            where = str(collection.get("name"))
            found.extend((k, where) for k in _strings(collection.get("data_categories")))
            fields(collection.get("fields"), where)
    return found


def free_text_hints(dataset: Mapping[str, Any]) -> list[str]:
    """Fields that hold free text or precise location without a ``user.content.*`` or
    ``user.location.precise`` key (§4.6): review hints, never changes."""
    hints: list[str] = []

    def walk(items: Any, where: str) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            name = str(item.get("name"))
            here = f"{where}.{name}"
            keys = _strings(item.get("data_categories"))
            if name.lower() in _FREE_TEXT_FIELDS and not any(
                k.startswith(("user.content", "user.location.precise")) for k in keys
            ):
                hints.append(f"{here}: {', '.join(keys) or 'no category'}")
            walk(item.get("fields"), here)

    for collection in dataset.get("collections") or []:
        if isinstance(collection, dict):
            walk(collection.get("fields"), str(collection.get("name")))
    return hints


def map_system(
    found: System,
    inputs: Inputs,
    *,
    manifest_key: str,
    keep_system_categories: bool = False,
) -> Imported:
    """The manifest values of one System (§5.1) and its report entries."""
    system = found.data
    imported = Imported(manifest_key, found.file, _text(system.get("fides_key")))
    warn = imported.warnings.append
    resolver = Resolver(inputs.custom)
    values = imported.values
    extra: dict[str, Any] = {
        "source": f"{found.file}{' ' + found.where if found.where else ''}",
    }
    name = _text(system.get("name"))
    if name is None and _text(system.get("legal_name")):
        name = _text(system.get("legal_name"))
        warn("name taken from legal_name")
    values["name"] = name or imported.system_key or manifest_key
    if _text(system.get("description")):
        values["description"] = system["description"]
    owner = _text(system.get("administrating_department"))
    if owner and owner != "Not defined":
        values["owner"] = owner
    elif owner:
        extra["administrating_department"] = owner
    if _text(system.get("legal_name")):
        values["vendor.legal_name"] = system["legal_name"]
    roles = _roles(system)
    if any(r in ("Processor", "Sub-Processor") for r in roles):
        values["vendor.role"] = "processor"
    else:
        warn(
            f"responsibility is {', '.join(roles) or 'empty'}: vendor.role left to fill in "
            "(an internal system rather than a vendor?)"
        )
    policy = _text(system.get("privacy_policy"))
    if policy and policy.startswith("https://"):
        values["vendor.privacy_policy_url"] = policy
    elif policy:
        extra["privacy_policy"] = policy
        warn("privacy_policy is not an https:// URL: kept under x-fides")
    if isinstance(system.get("uses_profiling"), bool):
        values["data.profiling_decisions"] = system["uses_profiling"]
    dpia = system.get("data_protection_impact_assessment")
    document = _text(system.get("dpa_location")) or (
        _text(dpia.get("link")) if isinstance(dpia, dict) else None
    )
    if document:
        values["assessment.document"] = document
    for key, value in system.items():
        if key not in _MAPPED and key not in ("privacy_policy", "administrating_department"):
            extra[key] = value
    if _text(system.get("vendor_deleted_date")):
        warn("vendor_deleted_date is set: the dictionary entry was deleted")
    if system.get("processes_personal_data") is False:
        warn("processes_personal_data is false: does this system belong in ctlint?")
    if system.get("exempt_from_privacy_regulations") is True:
        warn("exempt_from_privacy_regulations is true: state the exemption in the manifest")

    declarations = _declarations(system) + _compass(system, inputs)
    subjects: list[str] = []
    uses: list[str] = []
    purposes: dict[str, list[str]] = {}
    retention: dict[str, list[int]] = {}
    dropped: list[str] = []
    special = sharing = False
    for declaration in declarations:
        for subject in _strings(declaration.get("data_subjects")):
            key, steps = resolver.resolve(subject, "subject")
            imported.steps += steps
            if key not in subjects:
                subjects.append(key)
        use = _text(declaration.get("data_use"))
        if use:
            key, steps = resolver.resolve(use, "use")
            imported.steps += steps
            if key not in uses:
                uses.append(key)
            sharing = sharing or key.startswith("third_party_sharing")
        days = _retention(declaration.get("retention_period"))
        if declaration.get("retention_period") is not None and days is None:
            warn(
                f"retention_period `{declaration['retention_period']}` is not a number of days:"
                " retention_days left out"
            )
        label = _text(declaration.get("name"))
        refs = _strings(declaration.get("dataset_references"))
        keys: list[tuple[str, str | None]] = [
            (k, None) for k in _strings(declaration.get("data_categories"))
        ]
        keys += _referenced(refs, inputs, warn)
        for raw, where in keys:
            key, steps = resolver.resolve(raw, "category")
            imported.steps += steps
            if key.startswith("system") and not keep_system_categories:
                if key not in dropped:
                    dropped.append(key)
                continue
            names = purposes.setdefault(key, [])
            if label and label not in names:
                names.append(label)
            if where and f"from dataset {where}" not in names and not label:
                names.append(f"from dataset {where}")
            if days is not None:
                retention.setdefault(key, []).append(days)
        special = special or bool(
            declaration.get("processes_special_category_data")
            or _text(declaration.get("special_category_legal_basis"))
        )
        sharing = sharing or bool(
            declaration.get("data_shared_with_third_parties") or declaration.get("third_parties")
        )
    if subjects:
        values["data.subjects"] = subjects
    if uses:
        values["data.uses"] = uses
        if "essential.service.operations.support" in uses:
            warn("its use essential.service.operations.support suggests category help_desk")
    for key, names in purposes.items():
        entry: dict[str, Any] = {"key": key}
        if names:
            entry["purpose"] = "; ".join(names)
        kept = retention.get(key)
        if kept:
            entry["retention_days"] = max(kept)
            if len(set(kept)) > 1:
                warn(f"{key}: retention periods {sorted(set(kept))} differ; the longest is kept")
        imported.categories.append(entry)
    if any(e["key"] in ("user.childrens",) for e in imported.categories):
        values["data.minors"] = True
    if dropped:
        extra["system_categories"] = dropped
    if special:
        warn("special-category data is declared: fill in consent.sensitive_data")
    if sharing:
        warn("data is shared with third parties: is this a sale? declare data.sale")
    renames = [s.as_json() for s in imported.renames]
    if renames:
        extra["renames"] = renames
    imported.x_fides = extra
    return imported


def _compass(system: Mapping[str, Any], inputs: Inputs) -> list[Mapping[str, Any]]:
    """The Compass declarations (I7) of the same ``vendor_id``."""
    vendor = _text(system.get("vendor_id"))
    if vendor is None:
        return []
    return [d for _file, d in inputs.declarations if d.get("vendor_id") == vendor]


def _referenced(refs: Sequence[str], inputs: Inputs, warn: Any) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for ref in refs:
        dataset = inputs.datasets.get(ref)
        if dataset is None:
            warn(f"dataset `{ref}` is referenced but not in the inputs (--datasets)")
            continue
        out += [(k, f"{ref}.{w}") for k, w in dataset_categories(dataset) if k.startswith("user")]
    return out
