"""ctlint.scaffold: configuration text, pre-commit merging and manifest skeletons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctlint import scaffold
from ctlint.catalog_views import build_view
from ctlint.config import Settings, read_config
from ctlint.errors import ConfigError, UsageError
from ctlint.scaffold import add_precommit_hook, config_text, manifest_skeleton

DATA = Path(__file__).resolve().parent / "data" / "scaffold"
AS_OF = dt.date(2026, 11, 28)


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("ctlint.schemas").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# --------------------------------------------------------------------------- constants


def test_enums_match_the_schemas() -> None:
    manifest = _schema("vendor-manifest.schema.json")["properties"]
    assert tuple(manifest["category"]["enum"]) == scaffold.CATEGORIES
    assert tuple(manifest["channels"]["items"]["enum"]) == scaffold.CHANNELS
    assert tuple(manifest["vendor"]["properties"]["role"]["enum"]) == scaffold.ROLES
    assert manifest["id"]["pattern"] == scaffold.ID_PATTERN.pattern
    org = _schema("config.schema.json")["properties"]["organization"]["properties"]
    assert tuple(org["type"]["enum"]) == scaffold.ORG_TYPES
    assert tuple(org["exemptions"]["items"]["enum"]) == scaffold.EXEMPTIONS
    facts = {f for keys in scaffold.FACTS_BY_TYPE.values() for f in keys}
    assert facts <= set(org)


@pytest.mark.parametrize("good", ["a", "acme-chat", "zendesk.eu_2", "0", "a" * 64])
def test_validate_id_accepts(good: str) -> None:
    assert scaffold.validate_id(good) == good


@pytest.mark.parametrize("bad", ["", "A", "-a", ".a", "a b", "a/b", "a" * 65, "é"])
def test_validate_id_refuses(bad: str) -> None:
    with pytest.raises(UsageError, match="invalid id"):
        scaffold.validate_id(bad)


def test_split_list() -> None:
    assert scaffold.split_list(
        ["email, chat", "voice", "email"], scaffold.CHANNELS, "--channels"
    ) == (
        "email",
        "chat",
        "voice",
    )
    with pytest.raises(UsageError, match="--channels: unknown value `fax`"):
        scaffold.split_list(["fax"], scaffold.CHANNELS, "--channels")


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "name",
    [
        "Acme Co",
        "Acme: Co",
        "yes",
        "null",
        "123",
        "#1 Support",
        "O'Brien & Sons",
        " padded ",
        "naïve café",
        "- dash",
        "a\\b",
        "[x]",
        "2026-01-01",
        "@home",
        "true",
    ],
)
def test_yaml_scalar_round_trips(name: str) -> None:
    assert yaml.safe_load(f"k: {scaffold.yaml_scalar(name)}") == {"k": name}


def _read(tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / ".ctlint.yaml"
    path.write_text(text, "utf-8")
    data, _node = read_config(str(path))
    return data


@pytest.mark.parametrize(
    "organization",
    [
        {"type": "private_business"},
        {
            "name": "Acme: Co",
            "type": "private_business",
            "ct_consumers_per_year": 52000,
            "sells_personal_data": False,
            "exemptions": ["hipaa_covered_entity", "higher_education"],
            "state_contractor": True,
            "ct_employees": False,
        },
        {"type": "nonprofit", "state_contractor": False},
        {"name": "DOL", "type": "ct_state_agency", "agency_division": "UI Division, Hartford"},
        {"type": "ct_municipal_agency", "ct_employees": True},
    ],
)
def test_config_text_is_read_back_as_written(tmp_path: Path, organization: dict[str, Any]) -> None:
    text = config_text(organization)
    assert _read(tmp_path, text) == {"organization": organization}
    assert text.startswith("# ctlint configuration")
    # every organization key written has a comment line just above it
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^  [a-z_]+: ", line):
            assert lines[index - 1].startswith("  # "), line


def test_config_text_shows_unset_relevant_facts_commented_out() -> None:
    business = config_text({"type": "private_business"})
    assert "  # ct_consumers_per_year: 52000" in business
    assert "  # agency_division:" not in business
    agency = config_text({"type": "ct_state_agency"})
    assert "  # agency_division: " in agency
    assert "ct_consumers_per_year" not in agency


def test_config_text_refuses_unknown_keys() -> None:
    with pytest.raises(UsageError, match="unknown organization key `size`"):
        config_text({"type": "nonprofit", "size": 3})


# --------------------------------------------------------------------------- pre-commit


def test_precommit_created_from_nothing() -> None:
    change = add_precommit_hook(None)
    assert change.status == "created"
    assert change.text is not None
    data = yaml.safe_load(change.text)
    assert data["repos"][0]["repo"] == "local"
    assert data["repos"][0]["hooks"][0]["id"] == "ctlint"
    assert data["repos"][0]["hooks"][0]["language"] == "system"
    assert data["repos"][0]["hooks"][0]["entry"] == "ctlint check --only-manifests"


def test_precommit_appended_keeps_the_original_as_a_prefix() -> None:
    original = (DATA / "precommit-other-hooks.yaml").read_text("utf-8")
    change = add_precommit_hook(original)
    assert change.status == "added"
    assert change.text is not None
    assert change.text.startswith(original)
    data = yaml.safe_load(change.text)
    assert data["repos"][:2] == yaml.safe_load(original)["repos"]
    assert data["repos"][2]["hooks"][0]["id"] == "ctlint"


def test_precommit_indentless_list_before_another_key() -> None:
    original = (DATA / "precommit-ci-after-repos.yaml").read_text("utf-8")
    change = add_precommit_hook(original)
    assert change.text is not None
    data = yaml.safe_load(change.text)
    assert data["ci"] == {"autofix_prs": False}
    assert [r["repo"] for r in data["repos"]] == [
        "https://github.com/pre-commit/pre-commit-hooks",
        "local",
    ]
    assert "\n- repo: local\n" in change.text  # the list's own indentation


def test_precommit_crlf_without_final_newline() -> None:
    original = 'repos:\r\n  - repo: local\r\n    hooks:\r\n      - {id: x, name: x, entry: "true", language: system}'
    change = add_precommit_hook(original)
    assert change.text is not None
    assert change.text.startswith(original + "\r\n")
    assert "\n" not in change.text.replace("\r\n", "")
    assert [h["id"] for r in yaml.safe_load(change.text)["repos"] for h in r["hooks"]] == [
        "x",
        "ctlint",
    ]


def test_precommit_with_a_ctlint_hook_is_left_alone() -> None:
    change = add_precommit_hook((DATA / "precommit-has-ctlint.yaml").read_text("utf-8"))
    assert change == scaffold.HookChange("present", None)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("precommit-invalid.yaml", r":5:1: not valid YAML"),
        ("precommit-no-repos.yaml", "has no `repos:` list"),
        ("precommit-flow-repos.yaml", "not a block list"),
    ],
)
def test_precommit_that_cannot_be_extended(name: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        add_precommit_hook((DATA / name).read_text("utf-8"))


@pytest.mark.parametrize("text", ["", "repos:\n", "repos: 3\n", "- a\n"])
def test_precommit_without_a_list(text: str) -> None:
    with pytest.raises(ConfigError):
        add_precommit_hook(text)


# --------------------------------------------------------------------------- manifest skeletons


def _rules(tmp_path: Path, organization: dict[str, Any], as_of: dt.date = AS_OF) -> Any:
    settings = Settings(root=str(tmp_path), organization=organization, as_of=as_of)
    return build_view(settings).ruleset.policy


def _get(data: Any, dotted: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", dotted):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


def _uncomment_all(text: str) -> str:
    """Uncomment every commented-out field line (``# key:`` with nothing or a hint after)."""
    pattern = re.compile(r"^( *)# ( *(?:- )?[a-z_]+:(?: +#.*)?)$")
    return "\n".join(pattern.sub(r"\1\2", line) for line in text.split("\n"))


BUSINESS = {"type": "private_business", "ct_consumers_per_year": 52000}
AGENCY = {"type": "ct_state_agency"}


@pytest.mark.parametrize("organization", [BUSINESS, AGENCY, {}, {"type": "nonprofit"}])
@pytest.mark.parametrize(
    ("category", "channels", "role"),
    [
        (None, None, None),
        ("help_desk", ["email", "web_form"], "processor"),
        ("contact_center", ["voice"], None),
        ("chatbot", None, "third_party"),
    ],
)
def test_skeleton_placeholders_are_empty_and_optional_fields_commented(
    tmp_path: Path, organization: dict[str, Any], category: Any, channels: Any, role: Any
) -> None:
    skeleton = manifest_skeleton(
        "acme",
        _rules(tmp_path, organization),
        AS_OF,
        category=category,
        channels=channels,
        role=role,
    )
    data = yaml.safe_load(skeleton.text)
    assert data["manifest"] == "ctlint/v1"
    assert data["id"] == "acme"
    assert skeleton.placeholders, "there is always something to fill in"
    for dotted in skeleton.placeholders:
        assert _get(data, dotted) is None, dotted
    for dotted in skeleton.optional:
        with pytest.raises((KeyError, TypeError)):
            _get(data, dotted)
    # uncommenting every optional field gives valid YAML with those fields as placeholders
    opened = yaml.safe_load(_uncomment_all(skeleton.text))
    for dotted in (*skeleton.placeholders, *skeleton.optional):
        assert _get(opened, dotted) is None, dotted
    # every placeholder line has a comment line just above it that says why
    lines = skeleton.text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^ *(- )?[a-z_]+:( +#.*)?$", line):
            assert lines[index - 1].lstrip().startswith("#"), line


def test_skeleton_comments_name_rule_and_statute(tmp_path: Path) -> None:
    text = manifest_skeleton("acme", _rules(tmp_path, AGENCY), AS_OF).text
    assert (
        "  # CT-PDA-002 (Regs. Conn. State Agencies § 31-250-5): how a person asking for their "
        "own data is verified\n"
        "  identity_verification:   # email_match | account_login | knowledge_based | "
        "document_check | multi_factor\n"
    ) in text
    assert (
        "#   CT-PDA-003 (Regs. Conn. State Agencies § 4-23b-7(c)): needs agency_and_division, legal_authority"
        in text
    )
    assert "  # required: contracting entity\n  legal_name:   # text\n" in text


def test_skeleton_uses_the_citation_in_force(tmp_path: Path) -> None:
    large = {"type": "private_business", "ct_consumers_per_year": 150000}
    early = dt.date(2026, 6, 30)
    before = manifest_skeleton("a", _rules(tmp_path, large, early), early).text
    after = manifest_skeleton("a", _rules(tmp_path, BUSINESS), AS_OF).text
    assert "CTDPA-010 (Conn. Gen. Stat. § 42-520(a)(1)): why" in before
    assert "CTDPA-010 (Conn. Gen. Stat. § 42-520(a)(1)(A)): why" in after


def test_skeleton_hints_show_what_the_rules_accept(tmp_path: Path) -> None:
    text = manifest_skeleton("a", _rules(tmp_path, BUSINESS), AS_OF, role="processor").text
    assert "response_days:   # a whole number, at most 45\n" in text
    assert "encryption_in_transit:   # true or false (the rule needs true)\n" in text
    assert (
        "type:   # personal_service_agreement | data_processing_agreement | msa_with_dpa\n" in text
    )
    assert "| none" not in text.split("identity_verification:")[1].split("\n")[0]


def test_skeleton_rule_options_reach_the_hints(tmp_path: Path) -> None:
    from ctlint.catalog import build_catalog

    rule = build_catalog(rule_options={"CT-BREACH-002": {"max_hours": 24}}).rules["CT-BREACH-002"]
    text = manifest_skeleton("a", [rule], AS_OF).text
    assert "vendor_notice_hours:   # a whole number, at most 24" in text


def test_presence_conditions_follow_the_fields_they_wait_for(tmp_path: Path) -> None:
    skeleton = manifest_skeleton("a", _rules(tmp_path, AGENCY), AS_OF)
    # CT-PDA-005 applies once records.accuracy_review_days is set, which CT-PDA-004 requires
    assert "records.last_accuracy_review" in skeleton.placeholders
    # CT-PSA-003 waits for a cost or a term that nothing requires: offered commented out
    assert "agreement.approvals.opm_secretary" in skeleton.optional


def test_skeleton_of_a_presumed_processor_says_so(tmp_path: Path) -> None:
    unknown = manifest_skeleton("a", _rules(tmp_path, BUSINESS), AS_OF)
    assert "agreement.clauses" in unknown.placeholders
    assert "when the vendor is a processor: needs processing_instructions" in unknown.text
    third = manifest_skeleton("a", _rules(tmp_path, BUSINESS), AS_OF, role="third_party")
    assert "agreement.clauses" not in third.placeholders
    assert "data.sale" in third.placeholders


def test_describe_trigger_fragments() -> None:
    fragment = {
        "required": ["agreement"],
        "properties": {
            "agreement": {
                "anyOf": [
                    {
                        "required": ["cost_usd"],
                        "properties": {"cost_usd": {"exclusiveMinimum": 50000}},
                    },
                    {
                        "required": ["term_months"],
                        "properties": {"term_months": {"exclusiveMinimum": 12}},
                    },
                ]
            }
        },
    }
    assert (
        scaffold._describe(fragment) == "agreement.cost_usd > 50000 or agreement.term_months > 12"
    )
    assert scaffold._describe({"properties": {"a": {"pattern": "x"}}}) is None


def test_skeleton_ignores_retired_rules(tmp_path: Path) -> None:
    rules = [dataclasses.replace(r, retired="gone") for r in _rules(tmp_path, AGENCY)]
    skeleton = manifest_skeleton("a", rules, AS_OF)
    assert "CT-PDA" not in skeleton.text
    assert set(skeleton.placeholders) == {
        "name",
        "category",
        "owner",
        "vendor.legal_name",
        "vendor.role",
        "channels",
        "data.subjects",
        "data.uses",
        "data.categories[0].key",
        "data.categories[0].purpose",
    }


def test_skeleton_includes_fields_of_the_organizations_own_rules() -> None:
    from ctlint.policy import compile_rule

    raw = {
        "id": "ACME-001",
        "pack": "acme",
        "name": "needs-a-team",
        "title": "Every tool names its support team",
        "severity": "error",
        "rationale": "So that someone answers.",
        "remediation": "Add x-acme-team.",
        "assert": [
            {"pointer": "/x-acme-team", "message": "x-acme-team is missing"},
            {
                "pointer": "/data/uses/*",
                "schema": {"not": {"const": "sales"}},
                "message": "no sales",
            },
        ],
    }
    skeleton = manifest_skeleton("a", [compile_rule(raw, path="acme/ACME-001.yaml")], AS_OF)
    assert "# ACME-001\nx-acme-team:   # text\n" in skeleton.text
    assert "x-acme-team" in skeleton.placeholders
    assert "  # required; ACME-001: what the data is used for" in skeleton.text
    assert yaml.safe_load(skeleton.text)["x-acme-team"] is None
