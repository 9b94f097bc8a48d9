"""The ``.ctlint.yaml`` that ``ctlint init`` writes: the organization profile set, every other
key at its default and shown commented out, each under a comment that says what it does."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from ctlint.errors import UsageError
from ctlint.scaffold import AGENCY_TYPES, FACTS_BY_TYPE, yaml_flow, yaml_scalar

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
        "# ctlint configuration, written by `ctlint init` (reference: docs/configuration.md).",
        "# Only the organization is set; every other key keeps its default (shown commented out",
        "# at the end). `ctlint rules` shows which rule packs this profile turns on, and why.",
        "",
        "# The organization that uses the customer-service tools.",
        "organization:",
    ]
    for key, comment, example in _ORG_KEYS:
        if key in organization:
            value = organization[key]
            text = yaml_flow(value) if isinstance(value, (list, tuple)) else yaml_scalar(value)
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
