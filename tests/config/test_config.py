"""ctlint.config: where configuration lives, its validation and precedence (configuration.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from ctlint.config import find_config, load_settings
from ctlint.errors import ConfigError
from ctlint.model.findings import Severity


def make_repo(tmp_path: Path) -> Path:
    """An empty repository (a ``.git`` folder) with a nested ``sub/deeper`` folder."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "sub" / "deeper").mkdir(parents=True)
    return root


TOML_TABLE = '[tool.ctlint]\nfail_on = "warning"\n'
TOML_OTHER = '[project]\nname = "demo"\n\n[tool.black]\nline-length = 100\n'


# --------------------------------------------------------------------------- discovery


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [
        pytest.param(
            {".ctlint.yaml": "{}\n"}, "sub/deeper", ".ctlint.yaml", id="yaml-at-root-from-deeper"
        ),
        pytest.param(
            {"pyproject.toml": TOML_TABLE}, "sub/deeper", "pyproject.toml", id="toml-at-root"
        ),
        pytest.param(
            {"sub/.ctlint.yaml": "{}\n", ".ctlint.yaml": "{}\n"},
            "sub/deeper",
            "sub/.ctlint.yaml",
            id="nearest-wins",
        ),
        pytest.param(
            {"sub/pyproject.toml": TOML_OTHER, ".ctlint.yaml": "{}\n"},
            "sub/deeper",
            ".ctlint.yaml",
            id="pyproject-without-table-does-not-count",
        ),
        pytest.param(
            {"sub/pyproject.toml": TOML_OTHER, "pyproject.toml": TOML_TABLE},
            "sub",
            "pyproject.toml",
            id="toml-table-found-past-plain-pyproject",
        ),
        pytest.param({}, "sub/deeper", None, id="none-found"),
        pytest.param({".ctlint.yaml": "{}\n"}, ".", ".ctlint.yaml", id="in-the-git-folder-itself"),
    ],
)
def test_find_config(
    tmp_path: Path, files: dict[str, str], start: str, expected: str | None
) -> None:
    root = make_repo(tmp_path)
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    found = find_config(str(root / start))
    assert found == (None if expected is None else str(root / expected))


def test_discovery_stops_at_the_folder_holding_git(tmp_path: Path) -> None:
    (tmp_path / ".ctlint.yaml").write_text("fail_on: info\n", encoding="utf-8")
    root = make_repo(tmp_path)
    assert find_config(str(root / "sub" / "deeper")) is None
    settings = load_settings(cwd=str(root / "sub" / "deeper"))
    assert settings.config_path is None
    assert settings.fail_on is Severity.ERROR
    # "With no configuration found, the root is the current folder"
    assert settings.root == str(root / "sub" / "deeper")


def test_git_file_of_a_worktree_also_stops_discovery(tmp_path: Path) -> None:
    (tmp_path / ".ctlint.yaml").write_text("{}\n", encoding="utf-8")
    root = tmp_path / "worktree"
    root.mkdir()
    (root / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    assert find_config(str(root)) is None


def test_both_in_one_folder_is_a_configuration_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text("{}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(TOML_TABLE, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml"):
        find_config(str(root / "sub"))


def test_plain_pyproject_next_to_yaml_is_not_a_conflict(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text("{}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(TOML_OTHER, encoding="utf-8")
    assert find_config(str(root)) == str(root / ".ctlint.yaml")


def test_root_is_the_folder_holding_the_configuration(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text("{}\n", encoding="utf-8")
    settings = load_settings(cwd=str(root / "sub" / "deeper"))
    assert settings.root == str(root)
    assert settings.config_path == str(root / ".ctlint.yaml")


def test_explicit_config_path(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text("fail_on: info\n", encoding="utf-8")
    other = root / "ci" / "strict.yaml"
    other.parent.mkdir()
    other.write_text("fail_on: warning\n", encoding="utf-8")
    settings = load_settings(cwd=str(root), config=str(other))
    assert settings.fail_on is Severity.WARNING
    assert settings.root == str(other.parent)


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(cwd=str(tmp_path), config=str(tmp_path / "missing.yaml"))


def test_explicit_pyproject_without_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(TOML_OTHER, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tool\.ctlint"):
        load_settings(cwd=str(tmp_path), config=str(path))


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "\n\n  \n"])
def test_an_empty_configuration_is_an_error(repo: Any, run_cli: Any, text: str) -> None:
    # an empty file declares no organization: the state-agency packs would run unasked
    repo.manifest()
    repo.config(text)
    code, out, err = run_cli("check", cwd=repo.path)
    assert (code, out) == (2, "")
    assert err == (
        "ctlint: error: .ctlint.yaml: the configuration file is empty; declare the organization "
        "(`organization:` with `type:` private_business, ct_state_agency, ct_municipal_agency or "
        "nonprofit), or run `ctlint init` to write one\n"
    )
    code, _out, err = run_cli("check", "repo/vendors", cwd=repo.path.parent)
    assert code == 2
    assert err.startswith("ctlint: error: repo/.ctlint.yaml: the configuration file is empty;")


def test_every_problem_of_a_configuration_in_one_run(repo: Any, run_cli: Any) -> None:
    repo.config(
        "organization:\n"
        "  type: private_busines\n"
        "fail-on: warning\n"
        "fail_on: warn\n"
        "severity:\n"
        "  CTDPA-011: loud\n"
        "exclud: []\n"
    )
    code, out, err = run_cli("check", cwd=repo.path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        'ctlint: error: .ctlint.yaml:2:9: `organization.type` is "private_busines"; expected one '
        "of private_business, ct_state_agency, ct_municipal_agency, nonprofit; did you mean "
        "`private_business`?",
        "ctlint: error: .ctlint.yaml:3:1: unknown key `fail-on`; did you mean `fail_on`?",
        'ctlint: error: .ctlint.yaml:4:10: `fail_on` is "warn"; expected one of error, warning, '
        "info: lowest severity that makes check exit 1; did you mean `warning`?",
        'ctlint: error: .ctlint.yaml:6:14: `severity.CTDPA-011` is "loud"; expected one of '
        "error, warning, info, off",
        "ctlint: error: .ctlint.yaml:7:1: unknown key `exclud`; did you mean `exclude`?",
    ]


def test_configuration_errors_name_the_file_from_the_current_folder(
    repo: Any, run_cli: Any
) -> None:
    repo.manifest()
    repo.config("fail-on: warning\n")
    # found by discovery from a parent folder, and named with --config: the same relative path
    for args in (["check", "repo"], ["check", "--config", "repo/.ctlint.yaml"]):
        code, _out, err = run_cli(*args, cwd=repo.path.parent)
        assert code == 2
        assert (
            err
            == "ctlint: error: repo/.ctlint.yaml:1:1: unknown key `fail-on`; did you mean `fail_on`?\n"
        )
    repo.write("vendors/deep/x.yaml", "id: x\n")
    code, _out, err = run_cli("check", "x.yaml", cwd=repo / "vendors" / "deep")
    assert (
        err
        == "ctlint: error: ../../.ctlint.yaml:1:1: unknown key `fail-on`; did you mean `fail_on`?\n"
    )
    assert str(repo.path) not in err


# --------------------------------------------------------------------------- validation via the CLI


@pytest.mark.parametrize(
    ("config", "key", "hint"),
    [
        pytest.param(
            "organisation:\n  type: private_business\n",
            "organisation",
            "organization",
            id="unknown-top-key",
        ),
        pytest.param(
            "organization:\n  typ: private_business\n", "typ", "type", id="unknown-nested-key"
        ),
        pytest.param("fail-on: warning\n", "fail-on", "fail_on", id="dash-for-underscore"),
        pytest.param("exclud: []\n", "exclud", "exclude", id="typo-exclude"),
    ],
)
def test_unknown_key_is_one_line_with_did_you_mean(
    repo: Any, run_cli: Any, config: str, key: str, hint: str
) -> None:
    repo.config(config)
    code, out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert ".ctlint.yaml" in lines[0]
    assert key in lines[0]
    assert "did you mean" in lines[0]
    assert hint in lines[0].split("did you mean", 1)[1]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("config", "key", "expected"),
    [
        pytest.param(
            "organization:\n  ct_consumers_per_year: many\n",
            "ct_consumers_per_year",
            "integer",
            id="wrong-type-integer",
        ),
        pytest.param(
            "organization:\n  sells_personal_data: no\n",
            "sells_personal_data",
            "true or false",
            id="yaml11-no-is-not-a-boolean",
        ),
        pytest.param("select: CTDPA\n", "select", "list", id="wrong-type-list"),
        pytest.param(
            "organization:\n  type: private_busines\n",
            "type",
            "private_business",
            id="bad-enum-type",
        ),
        pytest.param("fail_on: warn\n", "fail_on", "warning", id="bad-enum-fail-on"),
        pytest.param(
            "organization:\n  sale_revenue_share: 1.5\n",
            "sale_revenue_share",
            "1",
            id="out-of-range",
        ),
        pytest.param(
            "organization:\n  exemptions: [hipaa]\n",
            "exemptions",
            "hipaa_covered_entity",
            id="bad-exemption",
        ),
        pytest.param("severity: {CTDPA-011: loud}\n", "severity", "off", id="bad-severity-level"),
        pytest.param("as_of: tomorrow\n", "as_of", "YYYY-MM-DD", id="as-of-not-a-date"),
        pytest.param("as_of: 2026-13-45\n", "as_of", "YYYY-MM-DD", id="as-of-impossible-date"),
        pytest.param("limits: {max_depth: 0}\n", "max_depth", "1", id="limit-below-one"),
    ],
)
def test_bad_value_is_one_line_naming_file_key_and_expectation(
    repo: Any, run_cli: Any, config: str, key: str, expected: str
) -> None:
    repo.config(config)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert ".ctlint.yaml" in lines[0]
    assert key in lines[0]
    assert expected in lines[0]
    assert "Traceback" not in err


def test_unknown_key_in_pyproject(repo: Any, run_cli: Any) -> None:
    (repo / ".ctlint.yaml").unlink()
    repo.write("pyproject.toml", '[tool.ctlint]\nfail_onn = "warning"\n')
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    line = err.strip()
    assert "pyproject.toml" in line
    assert "fail_onn" in line
    assert "fail_on" in line.split("did you mean", 1)[1]


def test_syntax_error_in_configuration_is_exit_2(repo: Any, run_cli: Any) -> None:
    repo.config("organization: [\n")
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert ".ctlint.yaml" in err
    assert "Traceback" not in err


def test_both_configurations_in_one_folder_via_cli(repo: Any, run_cli: Any) -> None:
    repo.write("pyproject.toml", TOML_TABLE)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("as_of: 2025-03-04\n", id="yaml-unquoted"),
        pytest.param("as_of: '2025-03-04'\n", id="yaml-quoted"),
    ],
)
def test_as_of_quoted_or_not(tmp_path: Path, spelling: str) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text(spelling, encoding="utf-8")
    assert load_settings(cwd=str(root)).as_of == dt.date(2025, 3, 4)


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("as_of = 2025-03-04\n", id="toml-local-date"),
        pytest.param('as_of = "2025-03-04"\n', id="toml-string"),
    ],
)
def test_toml_as_of(tmp_path: Path, spelling: str) -> None:
    root = make_repo(tmp_path)
    (root / "pyproject.toml").write_text("[tool.ctlint]\n" + spelling, encoding="utf-8")
    assert load_settings(cwd=str(root)).as_of == dt.date(2025, 3, 4)


def test_toml_organization_table(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "pyproject.toml").write_text(
        '[tool.ctlint]\npacks = ["auto"]\n\n[tool.ctlint.organization]\ntype = "nonprofit"\n'
        "ct_consumers_per_year = 1000\n",
        encoding="utf-8",
    )
    settings = load_settings(cwd=str(root))
    assert settings.org_type == "nonprofit"
    assert settings.organization.ct_consumers_per_year == 1000


def test_as_of_defaults_to_today(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    assert load_settings(cwd=str(root)).as_of == dt.date.today()


def test_bad_as_of_option_is_exit_2(repo: Any, run_cli: Any) -> None:
    code, _out, err = run_cli("check", "--as-of", "2026-02-30", cwd=repo.path)
    assert code == 2
    assert "--as-of" in err


# --------------------------------------------------------------------------- precedence


@pytest.mark.parametrize(
    ("field", "config", "options", "expected"),
    [
        pytest.param("as_of", {}, {}, dt.date.today(), id="as_of-default"),
        pytest.param("as_of", {"as_of": "2025-01-02"}, {}, dt.date(2025, 1, 2), id="as_of-file"),
        pytest.param(
            "as_of",
            {"as_of": "2025-01-02"},
            {"as_of": "2024-05-06"},
            dt.date(2024, 5, 6),
            id="as_of-cli",
        ),
        pytest.param("fail_on", {}, {}, Severity.ERROR, id="fail_on-default"),
        pytest.param("fail_on", {"fail_on": "warning"}, {}, Severity.WARNING, id="fail_on-file"),
        pytest.param(
            "fail_on", {"fail_on": "warning"}, {"fail_on": "info"}, Severity.INFO, id="fail_on-cli"
        ),
        pytest.param("select", {}, {}, (), id="select-default"),
        pytest.param("select", {"select": ["CTDPA"]}, {}, ("CTDPA",), id="select-file"),
        pytest.param(
            "select",
            {"select": ["CTDPA"]},
            {"select": ["CTL1,CTL2", "ct-ai"]},
            ("CTL1", "CTL2", "ct-ai"),
            id="select-cli-replaces",
        ),
        pytest.param("ignore", {}, {}, (), id="ignore-default"),
        pytest.param("ignore", {"ignore": ["CTL202"]}, {}, ("CTL202",), id="ignore-file"),
        pytest.param(
            "ignore",
            {"ignore": ["CTL202"]},
            {"ignore": ["CTDPA-011"]},
            ("CTDPA-011",),
            id="ignore-cli-replaces",
        ),
    ],
)
def test_precedence(
    tmp_path: Path, field: str, config: dict[str, Any], options: dict[str, Any], expected: Any
) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text(json.dumps(config), encoding="utf-8")
    settings = load_settings(cwd=str(root), **options)
    assert getattr(settings, field) == expected


def test_precedence_through_the_cli(repo: Any, run_cli: Any) -> None:
    repo.config(as_of="2025-01-02")
    repo.manifest()
    _code, out, _err = run_cli("check", "--format", "json", cwd=repo.path)
    assert json.loads(out)["as_of"] == "2025-01-02"
    _code, out, _err = run_cli("check", "--format", "json", "--as-of", "2024-05-06", cwd=repo.path)
    assert json.loads(out)["as_of"] == "2024-05-06"


def test_fail_on_from_file_and_overridden(repo: Any, run_cli: Any) -> None:
    # A CTL202 info finding only (file name differs from id).
    repo.manifest("vendors/other-name.yaml", patch={"id": "zendesk"})
    assert run_cli("check", cwd=repo.path)[0] == 0
    repo.config(fail_on="info")
    assert run_cli("check", cwd=repo.path)[0] == 1
    assert run_cli("check", "--fail-on", "error", cwd=repo.path)[0] == 0


def test_default_limits_and_manifests(tmp_path: Path) -> None:
    settings = load_settings(cwd=str(tmp_path))
    assert settings.manifests == ("vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.json")
    assert (
        settings.limits.max_file_bytes,
        settings.limits.max_nodes,
        settings.limits.max_depth,
    ) == (
        1_048_576,
        100_000,
        64,
    )


def test_partial_limits_keep_other_defaults(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".ctlint.yaml").write_text("limits: {max_depth: 10}\n", encoding="utf-8")
    limits = load_settings(cwd=str(root)).limits
    assert (limits.max_file_bytes, limits.max_nodes, limits.max_depth) == (1_048_576, 100_000, 10)


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("line", "key", "problem"),
    [
        pytest.param("baseline: ../accepted.json", "baseline", "outside", id="baseline-dotdot"),
        pytest.param("baseline: /etc/accepted.json", "baseline", "outside", id="baseline-abs"),
        pytest.param('baseline: "a\\0b.json"', "baseline", "NUL", id="baseline-nul"),
        pytest.param("policy_paths: [ok, ../../theirs]", "policy_paths.1", "outside", id="pp"),
        pytest.param('policy_paths: ["p\\0"]', "policy_paths.0", "NUL", id="policy-nul"),
        pytest.param("cache_dir: ../cache", "cache_dir", "outside", id="cache-dotdot"),
        pytest.param('cache_dir: "c\\0"', "cache_dir", "NUL", id="cache-nul"),
        pytest.param("cache_dir: escape/inner", "cache_dir", "outside", id="cache-link"),
    ],
)
def test_configured_paths_stay_inside_the_root(
    repo: Any, run_cli: Any, tmp_path: Path, line: str, key: str, problem: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo.path / "escape").symlink_to(outside, target_is_directory=True)
    (repo.path / "ok").mkdir()
    with open(repo.path / ".ctlint.yaml", "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ctlint: .ctlint.yaml:") or ".ctlint.yaml:" in lines[0]
    assert f" {key}: `" in lines[0]
    assert problem in lines[0]
    assert "Traceback" not in err
    assert list(outside.iterdir()) == []


def test_paths_given_on_the_command_line_may_be_anywhere(
    repo: Any, run_cli: Any, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "ci-cache"
    manifest = repo.path / "vendors" / "zendesk.yaml"
    manifest.write_text((Path(__file__).parents[2] / "policies" / "base-manifest.yaml").read_text())
    os.utime(manifest, (1_700_000_000, 1_700_000_000))  # not "just modified": the cache stores it
    code, _out, err = run_cli("check", "--cache-dir", str(elsewhere), cwd=repo.path)
    assert code in (0, 1), err
    assert (elsewhere / "facts.json").is_file()


def test_every_problem_past_the_schema_in_one_run(repo: Any, run_cli: Any) -> None:
    # globs, paths that leave the repository and dates: each on its own line, in one run
    repo.config(
        "organization:\n"
        "  type: private_business\n"
        "manifests: ['vendors/[z-a].yaml', 'vendors/*.yaml']\n"
        "exclude: ['[9-0]*']\n"
        "baseline: ../outside.json\n"
        "policy_paths: [policies/ours, /etc]\n"
        "as_of: 2026-02-30\n"
    )
    code, out, err = run_cli("check", cwd=repo.path)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert [line.split(": ", 3)[2] for line in lines] == [
        ".ctlint.yaml:3:13",
        ".ctlint.yaml:4:11",
        ".ctlint.yaml:5:11",
        ".ctlint.yaml:6:31",
        ".ctlint.yaml",
    ]
    assert "manifests.0: the glob `vendors/[z-a].yaml` cannot be used" in lines[0]
    assert "exclude.0: the glob `[9-0]*` cannot be used" in lines[1]
    assert "baseline: `../outside.json` leads outside the repository root" in lines[2]
    assert "policy_paths.1: `/etc` leads outside the repository root" in lines[3]
    assert (
        lines[4]
        == "ctlint: error: .ctlint.yaml: as_of: `2026-02-30` is not a date; write YYYY-MM-DD"
    )
