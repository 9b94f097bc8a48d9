"""ctlint.cli.rules: ``ctlint rules``, ``explain``, ``schema`` and ``policy test``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ctlint.output.formats import RULES_FORMATS

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- explain, rules, schema, policy test


def test_explain(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("explain", "CTDPA-013", cwd=repo.path)
    assert code == 0
    assert err == ""
    for text in (
        "CTDPA-013",
        "Sensitive data may be processed only with the consumer's opt-in consent",  # title
        "consent.sensitive_data.mechanism",  # what the manifest must show
        "mechanism: Unticked checkbox",  # the fix as a snippet
        "§ 42-520(a)(1)(D)",  # citations
        "verified",  # their status
        "https://www.cga.ct.gov/",  # and URL
        "2023-07-01",  # effective date
        "error",
    ):
        assert text in out, text
    assert re.search(r"active|Active", out)


def test_explain_says_whether_the_rule_is_active(repo: Any, run_cli: Any) -> None:
    repo.config(organization={"type": "ct_state_agency", "ct_consumers_per_year": None})
    _code, active, _err = run_cli("explain", "CT-PSA-001", cwd=repo.path)
    _code, inactive, _err = run_cli("explain", "CTDPA-013", cwd=repo.path)
    assert active != inactive
    assert re.search(r"Active:\s+yes", active)
    assert re.search(r"Active:\s+no", inactive)


@pytest.mark.parametrize("rule", ["CTDPA-999", "NOPE", "ctl9"])
def test_explain_unknown_rule_is_exit_2(repo: Any, run_cli: Any, rule: str) -> None:
    code, out, err = run_cli("explain", rule, cwd=repo.path)
    assert code == 2
    assert out == ""
    assert rule in err
    assert "Traceback" not in err


def test_rules_json(repo: Any, run_cli: Any) -> None:
    from ctlint.policy.catalog import build_catalog

    code, out, _err = run_cli("rules", "--format", "json", cwd=repo.path)
    assert code == 0
    document = json.loads(out)
    rules = {r["id"]: r for r in document["rules"]}
    assert set(rules) == set(build_catalog(installed=False).rules)
    for rule in rules.values():
        assert {"id", "pack", "severity", "title", "active", "reason"} <= set(rule)
    assert rules["CTDPA-013"]["active"] is True
    assert rules["CT-PSA-001"]["active"] is False
    assert rules["CT-PSA-001"]["reason"]
    assert rules["CTL001"]["pack"] == "core"


def test_rules_text_and_pack_filter(repo: Any, run_cli: Any) -> None:
    code, out, _err = run_cli("rules", "--pack", "ct-ai", cwd=repo.path)
    assert code == 0
    assert "CT-AI-001" in out
    assert "CTDPA-013" not in out
    assert run_cli("rules", "--pack", "nope", cwd=repo.path)[0] == 2


@pytest.mark.parametrize("fmt", RULES_FORMATS.names)
def test_every_rules_format(repo: Any, run_cli: Any, fmt: str) -> None:
    code, out, err = run_cli("rules", "--format", fmt, cwd=repo.path)
    assert code == 0
    assert err == ""
    assert out.endswith("\n")
    starts = {"text": "as of 2026-11-28;", "markdown": "Citations in force on 2026-11-28."}
    if fmt == "json":
        assert "CTDPA-013" in {r["id"] for r in json.loads(out)["rules"]}
    else:
        assert out.startswith(starts[fmt])
        assert "CTDPA-013" in out


def test_rules_default_format_is_text(repo: Any, run_cli: Any) -> None:
    assert run_cli("rules", cwd=repo.path) == run_cli("rules", "--format", "text", cwd=repo.path)


def test_rules_unknown_format_is_exit_2(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("rules", "--format", "sarif", cwd=repo.path)
    assert code == 2
    assert out == ""
    assert "'sarif' is not one of 'text', 'json', 'markdown'." in err
    assert "Traceback" not in err


def test_schema_command(repo: Any, run_cli: Any) -> None:
    code, out, _err = run_cli("schema", cwd=repo.path)
    assert code == 0
    schema = json.loads(out)
    assert schema["$id"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads(
        (ROOT / "schemas" / "vendor-manifest.schema.json").read_text("utf-8")
    )


def test_policy_test_command(repo: Any, run_cli: Any) -> None:
    code, out, _err = run_cli("policy", "test", cwd=repo.path)
    assert code == 0, out
    assert re.search(r"\d+ passed, 0 failed", out)


def test_schema_output_writes_the_schema_and_replaces_only_a_copy(repo: Any, run_cli: Any) -> None:
    target = repo.path / "schemas" / "vendor-manifest.schema.json"
    code, out, err = run_cli(
        "schema", "--output", "schemas/vendor-manifest.schema.json", cwd=repo.path
    )
    assert (code, out, err) == (0, "", "")
    printed = run_cli("schema", cwd=repo.path)[1]
    assert target.read_text("utf-8") == printed
    older = json.loads(printed)
    older["title"] = "an older copy"
    target.write_text(json.dumps(older), encoding="utf-8")
    assert run_cli("schema", "--output", str(target), cwd=repo.path)[0] == 0
    assert target.read_text("utf-8") == printed
    manifest = repo.path / "vendors" / "zendesk.yaml"
    repo.manifest()
    before = manifest.read_bytes()
    code, out, err = run_cli("schema", "--output", "vendors/zendesk.yaml", cwd=repo.path)
    assert code == 2
    assert "vendors/zendesk.yaml: exists and is not a copy of the ctlint manifest schema" in err
    assert manifest.read_bytes() == before
    code, _out, err = run_cli("schema", "--output", "vendors", cwd=repo.path)
    assert code == 2
    assert "Traceback" not in err


def test_schema_config_describes_the_configuration_for_editors(
    tmp_path: Path, run_cli: Any
) -> None:
    import jsonschema
    import yaml

    code, out, err = run_cli("schema", "--config", cwd=tmp_path)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["$id"] == "https://ctlint.dev/schemas/config.schema.json"
    assert schema == json.loads((ROOT / "schemas" / "config.schema.json").read_text("utf-8"))

    # what an editor does with it: the examples' configurations pass, a typo is caught (read
    # as YAML 1.2, as yaml-language-server reads it: a date is a string)
    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    validator = jsonschema.Draft202012Validator(schema)
    for example in ("private-business", "state-agency"):
        text = (ROOT / "examples" / example / ".ctlint.yaml").read_text("utf-8")
        config = yaml.load(text, Loader=Loader)  # a SafeLoader subclass: safe
        assert list(validator.iter_errors(config)) == [], example
    assert list(validator.iter_errors({"fail_on": "eror"}))
    assert list(validator.iter_errors({"manifest": ["vendors/*.yaml"]}))
    # --output writes it, from another folder, and replaces only a copy of it
    work = tmp_path / "work"
    (work / "repo").mkdir(parents=True)
    target = work / "repo" / "schemas" / "ctlint-config.schema.json"
    code, out, err = run_cli(
        "schema", "--config", "--output", "repo/schemas/ctlint-config.schema.json", cwd=work
    )
    assert (code, out, err) == (0, "", "")
    assert target.read_text("utf-8") == run_cli("schema", "--config", cwd=work)[1]
    assert run_cli("schema", "--config", "--output", str(target), cwd=work)[0] == 0
    manifest_copy = work / "repo" / "schemas" / "vendor-manifest.schema.json"
    assert run_cli("schema", "--output", str(manifest_copy), cwd=work)[0] == 0
    before = manifest_copy.read_bytes()
    code, _out, err = run_cli("schema", "--config", "--output", str(manifest_copy), cwd=work)
    assert code == 2
    assert "exists and is not a copy of the ctlint configuration schema" in err
    assert manifest_copy.read_bytes() == before
