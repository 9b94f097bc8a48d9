"""Checks of the data files in schemas/ against the specification.

These tests read the JSON files directly (pytest, PyYAML and jsonschema only); they do not
import the ctlint package, so they hold whatever state the engine is in.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
BASE_MANIFEST = ROOT / "policies" / "base-manifest.yaml"
SPEC = Path(os.environ.get("CTLINT_SPEC_DIR", ROOT.parent / "shared" / "spec"))

MANIFEST_SCHEMA = SCHEMAS / "vendor-manifest.schema.json"
CONFIG_SCHEMA = SCHEMAS / "config.schema.json"
TAXONOMY = SCHEMAS / "taxonomy.json"

# The ctlint extension keys of taxonomy.md. Written out here on purpose: if a future
# fideslang key list (schemas/taxonomy.json "data_categories") gains one of these names,
# test_ctlint_keys_are_not_fideslang_keys fails.
CTLINT_CATEGORY_KEYS = [
    "user.content.private.support_ticket",
    "user.content.private.chat_transcript",
    "user.content.private.email_message",
    "user.content.private.call_recording",
    "user.content.private.attachment",
    "user.behavior.satisfaction_score",
    "user.behavior.inferred_sentiment",
    "user.demographic.sex_life",
    "user.demographic.transgender_status",
    "user.demographic.citizenship",
    "user.crime_victim_status",
    "user.neural",
]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- helpers


def load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Yield (path, value) for every node of a JSON document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def dates_to_iso(node: Any) -> Any:
    """What the engine does with YAML dates: turn them back into ISO strings."""
    if isinstance(node, dict):
        return {key: dates_to_iso(value) for key, value in node.items()}
    if isinstance(node, list):
        return [dates_to_iso(value) for value in node]
    if isinstance(node, datetime.date):  # datetime.datetime too (it stays invalid as a date)
        return node.isoformat()
    return node


def make_format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("https-url", raises=ValueError)
    def is_https_url(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        if not instance.startswith("https://"):
            return False
        return bool(urlsplit(instance).hostname)

    @checker.checks("date", raises=ValueError)
    def is_date(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        if not DATE_RE.fullmatch(instance):
            return False
        datetime.date.fromisoformat(instance)
        return True

    return checker


FORMAT_CHECKER = make_format_checker()


def validator_for(path: Path) -> Draft202012Validator:
    return Draft202012Validator(load_json(path), format_checker=FORMAT_CHECKER)


def errors_of(validator: Draft202012Validator, instance: Any) -> list[tuple[str, str]]:
    """(JSON Pointer, keyword) of every error, sorted."""
    return sorted(
        ("".join(f"/{part}" for part in error.absolute_path), str(error.validator))
        for error in validator.iter_errors(instance)
    )


@pytest.fixture(scope="module")
def manifest_validator() -> Draft202012Validator:
    return validator_for(MANIFEST_SCHEMA)


@pytest.fixture(scope="module")
def config_validator() -> Draft202012Validator:
    return validator_for(CONFIG_SCHEMA)


@pytest.fixture(scope="module")
def taxonomy() -> dict[str, Any]:
    data: dict[str, Any] = load_json(TAXONOMY)
    return data


@pytest.fixture
def example() -> dict[str, Any]:
    """The complete example manifest of manifest.md (a fresh copy per test)."""
    with BASE_MANIFEST.open(encoding="utf-8") as f:
        data: dict[str, Any] = dates_to_iso(yaml.safe_load(f))
    return data


# --------------------------------------------------------------------------- all files


SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))
JSON_FILES = sorted(SCHEMAS.glob("*.json"))


def test_expected_files_exist() -> None:
    names = {p.name for p in JSON_FILES}
    assert {"taxonomy.json", "vendor-manifest.schema.json", "config.schema.json"} <= names


# taxonomy.json is data, not a schema (its "deprecated" key is a mapping, which the
# 2020-12 meta-schema reserves for a boolean), so only *.schema.json files are meta-checked.
@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = load_json(path)
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", JSON_FILES, ids=[p.name for p in JSON_FILES])
def test_no_remote_refs(path: Path) -> None:
    remote = [
        (loc, value)
        for loc, value in walk(load_json(path))
        if loc
        and loc[-1] in ("$ref", "$dynamicRef")
        and not (isinstance(value, str) and value.startswith("#"))
    ]
    assert remote == []


@pytest.mark.parametrize("path", JSON_FILES, ids=[p.name for p in JSON_FILES])
def test_file_is_pretty_printed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- taxonomy


def test_taxonomy_shape(taxonomy: dict[str, Any]) -> None:
    assert set(taxonomy) == {
        "fideslang_version",
        "data_categories",
        "ctlint_data_categories",
        "data_uses",
        "data_subjects",
        "aliases",
        "deprecated",
    }
    assert taxonomy["fideslang_version"] == "3.1.4"
    key_re = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
    for name in ("data_categories", "ctlint_data_categories", "data_uses", "data_subjects"):
        keys = taxonomy[name]
        assert len(keys) == len(set(keys)), f"{name} has duplicates"
        assert all(key_re.match(k) for k in keys), name


def test_taxonomy_counts(taxonomy: dict[str, Any]) -> None:
    assert len(taxonomy["data_categories"]) == 85
    assert len(taxonomy["ctlint_data_categories"]) == 12
    assert len(taxonomy["data_uses"]) == 56
    assert len(taxonomy["data_subjects"]) == 15
    assert all("." not in k for k in taxonomy["data_subjects"])  # subjects are flat


def test_taxonomy_aliases_and_deprecations(taxonomy: dict[str, Any]) -> None:
    assert taxonomy["aliases"] == {
        "user.biometrics": "user.biometric",
        "user.children": "user.childrens",
        "user.authorization.biometrics": "user.authorization.biometric",
        "user.demographic.citizenship_or_immigration_status": "user.demographic.citizenship",
    }
    assert taxonomy["deprecated"] == {"personalize.profiling": "personalize.content.profiling"}
    known = set(taxonomy["data_categories"]) | set(taxonomy["ctlint_data_categories"])
    for alias, target in taxonomy["aliases"].items():
        assert alias not in known
        assert target in known
    for old, new in taxonomy["deprecated"].items():
        assert old in taxonomy["data_uses"]
        assert new in taxonomy["data_uses"]


def test_taxonomy_parents_exist(taxonomy: dict[str, Any]) -> None:
    categories = set(taxonomy["data_categories"])
    for key in taxonomy["data_categories"] + taxonomy["ctlint_data_categories"]:
        if "." in key:
            assert key.rsplit(".", 1)[0] in categories, key
    uses = set(taxonomy["data_uses"])
    for key in taxonomy["data_uses"]:
        if "." in key:
            assert key.rsplit(".", 1)[0] in uses, key


def test_ctlint_keys_are_not_fideslang_keys(taxonomy: dict[str, Any]) -> None:
    assert taxonomy["ctlint_data_categories"] == CTLINT_CATEGORY_KEYS
    clash = sorted(set(CTLINT_CATEGORY_KEYS) & set(taxonomy["data_categories"]))
    assert clash == [], f"fideslang now defines ctlint extension keys: {clash}"


def test_manifest_enums_equal_taxonomy(taxonomy: dict[str, Any]) -> None:
    defs = load_json(MANIFEST_SCHEMA)["$defs"]
    assert defs["data_category"]["enum"] == (
        taxonomy["data_categories"] + taxonomy["ctlint_data_categories"] + list(taxonomy["aliases"])
    )
    assert defs["data_use"]["enum"] == taxonomy["data_uses"]
    assert defs["data_subject"]["enum"] == taxonomy["data_subjects"]
    for name in ("data_category", "data_use", "data_subject"):
        assert defs[name]["type"] == "string"
        assert defs[name]["x-ctlint-taxonomy"] == name


def _spec_section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}.*?\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, title
    return match.group(1)


def _spec_keys(body: str) -> list[str]:
    body = re.sub(r"\([^)]*\)", "", body)  # "(deprecated: ...)"
    body = re.sub(r"^[^:\n]*:\s", "", body, flags=re.M)  # "Customer-service content:"
    return [tok.rstrip(".") for tok in re.split(r"[,\s]+", body) if tok.strip()]


def test_taxonomy_matches_spec(taxonomy: dict[str, Any]) -> None:
    spec = SPEC / "taxonomy.md"
    if not spec.is_file():
        pytest.skip(f"specification not found at {spec} (set CTLINT_SPEC_DIR)")
    text = spec.read_text(encoding="utf-8")
    extensions = _spec_section(text, "ctlint category keys").split("A test must fail")[0]
    assert taxonomy["data_categories"] == _spec_keys(_spec_section(text, "Data categories"))
    assert taxonomy["ctlint_data_categories"] == _spec_keys(extensions)
    assert taxonomy["data_uses"] == _spec_keys(_spec_section(text, "Data uses"))
    assert taxonomy["data_subjects"] == _spec_keys(_spec_section(text, "Data subjects"))


# --------------------------------------------------------------------------- manifest schema


def test_every_manifest_object_is_closed_but_accepts_x_keys() -> None:
    schema = load_json(MANIFEST_SCHEMA)
    objects = [
        (loc, node)
        for loc, node in walk(schema)
        if isinstance(node, dict) and node.get("type") == "object"
    ]
    assert len(objects) >= 20
    for loc, node in objects:
        assert node.get("additionalProperties") is False, loc
        assert node.get("patternProperties") == {"^x-": {}}, loc
        assert isinstance(node.get("description"), str), loc
        for name, prop in node["properties"].items():
            description = prop.get("description")
            assert isinstance(description, str), (*loc, name)
            assert description, (*loc, name)
            assert "\n" not in description, (*loc, name)


def test_base_manifest_validates(
    manifest_validator: Draft202012Validator, example: dict[str, Any]
) -> None:
    assert errors_of(manifest_validator, example) == []


def test_base_manifest_is_the_spec_example() -> None:
    spec = SPEC / "manifest.md"
    if not spec.is_file():
        pytest.skip(f"specification not found at {spec} (set CTLINT_SPEC_DIR)")
    text = spec.read_text(encoding="utf-8")
    match = re.search(r"^## Example.*?```yaml\n(.*?)```", text, re.S | re.M)
    assert match
    assert yaml.safe_load(match.group(1)) == yaml.safe_load(BASE_MANIFEST.read_text("utf-8"))


Mutation = Callable[[dict[str, Any]], object]


def _set(*path: Any, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
        node[path[-1]] = value

    return mutate


def _delete(*path: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


WAIVER = {
    "rule": "CTDPA-011",
    "reason": "Accepted by the privacy office until the new contract.",
    "expires": "2027-01-31",
    "pointer": "/agreement/clauses",
}

VALID_MUTATIONS = [
    pytest.param(_set("x-team", value="a"), id="x-key-top-level"),
    pytest.param(_set("data", "categories", 0, "x-team", value="a"), id="x-key-in-category"),
    pytest.param(_set("vendor", "x-crm-id", value={"any": ["thing"]}), id="x-key-in-vendor"),
    pytest.param(_set("requests", "appeal", "x-note", value=1), id="x-key-in-appeal"),
    pytest.param(_set("waivers", value=[dict(WAIVER, **{"x-ticket": "PRIV-1"})]), id="waiver"),
    pytest.param(_set("waivers", value=[{"rule": "CTL201", "reason": "r"}]), id="waiver-minimal"),
    pytest.param(_set("waivers", value=[dict(WAIVER, pointer="")]), id="waiver-root-pointer"),
    pytest.param(
        _set("data", "categories", 0, "key", value="user.biometrics"),
        id="alias-category",
    ),
    pytest.param(
        _set("data", "categories", 0, "key", value="user.content.private.chat_transcript"),
        id="ctlint-category",
    ),
    pytest.param(_set("data", "uses", value=["personalize.profiling"]), id="deprecated-use"),
    pytest.param(
        _set("agreement", "document", value="https://example.com/dpa.pdf"),
        id="url-as-path",
    ),
    pytest.param(_set("agreement", "cost_usd", value=1250.5), id="cost-float"),
    pytest.param(_set("owner", value="Customer Experience team"), id="owner-not-email"),
    pytest.param(_set("data", "categories", 0, "retention_days", value=0), id="retention-zero"),
    pytest.param(
        _set("requests", "correction_process", value="Email privacy@example.com"),
        id="text-process",
    ),
]


@pytest.mark.parametrize("mutate", VALID_MUTATIONS)
def test_manifest_valid_variants(
    manifest_validator: Draft202012Validator, example: dict[str, Any], mutate: Mutation
) -> None:
    mutate(example)
    assert errors_of(manifest_validator, example) == []


INVALID_MUTATIONS = [
    pytest.param(
        _set("colour", value="blue"),
        "",
        "additionalProperties",
        id="unknown-top-level-key",
    ),
    pytest.param(
        _set("vendor", "legal", value="x"),
        "/vendor",
        "additionalProperties",
        id="unknown-nested-key",
    ),
    pytest.param(
        _set("ai", "X-upper", value=1),
        "/ai",
        "additionalProperties",
        id="x-prefix-is-lowercase",
    ),
    pytest.param(_delete("vendor", "role"), "/vendor", "required", id="missing-vendor-role"),
    pytest.param(_delete("owner"), "", "required", id="missing-owner"),
    pytest.param(
        _delete("data", "categories", 0, "purpose"),
        "/data/categories/0",
        "required",
        id="missing-purpose",
    ),
    pytest.param(_set("manifest", value="ctlint/v2"), "/manifest", "const", id="manifest-version"),
    pytest.param(_set("id", value="Zendesk"), "/id", "pattern", id="id-uppercase"),
    pytest.param(_set("id", value="z" * 65), "/id", "pattern", id="id-too-long"),
    pytest.param(_set("name", value=""), "/name", "minLength", id="empty-name"),
    pytest.param(_set("category", value="helpdesk"), "/category", "enum", id="category-enum"),
    pytest.param(
        _set("channels", value=["email", "email"]),
        "/channels",
        "uniqueItems",
        id="channels-duplicate",
    ),
    pytest.param(_set("channels", value=[]), "/channels", "minItems", id="channels-empty"),
    pytest.param(
        _set("vendor", "website", value="http://www.zendesk.com"),
        "/vendor/website",
        "format",
        id="http-website",
    ),
    pytest.param(
        _set("vendor", "website", value="https://"),
        "/vendor/website",
        "format",
        id="url-without-host",
    ),
    pytest.param(
        _set("review", "last_reviewed", value="2026-13-45"),
        "/review/last_reviewed",
        "format",
        id="bad-date",
    ),
    pytest.param(
        _set("agreement", "signed", value="2024-02-20T10:00:00"),
        "/agreement/signed",
        "format",
        id="timestamp-date",
    ),
    pytest.param(
        _set("agreement", "expires", value="20270219"),
        "/agreement/expires",
        "format",
        id="basic-format-date",
    ),
    pytest.param(
        _set("data", "categories", 0, "purpose", value="  "),
        "/data/categories/0/purpose",
        "pattern",
        id="blank-purpose",
    ),
    pytest.param(
        _set("data", "categories", 0, "key", value="user.contact.phone"),
        "/data/categories/0/key",
        "enum",
        id="unknown-category",
    ),
    pytest.param(_set("data", "uses", value=["support"]), "/data/uses/0", "enum", id="unknown-use"),
    pytest.param(
        _set("data", "subjects", value=["customer", "customer"]),
        "/data/subjects",
        "uniqueItems",
        id="subjects-duplicate",
    ),
    pytest.param(
        _set("data", "categories", 0, "retention_days", value=-1),
        "/data/categories/0/retention_days",
        "minimum",
        id="negative-retention",
    ),
    pytest.param(
        _set("data", "categories", 0, "retention_days", value=1.5),
        "/data/categories/0/retention_days",
        "type",
        id="fractional-retention",
    ),
    pytest.param(
        _set("agreement", "term_months", value=0),
        "/agreement/term_months",
        "minimum",
        id="zero-term",
    ),
    pytest.param(_set("data", "sale", value="no"), "/data/sale", "type", id="sale-string-no"),
    pytest.param(_set("data", "sale", value=None), "/data/sale", "type", id="sale-null"),
    pytest.param(
        _set("breach", "vendor_notice_hours", value=True),
        "/breach/vendor_notice_hours",
        "type",
        id="bool-is-not-integer",
    ),
    pytest.param(
        _set("agreement", "clauses", value=["duration", "duration"]),
        "/agreement/clauses",
        "uniqueItems",
        id="clauses-duplicate",
    ),
    pytest.param(
        _set("security", "controls", value=["sso", "2fa"]),
        "/security/controls/1",
        "enum",
        id="unknown-control",
    ),
    pytest.param(
        _set("subprocessors", "entries", value=[{"purpose": "hosting"}]),
        "/subprocessors/entries/0",
        "required",
        id="subprocessor-without-name",
    ),
    pytest.param(
        _set("agreement", "document", value=""),
        "/agreement/document",
        "minLength",
        id="empty-document",
    ),
    pytest.param(
        _set("waivers", value=[dict(WAIVER, reason=" ")]),
        "/waivers/0/reason",
        "pattern",
        id="waiver-blank-reason",
    ),
    pytest.param(
        _set("waivers", value=[dict(WAIVER, rule="ctdpa-011")]),
        "/waivers/0/rule",
        "pattern",
        id="waiver-bad-rule",
    ),
    pytest.param(
        _set("waivers", value=[dict(WAIVER, pointer="agreement")]),
        "/waivers/0/pointer",
        "pattern",
        id="waiver-bad-pointer",
    ),
    pytest.param(
        _set("waivers", value=[{"rule": "CTDPA-011"}]),
        "/waivers/0",
        "required",
        id="waiver-without-reason",
    ),
]


@pytest.mark.parametrize(("mutate", "pointer", "keyword"), INVALID_MUTATIONS)
def test_manifest_invalid_variants(
    manifest_validator: Draft202012Validator,
    example: dict[str, Any],
    mutate: Mutation,
    pointer: str,
    keyword: str,
) -> None:
    mutate(example)
    assert errors_of(manifest_validator, example) == [(pointer, keyword)]


# --------------------------------------------------------------------------- config schema

FULL_CONFIG = """\
organization:
  name: Example Co
  type: private_business
  agency_division: Department of Labor, Unemployment Insurance Division
  ct_consumers_per_year: 52000
  sale_revenue_share: 0.0
  sells_personal_data: false
  exemptions: []
  state_contractor: false
  ct_employees: true
  regulations:
    - section: "§ 31-250-3"
      title: Maintenance of personal data-general
      url: https://casetext.com/regulation/connecticut-administrative-code/title-31-labor/personal-data/section-31-250-3-maintenance-of-personal-data-general
    - section: "§ 31-250-5"
      title: Maintenance of personal data-disclosure
manifests: ["vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.json"]
exclude: []
packs: auto
select: []
ignore: []
severity: {}
rule_options: {}
expiry_notice_days: 60
fail_on: error
as_of: null
baseline: null
cache_dir: .ctlint-cache
policy_paths: []
limits: {max_file_bytes: 1048576, max_nodes: 100000, max_depth: 64}
defaults: {notice: {privacy_notice_url: "https://example.com/privacy"}}
"""


@pytest.fixture
def full_config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FULL_CONFIG)
    return data


def test_config_objects_are_closed_and_described() -> None:
    schema = load_json(CONFIG_SCHEMA)
    assert schema["additionalProperties"] is False
    for loc, node in walk(schema):
        if not isinstance(node, dict):
            continue
        assert "patternProperties" not in node, loc
        if "properties" in node:
            assert node.get("additionalProperties") is False, loc
            for name, prop in node["properties"].items():
                description = prop.get("description")
                assert isinstance(description, str), (*loc, name)
            assert description, (*loc, name)


def test_full_config_validates(
    config_validator: Draft202012Validator, full_config: dict[str, Any]
) -> None:
    assert set(full_config) == set(load_json(CONFIG_SCHEMA)["properties"])
    assert errors_of(config_validator, full_config) == []


def test_empty_config_validates(config_validator: Draft202012Validator) -> None:
    assert errors_of(config_validator, {}) == []


VALID_CONFIGS = [
    pytest.param(_set("packs", value=["auto", "acme-internal"]), id="packs-auto-plus"),
    pytest.param(_set("packs", value=["ct-pda", "ct-psa"]), id="packs-explicit"),
    pytest.param(_set("as_of", value="2026-07-01"), id="as-of-date"),
    pytest.param(_set("baseline", value=".ctlint-baseline.json"), id="baseline-path"),
    pytest.param(
        _set("severity", value={"CTDPA-011": "error", "CT-PDA-010": "off"}),
        id="severity-map",
    ),
    pytest.param(
        _set("rule_options", value={"CT-BREACH-002": {"max_hours": 72}}),
        id="rule-options",
    ),
    pytest.param(
        _set("organization", "exemptions", value=["hipaa_covered_entity"]),
        id="exemption",
    ),
    pytest.param(_set("organization", "sale_revenue_share", value=1), id="share-one"),
    pytest.param(_set("organization", value={"type": "ct_state_agency"}), id="only-type"),
]


@pytest.mark.parametrize("mutate", VALID_CONFIGS)
def test_config_valid_variants(
    config_validator: Draft202012Validator, full_config: dict[str, Any], mutate: Mutation
) -> None:
    mutate(full_config)
    assert errors_of(config_validator, full_config) == []


INVALID_CONFIGS = [
    pytest.param(_set("colour", value="blue"), "", "additionalProperties", id="unknown-key"),
    pytest.param(_set("x-team", value="a"), "", "additionalProperties", id="no-x-keys-in-config"),
    pytest.param(
        _set("organization", "size", value=3),
        "/organization",
        "additionalProperties",
        id="unknown-org-key",
    ),
    pytest.param(
        _set("organization", "type", value="company"),
        "/organization/type",
        "enum",
        id="type-company",
    ),
    pytest.param(_set("fail_on", value="fatal"), "/fail_on", "enum", id="fail-on-fatal"),
    pytest.param(_set("fail_on", value="off"), "/fail_on", "enum", id="fail-on-off"),
    pytest.param(
        _set("limits", "max_depth", value=0),
        "/limits/max_depth",
        "minimum",
        id="max-depth-zero",
    ),
    pytest.param(
        _set("limits", "max_rows", value=10),
        "/limits",
        "additionalProperties",
        id="unknown-limit",
    ),
    pytest.param(
        _set("organization", "ct_consumers_per_year", value=-5),
        "/organization/ct_consumers_per_year",
        "minimum",
        id="negative-consumers",
    ),
    pytest.param(
        _set("organization", "sale_revenue_share", value=1.5),
        "/organization/sale_revenue_share",
        "maximum",
        id="share-above-one",
    ),
    pytest.param(
        _set("organization", "sells_personal_data", value="no"),
        "/organization/sells_personal_data",
        "type",
        id="sells-string-no",
    ),
    pytest.param(
        _set("organization", "exemptions", value=["hipaa"]),
        "/organization/exemptions/0",
        "enum",
        id="unknown-exemption",
    ),
    pytest.param(_set("manifests", value=[""]), "/manifests/0", "minLength", id="empty-glob"),
    pytest.param(_set("packs", value="all"), "/packs", "anyOf", id="packs-string"),
    pytest.param(_set("packs", value=[]), "/packs", "anyOf", id="packs-empty-list"),
    pytest.param(_set("packs", value=["CT_PDA"]), "/packs", "anyOf", id="packs-bad-name"),
    pytest.param(
        _set("severity", value={"CTDPA-011": "fatal"}),
        "/severity/CTDPA-011",
        "enum",
        id="severity-value",
    ),
    pytest.param(
        _set("rule_options", value={"CT-BREACH-002": 72}),
        "/rule_options/CT-BREACH-002",
        "type",
        id="rule-options-not-object",
    ),
    pytest.param(_set("as_of", value="2026-02-30"), "/as_of", "format", id="as-of-impossible"),
    pytest.param(_set("as_of", value=20260101), "/as_of", "type", id="as-of-number"),
    pytest.param(_set("baseline", value=3), "/baseline", "type", id="baseline-number"),
    pytest.param(_set("select", value="CTDPA"), "/select", "type", id="select-string"),
]


@pytest.mark.parametrize(("mutate", "pointer", "keyword"), INVALID_CONFIGS)
def test_config_invalid_variants(
    config_validator: Draft202012Validator,
    full_config: dict[str, Any],
    mutate: Mutation,
    pointer: str,
    keyword: str,
) -> None:
    mutate(full_config)
    assert errors_of(config_validator, full_config) == [(pointer, keyword)]
