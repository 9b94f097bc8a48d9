"""``ctlint new ID`` through the CLI: the skeleton fails `check` until it is filled in."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from support import rule_pointers, rules_of

from ctlint import scaffold
from ctlint.cli import run_cli

AS_OF = "2026-11-28"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def ctl(monkeypatch: pytest.MonkeyPatch) -> Run:
    """``ctl(cwd, *args, input=None) -> (exit code, stdout, stderr)`` via ``run_cli``."""

    def run(cwd: Path, *args: Any, input: str | None = None) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        runner = CliRunner()
        with runner.isolation(input=input, env={"NO_COLOR": "1"}) as (out, err, _mixed):
            code = run_cli([str(a) for a in args])
            sys.stdout.flush()
            sys.stderr.flush()
            return code, out.getvalue().decode(), err.getvalue().decode()

    return run


def make_repo(tmp_path: Path, organization: Mapping[str, Any] | None, **config: Any) -> Path:
    """A repository folder with ``.git`` and (unless ``organization`` is None) a
    ``.ctlint.yaml`` with that organization and the fixed as-of date."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    if organization is not None:
        data = {"organization": dict(organization), "as_of": AS_OF, **config}
        (root / ".ctlint.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return root


BUSINESS = {"name": "Acme Co", "type": "private_business", "ct_consumers_per_year": 52000}
AGENCY = {"type": "ct_state_agency", "agency_division": "Department of Labor"}


@pytest.fixture
def business(tmp_path: Path) -> Path:
    return make_repo(tmp_path, BUSINESS)


# --------------------------------------------------------------------------- text helpers

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")


def _dotted(path: list[str]) -> str:
    out = ""
    for segment in path:
        out += f"[{segment}]" if segment.isdigit() else (f".{segment}" if out else segment)
    return out


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Write ``values`` (dotted path -> value) after the colons of the placeholder lines, the
    way a person fills the skeleton in; every value must find its placeholder."""
    out, stack, used = [], [], set()
    for line in text.split("\n"):
        match = _KEY.match(line)
        if match is None or line.lstrip().startswith("#"):
            out.append(line)
            continue
        indent = len(match["indent"])
        if match["dash"]:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, "0"))
            indent += 2
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = [key for _i, key in stack] + [match["key"]]
        dotted = _dotted(path)
        rest = match["rest"].strip()
        if (not rest or rest.startswith("#")) and dotted in values:
            line = f"{match['indent']}{match['dash'] or ''}{match['key']}: {json.dumps(values[dotted])}"
            used.add(dotted)
        out.append(line)
        stack.append((indent, match["key"]))
    assert set(values) == used, f"no placeholder for {sorted(set(values) - used)}"
    return "\n".join(out)


def uncomment(text: str, *keys: str) -> str:
    """Uncomment the commented-out field (or whole section) ``key`` for each key, as a person
    does when the condition in its comment holds."""
    lines = text.split("\n")
    for key in keys:
        index = next(i for i, line in enumerate(lines) if re.match(rf"^ *# {key}:(\s|$)", line))
        indent = len(lines[index]) - len(lines[index].lstrip())
        section = lines[index].rstrip().endswith(":")
        lines[index] = lines[index][:indent] + lines[index][indent + 2 :]
        index += 1
        while section and index < len(lines) and lines[index].startswith(" " * indent + "#   "):
            lines[index] = lines[index][:indent] + lines[index][indent + 2 :]
            index += 1
    return "\n".join(lines)


def check_json(ctl: Run, root: Path, *paths: str) -> tuple[int, dict[str, Any]]:
    code, out, err = ctl(root, "check", "--format", "json", *paths)
    assert code in (0, 1), err
    return code, json.loads(out)


def pointer(dotted: str) -> str:
    return "/" + dotted.replace("[", ".").replace("]", "").replace(".", "/")


def line_of(text: str, dotted: str) -> int:
    """1-based line of a placeholder (located through :func:`fill`'s path tracking)."""
    marker = "\x00"
    marked = fill(text, {dotted: marker})
    return next(i for i, line in enumerate(marked.split("\n"), 1) if json.dumps(marker) in line)


# --------------------------------------------------------------------------- the main story

#: What a person writes into the skeleton of a live-chat tool of a processor.
FILLED = {
    "name": "Acme Chat",
    "owner": "cx-ops@example.com",
    "vendor.legal_name": "Acme Chat, Inc.",
    "data.subjects": ["customer"],
    "data.uses": ["essential.service.operations.support"],
    "data.categories[0].key": "user.contact.email",
    "data.categories[0].purpose": "Reply to the customer.",
    "data.categories[0].necessity": "Replies are sent by email.",
    "data.categories[0].retention_days": 365,
    "data.free_text_redaction": "automatic",
    # CTDPA-032: a private business declares these facts; false is a declaration
    "data.sale": False,
    "data.targeted_advertising": False,
    "data.profiling_decisions": False,
    "agreement.type": "data_processing_agreement",
    "agreement.clauses": [
        "processing_instructions",
        "nature_and_purpose",
        "data_types",
        "duration",
        "rights_and_obligations",
        "confidentiality",
        "delete_or_return",
        "compliance_information",
        "subcontractor_flowdown",
        "subcontractor_objection",
        "assessment_cooperation",
        "breach_notification",
        "consumer_request_assistance",
    ],
    "notice.privacy_notice_url": "https://example.com/privacy",
    "notice.privacy_notice_includes": [
        "categories",
        "purposes",
        "rights_and_appeal",
        "categories_shared",
        "third_party_categories",
        "contact",
        "llm_training",
        "last_updated",
    ],
    "requests.identity_verification": "email_match",
    "requests.response_days": 45,
    "requests.appeal.url": "https://example.com/privacy/appeal",
    "requests.appeal.decision_days": 60,
    "requests.vendor_supports": ["access", "export", "correct", "delete"],
    "security.encryption_in_transit": True,
    "security.controls": ["sso", "mfa", "rbac"],
    "security.disposal": "Deleted 30 days after the contract ends.",
}


def test_new_fails_check_on_each_placeholder_until_filled_in(ctl: Run, business: Path) -> None:
    code, out, err = ctl(
        business,
        "new",
        "acme-chat",
        "--category",
        "live_chat",
        "--channels",
        "chat,email",
        "--role",
        "processor",
    )
    assert code == 0, err
    assert out.startswith("wrote vendors/acme-chat.yaml: ")
    path = business / "vendors" / "acme-chat.yaml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["manifest"] == "ctlint/v1"
    assert data["id"] == "acme-chat"
    assert data["category"] == "live_chat"
    assert data["channels"] == ["chat", "email"]
    assert data["vendor"]["role"] == "processor"
    assert (
        "# CTDPA-019 (Conn. Gen. Stat. § 42-518(c)(4)): how a person asking for their own data is verified"
        in text
    )

    code, doc = check_json(ctl, business)
    assert code == 1
    empty = {f["pointer"]: f for f in doc["findings"] if f["rule"] == "CTL102"}
    assert set(empty) == {pointer(p) for p in FILLED}
    for dotted in FILLED:  # each finding points at the placeholder's own line
        assert empty[pointer(dotted)]["line"] == line_of(text, dotted), dotted
        assert "is empty" in empty[pointer(dotted)]["message"]
    rules = rules_of(doc["findings"])  # each named by the CTL102 of the value it needs
    assert {"CTDPA-019", "CTDPA-015", "CTDPA-010", "CTDPA-002"} <= rules
    assert {f["rule"] for f in doc["findings"]} & {"CTDPA-015", "CTDPA-019"} == set()

    path.write_text(fill(text, FILLED), "utf-8")
    code, doc = check_json(ctl, business)
    assert code == 0, doc["findings"]
    assert [f["rule"] for f in doc["findings"]] == []
    assert "#" in path.read_text("utf-8").split("manifest:")[0]  # the comments are still there


def test_commented_fields_are_uncommented_when_the_data_needs_them(
    ctl: Run, business: Path
) -> None:
    assert (
        ctl(
            business,
            "new",
            "acme-chat",
            "--category",
            "live_chat",
            "--channels",
            "chat",
            "--role",
            "processor",
        )[0]
        == 0
    )
    path = business / "vendors" / "acme-chat.yaml"
    filled = fill(path.read_text("utf-8"), FILLED)
    # the tool turns out to take card numbers: sensitive data, breach-law personal information
    # and a high-risk identifier
    filled = filled.replace('key: "user.contact.email"', 'key: "user.financial.credit_card"')
    path.write_text(filled, "utf-8")
    code, doc = check_json(ctl, business)
    assert code == 1
    missing = {(f["rule"], f["pointer"]) for f in doc["findings"]}
    assert ("CTDPA-013", "/consent/sensitive_data/mechanism") in missing
    assert ("CT-BREACH-003", "/breach/plan") in missing
    assert ("CTDPA-029", "/requests/export_redacts_high_risk") in missing

    text = uncomment(
        filled, "consent", "assessment", "breach", "encryption_at_rest", "export_redacts_high_risk"
    )
    assert yaml.safe_load(text)["breach"] == {
        "vendor_notice_hours": None,
        "plan": None,
        "resident_notice_days": None,
        "notify_attorney_general": None,
        "identity_theft_services_months": None,
    }
    text = fill(
        text,
        {
            "consent.sensitive_data.mechanism": "A checkbox before the card number is asked for.",
            "consent.sensitive_data.revocation": "The privacy centre's withdraw button.",
            "consent.sensitive_data.stop_within_days": 15,
            "assessment.completed": "2026-06-01",
            "breach.vendor_notice_hours": 48,
            "breach.plan": "docs/incident-response.md",
            "breach.resident_notice_days": 60,
            "breach.notify_attorney_general": True,
            "breach.identity_theft_services_months": 24,
            "security.encryption_at_rest": True,
            "requests.export_redacts_high_risk": True,
        },
    )
    path.write_text(text, "utf-8")
    code, doc = check_json(ctl, business)
    assert {f["rule"] for f in doc["findings"]} == {"CTL203"}  # the plan does not exist yet
    (business / "docs").mkdir()
    (business / "docs" / "incident-response.md").write_text("# Incident response\n", "utf-8")
    code, doc = check_json(ctl, business)
    assert code == 0, doc["findings"]


# --------------------------------------------------------------------------- kinds of tool


def test_contact_center_with_voice_includes_the_recording_fields(ctl: Run, business: Path) -> None:
    code, _out, err = ctl(
        business,
        "new",
        "call-center",
        "--category",
        "contact_center",
        "--channels",
        "voice",
        "--channels",
        "email",
    )
    assert code == 0, err
    text = (business / "vendors" / "call-center.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["channels"] == ["voice", "email"]
    assert data["recording"] == {"records_calls": None, "agents_monitored": None}
    assert re.search(
        r"# CT-REC-002 \(Conn\. Gen\. Stat\. § 52-570d\(a\)\).*\n  records_calls:", text
    )
    assert re.search(r"# CT-EMP-002 \(Conn\. Gen\. Stat\. § 31-48d\).*\n  agents_monitored:", text)
    # how callers are told matters once calls are recorded: offered commented out
    assert re.search(
        r"# CT-REC-001 .*when recording\.records_calls is true.*\n(  #.*\n)*  # method:", text
    )
    code, doc = check_json(ctl, business)
    found = rule_pointers(doc["findings"])
    assert ("CT-REC-002", "/recording/records_calls") in found
    assert ("CT-EMP-002", "/recording/agents_monitored") in found


def test_contact_center_without_channels_presumes_voice(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "phones", "--category", "contact_center")[0] == 0
    data = yaml.safe_load((business / "vendors" / "phones.yaml").read_text("utf-8"))
    assert data["channels"] is None  # left for the person to fill in
    assert "records_calls" in data["recording"]


def test_email_only_help_desk_has_no_live_recording_or_ai_fields(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "desk", "--category", "help_desk", "--channels", "email")[0] == 0
    data = yaml.safe_load((business / "vendors" / "desk.yaml").read_text("utf-8"))
    assert "recording" not in data
    assert "ai" not in data


def test_chatbot_includes_the_ai_fields(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "bot", "--category", "chatbot", "--channels", "chatbot")[0] == 0
    text = (business / "vendors" / "bot.yaml").read_text("utf-8")
    assert yaml.safe_load(text)["ai"] == {
        "discloses_ai": None,
        "companion": None,
        "trains_on_customer_data": None,
    }
    # the citation in force, with its status when it is not verified
    assert "# CT-AI-001 (Conn. Gen. Stat. § 42-110b (unverified)): people are told" in text
    assert "# CT-AI-002 (Conn. Public Act 26-15 § 4(1)): the bot is" in text


def test_state_agency_gets_the_personal_data_act_fields(ctl: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path, AGENCY)
    args = ("--category", "help_desk", "--channels", "email")
    basis = ("--procurement-basis", "personal_service_agreement")
    assert ctl(root, "new", "ui-desk", *args, *basis)[0] == 0
    text = (root / "vendors" / "ui-desk.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert (
        "  # CT-PDA-002 (Conn. Gen. Stat. § 4-193(g)): how a person asking for their "
        "own data is verified\n  identity_verification:" in text
    )
    assert "collection_notice_includes" in data["notice"]
    assert set(data["records"]) == {
        "accuracy_review_days",
        "last_accuracy_review",
        "disclosure_log_retention_years",
        "retention_schedule",
    }
    assert data["agreement"]["procurement_basis"] == "personal_service_agreement"
    assert data["agreement"]["type"] is None
    assert "type:   # personal_service_agreement\n" in text  # the only value CT-PSA-001 accepts
    assert "privacy_notice_url" not in data["notice"]  # a CTDPA field: not active here
    assert "CT-PI-003" not in text  # not applicable to an agency (§ 42-470(a))


def test_as_of_decides_which_rules_are_in_force(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "early", "--as-of", "2026-06-30")[0] == 0
    text = (business / "vendors" / "early.yaml").read_text("utf-8")
    assert "CTDPA-016" not in text  # the llm_training statement is due from 2026-07-01
    assert "as of 2026-06-30" in text
    assert ctl(business, "new", "later")[0] == 0
    assert "CTDPA-016" in (business / "vendors" / "later.yaml").read_text("utf-8")


def test_role_third_party_leaves_out_processor_contract_fields(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "survey", "--category", "survey", "--role", "third_party")[0] == 0
    text = (business / "vendors" / "survey.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert "CTDPA-002" not in text
    assert data["data"]["sale"] is None  # CTDPA-009: a third party may be buying the data


def test_undeclared_organization(ctl: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path, None)
    code, _out, err = ctl(root, "new", "tool")
    assert code == 0, err
    text = (root / "vendors" / "tool.yaml").read_text("utf-8")
    assert "organization whose type is not declared" in text
    assert "CT-PDA-002" in text
    assert "CT-PSA-001" in text


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("existing", ["acme.yaml", "acme.yml", "acme.json"])
def test_refuses_an_existing_manifest(ctl: Run, business: Path, existing: str) -> None:
    (business / "vendors").mkdir()
    target = business / "vendors" / existing
    target.write_text("keep me\n", "utf-8")
    code, _out, err = ctl(business, "new", "acme")
    assert code == 2
    assert f"vendors/{existing} already exists" in err
    assert target.read_text("utf-8") == "keep me\n"
    assert sorted(p.name for p in (business / "vendors").iterdir()) == [existing]


@pytest.mark.parametrize("bad", ["Acme", "-acme", "acme/chat", "a" * 65, "acme chat", ""])
def test_refuses_an_invalid_id(ctl: Run, business: Path, bad: str) -> None:
    code, _out, err = ctl(business, "new", "--", bad)
    assert code == 2
    assert "invalid id" in err
    assert not (business / "vendors").exists()


def test_refuses_an_unknown_channel(ctl: Run, business: Path) -> None:
    code, _out, err = ctl(business, "new", "acme", "--channels", "email,fax")
    assert code == 2
    assert "--channels: unknown value `fax`" in err
    assert not (business / "vendors").exists()


def test_notes_a_file_the_manifests_globs_do_not_select(ctl: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path, BUSINESS, manifests=["tools/*.yaml"])
    code, _out, err = ctl(root, "new", "acme")
    assert code == 0
    assert "do not select vendors/acme.yaml" in err


# --------------------------------------------------------------------------- revision 2: agencies

DATA = Path(__file__).resolve().parents[1] / "data" / "scaffold"
PSA_RULES = ("CT-PSA-001", "CT-PSA-002", "CT-PSA-003", "CT-PSA-004", "CT-PSA-006", "CT-PSA-007")


def load_values(name: str) -> dict[str, Any]:
    data = yaml.safe_load((DATA / name).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return make_repo(tmp_path, AGENCY)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input counts as a terminal (CliRunner's is a buffer), so `new` asks."""
    monkeypatch.setattr("ctlint.cli.new.stdin_is_interactive", lambda: True)


def test_agency_contractual_services_passes_without_personal_service_rules(
    ctl: Run, agency: Path
) -> None:
    code, out, err = ctl(
        agency,
        "new",
        "five9",
        "--category",
        "contact_center",
        "--procurement-basis",
        "contractual_services",
    )
    assert code == 0, err
    assert "Procurement basis" not in out  # given, so not asked
    path = agency / "vendors" / "five9.yaml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["agreement"]["procurement_basis"] == "contractual_services"
    assert "# CT-PSA-005 (Conn. Gen. Stat. § 4-212(2)): " in text
    for rule in PSA_RULES:  # not applicable to this vendor: not asked for
        assert rule not in text
    assert "# CT-EMP-002 (Conn. Gen. Stat. § 31-48d): " in text
    # fill in every placeholder, as the agency's staff would: nothing is left to report
    values = load_values("five9-contractual-services.yaml")
    path.write_text(fill(text, values), "utf-8")
    code, doc = check_json(ctl, agency)
    assert [(f["rule"], f["pointer"]) for f in doc["findings"]] == []
    assert code == 0
    # the register shows the personal service agreement rules as not applicable
    code, out, err = ctl(agency, "report", "--format", "json")
    assert code == 0, err
    results = {r["rule"]: r["result"] for r in json.loads(out)["matrix"]}
    for rule in PSA_RULES:
        assert results[rule] == "not applicable", rule
    assert results["CT-PSA-005"] == "pass"


def test_agency_without_a_basis_non_interactive_leaves_a_placeholder(
    ctl: Run, agency: Path
) -> None:
    code, out, err = ctl(agency, "new", "five9", "--category", "contact_center")
    assert code == 0, err
    assert "Procurement basis" not in out  # standard input is not a terminal: nothing asked
    assert "agreement.procurement_basis is left to fill in (CT-PSA-005)" in err
    text = (agency / "vendors" / "five9.yaml").read_text("utf-8")
    assert yaml.safe_load(text)["agreement"]["procurement_basis"] is None
    assert re.search(
        r"  # CT-PSA-005 \(Conn\. Gen\. Stat\. § 4-212\(2\)\): .*\n(  #   .*\n)+"
        r"  procurement_basis:   # one of the values above\n",
        text,
    )
    # the personal service agreement fields wait for the basis, commented out
    assert "  # type:   # personal_service_agreement\n" in text
    code, doc = check_json(ctl, agency)
    assert code == 1
    found = rule_pointers(doc["findings"])
    assert ("CT-PSA-005", "/agreement/procurement_basis") in found
    assert ("CTL102", "/agreement/procurement_basis") in found  # empty, like every placeholder
    basis_line = line_of(text, "agreement.procurement_basis")
    # one finding on the placeholder's line, naming the rule that needs it
    empty = next(f for f in doc["findings"] if f["pointer"] == "/agreement/procurement_basis")
    assert (empty["rule"], empty["line"]) == ("CTL102", basis_line)
    assert empty["message"].endswith("(CT-PSA-005 needs it)")


def test_agency_is_asked_for_the_basis_on_a_terminal(
    ctl: Run, agency: Path, terminal: None
) -> None:
    code, out, err = ctl(
        agency, "new", "five9", "--category", "contact_center", input="das\nother_exempt\n"
    )
    assert code == 0, err
    assert "On what basis does the agency buy the tool of vendors/five9.yaml?" in out
    for value, explanation in scaffold.PROCUREMENT_BASES:  # one line for each value
        assert f"\n  {value}: {explanation}\n" in out
    assert "§ 4a-50" in out
    assert "Error: 'das' is not one of" in out + err  # a bad answer is asked again
    text = (agency / "vendors" / "five9.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["agreement"]["procurement_basis"] == "other_exempt"
    assert data["agreement"]["procurement_note"] is None  # say which exclusion (CTL101)
    assert "left to fill in" not in err
    for rule in PSA_RULES:
        assert rule not in text
    code, doc = check_json(ctl, agency)
    rules = {f["rule"] for f in doc["findings"]}
    assert not rules & {*PSA_RULES, "CT-PSA-005"}


def test_agency_answers_personal_service_agreement(ctl: Run, agency: Path, terminal: None) -> None:
    code, _out, err = ctl(agency, "new", "desk", input="personal_service_agreement\n")
    assert code == 0, err
    text = (agency / "vendors" / "desk.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["agreement"]["procurement_basis"] == "personal_service_agreement"
    assert data["agreement"]["type"] is None  # a live placeholder now: CT-PSA-001 applies
    code, doc = check_json(ctl, agency)
    assert ("CT-PSA-001", "/agreement/type") in rule_pointers(doc["findings"])


def test_no_input_asks_nothing_even_on_a_terminal(ctl: Run, agency: Path, terminal: None) -> None:
    code, out, err = ctl(agency, "new", "desk", "--no-input")
    assert code == 0, err
    assert "Procurement basis" not in out
    data = yaml.safe_load((agency / "vendors" / "desk.yaml").read_text("utf-8"))
    assert data["agreement"]["procurement_basis"] is None


def test_only_a_state_agency_is_asked(ctl: Run, tmp_path: Path, terminal: None) -> None:
    for organization in ({"type": "ct_municipal_agency"}, BUSINESS):
        root = make_repo(tmp_path / organization["type"], organization)
        code, out, err = ctl(root, "new", "desk", input="")
        assert code == 0, err
        assert "Procurement basis" not in out
        assert "procurement_basis" not in (root / "vendors" / "desk.yaml").read_text("utf-8")


def test_an_unknown_basis_is_a_usage_error(ctl: Run, agency: Path) -> None:
    code, _out, err = ctl(agency, "new", "desk", "--procurement-basis", "das")
    assert code == 2
    assert "--procurement-basis" in err
    assert not (agency / "vendors").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_prompt_on_a_real_terminal(agency: Path) -> None:
    """`python -m ctlint new` with standard input on a pseudo-terminal asks for the basis."""
    import os
    import subprocess

    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "ctlint", "new", "five9", "--category", "contact_center"],
            cwd=agency,
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
        )
        os.write(leader, b"information_technology\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert process.returncode == 0, err.decode()
    assert "Procurement basis" in out.decode()
    data = yaml.safe_load((agency / "vendors" / "five9.yaml").read_text("utf-8"))
    assert data["agreement"]["procurement_basis"] == "information_technology"


# --------------------------------------------------------------------------- revision 2: declared facts

DECLARED = 'true or false: declare it (absent never means "no"; false is a declaration)'


def comment_above(text: str, field: str) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(rf"^ *{field}:", line))
    above = []
    # up to a commented-out field above it (`# key:` and nothing or a hint after)
    while lines[index - 1].lstrip().startswith("#") and not re.match(
        r"^ *# [a-z_]+:( +#.*)?$", lines[index - 1]
    ):
        index -= 1
        above.insert(0, lines[index])
    return "\n".join(above)


def test_private_business_chatbot_declares_its_facts(ctl: Run, business: Path) -> None:
    assert ctl(business, "new", "bot", "--category", "chatbot")[0] == 0
    text = (business / "vendors" / "bot.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    for field in ("sale", "targeted_advertising", "profiling_decisions"):
        assert field in data["data"], field
        assert data["data"][field] is None, field  # a live placeholder
        assert f"\n  {field}:   # {DECLARED}\n" in text
        assert "CTDPA-032 (Conn. Gen. Stat. § 42-522(a))" in comment_above(text, field)
    assert data["ai"]["trains_on_customer_data"] is None
    assert f"\n  trains_on_customer_data:   # {DECLARED}\n" in text
    assert "CT-AI-004" in comment_above(text, "trains_on_customer_data")
    assert "CTDPA-031 (Conn. Gen. Stat. § 42-520(b)(1)(I)): needs last_updated" in text
    # each undeclared fact is a finding of its rule, not silently "no"
    _code, doc = check_json(ctl, business)
    found = rule_pointers(doc["findings"])
    for pointer_ in ("/data/sale", "/data/targeted_advertising", "/data/profiling_decisions"):
        assert ("CTDPA-032", pointer_) in found
    assert ("CT-AI-004", "/ai/trains_on_customer_data") in found


def test_contact_center_names_agent_monitoring(ctl: Run, business: Path) -> None:
    assert (
        ctl(business, "new", "phones", "--category", "contact_center", "--channels", "chat")[0] == 0
    )
    text = (business / "vendors" / "phones.yaml").read_text("utf-8")
    # a contact centre by its category, without a voice channel: CT-EMP-002 still applies
    assert yaml.safe_load(text)["recording"] == {"agents_monitored": None}
    assert comment_above(text, "agents_monitored").startswith(
        "  # CT-EMP-002 (Conn. Gen. Stat. § 31-48d): employees' calls or screens"
    )
    assert f"\n  agents_monitored:   # {DECLARED}\n" in text


# --------------------------------------------------------------------------- empty fields


def test_the_empty_fields_of_a_skeleton_are_named_plainly(business: Path, ctl: Run) -> None:
    code, _out, err = ctl(business, "new", "acme-chat", "--category", "help_desk")
    assert code == 0, err
    code, out, _err = ctl(business, "check")
    assert code == 1
    # an empty choice lists the values it may take, not "it must be text"
    assert (
        "CTL102 error: `vendor.role` is empty; it must be one of processor, third_party, "
        "personal_service_contractor" in out
    )
    assert "`data.categories[0].key` is empty; it must be a data category key" in out
    # one finding per empty field, naming the rules that need it
    assert (
        "CTL102 error: `data.categories[0].necessity` is empty; it must be text (CTDPA-010" in out
    )
    assert "CTDPA-010 error" not in out
    assert "(?)" not in out
    assert "`vendor.role` is empty; it must be text" not in out
