"""ctlint.engine.schema: every CTL1xx id of rules.md from a minimal mutation of a passing manifest.

Each case replaces one line of tests/data/core/manifests/zendesk.yaml (text edits keep the
line numbers predictable) and runs ``ctlint check --format json`` on it.

The detailed errors come from ctlint.util.fasterrors, the "did you mean" from
:func:`closest`, and the cleaned data from copying only what changes; the last section checks
``validate`` against the way it worked before, on jsonschema's errors, difflib's matches and a
deep copy: the same problems, in the same order, and the same cleaned data.
"""

from __future__ import annotations

import copy
import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from support import load_data

from ctlint.engine import schema, schema_problems
from ctlint.engine.schema import validate
from ctlint.util.fasterrors import SchemaError

MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests"
BASE_TEXT = (MANIFESTS / "zendesk.yaml").read_text("utf-8")


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """1-based number of the line holding the ``nth`` occurrence of ``fragment``."""
    position = -1
    for _ in range(nth):
        position = text.index(fragment, position + 1)
    return text.count("\n", 0, position) + 1


def column_of(text: str, fragment: str) -> int:
    position = text.index(fragment)
    return position - (text.rfind("\n", 0, position) + 1) + 1


def mutate(old: str, new: str, text: str = BASE_TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def run(repo: Any, check_json: Any, text: str, *args: str) -> dict[str, Any]:
    repo.manifest("vendors/zendesk.yaml", text=text)
    _code, document = check_json("vendors/zendesk.yaml", *args)
    return document


def schema_findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"].startswith("CTL1")]


def test_the_unmutated_manifest_is_clean(repo: Any, check_json: Any) -> None:
    document = run(repo, check_json, BASE_TEXT)
    assert document["findings"] == []


# (rule, old line, new line, pointer, anchor text for the expected position, words in message)
CASES = [
    pytest.param(
        "CTL101",
        "  role: processor\n",
        "",
        "/vendor/role",
        "vendor:",
        ["vendor.role"],
        id="CTL101-nested",
    ),
    pytest.param(
        "CTL101",
        "owner: cx-ops@example.com\n",
        "",
        "/owner",
        None,
        ["owner"],
        id="CTL101-top-level",
    ),
    pytest.param(
        "CTL101",
        "      purpose: Reply to the requester.\n",
        "",
        "/data/categories/1/purpose",
        "key: user.contact.email",
        ["purpose"],
        id="CTL101-in-list-item",
    ),
    pytest.param(
        "CTL102",
        "  sale: false\n",
        "  sale: no\n",
        "/data/sale",
        "no\n",
        ["data.sale", "YAML 1.2", "true or false"],
        id="CTL102-sale-no",
    ),
    pytest.param(
        "CTL102",
        "  minors: false\n",
        "  minors: off\n",
        "/data/minors",
        "off\n",
        ["YAML 1.2"],
        id="CTL102-off",
    ),
    pytest.param(
        "CTL102",
        "  sale: false\n",
        "  sale:\n",
        "/data/sale",
        None,
        ["empty"],
        id="CTL102-null",
    ),
    pytest.param(
        "CTL102",
        "  notice_days: 30\n",
        "  notice_days: '30'\n",
        "/subprocessors/notice_days",
        "'30'",
        ["subprocessors.notice_days", "whole number"],
        id="CTL102-quoted-number",
    ),
    pytest.param(
        "CTL103",
        "category: help_desk\n",
        "category: helpdesk\n",
        "/category",
        "helpdesk",
        ["help_desk", "did you mean"],
        id="CTL103-enum-did-you-mean",
    ),
    pytest.param(
        "CTL103", "id: zendesk\n", "id: Zendesk\n", "/id", "Zendesk", ["id"], id="CTL103-id-pattern"
    ),
    pytest.param(
        "CTL103",
        "manifest: ctlint/v1\n",
        "manifest: ctlint/v2\n",
        "/manifest",
        "ctlint/v2",
        [],
        id="CTL103-const",
    ),
    pytest.param(
        "CTL103",
        "  notice_days: 30\n",
        "  notice_days: -1\n",
        "/subprocessors/notice_days",
        "-1\n",
        [],
        id="CTL103-minimum",
    ),
    pytest.param(
        "CTL103",
        "channels: [email, web_form, chat]\n",
        "channels: []\n",
        "/channels",
        "channels:",
        [],
        id="CTL103-min-items",
    ),
    pytest.param(
        "CTL103",
        "      purpose: Reply to the requester.\n",
        "      purpose: '   '\n",
        "/data/categories/1/purpose",
        "'   '",
        [],
        id="CTL103-blank-purpose",
    ),
    pytest.param(
        "CTL104",
        "owner: cx-ops@example.com\n",
        "owner: cx-ops@example.com\nownr: someone\n",
        "/ownr",
        "ownr:",
        ["ownr", "did you mean `owner`"],
        id="CTL104-top-level",
    ),
    pytest.param(
        "CTL104",
        "  role: processor\n",
        "  role: processor\n  legalname: Zendesk\n",
        "/vendor/legalname",
        "legalname:",
        ["did you mean `legal_name`"],
        id="CTL104-nested",
    ),
    pytest.param(
        "CTL105",
        "  website: https://www.zendesk.com\n",
        "  website: http://www.zendesk.com\n",
        "/vendor/website",
        "http://",
        ["https://"],
        id="CTL105-http",
    ),
    pytest.param(
        "CTL105",
        "  privacy_notice_url: https://example.com/privacy\n",
        "  privacy_notice_url: example.com/privacy\n",
        "/notice/privacy_notice_url",
        "example.com/privacy\n",
        [],
        id="CTL105-no-scheme",
    ),
    pytest.param(
        "CTL106",
        "    - key: user.contact.email\n",
        "    - key: user.contact.phone\n",
        "/data/categories/1/key",
        "user.contact.phone",
        ["did you mean `user.contact.phone_number`"],
        id="CTL106-category",
    ),
    pytest.param(
        "CTL106",
        "  uses: [essential.service.operations.support]\n",
        "  uses: [essential.service.operations.suport]\n",
        "/data/uses/0",
        "essential.service.operations.suport",
        ["did you mean `essential.service.operations.support`"],
        id="CTL106-use",
    ),
    pytest.param(
        "CTL106",
        "  subjects: [customer, prospect]\n",
        "  subjects: [customers, prospect]\n",
        "/data/subjects/0",
        "customers",
        ["did you mean `customer`"],
        id="CTL106-subject",
    ),
    pytest.param(
        "CTL107",
        "  signed: 2024-02-20\n",
        "  signed: 2026-13-45\n",
        "/agreement/signed",
        "2026-13-45",
        ["YYYY-MM-DD"],
        id="CTL107-unquoted",
    ),
    pytest.param(
        "CTL107",
        "  signed: 2024-02-20\n",
        "  signed: '2026-02-30'\n",
        "/agreement/signed",
        "'2026-02-30'",
        [],
        id="CTL107-quoted",
    ),
    pytest.param(
        "CTL107",
        "  signed: 2024-02-20\n",
        "  signed: 2024-02-20T10:00:00Z\n",
        "/agreement/signed",
        "2024-02-20T10",
        [],
        id="CTL107-timestamp",
    ),
    pytest.param(
        "CTL107",
        "  last_reviewed: 2026-09-01\n",
        "  last_reviewed: 2026-9-1\n",
        "/review/last_reviewed",
        "2026-9-1",
        [],
        id="CTL107-short-date",
    ),
    pytest.param(
        "CTL108",
        "channels: [email, web_form, chat]\n",
        "channels: [email, web_form, email]\n",
        "/channels/2",
        "email]",
        ["email"],
        id="CTL108-channel",
    ),
    pytest.param(
        "CTL190",
        "  uses: [essential.service.operations.support]\n",
        "  uses: [essential.service.operations.support, personalize.profiling]\n",
        "/data/uses/1",
        "personalize.profiling",
        ["personalize.content.profiling"],
        id="CTL190-deprecated-use",
    ),
    pytest.param(
        "CTL103",
        "  certifications: [soc2_type2, iso27001]\n",
        "  certifications: [soc2_type2, iso27001]\n  certification_expiry: {pci_dss: 2027-05-01}\n",
        "/security/certification_expiry/pci_dss",
        "2027-05-01",
        ["security.certification_expiry.pci_dss", "does not list", "add `pci_dss`"],
        id="CTL103-expiry-of-an-unlisted-certification",
    ),
    pytest.param(
        "CTL104",
        "  certifications: [soc2_type2, iso27001]\n",
        "  certifications: [soc2_type2, iso27001]\n  certification_expiry: {soc2_typ2: 2027-05-01}\n",
        "/security/certification_expiry/soc2_typ2",
        "soc2_typ2",
        ["did you mean `soc2_type2`"],
        id="CTL104-expiry-of-an-unknown-certification",
    ),
    pytest.param(
        "CTL107",
        "  certifications: [soc2_type2, iso27001]\n",
        "  certifications: [soc2_type2, iso27001]\n  certification_expiry: {iso27001: 2027-02-30}\n",
        "/security/certification_expiry/iso27001",
        "2027-02-30",
        ["security.certification_expiry.iso27001"],
        id="CTL107-expiry-not-a-date",
    ),
]


@pytest.mark.parametrize(("rule", "old", "new", "pointer", "anchor", "words"), CASES)
def test_schema_rule(
    repo: Any,
    check_json: Any,
    rule: str,
    old: str,
    new: str,
    pointer: str | None,
    anchor: str | None,
    words: list[str],
) -> None:
    text = mutate(old, new)
    document = run(repo, check_json, text)
    found = schema_findings(document)
    assert [f["rule"] for f in found] == [rule], found
    finding = found[0]
    if pointer is not None:
        assert finding["pointer"] == pointer
    if anchor is not None:
        assert (finding["line"], finding["column"]) == (
            line_of(text, anchor),
            column_of(text, anchor),
        )
    elif pointer == "/data/sale":  # an empty value: its line
        assert finding["line"] == line_of(text, "  sale:")
    for word in words:
        assert word in finding["message"]
    expected_severity = "warning" if rule == "CTL190" else "error"
    assert finding["severity"] == expected_severity
    assert finding["vendor"] in ("zendesk", "Zendesk")


def test_ctl101_missing_fields_are_one_finding_each(repo: Any, check_json: Any) -> None:
    text = mutate("owner: cx-ops@example.com\n", "")
    text = mutate("name: Zendesk Suite\n", "", text)
    document = run(repo, check_json, text)
    pointers = sorted(f["pointer"] for f in document["findings"] if f["rule"] == "CTL101")
    # rules.md: "One finding per X / one finding each: every missing item is its own finding"
    assert pointers == ["/name", "/owner"]


def test_ctl101_pointer_when_parent_is_missing_too(repo: Any, check_json: Any) -> None:
    document = run(repo, check_json, "manifest: ctlint/v1\nid: zendesk\nx-only: true\n")
    pointers = {f["pointer"] for f in document["findings"] if f["rule"] == "CTL101"}
    assert {"/name", "/category", "/owner", "/vendor", "/channels", "/data"} <= pointers
    assert len(pointers) == len([f for f in document["findings"] if f["rule"] == "CTL101"])


def test_ctl102_sale_yes_is_not_a_sale(repo: Any, check_json: Any) -> None:
    """rules.md: a value that failed its schema check counts as absent (`sale: no` is not a sale)."""
    yes = run(repo, check_json, mutate("  sale: false\n", "  sale: yes\n"))
    # ... and it is not a declaration either, but CTL102 already says what is wrong with the
    # value: CTDPA-032's "not declared" at the same pointer is not repeated
    assert [f["rule"] for f in yes["findings"]] == ["CTL102"]
    true = run(repo, check_json, mutate("  sale: false\n", "  sale: true\n"))
    assert "CTDPA-017" in [f["rule"] for f in true["findings"]]


def test_ctl102_sale_no_for_a_third_party(repo: Any, check_json: Any) -> None:
    text = mutate("  sale: false\n", "  sale: no\n")
    text = mutate("  role: processor\n", "  role: third_party\n", text)
    rules = [f["rule"] for f in run(repo, check_json, text)["findings"]]
    assert "CTL102" in rules
    assert "CTDPA-017" not in rules  # not a sale
    # CTDPA-009 (data.sale is not true) points at the value CTL102 reports: not repeated
    assert "CTDPA-009" not in rules


def test_failed_value_counts_as_absent_for_policy_rules(repo: Any, check_json: Any) -> None:
    # An impossible date for agreement.expires must not be compared (CTDPA-030 needs a date).
    text = mutate("  expires: 2027-02-19\n", "  expires: 2020-02-30\n")
    rules = [f["rule"] for f in run(repo, check_json, text)["findings"]]
    assert "CTL107" in rules
    assert "CTDPA-030" not in rules


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "owner: cx-ops@example.com\n", "owner: cx-ops@example.com\nx-team: cx\n", id="top-level"
        ),
        pytest.param(
            "  role: processor\n",
            "  role: processor\n  x-notes: {tier: 1, tags: [a]}\n",
            id="nested",
        ),
        pytest.param(
            "    - key: user.name\n",
            "    - key: user.name\n      x-source: crm\n",
            id="in-category-entry",
        ),
        pytest.param(
            "    - {name: Amazon Web Services, purpose: hosting, location: US}\n",
            "    - {name: Amazon Web Services, purpose: hosting, location: US, x-dpa: signed}\n",
            id="in-subprocessor-entry",
        ),
        pytest.param(
            "  disposal: Deleted",
            "  x-owner:\n    nested:\n      deeper: [1, 2, {any: thing}]\n  disposal: Deleted",
            id="deep-structure",
        ),
    ],
)
def test_x_keys_are_accepted_anywhere(repo: Any, check_json: Any, old: str, new: str) -> None:
    document = run(repo, check_json, mutate(old, new))
    assert document["findings"] == []


@pytest.mark.parametrize(
    "alias",
    [
        "user.biometrics",
        "user.children",
        "user.authorization.biometrics",
        "user.demographic.citizenship_or_immigration_status",
    ],
)
def test_newer_fideslang_spellings_are_accepted(alias: str) -> None:
    data = json.loads(json.dumps(_base_data()))
    data["data"]["categories"][0]["key"] = alias
    problems, _clean = validate(data)
    assert [p.rule for p in problems] == []


def _base_data() -> dict[str, Any]:
    from ctlint.document.parse import load_text
    from ctlint.document.read import Limits

    doc = load_text(BASE_TEXT, is_json=False, limits=Limits())
    assert doc.data is not None
    return doc.data


# --------------------------------------------------------------------------- text positions


def test_text_output_position_of_a_schema_finding(repo: Any, run_cli: Any) -> None:
    text = mutate("  website: https://www.zendesk.com\n", "  website: http://www.zendesk.com\n")
    repo.manifest("vendors/zendesk.yaml", text=text)
    code, out, _err = run_cli("check", "--quiet", cwd=repo.path)
    assert code == 1
    line, column = line_of(text, "http://"), column_of(text, "http://")
    _code, document, _err = run_cli("check", "--format", "json", cwd=repo.path)
    (finding,) = json.loads(document)["findings"]
    # end_column is exclusive: the scalar `http://www.zendesk.com` is 22 characters long
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        line,
        column,
        line,
        column + len("http://www.zendesk.com"),
    )
    assert out.splitlines() == [
        f"vendors/zendesk.yaml:{line}:{column}: CTL105 error: `vendor.website` must be an https:// URL, "
        'found "http://www.zendesk.com"'
    ]


def test_text_output_position_of_a_policy_finding(repo: Any, run_cli: Any) -> None:
    text = mutate("  privacy_notice_url: https://example.com/privacy\n", "")
    repo.manifest("vendors/zendesk.yaml", text=text)
    code, out, _err = run_cli("check", "--quiet", cwd=repo.path)
    assert code == 1
    (line,) = out.splitlines()
    # the missing field points at its parent key, `notice:` (rules.md "Where a finding points")
    expected = f"vendors/zendesk.yaml:{line_of(text, 'notice:')}:1: CTDPA-015 error: "
    assert line.startswith(expected), line
    assert line.endswith("[Conn. Gen. Stat. § 42-520(b)(1)]")


def test_json_positions_of_a_missing_list_item(repo: Any, check_json: Any) -> None:
    text = mutate(
        "third_party_categories, contact, llm_training, last_updated]",
        "contact, llm_training, last_updated]",
    )
    document = run(repo, check_json, text)
    (finding,) = document["findings"]
    assert finding["rule"] == "CTDPA-015"
    assert finding["pointer"] == "/notice/privacy_notice_includes"
    assert finding["item"] == "third_party_categories"
    # a list is pointed at by its key
    anchor = "privacy_notice_includes"
    assert (finding["line"], finding["column"]) == (line_of(text, anchor), column_of(text, anchor))
    assert finding["end_column"] == finding["column"] + len(anchor)


@pytest.mark.parametrize(
    ("old", "pointers", "anchor"),
    [
        pytest.param(
            "  appeal:\n    url: https://example.com/privacy/appeal\n    decision_days: 60\n",
            ["/requests/appeal/decision_days", "/requests/appeal/url"],
            "requests:",
            id="parent-absent-too",
        ),
        pytest.param(
            "    url: https://example.com/privacy/appeal\n",
            ["/requests/appeal/url"],
            "  appeal:",
            id="parent-present",
        ),
    ],
)
def test_missing_field_points_at_its_own_path(
    repo: Any, check_json: Any, old: str, pointers: list[str], anchor: str
) -> None:
    """rules.md: the missing field's own path (`/requests/appeal/url`, even when
    `/requests/appeal` is absent too); line and column of the nearest node that exists."""
    text = mutate(old, "")
    document = run(repo, check_json, text)
    found = [f for f in document["findings"] if f["rule"] == "CTDPA-021"]
    assert sorted(f["pointer"] for f in found) == pointers
    for finding in found:
        assert (finding["line"], finding["column"]) == (
            line_of(text, anchor),
            column_of(text, anchor.strip()),
        )


def _minimal() -> dict[str, Any]:
    from ctlint.document.parse import load_text
    from ctlint.document.read import Limits

    doc = load_text((MANIFESTS / "minimal.yaml").read_text("utf-8"), is_json=False, limits=Limits())
    assert doc.data is not None
    return doc.data


def test_minimal_manifest_has_no_schema_problem() -> None:
    problems, _clean = validate(_minimal())
    assert problems == []


# Every field manifest.md marks `req`.
REQUIRED = [
    ("manifest",),
    ("id",),
    ("name",),
    ("category",),
    ("owner",),
    ("vendor",),
    ("vendor", "legal_name"),
    ("vendor", "role"),
    ("channels",),
    ("data",),
    ("data", "subjects"),
    ("data", "uses"),
    ("data", "categories"),
    ("data", "categories", 0, "key"),
    ("data", "categories", 0, "purpose"),
]


@pytest.mark.parametrize("path", [pytest.param(p, id=".".join(map(str, p))) for p in REQUIRED])
def test_each_required_field(path: tuple[Any, ...]) -> None:
    data = _minimal()
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    problems, _clean = validate(data)
    pointer = "".join(f"/{p}" for p in path)
    assert [(p.rule, p.pointer) for p in problems] == [("CTL101", pointer)]


# --------------------------------------------------------------------------- against the old way


def _old_suggest(word: str, options: Any) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def _old_remove(data: Any, path: tuple[Any, ...]) -> None:
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = None


def _jsonschema_validator() -> Draft202012Validator:
    checker = FormatChecker(formats=())
    for name, test in schema.FORMATS.items():
        checker.checks(name)(test)
    return Draft202012Validator(schema.manifest_schema(), format_checker=checker)


JSONSCHEMA = _jsonschema_validator()


def old_validate(data: dict[str, Any]) -> tuple[list[schema.SchemaProblem], dict[str, Any]]:
    """``validate`` as it was: jsonschema's errors, difflib's "did you mean", a deep copy."""
    problems = list(schema._deprecated(data))
    if JSONSCHEMA.is_valid(data):
        return problems, data
    clean = copy.deepcopy(data)
    removals = []
    suggest = schema_problems.Suggester()
    with pytest.MonkeyPatch.context() as patch, schema._any_int_size():
        patch.setattr(schema_problems, "_suggest", _old_suggest)
        for error in JSONSCHEMA.iter_errors(data):
            fields = SchemaError(
                error.validator,  # type: ignore[arg-type]
                tuple(error.absolute_path),
                error.instance,
                error.validator_value,
                error.schema,
                error.message,
            )
            problems.extend(schema_problems.worded(fields, suggest))
            if error.validator in schema._REMOVE and error.absolute_path:
                removals.append(tuple(error.absolute_path))
    for path in sorted(removals, key=len, reverse=True):
        _old_remove(clean, path)
    return list(dict.fromkeys(problems)), clean


def assert_as_before(data: Any) -> None:
    before = repr(data)
    problems, clean = validate(data)
    assert repr(data) == before  # the manifest's own data is never changed
    old_problems, old_clean = old_validate(copy.deepcopy(data))
    assert problems == old_problems
    assert repr(clean) == repr(old_clean)  # repr: `True` is not `1`, `1.0` is not `1`


def _load(path: Path) -> Any:
    from ctlint.document.parse import load_path
    from ctlint.document.read import Limits

    doc = load_path(str(path), limits=Limits())
    assert doc.data is not None
    return doc.data


MANIFEST_DATA = [_load(path) for path in sorted(MANIFESTS.glob("*.yaml"))]


#: Every unknown enum value of the benchmark's schema-error corpus (bench/run.py), and other
#: failures of one value, written into the zendesk manifest.
ONE_VALUE = [
    ("status: active\n", "status: suspended\n"),
    ("  role: processor\n", "  role: subprocessor\n"),
    ("  identity_verification: email_match\n", "  identity_verification: passkey\n"),
    ("  type: data_processing_agreement\n", "  type: data_protection_addendum\n"),
    ("  uses: [essential.service.operations.support]\n", "  uses: [essential.service.operations.triage]\n"),
    ("  controls: [sso, mfa, rbac, audit_log, backup]\n", "  controls: [sso, mfa, rbac, audit_log, backup, siem]\n"),
    ("    - key: user.contact.email\n", "    - key: user.contact.mail\n"),
    ("  subjects: [customer, prospect]\n", "  subjects: [customer, prospect, customer]\n"),
    ("  signed: 2024-02-20\n", "  signed: 2024-02-30\n"),
    ("  website: https://www.zendesk.com\n", "  website: www.zendesk.com\n"),
    ("  retention_days: 730\n", "  retention_days: -730\n"),
    ("manifest: ctlint/v1\n", "manifest: ctlint/v2\n"),
    ("id: zendesk\n", "id: Zendesk\n"),
    ("owner: cx-ops@example.com\n", "owner: ''\n"),
    ("  sale: false\n", "  sale: no\n  sold: false\n"),
    ("channels: [email, web_form, chat]\n", "channels: []\n"),
    ("  notice_days: 30\n", "  notice_days: -99999999999999999999999999999999999999999\n"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new"), ONE_VALUE)
def test_one_failing_value_as_before(old: str, new: str) -> None:
    from ctlint.document.parse import load_text
    from ctlint.document.read import Limits

    base = (MANIFESTS / "zendesk.yaml").read_text("utf-8")
    assert old in base, old
    text = base.replace(old, new, 1)
    doc = load_text(text, is_json=False, limits=Limits())
    assert doc.data is not None
    problems, _clean = validate(doc.data)
    assert [p for p in problems if p.rule.startswith("CTL1")]  # it does fail
    assert_as_before(doc.data)


def test_many_failures_at_once_as_before() -> None:
    data = _base_data()
    data["category"] = "helpdesk"
    del data["vendor"]["legal_name"]
    data["vendor"]["webiste"] = "https://x.example"
    data["data"]["uses"] = ["marketing", "markting", "marketing", None, 3]
    data["data"]["categories"] = [{}, "user.name", {"key": "user.nam", "purpose": " ", "x-a": 1}]
    data["agreement"]["procurement_basis"] = "other_exempt"
    data["security"]["controls"] = ["sso", "siem", "sso"]
    data["waivers"] = [{"rule": "ctdpa-1", "reason": "", "pointer": "x"}, 7]
    data["x-mine"] = {"anything": [1]}
    data[""] = None
    assert len(validate(data)[0]) > 15
    assert_as_before(data)


def test_suggestions_stop_after_the_limit_as_before() -> None:
    data = _base_data()
    for index in range(schema_problems.SUGGESTIONS + 5):
        data[f"ownr{index}"] = index
    problems, _clean = validate(data)
    assert sum("did you mean" in p.message for p in problems) == schema_problems.SUGGESTIONS
    assert_as_before(data)


NEAR = st.sampled_from(
    [None, True, 0, -1, 1.5, 10**40, "", " ", "x", "http://x.example", "2026-02-30", [], {},
     ["email", "email"], {"key": "user.nam", "purpose": "p"}, "user.contact.emial", "customr"]
)  # fmt: skip


def _leaf_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in children:
        out.extend(_leaf_paths(value, (*path, key)))
    return out


@st.composite
def failing_manifest(draw: st.DrawFn) -> Any:
    """A manifest of tests/data with one to three values replaced, removed or added."""
    data = copy.deepcopy(draw(st.sampled_from(MANIFEST_DATA)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_leaf_paths(data)))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        value = parent[path[-1]]
        action = draw(st.sampled_from(["typo", "replace", "delete", "add"]))
        if action == "typo" and isinstance(value, str):
            parent[path[-1]] = draw(
                st.sampled_from([value + "s", value[1:], value.upper(), value.replace("_", "")])
            )
        elif action in ("typo", "replace"):
            parent[path[-1]] = draw(NEAR)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(value, dict):
            value[draw(st.sampled_from(["sale", "Sale", "x-note", "purpse"]))] = draw(NEAR)
    return data


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=failing_manifest())
def test_failing_manifests_as_before(data: Any) -> None:
    assert_as_before(data)


def test_a_failing_manifest_needs_no_jsonschema() -> None:
    """The detailed errors of the bundled schema are worked out without importing jsonschema
    (about 100 ms, more than the rest of a one-file run)."""
    code = (
        "import sys\n"
        "from ctlint.engine.schema import validate\n"
        "problems, _ = validate({'manifest': 'ctlint/v2', 'data': {'uses': ['x']}, 'ownr': 1})\n"
        "assert len(problems) > 5, problems\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_waiver_naming_a_rule_family_is_told_to_name_each_rule() -> None:
    """The newcomer review (m3): `rule: CT-PSA` got an arbitrary "did you mean"."""
    base = json.loads(json.dumps(load_data("zendesk")))
    base["waivers"] = [{"rule": "CT-PSA", "reason": "not a personal service contractor"}]
    problems, _clean = validate(base)
    (problem,) = [p for p in problems if p.pointer == "/waivers/0/rule"]
    assert problem.message.endswith(
        'found "CT-PSA"; a waiver names one rule of that family (CT-PSA-001, CT-PSA-002, '
        "CT-PSA-003, CT-PSA-004, …): one waiver each"
    )
    base["waivers"] = [{"rule": "CTDPA-99", "reason": "x"}]
    problems, _clean = validate(base)
    (problem,) = [p for p in problems if p.pointer == "/waivers/0/rule"]
    assert "did you mean" in problem.message
