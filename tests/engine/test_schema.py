"""ctlint.engine.schema: every CTL1xx id of rules.md from a minimal mutation of a passing manifest.

Each case replaces one line of tests/data/core/manifests/zendesk.yaml (text edits keep the
line numbers predictable) and runs ``ctlint check --format json`` on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctlint.engine.schema import validate

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
    # ... and it is not a declaration either: CTDPA-032 asks for data.sale (rules.md)
    assert [f["rule"] for f in yes["findings"]] == ["CTDPA-032", "CTL102"]
    true = run(repo, check_json, mutate("  sale: false\n", "  sale: true\n"))
    assert "CTDPA-017" in [f["rule"] for f in true["findings"]]


def test_ctl102_sale_no_for_a_third_party(repo: Any, check_json: Any) -> None:
    text = mutate("  sale: false\n", "  sale: no\n")
    text = mutate("  role: processor\n", "  role: third_party\n", text)
    rules = [f["rule"] for f in run(repo, check_json, text)["findings"]]
    assert "CTL102" in rules
    assert "CTDPA-017" not in rules  # not a sale
    assert "CTDPA-009" in rules  # data.sale is not true


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
