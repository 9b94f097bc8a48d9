"""What ``ctlint init`` and ``ctlint new`` write, as plain text built from plain values.

Three pieces, none of which touches the file system or the terminal:

- :func:`config_text`: a commented ``.ctlint.yaml`` for an organization profile.
- :func:`add_precommit_hook`: an existing ``.pre-commit-config.yaml`` with the ctlint hook
  inserted as text (comments and layout of the rest are kept byte for byte).
- :func:`manifest_skeleton`: a vendor manifest with every field the active rules need for one
  kind of tool, each under a comment naming the rules and the law, and empty placeholders.

Placeholders. A field the rules need is written with an empty value (``field:`` and nothing
after the colon). YAML reads that as null, and null is valid for no manifest field, so each
placeholder is a CTL102 finding at its own line (plus the finding of the rule that needs it)
until a person writes the value. A text placeholder such as ``TODO`` would pass the schema for
free-text fields, and leaving fields out would point findings at the parent key; an empty
value fails everywhere and is filled in by typing after the colon. Fields that only some
tools of the kind need (sensitive data, recorded calls, an AI companion …) are written
commented out, with the condition in their comment: uncomment them when it holds, and
``ctlint check`` says so when it does.

What decides which rules apply is what is known before anything is filled in: the kind of tool
(category, channels, role), the organization type (the organization facts, ``org_agency`` …;
a rule whose ``applies`` fails for it is left out) and, for a state agency, the procurement
basis (``personal_service_basis``: an excluded basis leaves the ct-psa fields out; a basis not
given is a placeholder, and the fields that wait for it are commented out). A true/false fact
that a rule asks only to be declared (CTDPA-032, CT-EMP-002, CT-AI-004 …) is a placeholder
whose hint says so: absent is never read as "no", ``false`` is a declaration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import yaml

from ctlint.document.source import CONFIG_MAX_BYTES, Limits, ReadError, load_text, read_bytes
from ctlint.errors import ConfigError, UsageError
from ctlint.law.taxonomy import PERSONAL_SERVICE_BASES, organization_facts
from ctlint.model.findings import Citation, citations_in_force
from ctlint.policy.load import Assertion, FactTest, Rule

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
        raise UsageError(
            f"invalid id `{manifest_id}`: use 1 to 64 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (e.g. acme-chat)"
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


# --------------------------------------------------------------------------- configuration


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


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"


_ORG_KEYS: tuple[tuple[str, str, str], ...] = (
    # key, the comment above it, a commented-out example when the key is not set
    ("name", "the organization's name", "Example Co"),
    (
        "type",
        "private_business | ct_state_agency | ct_municipal_agency | nonprofit: decides "
        "which Connecticut laws (rule packs) apply",
        "private_business",
    ),
    (
        "agency_division",
        "the agency and division that requests the data (told to people asked for their data)",
        "Department of Labor, Unemployment Insurance Division",
    ),
    (
        "ct_consumers_per_year",
        "Connecticut residents whose personal data was processed last "
        "year (payment-only excluded); decides whether the CTDPA applies (missing: ctlint "
        "assumes it does and warns, CTL012)",
        "52000",
    ),
    (
        "sale_revenue_share",
        "share of gross revenue from selling personal data, 0 to 1 (the "
        "CTDPA scope test before 2026-07-01)",
        "0.0",
    ),
    (
        "sells_personal_data",
        "true when the organization sells personal data (brings it into the CTDPA from 2026-07-01)",
        "false",
    ),
    (
        "exemptions",
        "CTDPA entity exemptions: hipaa_covered_entity | glba_financial_institution "
        "| higher_education | national_securities_association",
        "[]",
    ),
    (
        "state_contractor",
        "true when it operates a personal data system for a Connecticut "
        "agency under contract (adds the Personal Data Act rules, ct-pda)",
        "false",
    ),
    (
        "ct_employees",
        "false when it has no employees in Connecticut (turns the employee-monitoring rules off)",
        "true",
    ),
)

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

_OTHER_KEYS_HEAD = (
    "Which files are vendor manifests (globs relative to this folder; default shown), and which to skip:",
    'manifests: ["vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.json"]',
    "exclude: []",
    "Rule packs: auto (from the organization above), a list of pack names, or [auto, NAME...]:",
    "packs: auto",
    "Rule ids, id prefixes or pack names to run (empty = all active) and to skip:",
    "select: []",
    "ignore: []",
    "Per-rule severity (error | warning | info | off) and rule options:",
    "severity: {}            # e.g. {CTDPA-011: error}",
)
_RULE_OPTIONS_PLAIN = ("rule_options: {}        # e.g. {CT-BREACH-002: {max_hours: 72}}",)
#: For profiles under the Personal Data Act rules (ct-pda): their limits are one agency's
#: numbers (rules.md, CT-PDA-007 and CT-PDA-010), shown as rule options to set.
_RULE_OPTIONS_PDA = (
    "The Personal Data Act limits are one agency's numbers: CT-PDA-007 max_days 30 (the Office",
    "of the Chief Medical Examiner, RCSA § 19a-401-32(b)) and CT-PDA-010 max_business_days 4",
    "(the Department of Labor, RCSA § 31-250-5(a)). Set {whose} own limits, and name the",
    "regulation under organization.regulations:",
    "rule_options:",
    "  CT-PDA-007: {max_days: 30}             # days to answer a correction request",
    '  CT-PDA-010: {max_business_days: 4}     # business days to answer "do you hold data about me"',
    "  CT-BREACH-002: {max_hours: 72}         # hours for the vendor's breach notice",
)
_OTHER_KEYS_TAIL = (
    "Lowest severity that makes `ctlint check` fail: error | warning | info",
    "fail_on: error",
    "CTL305 notes an agreement (agreement.expires) that expires within this many days after",
    "the as-of date, so that it is renewed or the exit planned in time (default 60):",
    "expiry_notice_days: 60",
    "Evaluate the law as of this date, YYYY-MM-DD (default: today):",
    "as_of: null",
    "A baseline file of accepted findings, and folders of your own policy packs:",
    "baseline: null",
    "policy_paths: []",
    "A folder inside the repository for the facts cache (e.g. .ctlint-cache), which makes",
    "pre-commit runs in repositories of many manifests fast; nothing is cached without it:",
    "cache_dir: null",
)

#: The commented-out ``organization.regulations`` example (configuration.md), under
#: ``organization:`` for profiles the Personal Data Act rules apply to.
_REGULATIONS_EXAMPLE = (
    "regulations:",
    '  - section: "§ 31-250-3"',
    "    title: Maintenance of personal data-general",
    "    url: https://casetext.com/regulation/connecticut-administrative-code/title-31-labor/"
    "personal-data/section-31-250-3-maintenance-of-personal-data-general",
    '  - section: "§ 31-250-5"',
    "    title: Maintenance of personal data-disclosure",
)


def _wrap_comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ")


def _personal_data_act_profile(organization: Mapping[str, Any]) -> bool:
    """Whether the Personal Data Act rules (ct-pda) apply to this profile under ``packs:
    auto`` (configuration.md): agencies, and businesses that are state contractors."""
    return organization.get("type") in AGENCY_TYPES or organization.get("state_contractor") is True


def config_text(organization: Mapping[str, Any]) -> str:
    """A commented ``.ctlint.yaml`` that sets ``organization`` and leaves every other key at
    its default (shown commented out)."""
    unknown = sorted(set(organization) - {k for k, _c, _e in _ORG_KEYS})
    if unknown:
        raise UsageError(f"unknown organization key `{unknown[0]}`")
    org_type = organization.get("type")
    relevant = set(FACTS_BY_TYPE.get(org_type, ())) if isinstance(org_type, str) else set()
    if org_type == "private_business":
        relevant.add("sale_revenue_share")
    personal_data_act = _personal_data_act_profile(organization)
    lines = [
        "# ctlint configuration, written by `ctlint init` (reference: configuration.md).",
        "# Only the organization is set; every other key keeps its default (shown commented out",
        "# at the end). `ctlint rules` shows which rule packs this profile turns on, and why.",
        "",
        "# The organization that uses the customer-service tools.",
        "organization:",
    ]
    for key, comment, example in _ORG_KEYS:
        if key in organization:
            value = organization[key]
            text = _flow(value) if isinstance(value, (list, tuple)) else yaml_scalar(value)
            lines += [*_wrap_comment(comment, "  "), f"  {key}: {text}"]
        elif key in relevant:
            lines += [*_wrap_comment(comment, "  "), f"  # {key}: {example}"]
    if personal_data_act:
        whose = (
            "Your agency's own Personal Data Act regulations (§ 4-196)"
            if org_type in AGENCY_TYPES
            else "The Personal Data Act regulations (§ 4-196) of the agency you work for"
        )
        lines += _wrap_comment(
            f"{whose}, each {{section, title, url}}. Every ct-pda finding cites them with "
            "status `declared`, after the statute: named by this configuration, not read or "
            "checked by ctlint. For example, the Department of Labor's:",
            "  ",
        )
        lines += [f"  # {line}" for line in _REGULATIONS_EXAMPLE]
    lines.append("")
    rule_options = _RULE_OPTIONS_PDA if personal_data_act else _RULE_OPTIONS_PLAIN
    whose = "your agency's" if org_type in AGENCY_TYPES else "the agency's"
    lines += [
        f"# {entry}".replace("{whose}", whose)
        for entry in (*_OTHER_KEYS_HEAD, *rule_options, *_OTHER_KEYS_TAIL)
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- pre-commit

HOOK_ID = "ctlint"


def hook_entry(indent: int = 2) -> list[str]:
    """The ``repos:`` entry of the local ctlint hook, as lines (dash at ``indent``)."""
    pad = " " * indent
    return [
        f"{pad}# ctlint: lint changed vendor manifests (added by `ctlint init`). `language: system`",
        f"{pad}# runs the ctlint installed in this environment; the remote form is",
        f"{pad}#   - repo: <ctlint repository URL>",
        f"{pad}#     rev: <a ctlint release tag>",
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


# --------------------------------------------------------------------------- manifest skeleton

_ACTIVE, _CONDITIONAL, _ABSENT = 2, 1, 0
_NOTHING: Any = object()

_FACT_TEXT: Mapping[str, str] = {
    "processor": "the vendor is a processor",
    "third_party": "vendor.role is third_party",
    "personal_data": "the tool holds personal data (a `user` category)",
    "sensitive": "the tool holds sensitive data (taxonomy.md: health, biometric, precise location, government id, account numbers …)",
    "consumer_health": "the tool holds consumer health data",
    "ssn": "the tool holds Social Security numbers",
    "breach_pi": "the tool holds breach-law personal information (government ids, financial, health or biometric data, credentials)",
    "high_risk": "the tool holds high-risk identifiers (government ids, account numbers, passwords, biometrics)",
    "free_text": "people write free text into the tool (a user.content.private category)",
    "precise_location": "the tool holds precise location data",
    "sale": "data.sale is true",
    "targeted_advertising": "the data is used for targeted advertising",
    "model_training": "models are trained on the data",
    "chatbot": "the tool has a chatbot (ai.chatbot, channel chatbot or category chatbot)",
    "minors": "data.minors is true",
    "profiling_decisions": "data.profiling_decisions is true",
    "records_calls": "recording.records_calls is true",
    "voiceprint": "recording.voiceprint is true",
    "agents_monitored": "recording.agents_monitored is true",
    "companion": "ai.companion is true",
    "personal_service_basis": "agreement.procurement_basis is personal_service_agreement",
    "org_private_business": "the organization is a private_business",
    "org_state_agency": "the organization is a ct_state_agency",
    "org_municipal_agency": "the organization is a ct_municipal_agency",
    "org_agency": "the organization is a state or municipal agency",
}

#: Fields whose comment explains each allowed value (path: the field in a few words, the
#: values with their meaning); the schema's description is too long for one comment line.
_VALUE_NOTES: Mapping[tuple[str, ...], tuple[str, Sequence[tuple[str, str]]]] = {
    ("agreement", "procurement_basis"): (
        "the legal basis on which the agency buys the service, one of the values below; the "
        "personal service agreement rules (ct-psa) apply only to personal_service_agreement",
        PROCUREMENT_BASES,
    ),
}

_VALUE_NOTE_KEYS = frozenset(path[-1] for path in _VALUE_NOTES)
#: Fields written first in their section: they decide which of the others apply.
_LEADING_KEYS = ("procurement_basis", "procurement_note")

#: The hint of a fact that must be declared (rules.md, "How triggers read").
DECLARE_HINT = 'true or false: declare it (absent never means "no"; false is a declaration)'

_REF_HINTS: Mapping[str, str] = {
    "#/$defs/date": "YYYY-MM-DD",
    "#/$defs/url": "https://…",
    "#/$defs/data_category": "a data-category key (taxonomy.md), e.g. user.contact.email",
}
_LIST_HINTS: Mapping[str, str] = {
    "#/$defs/data_subject": "a list of data-subject keys (taxonomy.md), e.g. [customer, prospect]",
    "#/$defs/data_use": "a list of data-use keys (taxonomy.md), e.g. [essential.service.operations.support]",
}


@dataclasses.dataclass(frozen=True, slots=True)
class _Cond:
    """Three-valued: True (holds), None (depends on data not known yet), False (cannot hold).
    ``texts`` say what it depends on (unknown or presumed parts only)."""

    value: bool | None
    texts: tuple[str, ...] = ()
    #: fields that must be present for a True condition to hold (``when: {required: [..]}``);
    #: it holds for the skeleton when each of them is a placeholder the rules need anyway
    after: frozenset[tuple[str, ...]] = frozenset()

    def __and__(self, other: _Cond) -> _Cond:
        if self.value is False or other.value is False:
            return _Cond(False)
        value = None if self.value is None or other.value is None else True
        texts = tuple(dict.fromkeys((*self.texts, *other.texts)))
        return _Cond(value, texts, self.after | other.after)


_TRUE = _Cond(True)


@dataclasses.dataclass(frozen=True, slots=True)
class _Kind:
    """What is known about the tool before anything is filled in."""

    category: str | None
    channels: tuple[str, ...] | None
    role: str | None
    #: ``organization.type`` of the configuration (None: undeclared, every organization fact
    #: is false, as the engine reads it)
    org_type: str | None = None
    #: ``agreement.procurement_basis`` as given (None: not given)
    basis: str | None = None
    #: whether a basis not given is asked for by a placeholder (then the facts that rest on it
    #: are open), or stays missing (then it counts as missing: the ct-psa rules apply)
    basis_open: bool = False

    def fact(self, name: str) -> _Cond:
        text = _FACT_TEXT.get(name, f"the fact `{name}` holds")
        org = organization_facts(self.org_type)
        if name in org:  # known from the configuration
            return _Cond(org[name])
        if name == "personal_service_basis":
            if self.basis is not None:
                return _Cond(self.basis in PERSONAL_SERVICE_BASES)
            return _Cond(None, (text,)) if self.basis_open else _TRUE
        if name in ("processor", "third_party"):
            if self.role is None:  # most customer-service vendors are processors
                return _Cond(True, (text,)) if name == "processor" else _Cond(None, (text,))
            holds = (
                self.role in ("processor", "personal_service_contractor")
                if name == "processor"
                else self.role == "third_party"
            )
            return _Cond(holds)
        if name in ("personal_data", "free_text"):  # what customer-service tools hold
            return _Cond(True, (text,))
        if name == "chatbot" and (self.category == "chatbot" or "chatbot" in (self.channels or ())):
            return _TRUE
        return _Cond(None, (text,))

    def facts(self, test: FactTest | None) -> _Cond:
        if test is None:
            return _TRUE
        results = [self.fact(n) for n in test.names]
        if test.none:  # none of them may hold
            if any(r.value is True and not r.texts for r in results):
                return _Cond(False)
            open_ = [r for r in results if r.value is not False]
            if not open_:
                return _TRUE
            return _Cond(None, tuple(f"not ({t})" for r in open_ for t in r.texts))
        if not test.any:
            out = _TRUE
            for result in results:
                out = out & result
            return out
        if any(r.value is True and not r.texts for r in results):
            return _TRUE
        for result in results:
            if result.value is True:
                return result
        open_ = [r for r in results if r.value is None]
        if not open_:
            return _Cond(False)
        return _Cond(None, (" or ".join(t for r in open_ for t in r.texts),))

    def when(self, fragment: Any, predicate: Any, rule_id: str) -> _Cond:
        if fragment is None or predicate is None:
            return _TRUE
        paths = _schema_paths(fragment, ())
        known: list[tuple[str, ...]] = []
        probe: dict[str, Any] = {}
        presumed = False
        if self.category is not None:
            known.append(("category",))
            probe["category"] = self.category
        channels = self.channels
        if channels is None and self.category is not None and self.category in PRESUMED_CHANNELS:
            channels, presumed = PRESUMED_CHANNELS[self.category], True
        if channels is not None:
            known.append(("channels",))
            probe["channels"] = list(channels)
        if self.role is not None:
            known.append(("vendor", "role"))
            probe["vendor"] = {"role": self.role}
        text = _describe(fragment) or f"it applies (see `ctlint explain {rule_id}`)"
        if paths and all(_covered(p, known) for p in paths):
            holds = bool(predicate(probe))
            if holds and presumed and predicate({**probe, "channels": []}):
                presumed = False  # it holds whatever the channels are (e.g. by category)
            if holds:
                return _Cond(True, (text,)) if presumed else _TRUE
            return _Cond(None, (text,)) if presumed else _Cond(False)
        presence = _presence_paths(fragment, ())
        if presence:
            return _Cond(True, (text,), frozenset(presence))
        return _Cond(None, (text,))


def _presence_paths(fragment: Any, path: tuple[str, ...]) -> set[tuple[str, ...]] | None:
    """The fields a fragment requires when it asks for nothing but their presence (and type);
    None when it asks for more."""
    if not isinstance(fragment, dict) or set(fragment) - {"required", "properties", "type"}:
        return None
    if path and set(fragment) == {"type"}:
        return set()
    out = {(*path, str(key)) for key in fragment.get("required", ())}
    for key, sub in (fragment.get("properties") or {}).items():
        inner = _presence_paths(sub, (*path, key))
        if inner is None or (*path, key) not in out:
            return None
        out |= inner
    return out


def _covered(path: tuple[str, ...], known: Sequence[tuple[str, ...]]) -> bool:
    return any(path[: len(k)] == k or k[: len(path)] == path for k in known)


def _schema_paths(fragment: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The manifest paths a trigger fragment looks at."""
    out: set[tuple[str, ...]] = set()
    if not isinstance(fragment, dict):
        return out
    for key in fragment.get("required", ()):
        out.add((*path, str(key)))
    for key, sub in (fragment.get("properties") or {}).items():
        out.add((*path, key))
        out |= _schema_paths(sub, (*path, key))
    for word in ("anyOf", "allOf", "oneOf"):
        for sub in fragment.get(word, ()):
            out |= _schema_paths(sub, path)
    for word in ("not", "if", "then", "else"):
        if word in fragment:
            out |= _schema_paths(fragment[word], path)
    if path and any(w in fragment for w in ("patternProperties", "additionalProperties")):
        out.add(path)
    if not path and any(
        w in fragment for w in ("patternProperties", "additionalProperties", "minProperties")
    ):
        out.add(("*",))
    return out


def _describe(fragment: Any, path: tuple[str, ...] = ()) -> str | None:
    """A trigger fragment in words (``agreement.cost_usd > 50000 or …``); None when the
    fragment uses a keyword this does not translate."""
    if not isinstance(fragment, dict):
        return None
    name = ".".join(path)
    clauses: list[str] = []
    props = fragment.get("properties") or {}
    handled = {"required", "properties", "anyOf", "allOf", "not", "type", "description"}
    for key in fragment.get("required", ()):
        if key not in props:
            clauses.append(f"{'.'.join((*path, key))} is set")
    for key, sub in props.items():
        inner = _describe(sub, (*path, key))
        if inner is None:
            return None
        clauses.append(inner or f"{'.'.join((*path, key))} is set")
    for word in ("anyOf", "allOf"):
        if word in fragment:
            parts = [_describe(sub, path) for sub in fragment[word]]
            if any(p is None for p in parts):
                return None
            joiner = " or " if word == "anyOf" else " and "
            clauses.append(joiner.join(p for p in parts if p))
    if "not" in fragment:
        inner = _describe(fragment["not"], path)
        if not inner:
            return None
        clauses.append(f"not ({inner})")
    leaf: dict[str, Callable[[Any], str]] = {
        "const": lambda v: f"{name} is {json.dumps(v)}",
        "enum": lambda v: f"{name} is one of {', '.join(map(str, v))}",
        "minimum": lambda v: f"{name} ≥ {v}",
        "maximum": lambda v: f"{name} ≤ {v}",
        "exclusiveMinimum": lambda v: f"{name} > {v}",
        "exclusiveMaximum": lambda v: f"{name} < {v}",
    }
    for word, render in leaf.items():
        if word in fragment:
            if not path:
                return None
            clauses.append(render(fragment[word]))
            handled.add(word)
    if fragment.get("pattern") in ("\\S", "[^\\s]"):  # a text that is not blank: "is set"
        handled.add("pattern")
    if "contains" in fragment:
        sub = fragment["contains"]
        if not path or not isinstance(sub, dict) or set(sub) - {"const", "enum"}:
            return None
        values = [sub["const"]] if "const" in sub else list(sub.get("enum", ()))
        clauses.append(f"{name} has {' or '.join(map(str, values))}")
        handled.add("contains")
    if set(fragment) - handled:
        return None
    return " and ".join(c for c in clauses if c)


def _resolve_params(fragment: Any, options: Mapping[str, Any]) -> Any:
    if isinstance(fragment, dict):
        if set(fragment) == {"$param"}:
            return options.get(fragment["$param"])
        return {k: _resolve_params(v, options) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [_resolve_params(v, options) for v in fragment]
    return fragment


@dataclasses.dataclass(frozen=True, slots=True)
class _Need:
    """One rule's reason for a field."""

    rule: str
    label: str | None
    cond: _Cond
    required: bool
    assertion: Assertion
    raw: Mapping[str, Any]
    options: Mapping[str, Any]

    @property
    def live(self) -> bool:
        return self.required and self.cond.value is True and not self.cond.after

    @property
    def declares(self) -> bool:
        """The rule asks only that the field be declared (present with a valid value), so
        that rules resting on it can run: absent is not "no", and ``false`` is an answer."""
        a = self.assertion
        checks = (a.schema, a.contains, a.where, a.not_before, a.not_after, a.max_age_days)
        return self.required and all(check is None for check in checks)

    @property
    def why(self) -> str:
        head = f"{self.rule} ({self.label})" if self.label else self.rule
        return f"{head}, when {' and '.join(self.cond.texts)}" if self.cond.texts else head


@dataclasses.dataclass(slots=True)
class _Node:
    key: str
    schema: Mapping[str, Any]
    children: dict[str, _Node] = dataclasses.field(default_factory=dict)
    needs: list[_Need] = dataclasses.field(default_factory=list)
    required: bool = False
    value: Any = _NOTHING

    def state(self) -> int:
        if self.required or self.value is not _NOTHING or any(n.live for n in self.needs):
            return _ACTIVE
        best = (
            _CONDITIONAL
            if any(n.required and n.cond.value is None for n in self.needs)
            else _ABSENT
        )
        for child in self.children.values():
            best = max(best, child.state())
        return best

    def child(self, key: str, defs: Mapping[str, Any]) -> _Node:
        if key not in self.children:
            self.children[key] = _Node(key, _sub_schema(self.schema, key, defs))
        return self.children[key]

    @property
    def is_list_of_entries(self) -> bool:
        return "*" in self.children

    @property
    def live(self) -> bool:
        """Written as a placeholder because a rule needs it whatever the data says."""
        return any(n.live for n in self.needs)


def _sub_schema(schema: Mapping[str, Any], key: str, defs: Mapping[str, Any]) -> Mapping[str, Any]:
    if key == "*":
        items = schema.get("items")
        return _deref(items, defs) if isinstance(items, dict) else {}
    props = schema.get("properties")
    sub = props.get(key) if isinstance(props, dict) else None
    return _deref(sub, defs) if isinstance(sub, dict) else {}


def _deref(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = defs.get(ref.rsplit("/", 1)[1], {})
        return {**target, **dict(schema.items())}
    return schema


@dataclasses.dataclass(frozen=True, slots=True)
class Skeleton:
    """A manifest skeleton: its text, the placeholders to fill in and the fields left
    commented out (dotted paths, ``data.categories[0].necessity``)."""

    text: str
    placeholders: tuple[str, ...]
    optional: tuple[str, ...]


CitationsFor = Callable[[Rule], Sequence[Citation]]


def _citation(rule: Rule, as_of: dt.date, citations_for: CitationsFor | None) -> str | None:
    """The first citation in force (``Citation.short``: with its status unless verified), as
    ``ctlint check`` prints it; the first written one when none is in force."""
    current = (
        citations_for(rule)
        if citations_for is not None
        else citations_in_force(rule.citations, as_of)
    )
    if current:
        return current[0].short
    return rule.citations[0].short if rule.citations else None


def _rule_needs(rule: Rule, kind: _Kind, label: str | None) -> list[tuple[tuple[str, ...], _Need]]:
    raw_asserts = list(rule.raw.get("assert", ()) or ())
    base = kind.facts(rule.applies.facts if rule.applies is not None else None)
    base = base & kind.facts(rule.facts) & kind.when(rule.raw.get("when"), rule.when, rule.id)
    if base.value is False:
        return []
    out = []
    for index, assertion in enumerate(rule.asserts):
        raw = raw_asserts[index] if index < len(raw_asserts) else {}
        cond = (
            base & kind.facts(assertion.facts) & kind.when(raw.get("when"), assertion.when, rule.id)
        )
        if cond.value is False:
            continue
        need = _Need(rule.id, label, cond, assertion.required, assertion, raw, rule.options)
        out.append((assertion.pointer, need))
    return out


_BASIS = ("agreement", "procurement_basis")
#: The dotted path of the procurement basis among a skeleton's placeholders.
BASIS_FIELD = "agreement.procurement_basis"


def manifest_skeleton(
    manifest_id: str,
    rules: Iterable[Rule],
    as_of: dt.date,
    *,
    category: str | None = None,
    channels: Sequence[str] | None = None,
    role: str | None = None,
    org_type: str | None = None,
    procurement_basis: str | None = None,
    citations_for: CitationsFor | None = None,
    context: str = "",
    schema: Mapping[str, Any] | None = None,
) -> Skeleton:
    """The text of ``vendors/ID.yaml`` for one kind of tool under the given active rules.

    ``org_type`` is the configuration's ``organization.type`` (None: undeclared): the
    organization facts follow from it. ``procurement_basis`` is written as
    ``agreement.procurement_basis`` and decides the rules that apply only to a personal
    service agreement; when it is not given and a rule asks for it (CT-PSA-005), it is a
    placeholder and those rules' fields are offered commented out. ``citations_for`` gives a
    rule's citations in force (``Settings.citations_for``; default: its own in force at
    ``as_of``).
    """
    if schema is None:
        from ctlint.engine.schema import (
            manifest_schema,  # lazy: start-up (jsonschema only for the skeleton's descriptions)
        )

        schema = manifest_schema()
    if procurement_basis is not None and procurement_basis not in PROCUREMENT_BASIS_VALUES:
        raise UsageError(
            f"unknown procurement basis `{procurement_basis}` (choose from "
            f"{', '.join(PROCUREMENT_BASIS_VALUES)})"
        )
    defs = schema.get("$defs", {})
    active = [r for r in sorted(rules, key=lambda r: r.id) if not r.retired]
    labels = {r.id: _citation(r, as_of, citations_for) for r in active}
    kind = _Kind(
        category,
        tuple(channels) if channels else None,
        role,
        org_type,
        procurement_basis,
        basis_open=procurement_basis is None,
    )
    root = _tree(active, kind, labels, schema, defs)
    if procurement_basis is None and not _node_at(root, _BASIS).live:
        # nothing asks for the basis, so it stays missing: missing counts as a personal
        # service agreement for the rules that rest on it (rules.md, ct-psa)
        kind = dataclasses.replace(kind, basis_open=False)
        root = _tree(active, kind, labels, schema, defs)
    root.child("manifest", defs).value = "ctlint/v1"
    root.child("id", defs).value = manifest_id
    if category:
        root.child("category", defs).value = category
    if channels:
        root.child("channels", defs).value = _flow(list(channels))
    if role:
        root.child("vendor", defs).child("role", defs).value = role
    if procurement_basis is not None:
        agreement = root.child("agreement", defs)
        agreement.child("procurement_basis", defs).value = procurement_basis
        if procurement_basis == "other_exempt":  # the schema requires the note then (CTL101)
            agreement.child("procurement_note", defs).required = True
    body, placeholders, optional = _Renderer().document(root)
    header = _header(manifest_id, context)
    return Skeleton(header + body, tuple(placeholders), tuple(optional))


def _tree(
    rules: Sequence[Rule],
    kind: _Kind,
    labels: Mapping[str, str | None],
    schema: Mapping[str, Any],
    defs: Mapping[str, Any],
) -> _Node:
    """The fields the rules need for this kind of tool, with the schema's required ones."""
    root = _Node("", schema, required=True)
    for rule in rules:
        for pointer, need in _rule_needs(rule, kind, labels[rule.id]):
            node = root
            # a pointer that ends in `*` checks the items of a plain list: the list is the field
            for segment in pointer[:-1] if pointer[-1:] == ("*",) else pointer:
                node = node.child(segment, defs)
            node.needs.append(need)
    _add_required(root, defs)
    _resolve_presence(root)
    _add_required(root, defs)
    return root


def _node_at(root: _Node, path: Sequence[str]) -> _Node:
    """The node at ``path``, or an empty one when the rules do not reach it."""
    node = root
    for key in path:
        if key not in node.children:
            return _Node(key, {})
        node = node.children[key]
    return node


def _walk(node: _Node, path: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], _Node]]:
    yield path, node
    for key, child in node.children.items():
        yield from _walk(child, (*path, key))


def _resolve_presence(root: _Node) -> None:
    """Needs that wait for fields (``after``) become live once those fields are placeholders;
    the rest become conditional."""
    changed = True
    while changed:
        changed = False
        live = {path for path, node in _walk(root) if node.state() == _ACTIVE}
        for _path, node in _walk(root):
            for index, need in enumerate(node.needs):
                if need.cond.value is True and need.cond.after and need.cond.after <= live:
                    cond = dataclasses.replace(need.cond, after=frozenset())
                    node.needs[index] = dataclasses.replace(need, cond=cond)
                    changed = True
    for _path, node in _walk(root):
        for index, need in enumerate(node.needs):
            if need.cond.after:
                node.needs[index] = dataclasses.replace(need, cond=_Cond(None, need.cond.texts))


def _add_required(node: _Node, defs: Mapping[str, Any]) -> None:
    """Schema-required fields of every node that will be written live."""
    if node.state() != _ACTIVE:
        return
    schema = node.schema
    if schema.get("type") == "array":
        items = _sub_schema(schema, "*", defs)
        if items.get("type") == "object" and items.get("required"):
            child = node.child("*", defs)
            child.required = True
    for key in schema.get("required", ()) if schema.get("type") == "object" else ():
        node.child(key, defs).required = True
    for child in node.children.values():
        _add_required(child, defs)


def _header(manifest_id: str, context: str) -> str:
    lines = [
        f"# Vendor manifest `{manifest_id}` (format ctlint/v1), scaffolded by `ctlint new`.",
    ]
    if context:
        lines.append(f"# Fields chosen for {context}.")
    lines += [
        "#",
        "# How to fill it in:",
        "# - A field with nothing after its colon is a placeholder: `ctlint check` reports it",
        '#   ("is empty") until you write the real value after the colon. The comment above',
        "#   each field names the rules that need it and the law they come from",
        "#   (`ctlint explain RULE` says more); the comment after it shows the allowed values.",
        "# - Lists take [a, b] or one `- item` per line. Write only what is true of the tool",
        "#   and its contract: an item a rule asks for but the contract lacks is a finding to fix,",
        "#   not a value to invent.",
        '# - A true/false field marked "declare it" is a fact other rules rest on: write true or',
        '#   false. Leaving it out is never read as "no"; `false` is a declaration.',
        "# - Commented-out fields apply only when their comment's condition holds: uncomment",
        "#   them (delete the leading `# `) and fill them in when it does; `ctlint check` tells you.",
        "# - Add more entries under data.categories (one per kind of data) as needed.",
        "",
    ]
    return "\n".join(lines) + "\n"


class _Renderer:
    """Lines of the skeleton, collecting the paths of placeholders and commented-out fields."""

    def __init__(self) -> None:
        self.placeholders: list[str] = []
        self.optional: list[str] = []

    def document(self, root: _Node) -> tuple[str, list[str], list[str]]:
        lines: list[str] = []
        after_section = False
        for child in self._ordered(root):
            section = bool(child.children) and not child.is_list_of_entries
            if section or after_section:
                lines.append("")
            if section and child.schema.get("description"):
                lines.append(f"# {_sentence(str(child.schema['description']))}")
            lines += self._child(child, 0, (child.key,), False)
            after_section = section
        return "\n".join(lines).rstrip("\n") + "\n", self.placeholders, self.optional

    def _ordered(self, node: _Node) -> list[_Node]:
        props = node.schema.get("properties")
        order = list(props) if isinstance(props, dict) else []
        children = [c for c in node.children.values() if c.state() != _ABSENT]

        def rank(child: _Node) -> tuple[int, int, str]:
            lead = (
                _LEADING_KEYS.index(child.key) if child.key in _LEADING_KEYS else len(_LEADING_KEYS)
            )
            return (lead, order.index(child.key) if child.key in order else len(order), child.key)

        return sorted(children, key=rank)

    def _child(
        self, node: _Node, indent: int, path: tuple[str, ...], parent_commented: bool
    ) -> list[str]:
        """A field's lines, commented out when it is conditional and its parent is not."""
        disable = node.state() == _CONDITIONAL and not parent_commented
        lines = self._field(node, indent, path, parent_commented or disable)
        if not disable:
            return lines
        if node.children:  # a whole section: every line, so that it uncomments as a block
            return _comment_out(lines, indent)
        return [
            line if line[indent:].startswith("#") else f"{line[:indent]}# {line[indent:]}"
            for line in lines
        ]

    def _field(self, node: _Node, indent: int, path: tuple[str, ...], commented: bool) -> list[str]:
        pad = " " * indent
        lines = [pad + line for line in self._comments(node, path)]
        if node.children and not node.is_list_of_entries:
            lines.append(f"{pad}{node.key}:")
            for child in self._ordered(node):
                lines += self._child(child, indent + 2, (*path, child.key), commented)
            return lines
        if node.is_list_of_entries:
            lines.append(f"{pad}{node.key}:{_inline(self._hint(node))}")
            body: list[str] = []
            for child in self._ordered(node.children["*"]):
                body += self._child(child, indent + 4, (*path, "0", child.key), commented)
            return lines + _dash(body, indent + 2)
        dotted = _dotted(path)
        if node.value is not _NOTHING:
            lines.append(f"{pad}{node.key}: {node.value}")
            return lines
        hint = self._hint(node)
        if len(hint) > 80:
            lines += [f"{pad}#   {part}" for part in textwrap.wrap(hint, 92 - indent)]
            hint = ""
        lines.append(f"{pad}{node.key}:{_inline(hint)}")
        (self.optional if commented else self.placeholders).append(dotted)
        return lines

    def _comments(self, node: _Node, path: tuple[str, ...] = ()) -> list[str]:
        """The comment above a field: why it is there (rules with their law, or the schema),
        then, for lists the rules look into, the items each rule looks for."""
        if node.children and not node.is_list_of_entries:
            return []
        values = _VALUE_NOTES.get(path)
        description = _sentence(str(node.schema.get("description", "")))
        if values is not None:
            description = values[0]
        if any(n.declares and n.cond.value is not False for n in node.needs):
            # "absent means false" is not so for a fact that must be declared
            description = re.sub(r"\s*\(absent means (?:false|true)\)", "", description)
        needs = sorted(
            (n for n in node.needs if n.required or n.cond.value is True),
            key=lambda n: (n.cond.value is not True, bool(n.cond.texts), n.rule),
        )
        if not needs and (not node.required or node.value is not _NOTHING) and values is None:
            return []
        contains = [n for n in needs if n.assertion.contains is not None]
        whys = ["required"] if node.required and node.value is _NOTHING else []
        whys += [n.why for n in needs if n.assertion.contains is None]
        whys = list(dict.fromkeys(whys))
        if whys:
            lines = [f"# {'; '.join(whys)}: {description}".rstrip(": ")]
        elif contains:
            lines = [f"# {description}; the rules look for these items:"]
        else:
            lines = [f"# {description}"]
        grouped: dict[str, list[str]] = {}
        for need in contains:
            bucket = grouped.setdefault(need.why, [])
            bucket += [i for i, _text in need.assertion.contains or () if i not in bucket]
        for why, items in grouped.items():
            lines.append(f"#   {why}: needs {', '.join(items)}")
        for value, text in values[1] if values is not None else ():
            lines.append(f"#   {value}: {text}")
        return lines

    def _hint(self, node: _Node) -> str:
        schema = node.schema
        live = [n for n in node.needs if n.live or (not n.required and n.cond.value is True)]
        if not any(n.live for n in node.needs):  # a commented-out field: what its rules want
            live = [n for n in node.needs if n.cond.value is not False]
        if node.is_list_of_entries:
            return "one entry per kind of data; copy the entry for each"
        if node.key in _VALUE_NOTE_KEYS:
            return "one of the values above"
        kind = schema.get("type")
        ref = str(schema.get("$ref", ""))
        if kind == "array":
            items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
            assert isinstance(items, dict)
            item_ref = str(items.get("$ref", ""))
            if item_ref in _LIST_HINTS:
                return _LIST_HINTS[item_ref]
            if any(n.assertion.contains is not None for n in node.needs):
                allowed = items.get("enum") or []
                return "a list of what is true; allowed: " + " | ".join(map(str, allowed))
            if items.get("enum"):
                return "a list of: " + " | ".join(map(str, items["enum"]))
            return "a list"
        if ref in _REF_HINTS:
            words = [_REF_HINTS[ref]]
            for need in live:
                words += _date_limits(need)
            return ", ".join(dict.fromkeys(words))
        if "enum" in schema:
            values = [v for v in schema["enum"] if all(_passes(n, v) for n in live)]
            return " | ".join(map(str, values or schema["enum"]))
        if kind == "boolean":
            values = [v for v in (True, False) if all(_passes(n, v) for n in live)]
            if values == [True]:
                return "true or false (the rule needs true)"
            if any(n.declares for n in live):
                return DECLARE_HINT
            return "true or false"
        if kind in ("integer", "number"):
            words = ["a whole number" if kind == "integer" else "a number"]
            floor = schema.get("minimum")
            if isinstance(floor, (int, float)) and floor > 0:
                words.append(f"at least {floor}")
            for need in live:
                words += _limits(need)
            return ", ".join(dict.fromkeys(words))
        description = str(schema.get("description", ""))
        if "path relative" in description or "path," in description:
            return "a repository path or https:// URL" + (
                ", or text" if "text" in description else ""
            )
        return "text"


def _passes(need: _Need, value: Any) -> bool:
    predicate = need.assertion.schema
    return predicate is None or bool(predicate(value))


def _limits(need: _Need) -> list[str]:
    fragment = _resolve_params(need.raw.get("schema"), need.options)
    if not isinstance(fragment, dict):
        return []
    words = []
    for key, text in (
        ("maximum", "at most"),
        ("minimum", "at least"),
        ("exclusiveMaximum", "less than"),
        ("exclusiveMinimum", "more than"),
    ):
        if isinstance(fragment.get(key), (int, float)):
            words.append(f"{text} {fragment[key]}")
    return words


def _date_limits(need: _Need) -> list[str]:
    words = []
    assertion = need.assertion
    for ref, text in ((assertion.not_before, "not before"), (assertion.not_after, "not after")):
        if ref == "as_of":
            words.append(f"{text} the as-of date")
        elif ref:
            words.append(f"{text} {ref.strip('/').replace('/', '.')}")
    if isinstance(assertion.max_age_days, int):
        words.append(f"at most {assertion.max_age_days} days ago")
    elif isinstance(assertion.max_age_days, str):
        words.append(f"at most {assertion.max_age_days.strip('/').replace('/', '.')} days ago")
    return words


def _sentence(text: str) -> str:
    return " ".join(text.split())


def _inline(hint: str) -> str:
    return f"   # {hint}" if hint else ""


def _comment_out(lines: list[str], indent: int) -> list[str]:
    return [f"{line[:indent]}# {line[indent:]}" for line in lines]


def _dash(lines: list[str], dash_col: int) -> list[str]:
    """Turn a mapping rendered at ``dash_col + 2`` into one list entry (``- `` at ``dash_col``);
    comments before its first key move to the dash's column."""
    out = []
    first = True
    for line in lines:
        body = line[dash_col + 2 :]
        if first and not body.startswith("#"):
            out.append(" " * dash_col + "- " + body)
            first = False
        elif first:
            out.append(" " * dash_col + body)
        else:
            out.append(line)
    return out


def _dotted(path: Sequence[str]) -> str:
    out = ""
    for segment in path:
        if segment.isdigit():
            out += f"[{segment}]"
        else:
            out += f".{segment}" if out else segment
    return out
