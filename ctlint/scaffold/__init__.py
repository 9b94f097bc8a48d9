"""What ``ctlint init`` and ``ctlint new`` write, as plain text built from plain values.

Three pieces, none of which touches the file system or the terminal:

- :func:`ctlint.scaffold.configuration.config_text`: a commented ``.ctlint.yaml`` for an
  organization profile.
- :func:`ctlint.scaffold.precommit.add_precommit_hook`: an existing
  ``.pre-commit-config.yaml`` with the ctlint hook inserted as text (comments and layout of
  the rest are kept byte for byte).
- :func:`ctlint.scaffold.skeleton.manifest_skeleton`: a vendor manifest with every field the
  active rules need for one kind of tool, each under a comment naming the rules and the law,
  and empty placeholders.

This module holds what they and the commands share: the values a profile and a kind of tool
are made of (organization types, categories, channels, roles, procurement bases), the names
of the files written, and YAML scalars as both write them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml

from ctlint.errors import UsageError

ORG_TYPES = ("private_business", "ct_state_agency", "ct_municipal_agency", "nonprofit")
AGENCY_TYPES = ("ct_state_agency", "ct_municipal_agency")
EXEMPTIONS = (
    "hipaa_covered_entity",
    "glba_financial_institution",
    "higher_education",
    "national_securities_association",
)
CATEGORIES = (
    "help_desk",
    "live_chat",
    "contact_center",
    "chatbot",
    "crm",
    "survey",
    "omnichannel",
    "other",
)
CHANNELS = (
    "email",
    "web_form",
    "chat",
    "voice",
    "sms",
    "social",
    "chatbot",
    "mobile_sdk",
    "api",
)
ROLES = ("processor", "third_party", "personal_service_contractor")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
PRECOMMIT_NAME = ".pre-commit-config.yaml"
EXAMPLE_ID = "example-help-desk"

#: ``agreement.procurement_basis`` values with a one-line explanation each (manifest.md; the
#: prompt of ``new`` and ``init`` and the skeleton's comment show them).
PROCUREMENT_BASES: tuple[tuple[str, str], ...] = (
    (
        "personal_service_agreement",
        "a personal service contractor hired under §§ 4-212 to 4-219 (the ct-psa rules apply)",
    ),
    (
        "contractual_services",
        "contractual services bought through the Department of Administrative Services under "
        "§ 4a-50 (excluded by § 4-212)",
    ),
    (
        "information_technology",
        "information and telecommunications systems under § 4d-2 (excluded by § 4-212)",
    ),
    (
        "other_exempt",
        "another exclusion of § 4-212 (e.g. a consultant under § 4b-55); say which in "
        "agreement.procurement_note",
    ),
)
PROCUREMENT_BASIS_VALUES = tuple(value for value, _text in PROCUREMENT_BASES)
#: The dotted path of the procurement basis among a skeleton's placeholders.
BASIS_FIELD = "agreement.procurement_basis"


#: Channels a kind of tool has when ``--channels`` is not given (only to decide which rules
#: apply; they are not written into the manifest).
PRESUMED_CHANNELS: Mapping[str, tuple[str, ...]] = {
    "contact_center": ("voice",),
    "omnichannel": ("voice", "chat", "email"),
    "chatbot": ("chatbot",),
}


def validate_id(manifest_id: str) -> str:
    """A manifest id as ``new`` accepts it, or :class:`UsageError`."""
    if not ID_PATTERN.match(manifest_id):
        suggested = re.sub(r"[^a-z0-9._-]+", "-", manifest_id.strip().lower()).strip("-._")[:64]
        hint = f"; did you mean `{suggested}`?" if ID_PATTERN.match(suggested) else ""
        raise UsageError(
            f"invalid id `{manifest_id}`: use 1 to 64 lowercase letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit (e.g. acme-chat){hint}"
        )
    return manifest_id


def split_list(values: Iterable[str], allowed: Sequence[str], option: str) -> tuple[str, ...]:
    """Comma-separated or repeated option values, checked against ``allowed``, without repeats."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            item = part.strip()
            if not item:
                continue
            if item not in allowed:
                raise UsageError(
                    f"{option}: unknown value `{item}` (choose from {', '.join(allowed)})"
                )
            if item not in out:
                out.append(item)
    return tuple(out)


#: The organization facts that matter for each type (configuration.md), in prompt order.
FACTS_BY_TYPE: Mapping[str, tuple[str, ...]] = {
    "private_business": (
        "ct_consumers_per_year",
        "sells_personal_data",
        "exemptions",
        "state_contractor",
        "ct_employees",
    ),
    "nonprofit": ("state_contractor", "ct_employees"),
    "ct_state_agency": ("agency_division", "ct_employees"),
    "ct_municipal_agency": ("agency_division", "ct_employees"),
}


def yaml_scalar(value: Any) -> str:
    """A YAML 1.2 scalar for a string, number or boolean (strings quoted only when needed)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    plain = bool(text) and text == text.strip() and not re.search(r"[#:\[\]{},&*!|>'\"%@`]", text)
    if plain:
        try:
            plain = yaml.safe_load(f"k: {text}") == {"k": text}
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def yaml_flow(items: Sequence[str]) -> str:
    """A YAML flow list of scalars (``[a, "b: c"]``)."""
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"
