"""``ctlint init`` through the CLI, in temporary repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from support import rule_pointers, rules_of

from ctlint.cli import run_cli
from ctlint.config import read_config

DATA = Path(__file__).resolve().parents[1] / "data" / "scaffold"
EXAMPLE = "vendors/example-help-desk.yaml"
PRECOMMIT = ".pre-commit-config.yaml"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def ctl(monkeypatch: pytest.MonkeyPatch) -> Run:
    """``ctl(cwd, *args, input=None) -> (exit code, stdout, stderr)`` via ``run_cli``."""

    def run(cwd: Path, *args: Any, input: str | None = None) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        if input is not None:  # the answers are typed at a terminal
            monkeypatch.setattr("ctlint.cli.new.stdin_is_interactive", lambda: True)
        runner = CliRunner()
        with runner.isolation(input=input, env={"NO_COLOR": "1"}) as (out, err, _mixed):
            code = run_cli([str(a) for a in args])
            sys.stdout.flush()
            sys.stderr.flush()
            return code, out.getvalue().decode(), err.getvalue().decode()

    return run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` except ``.git``, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def organization(root: Path) -> dict[str, Any]:
    data, _node = read_config(str(root / ".ctlint.yaml"))
    assert set(data) == {"organization"}, "init sets nothing but the organization"
    return dict(data["organization"])


def hooks(root: Path) -> list[str]:
    config = yaml.safe_load((root / PRECOMMIT).read_text("utf-8"))
    return [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]


NON_INTERACTIVE = (
    "init",
    "--type",
    "private_business",
    "--name",
    "Acme Co",
    "--consumers",
    "52000",
    "--no-input",
)


# --------------------------------------------------------------------------- an empty repository


def test_init_on_an_empty_repository(ctl: Run, repo: Path) -> None:
    code, out, err = ctl(repo, *NON_INTERACTIVE)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == [
        "wrote .ctlint.yaml",
        "wrote .pre-commit-config.yaml with the ctlint hook",
        f"wrote {EXAMPLE}: an example with {lines[2].split(' with ')[1].split()[0]} fields to fill in",
    ]
    assert "Next steps:" in out
    assert "pre-commit install" in out
    assert set(files(repo)) == {".ctlint.yaml", PRECOMMIT, EXAMPLE}
    assert organization(repo) == {
        "name": "Acme Co",
        "type": "private_business",
        "ct_consumers_per_year": 52000,
    }
    config = yaml.safe_load((repo / PRECOMMIT).read_text("utf-8"))
    assert config["repos"] == [
        {
            "repo": "local",
            "hooks": [
                {
                    "id": "ctlint",
                    "name": "ctlint",
                    "entry": "ctlint check --only-manifests --",
                    "language": "system",
                    "types_or": ["yaml", "json"],
                    "require_serial": True,
                }
            ],
        }
    ]
    assert "repo: <ctlint repository URL>" in (repo / PRECOMMIT).read_text("utf-8")
    # the configuration is one ctlint accepts, and the example shows what to fill in
    assert ctl(repo, "rules")[0] == 0
    code, out, err = ctl(repo, "check", "--format", "json", "--as-of", "2026-11-28")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {f["file"] for f in findings} == {EXAMPLE}
    assert "/requests/identity_verification" in {
        f["pointer"] for f in findings if f["rule"] == "CTL102"
    }


def test_init_interactive_private_business(ctl: Run, repo: Path) -> None:
    answers = "\n".join(
        ["private_business", "Acme Co", "52000", "n", "hipaa_covered_entity", "y", "n"]
    )
    code, out, err = ctl(repo, "init", input=answers + "\n")
    assert code == 0, err
    assert "Organization type" in out
    assert "Do you sell personal data?" in out
    assert organization(repo) == {
        "name": "Acme Co",
        "type": "private_business",
        "ct_consumers_per_year": 52000,
        "sells_personal_data": False,
        "exemptions": ["hipaa_covered_entity"],
        "state_contractor": True,
        "ct_employees": False,
    }


def test_init_interactive_agency_asks_only_what_matters(ctl: Run, repo: Path) -> None:
    answers = "\n".join(
        ["ct_state_agency", "", "Department of Labor, UI Division", "y", "contractual_services"]
    )
    code, out, err = ctl(repo, "init", input=answers + "\n")
    assert code == 0, err
    assert "Connecticut residents" not in out  # the CTDPA scope questions are for businesses
    assert organization(repo) == {
        "type": "ct_state_agency",
        "agency_division": "Department of Labor, UI Division",
        "ct_employees": True,
    }
    # the example's procurement basis is asked (CT-PSA-005), each value explained
    assert f"On what basis does the agency buy the tool of the example {EXAMPLE}?" in out
    assert "  contractual_services: contractual services bought through the Department of " in out
    text = (repo / EXAMPLE).read_text("utf-8")
    assert "CT-PDA-002" in text
    assert yaml.safe_load(text)["agreement"]["procurement_basis"] == "contractual_services"
    assert "CT-PSA-001" not in text  # not applicable to an excluded basis


def test_init_interactive_reasks_a_bad_answer(ctl: Run, repo: Path) -> None:
    answers = "\n".join(["company", "nonprofit", "Helpers", "maybe", "n", "y"])
    code, _out, err = ctl(repo, "init", input=answers + "\n")
    assert code == 0, err
    assert organization(repo) == {
        "name": "Helpers",
        "type": "nonprofit",
        "state_contractor": False,
        "ct_employees": True,
    }


def test_init_options_given_are_not_asked(ctl: Run, repo: Path) -> None:
    code, out, err = ctl(
        repo,
        "init",
        "--type",
        "ct_municipal_agency",
        "--agency-division",
        "Town Clerk",
        input="Hartford\nn\n",
    )
    assert code == 0, err
    assert "Organization type" not in out
    assert "Agency and division" not in out
    assert organization(repo) == {
        "name": "Hartford",
        "type": "ct_municipal_agency",
        "agency_division": "Town Clerk",
        "ct_employees": False,
    }


def test_init_every_business_option(ctl: Run, repo: Path) -> None:
    name = 'Acme: "Support" #1'
    code, _out, err = ctl(
        repo,
        "init",
        "--type",
        "private_business",
        "--name",
        name,
        "--consumers",
        "0",
        "--sells-data",
        "--exemption",
        "glba_financial_institution",
        "--exemption",
        "higher_education",
        "--state-contractor",
        "--no-ct-employees",
        "--no-input",
    )
    assert code == 0, err
    assert organization(repo) == {
        "name": name,
        "type": "private_business",
        "ct_consumers_per_year": 0,
        "sells_personal_data": True,
        "exemptions": ["glba_financial_institution", "higher_education"],
        "state_contractor": True,
        "ct_employees": False,
    }


def test_init_comments_explain_the_keys(ctl: Run, repo: Path) -> None:
    assert ctl(repo, "init", "--type", "private_business", "--no-input")[0] == 0
    text = (repo / ".ctlint.yaml").read_text("utf-8")
    assert organization(repo) == {"type": "private_business"}
    # facts not given are shown commented out, with what they decide
    assert "  # ct_consumers_per_year: " in text
    assert "CTL012" in text
    for key in (
        "manifests",
        "exclude",
        "packs",
        "select",
        "ignore",
        "severity",
        "fail_on",
        "as_of",
    ):
        assert f"\n# {key}: " in text


# --------------------------------------------------------------------------- usage errors


def test_no_input_without_type_is_a_usage_error(ctl: Run, repo: Path) -> None:
    code, _out, err = ctl(repo, "init", "--no-input")
    assert code == 2
    assert "--no-input needs --type" in err
    assert files(repo) == {}


def test_an_option_for_another_type_is_a_usage_error(ctl: Run, repo: Path) -> None:
    code, _out, err = ctl(
        repo, "init", "--type", "ct_state_agency", "--consumers", "5", "--no-input"
    )
    assert code == 2
    assert "--consumers applies to private_business, not to --type ct_state_agency" in err
    assert files(repo) == {}


def test_an_unknown_exemption_is_a_usage_error(ctl: Run, repo: Path) -> None:
    code, _out, err = ctl(
        repo, "init", "--type", "private_business", "--exemption", "bank", "--no-input"
    )
    assert code == 2
    assert "unknown value `bank`" in err
    assert files(repo) == {}


# --------------------------------------------------------------------------- an existing pre-commit config


def test_init_extends_an_existing_precommit_config(ctl: Run, repo: Path) -> None:
    original = (DATA / "precommit-other-hooks.yaml").read_bytes()
    (repo / PRECOMMIT).write_bytes(original)
    code, out, err = ctl(repo, *NON_INTERACTIVE)
    assert code == 0, err
    assert "added the ctlint hook to .pre-commit-config.yaml" in out.splitlines()
    after = (repo / PRECOMMIT).read_bytes()
    assert after.startswith(original)  # byte for byte, comments and flow style included
    assert hooks(repo) == ["trailing-whitespace", "end-of-file-fixer", "ruff", "ctlint"]
    assert yaml.safe_load(after)["default_language_version"] == {"python": "python3.11"}


def test_init_inserts_the_hook_before_keys_that_follow_repos(ctl: Run, repo: Path) -> None:
    original = (DATA / "precommit-ci-after-repos.yaml").read_text("utf-8")
    (repo / PRECOMMIT).write_text(original, "utf-8")
    assert ctl(repo, *NON_INTERACTIVE)[0] == 0
    after = (repo / PRECOMMIT).read_text("utf-8")
    data = yaml.safe_load(after)
    assert data["ci"] == {"autofix_prs": False}
    assert hooks(repo) == ["check-yaml", "ctlint"]
    old, new = original.splitlines(keepends=True), after.splitlines(keepends=True)
    head = next(i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    inserted = len(new) - len(old)
    assert new[:head] + new[head + inserted :] == old  # one block inserted, the rest intact
    assert "".join(new[head : head + inserted]).lstrip().startswith("# ctlint:")
    assert after.index("- repo: local") < after.index("# pre-commit.ci settings")


def test_init_keeps_an_existing_ctlint_hook(ctl: Run, repo: Path) -> None:
    original = (DATA / "precommit-has-ctlint.yaml").read_bytes()
    (repo / PRECOMMIT).write_bytes(original)
    code, out, err = ctl(repo, *NON_INTERACTIVE)
    assert code == 0, err
    assert "kept .pre-commit-config.yaml: it already has a ctlint hook" in out.splitlines()
    assert (repo / PRECOMMIT).read_bytes() == original


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("precommit-invalid.yaml", "not valid YAML"),
        ("precommit-no-repos.yaml", "has no `repos:` list"),
        ("precommit-flow-repos.yaml", "not a block list"),
    ],
)
def test_init_refuses_a_precommit_config_it_cannot_extend(
    ctl: Run, repo: Path, name: str, message: str
) -> None:
    shutil.copyfile(DATA / name, repo / PRECOMMIT)
    before = files(repo)
    code, _out, err = ctl(repo, *NON_INTERACTIVE)
    assert code == 2
    assert err.startswith("ctlint: error: .pre-commit-config.yaml")
    assert message in err
    assert files(repo) == before  # nothing written, nothing changed


# --------------------------------------------------------------------------- never overwrite without --force


def test_init_never_overwrites_without_force(ctl: Run, repo: Path) -> None:
    assert ctl(repo, *NON_INTERACTIVE)[0] == 0
    (repo / ".ctlint.yaml").write_text("organization: {type: nonprofit}\n", "utf-8")
    (repo / EXAMPLE).write_text("mine\n", "utf-8")
    before = files(repo)
    code, out, err = ctl(repo, "init", "--type", "nonprofit", "--no-input")
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "kept .ctlint.yaml (use --force to replace)",
        "kept .pre-commit-config.yaml: it already has a ctlint hook",
        f"kept {EXAMPLE} (use --force to replace)",
    ]
    assert files(repo) == before


def test_init_keeps_the_config_and_still_writes_what_is_missing(ctl: Run, repo: Path) -> None:
    (repo / ".ctlint.yaml").write_text(
        "organization: {type: ct_state_agency}\nas_of: 2026-11-28\n", "utf-8"
    )
    code, out, err = ctl(repo, "init", "--no-input")  # no --type needed: nothing to ask
    assert code == 0, err
    assert out.splitlines()[0] == "kept .ctlint.yaml (use --force to replace)"
    # the example follows the configuration that is there
    text = (repo / EXAMPLE).read_text("utf-8")
    assert "CT-PDA-002" in text
    assert yaml.safe_load(text)["agreement"]["procurement_basis"] is None  # --no-input


def test_force_replaces_the_config_and_the_example(ctl: Run, repo: Path) -> None:
    assert ctl(repo, *NON_INTERACTIVE)[0] == 0
    hook_file = (repo / PRECOMMIT).read_bytes()
    (repo / ".ctlint.yaml").write_text("organization: {type: nonprofit}\n", "utf-8")
    (repo / EXAMPLE).write_text("mine\n", "utf-8")
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--force")
    assert code == 0, err
    assert out.splitlines()[0] == "wrote .ctlint.yaml (replaced the existing file)"
    assert "replaced the existing file" in out.splitlines()[2]
    assert organization(repo)["type"] == "private_business"
    assert (repo / EXAMPLE).read_text("utf-8").startswith("# Vendor manifest `example-help-desk`")
    assert (repo / PRECOMMIT).read_bytes() == hook_file  # extended once, never replaced
    assert not list(repo.rglob(".ctlint-*"))  # no temporary files left behind


def test_init_leaves_a_pyproject_configuration_alone(ctl: Run, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.ctlint]\norganization = {type = "nonprofit"}\n', "utf-8"
    )
    code, out, err = ctl(repo, "init", "--no-input")
    assert code == 0, err
    assert out.startswith("kept pyproject.toml [tool.ctlint]")
    assert not (repo / ".ctlint.yaml").exists()
    assert ctl(repo, "rules")[0] == 0


# --------------------------------------------------------------------------- revision 2


def test_init_agency_no_input_writes_the_basis_as_a_placeholder(ctl: Run, repo: Path) -> None:
    code, out, err = ctl(repo, "init", "--type", "ct_state_agency", "--no-input")
    assert code == 0, err
    assert "Procurement basis" not in out
    text = (repo / EXAMPLE).read_text("utf-8")
    assert yaml.safe_load(text)["agreement"]["procurement_basis"] is None
    assert "# CT-PSA-005 (Conn. Gen. Stat. § 4-212(2)): " in text
    code, out, err = ctl(repo, "check", "--format", "json", "--as-of", "2026-11-28")
    assert code == 1, err
    found = rule_pointers(json.loads(out)["findings"])
    assert ("CT-PSA-005", "/agreement/procurement_basis") in found


@pytest.mark.parametrize("basis", ["personal_service_agreement", "information_technology"])
def test_init_agency_takes_the_basis_option(ctl: Run, repo: Path, basis: str) -> None:
    code, out, err = ctl(
        repo, "init", "--type", "ct_state_agency", "--procurement-basis", basis, "--no-input"
    )
    assert code == 0, err
    text = (repo / EXAMPLE).read_text("utf-8")
    assert yaml.safe_load(text)["agreement"]["procurement_basis"] == basis
    assert ("CT-PSA-001" in text) == (basis == "personal_service_agreement")
    code, out, err = ctl(repo, "check", "--format", "json", "--as-of", "2026-11-28")
    rules = rules_of(json.loads(out)["findings"])
    assert "CT-PSA-005" not in rules
    assert ("CT-PSA-001" in rules) == (basis == "personal_service_agreement")


def test_init_interactive_with_the_basis_option_does_not_ask_it(ctl: Run, repo: Path) -> None:
    code, out, err = ctl(
        repo,
        "init",
        "--type",
        "ct_state_agency",
        "--procurement-basis",
        "other_exempt",
        input="\n\ny\n",
    )
    assert code == 0, err
    assert "Procurement basis" not in out
    agreement = yaml.safe_load((repo / EXAMPLE).read_text("utf-8"))["agreement"]
    assert agreement["procurement_basis"] == "other_exempt"
    assert agreement["procurement_note"] is None  # which exclusion: to fill in


def test_the_basis_option_for_another_type_is_a_usage_error(ctl: Run, repo: Path) -> None:
    code, _out, err = ctl(
        repo,
        "init",
        "--type",
        "ct_municipal_agency",
        "--procurement-basis",
        "contractual_services",
        "--no-input",
    )
    assert code == 2
    assert (
        "--procurement-basis applies to ct_state_agency, not to --type ct_municipal_agency" in err
    )
    assert files(repo) == {}


def test_init_private_business_example_declares_its_facts(ctl: Run, repo: Path) -> None:
    assert ctl(repo, *NON_INTERACTIVE)[0] == 0
    text = (repo / EXAMPLE).read_text("utf-8")
    data = yaml.safe_load(text)
    for field in ("sale", "targeted_advertising", "profiling_decisions"):
        assert field in data["data"]
        assert data["data"][field] is None
    assert "CTDPA-032" in text
    assert "procurement_basis" not in text


@pytest.mark.parametrize(
    ("args", "agency"),
    [
        (("--type", "ct_state_agency"), True),
        (("--type", "private_business", "--state-contractor"), True),
        (("--type", "private_business"), False),
        (("--type", "nonprofit"), False),
    ],
)
def test_init_config_shows_regulations_expiry_and_options(
    ctl: Run, repo: Path, args: tuple[str, ...], agency: bool
) -> None:
    assert ctl(repo, "init", *args, "--no-input")[0] == 0
    text = (repo / ".ctlint.yaml").read_text("utf-8")
    assert "\n# expiry_notice_days: 60\n" in text
    assert ("  # regulations:\n" in text) == agency
    assert ("status `declared`" in text) == agency
    assert ("#   CT-PDA-007: {max_days: 30}" in text) == agency
    assert ("#   CT-PDA-010: {max_business_days: 4}" in text) == agency
    assert ("set your agency's own" in text.lower()) == (args[1] == "ct_state_agency")
    assert ctl(repo, "rules")[0] == 0  # a configuration ctlint accepts


# --------------------------------------------------------------------------- editors: --schema, --vscode

SCHEMA = "schemas/vendor-manifest.schema.json"
SETTINGS = ".vscode/settings.json"
EDITOR_DATA = Path(__file__).resolve().parents[1] / "data" / "editor"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "private-business" / "vendors"


def _modeline_target(manifest: Path) -> Path:
    """The file a manifest's yaml-language-server modeline names, resolved as the language
    server does: relative to the manifest's folder."""
    first = manifest.read_text("utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    return (manifest.parent / first.removeprefix(prefix)).resolve()


def test_init_schema_and_vscode_set_up_an_editor_offline(ctl: Run, repo: Path) -> None:
    from jsonschema import Draft202012Validator

    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 0, err
    assert f"wrote {SCHEMA} (the manifest JSON Schema, for editors)" in out.splitlines()
    assert f"wrote {SETTINGS} (yaml.schemas: {SCHEMA})" in out.splitlines()
    assert set(files(repo)) == {".ctlint.yaml", PRECOMMIT, EXAMPLE, SCHEMA, SETTINGS}
    # the schema is what `ctlint schema` prints, and the example's modeline resolves to it
    assert ctl(repo, "schema")[1] == (repo / SCHEMA).read_text("utf-8")
    assert _modeline_target(repo / EXAMPLE) == (repo / SCHEMA).resolve()
    settings = json.loads((repo / SETTINGS).read_text("utf-8"))
    assert settings == {"yaml.schemas": {f"./{SCHEMA}": ["vendors/**/*.yaml", "vendors/**/*.yml"]}}
    # what an editor does with it: the schema checks a real manifest and flags a typo
    validator = Draft202012Validator(json.loads((repo / SCHEMA).read_text("utf-8")))
    good = yaml.safe_load((EXAMPLES / "zendesk.yaml").read_text("utf-8"))
    good = json.loads(json.dumps(good, default=str))
    assert list(validator.iter_errors(good)) == []
    good["vendor"]["rol"] = good["vendor"].pop("role")
    assert any("rol" in e.message for e in validator.iter_errors(good))
    # the modeline is a comment: ctlint reads the example as before
    code, out, _err = ctl(repo, "check", "--format", "json", "--as-of", "2026-11-28")
    assert code == 1
    assert {f["file"] for f in json.loads(out)["findings"]} == {EXAMPLE}


def test_init_schema_alone_adds_the_modeline_and_says_how(ctl: Run, repo: Path) -> None:
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", "vendor-manifest.schema.json")
    assert code == 0, err
    assert set(files(repo)) == {".ctlint.yaml", PRECOMMIT, EXAMPLE, "vendor-manifest.schema.json"}
    assert _modeline_target(repo / EXAMPLE) == (repo / "vendor-manifest.schema.json").resolve()
    assert "# yaml-language-server: $schema=../vendor-manifest.schema.json" in out
    assert "--vscode" in out


def test_init_again_keeps_what_is_up_to_date(ctl: Run, repo: Path) -> None:
    assert ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")[0] == 0
    before = files(repo)
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 0, err
    assert f"kept {SCHEMA}: it is already this version's manifest schema" in out
    assert f"kept {SETTINGS}: it already points at {SCHEMA}" in out
    assert files(repo) == before


def test_init_updates_an_older_copy_of_the_schema(ctl: Run, repo: Path) -> None:
    older = json.loads(ctl(repo, "schema")[1])
    older["title"] = "ctlint vendor manifest, an older version"
    (repo / "schemas").mkdir()
    (repo / SCHEMA).write_text(json.dumps(older), encoding="utf-8")
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA)
    assert code == 0, err
    assert f"updated {SCHEMA} (the manifest JSON Schema, for editors)" in out
    assert (repo / SCHEMA).read_text("utf-8") == ctl(repo, "schema")[1]


def test_init_merges_into_an_existing_settings_file(ctl: Run, repo: Path) -> None:
    original = (EDITOR_DATA / "strict.json").read_text("utf-8")
    (repo / ".vscode").mkdir()
    (repo / SETTINGS).write_text(original, encoding="utf-8")
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 0, err
    assert f"added the schema to {SETTINGS} (yaml.schemas: {SCHEMA})" in out
    before, after = json.loads(original), json.loads((repo / SETTINGS).read_text("utf-8"))
    assert after == {
        **before,
        "yaml.schemas": {
            **before["yaml.schemas"],
            f"./{SCHEMA}": ["vendors/**/*.yaml", "vendors/**/*.yml"],
        },
    }


@pytest.mark.parametrize(
    "name", ["comments.jsonc.json", "trailing-comma.json", "duplicate-key.json", "array.json"]
)
def test_init_refuses_settings_it_cannot_merge_and_writes_nothing(
    ctl: Run, repo: Path, name: str
) -> None:
    (repo / ".vscode").mkdir()
    (repo / SETTINGS).write_bytes((EDITOR_DATA / name).read_bytes())
    before = files(repo)
    code, out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"ctlint: error: {SETTINGS}: ")
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert files(repo) == before  # not even .ctlint.yaml or the schema


def test_init_refuses_a_settings_file_that_is_not_a_regular_file(ctl: Run, repo: Path) -> None:
    import os

    (repo / ".vscode").mkdir()
    os.mkfifo(repo / SETTINGS)
    code, _out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 2
    assert err.startswith(f"ctlint: error: {SETTINGS}: cannot be read"), err
    assert set(files(repo)) == set()


def test_init_never_writes_vscode_settings_outside_the_repository(
    ctl: Run, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (repo / ".vscode").symlink_to(outside, target_is_directory=True)
    code, _out, err = ctl(repo, *NON_INTERACTIVE, "--schema", SCHEMA, "--vscode")
    assert code == 2
    assert "outside the repository root" in err
    assert list(outside.iterdir()) == []
    assert set(files(repo)) == set()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vscode",), "--vscode needs --schema PATH"),
        (("--schema", "../schema.json"), "is not a file inside this repository"),
        (("--schema", "vendors/schema.json"), "the configured `manifests` globs select"),
        (("--schema", ".ctlint.yaml"), "is a file init writes itself"),
        (("--schema", EXAMPLE), "is a file init writes itself"),
        (("--schema", "my schemas/m.json"), "a yaml-language-server modeline cannot name"),
    ],
)
def test_init_editor_option_mistakes(
    ctl: Run, repo: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = ctl(repo, *NON_INTERACTIVE, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert files(repo) == {}


def test_init_never_replaces_a_file_that_is_not_the_schema(ctl: Run, repo: Path) -> None:
    (repo / "notes.json").write_text('{"mine": true}\n', encoding="utf-8")
    code, _out, err = ctl(repo, *NON_INTERACTIVE, "--schema", "notes.json", "--force")
    assert code == 2
    assert "notes.json: exists and is not a copy of the ctlint manifest schema" in err
    assert files(repo) == {"notes.json": b'{"mine": true}\n'}


# --------------------------------------------------------------------------- an adopted repository


def test_init_with_conflicting_options_is_an_error(ctl: Run, repo: Path) -> None:
    (repo / ".ctlint.yaml").write_text(
        "organization:\n  type: private_business\n  name: Acme Co\n", "utf-8"
    )
    before = files(repo)
    code, out, err = ctl(
        repo,
        "init",
        "--type",
        "ct_state_agency",
        "--name",
        "Acme Co",
        "--consumers",
        "9",
        "--no-input",
    )
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "ctlint: error: --type ct_state_agency: organization.type in .ctlint.yaml is "
        "private_business, and init keeps that file; edit organization.type there, or re-run "
        "with --force to replace the file",
        "ctlint: error: --consumers 9: organization.ct_consumers_per_year in .ctlint.yaml is not "
        "set, and init keeps that file; edit organization.ct_consumers_per_year there, or "
        "re-run with --force to replace the file",
    ]
    assert files(repo) == before  # nothing written
    # the same values as the file's are no conflict; --force replaces the file
    code, out, err = ctl(repo, "init", "--type", "private_business", "--no-input")
    assert code == 0, err
    assert out.startswith("kept .ctlint.yaml (use --force to replace)\n")
    code, out, err = ctl(repo, "init", "--type", "ct_state_agency", "--no-input", "--force")
    assert code == 0, err
    assert organization(repo)["type"] == "ct_state_agency"


def test_init_conflicts_with_a_pyproject_configuration(ctl: Run, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.ctlint]\norganization = {type = "nonprofit"}\n', "utf-8"
    )
    code, _out, err = ctl(repo, "init", "--type", "private_business", "--no-input")
    assert code == 2
    assert err.startswith(
        "ctlint: error: --type private_business: organization.type in pyproject.toml is "
        "nonprofit, and init keeps that file;"
    )


def test_init_writes_no_example_next_to_real_manifests(ctl: Run, repo: Path) -> None:
    (repo / ".ctlint.yaml").write_text("organization: {type: private_business}\n", "utf-8")
    (repo / "vendors").mkdir()
    (repo / "vendors" / "zendesk.yaml").write_text("id: zendesk\n", "utf-8")
    code, out, err = ctl(repo, "init", "--no-input")
    assert code == 0, err
    assert (
        "wrote no example manifest: the repository already has 1 (e.g. vendors/zendesk.yaml); "
        "`ctlint new ID` scaffolds another"
    ) in out.splitlines()
    assert "Fill in" not in out
    assert not (repo / EXAMPLE).exists()
    assert sorted(p.name for p in (repo / "vendors").iterdir()) == ["zendesk.yaml"]
    # not with --force either: it replaces the example, it does not add one
    code, out, err = ctl(repo, "init", "--no-input", "--force", "--type", "private_business")
    assert code == 0, err
    assert not (repo / EXAMPLE).exists()


#: ``ctlint init`` in a real process, from another folder, with no --no-input.
INIT = [sys.executable, "-m", "ctlint", "init", "--type", "private_business"]


def test_init_without_a_terminal_says_to_use_no_input(repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    message = (
        "ctlint: error: stdin is not a terminal; use --no-input and give the organization "
        "profile as options (--type is required; see `ctlint init --help`)\n"
    )
    with open(os.devnull, encoding="utf-8") as nothing:  # /dev/null, read as input
        proc = subprocess.run(
            INIT, cwd=repo, stdin=nothing, capture_output=True, text=True, env=env, check=False
        )
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", message)
    # standard input closed altogether
    proc = subprocess.run(
        INIT,
        cwd=repo,
        stdin=None,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", message)
    assert sorted(p.name for p in repo.iterdir()) == [".git"]  # nothing written
    # with --no-input the same run needs no terminal
    with open(os.devnull, encoding="utf-8") as nothing:
        proc = subprocess.run(
            [*INIT, "--no-input"],
            cwd=repo,
            stdin=nothing,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert (repo / ".ctlint.yaml").is_file()


def test_a_conflicting_flag_is_named_as_given(ctl: Run, repo: Path) -> None:
    (repo / ".ctlint.yaml").write_text(
        "organization:\n  type: private_business\n  sells_personal_data: true\n", "utf-8"
    )
    code, _out, err = ctl(repo, "init", "--no-sells-data", "--no-input")
    assert code == 2
    assert err.startswith(
        "ctlint: error: --no-sells-data: organization.sells_personal_data in .ctlint.yaml is "
        "true, and init keeps that file;"
    )


def test_init_without_a_terminal_does_not_ask_the_basis(ctl: Run, repo: Path) -> None:
    (repo / ".ctlint.yaml").write_text("organization: {type: ct_state_agency}\n", "utf-8")
    code, out, err = ctl(repo, "init")  # the kept configuration: only the basis is left to ask
    assert (code, out) == (2, "")
    assert err == (
        "ctlint: error: stdin is not a terminal; use --no-input and give the example's "
        "procurement basis as options (--procurement-basis; see `ctlint init --help`)\n"
    )
    assert not (repo / EXAMPLE).exists()
    code, _out, err = ctl(repo, "init", "--procurement-basis", "contractual_services")
    assert code == 0, err
    assert (repo / EXAMPLE).is_file()
