"""``ctlint report --format oscal`` and ``--format oscal-catalog`` (ctlint.output.register.as_oscal,
ctlint.output.oscal_catalog): valid against NIST's OSCAL 1.2.1 schema, counts equal to the
register's JSON on the same inputs, every reference resolving, byte-identical reruns, honest
citation statuses and escaped manifest text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from ctlint.cli import cli
from ctlint.policy.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
AGENCY = DATA / "register" / "agency"
OSCAL = ROOT.parent / "shared" / "third_party" / "oscal"
AR_SCHEMA = OSCAL / "oscal_assessment-results_schema-1.2.1.json"
CATALOG_SCHEMA = OSCAL / "oscal_catalog_schema-1.2.1.json"
STATUS_ORDER = ("verified", "secondary", "unverified", "declared", "none")


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    target = tmp_path / "agency"
    shutil.copytree(AGENCY, target)
    (target / ".git").mkdir()
    return target


def report(repo: Path, fmt: str, *args: str) -> str:
    """``ctlint report --format FMT`` run in ``repo`` through the real CLI."""
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        result = runner.invoke(cli, ["report", "--format", fmt, *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    if "--output" in args:
        return (repo / args[args.index("--output") + 1]).read_text("utf-8")
    return result.output


def results_of(text: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(text)["assessment-results"]["results"][0]
    return result


def props(item: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in item.get("props", ()) if p["name"] == name]


def validator(schema_path: Path) -> Any:
    """A Draft 7 validator of an OSCAL schema whose ``pattern`` uses the ``regex`` module
    (the schemas use ``\\p{L}``, which ``re`` lacks) and that checks the formats it uses."""
    if not schema_path.is_file():
        pytest.skip(f"{schema_path.name} is not in ../shared/third_party/oscal")
    regex = pytest.importorskip("regex", reason="the OSCAL schemas need the regex module")
    import jsonschema
    from jsonschema import validators

    def pattern(checker: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        if checker.is_type(instance, "string") and not regex.search(patrn, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    formats = jsonschema.FormatChecker(())

    @formats.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None

    @formats.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        return not isinstance(value, str) or (bool(urlsplit(value).scheme) and " " not in value)

    @formats.checks("uri-reference", raises=ValueError)
    def uri_reference(value: object) -> bool:
        return (
            not isinstance(value, str)
            or re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", value) is not None
        )

    cls = validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    schema = json.loads(schema_path.read_text("utf-8"))
    return cls(schema, format_checker=formats)


def assert_valid(schema_path: Path, text: str) -> None:
    errors = sorted(validator(schema_path).iter_errors(json.loads(text)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:10])


# --------------------------------------------------------------------------- schema


def test_assessment_results_are_valid_against_the_nist_schema(agency: Path) -> None:
    assert_valid(AR_SCHEMA, report(agency, "oscal"))


def test_audit_mode_and_hostile_manifest_text_stay_valid(agency: Path) -> None:
    chat = agency / "vendors" / "chat.yaml"
    hostile = (DATA / "oscal" / "hostile-name.yaml").read_text("utf-8")
    chat.write_text(re.sub(r"(?m)^name: .*\n", lambda _: hostile, chat.read_text("utf-8"), count=1))
    text = report(agency, "oscal", "--no-waivers")
    assert_valid(AR_SCHEMA, text)
    component = next(
        c
        for c in results_of(text)["local-definitions"]["components"]
        if props(c, "file") == ["vendors/chat.yaml"]
    )
    title = component["title"]
    assert "\n" not in title
    assert "\x1b" not in title
    assert "<b>" not in title
    assert "[x](" not in title
    assert "\\[x\\](javascript" in title  # brackets escaped: no link
    assert "`@mention`" in title  # a mention shown as code
    assert "\\*bold\\*" in title
    assert "&lt;b&gt;" in title
    assert "\\x1b" in title


def test_the_validator_rejects_what_the_schema_forbids(agency: Path) -> None:
    """The checks are live: a token with a space, a bad UUID and a date without a zone fail."""
    document = json.loads(report(agency, "oscal"))
    result = document["assessment-results"]["results"][0]
    result["findings"][0]["target"]["target-id"] = "not a token"
    result["observations"][0]["uuid"] = "1234"
    result["observations"][0]["collected"] = "2026-12-01T00:00:00"
    errors = list(validator(AR_SCHEMA).iter_errors(document))
    assert len(errors) >= 3, errors


def test_the_catalog_is_valid_against_the_nist_schema(agency: Path) -> None:
    assert_valid(CATALOG_SCHEMA, report(agency, "oscal-catalog"))


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize("audit", [False, True], ids=["waivers", "no-waivers"])
def test_counts_equal_the_register_json(agency: Path, audit: bool) -> None:
    extra = ("--no-waivers",) if audit else ()
    register = json.loads(report(agency, "json", *extra))
    result = results_of(report(agency, "oscal", *extra))
    matrix = Counter(c["result"] for c in register["matrix"])
    findings = result.get("findings", [])
    reasons = Counter(f["target"]["status"]["reason"] for f in findings)
    states = Counter(f["target"]["status"]["state"] for f in findings)

    assert len(result["local-definitions"]["components"]) == register["summary"]["vendors"] == 5
    assert reasons["fail"] == matrix["fail"] > 0  # open obligations
    assert states["satisfied"] == reasons["pass"] == matrix["pass"] > 0  # met obligations
    assert reasons["other"] == matrix["waived"] == (0 if audit else 1)
    assert states["not-satisfied"] == matrix["fail"] + matrix["waived"]
    assert len(result["risks"]) == len(register["waivers"]) == 3
    risk_states = Counter(r["status"] for r in result["risks"])
    in_effect = sum(w["state"].startswith("in effect") for w in register["waivers"])
    expired = sum(w["expired"] for w in register["waivers"])
    assert risk_states["deviation-approved"] == in_effect == (0 if audit else 1)
    assert risk_states["open"] == expired == 1
    assert risk_states["deviation-requested"] == 3 - in_effect - expired
    # one observation per obligation of each evaluated (readable, not retired) manifest
    evaluated = [v for v in register["vendors"] if v["compliance"] not in ("retired", "unreadable")]
    assert len(result["observations"]) == len(evaluated) * len(register["obligations"])


def test_a_waived_obligation_is_not_satisfied_with_its_approved_waiver(agency: Path) -> None:
    result = results_of(report(agency, "oscal"))
    risks = {r["uuid"]: r for r in result["risks"]}
    waived = [f for f in result["findings"] if props(f, "result") == ["waived"]]
    assert [props(f, "rule") for f in waived] == [["CT-PSA-003"]]
    (finding,) = waived
    assert finding["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    (risk,) = (risks[r["risk-uuid"]] for r in finding["related-risks"])
    assert risk["status"] == "deviation-approved"
    assert risk["deadline"] == "2027-06-30T23:59:59Z"
    assert risk["description"].startswith("OPM approval requested on 2026-10-02")
    # the expired waiver is an open risk of a failing obligation
    expired = next(f for f in result["findings"] if props(f, "rule") == ["CT-PDA-011"])
    assert expired["target"]["status"]["state"] == "not-satisfied"
    (open_risk,) = (risks[r["risk-uuid"]] for r in expired["related-risks"])
    assert open_risk["status"] == "open"
    assert open_risk["deadline"] == "2026-10-31T23:59:59Z"


# --------------------------------------------------------------------------- references


def test_every_reference_resolves(agency: Path) -> None:
    text = report(agency, "oscal")
    catalog_text = report(agency, "oscal-catalog")
    document = json.loads(text)["assessment-results"]
    result = document["results"][0]
    catalog = json.loads(catalog_text)["catalog"]
    controls = [c for g in catalog["groups"] for c in g["controls"]]
    control_ids = {c["id"] for c in controls}
    objectives = {
        p["id"] for c in controls for p in c["parts"] if p["name"] == "assessment-objective"
    }

    selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    assert {s["control-id"] for s in selected} == control_ids
    for finding in result["findings"]:
        assert finding["target"]["target-id"] in objectives
        assert set(props(finding, "control-id")) <= control_ids
    observations = {o["uuid"] for o in result["observations"]}
    risks = {r["uuid"] for r in result["risks"]}
    components = {c["uuid"] for c in result["local-definitions"]["components"]}
    platforms = {
        p["uuid"] for p in result["local-definitions"]["assessment-assets"]["assessment-platforms"]
    }
    for item in result["findings"] + result["risks"]:
        for related in item.get("related-observations", ()):
            assert related["observation-uuid"] in observations
    for finding in result["findings"]:
        for related in finding.get("related-risks", ()):
            assert related["risk-uuid"] in risks
    for observation in result["observations"]:
        assert {s["subject-uuid"] for s in observation["subjects"]} <= components
        assert observation["origins"][0]["actors"][0]["actor-uuid"] in platforms

    resources = {r["uuid"]: r for r in document["back-matter"]["resources"]}
    assert document["import-ap"]["href"].lstrip("#") in resources
    catalog_link = result["reviewed-controls"]["links"][0]["href"].lstrip("#")
    (rlink,) = resources[catalog_link]["rlinks"]
    assert rlink["href"] == "ctlint-catalog.json"
    assert rlink["hashes"] == [
        {"algorithm": "SHA-256", "value": hashlib.sha256(catalog_text.encode()).hexdigest()}
    ]
    uuids = re.findall(r'"uuid": "([^"]+)"', text)
    assert len(uuids) == len(set(uuids))  # every object has its own UUID


def test_evidence_is_the_manifest_path_its_sha256_and_the_pointer(agency: Path) -> None:
    register = json.loads(report(agency, "json"))
    result = results_of(report(agency, "oscal"))
    sha = {i["path"]: i["sha256"] for i in register["header"]["inputs"]}
    expected = [
        f
        for f in register["findings"]
        if f["rule"] == "CT-PDA-003" and f["file"] == "vendors/chat.yaml"
    ]
    observation = next(
        o
        for o in result["observations"]
        if props(o, "rule") == ["CT-PDA-003"] and props(o, "vendor") == ["chat"]
    )
    evidence = observation["relevant-evidence"]
    assert len(evidence) == len(expected) > 0
    for item, finding in zip(evidence, expected, strict=True):
        assert item["href"] == "vendors/chat.yaml"
        assert props(item, "sha256") == [sha["vendors/chat.yaml"]]
        assert props(item, "pointer") == [finding["pointer"]]
        assert props(item, "line") == [str(finding["line"])]
    component = next(
        c
        for c in result["local-definitions"]["components"]
        if c["uuid"] == observation["subjects"][0]["subject-uuid"]
    )
    assert props(component, "sha256") == [sha["vendors/chat.yaml"]]


# --------------------------------------------------------------------------- determinism


def test_two_runs_are_byte_identical_and_dated_by_the_as_of_date(agency: Path) -> None:
    first = report(agency, "oscal", "--output", "results.json")
    second = report(agency, "oscal")
    assert first == second
    assert report(agency, "oscal-catalog") == report(agency, "oscal-catalog")
    document = json.loads(first)["assessment-results"]
    assert document["metadata"]["last-modified"] == "2026-12-01T00:00:00Z"
    times = set(re.findall(r'"(\d{4}-\d\d-\d\dT[^"]+)"', first))
    assert times <= {"2026-12-01T00:00:00Z", "2027-06-30T23:59:59Z", "2026-10-31T23:59:59Z"}
    later = results_of(report(agency, "oscal", "--as-of", "2026-12-02"))
    assert later["start"] == "2026-12-02T00:00:00Z"
    assert later["uuid"] != results_of(first)["uuid"]


# --------------------------------------------------------------------------- citations


def test_each_objective_keeps_its_citation_status_and_a_control_the_weakest(agency: Path) -> None:
    catalog = json.loads(report(agency, "oscal-catalog"))["catalog"]
    rules = build_catalog(installed=False).rules
    seen = Counter()
    for group in catalog["groups"]:
        for control in group["controls"]:
            statuses = []
            for part in control["parts"]:
                if part["name"] != "assessment-objective":
                    continue
                (rule,) = props(part, "rule")
                (status,) = props(part, "verification-status")
                label = props(control, "label")[0]
                cited = [c.status for c in rules[rule].citations if c.label == label]
                assert status == (cited[0] if cited else "none"), (rule, label)
                statuses.append(status)
                seen[status] += 1
            weakest = max(statuses, key=STATUS_ORDER.index)
            assert props(control, "verification-status") == [weakest]
    assert seen["verified"]
    assert seen["secondary"]
    opm = next(c for g in catalog["groups"] for c in g["controls"] if c["id"] == "cgs-4-216.a")
    assert props(opm, "verification-status") == ["secondary"]
