"""ctlint.engine.discover: globs, what a folder search skips, and paths that cannot be read (cli.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ctlint.config import load_settings
from ctlint.engine.discover import configured, expand
from ctlint.errors import UsageError
from ctlint.util.globs import any_of, compile_glob, matches

# --------------------------------------------------------------------------- globs


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        pytest.param("vendors/**/*.yaml", "vendors/a.yaml", True, id="doublestar-zero-folders"),
        pytest.param("vendors/**/*.yaml", "vendors/x/y/a.yaml", True, id="doublestar-two-folders"),
        pytest.param("vendors/**/*.yaml", "vendors/x/a.yaml", True, id="doublestar-one-folder"),
        pytest.param("vendors/**/*.yaml", "vendors/a.yml", False, id="other-extension"),
        pytest.param("vendors/**/*.yaml", "other/vendors/a.yaml", False, id="anchored-at-root"),
        pytest.param("vendors/**/*.yaml", "vendorsX/a.yaml", False, id="folder-name-exact"),
        pytest.param("vendors/**/*.yaml", "vendors/a.yaml.bak", False, id="whole-name"),
        pytest.param("vendors/*.yaml", "vendors/a.yaml", True, id="star-same-folder"),
        pytest.param("vendors/*.yaml", "vendors/x/a.yaml", False, id="star-does-not-cross-slash"),
        pytest.param("vendors/a?.yaml", "vendors/ab.yaml", True, id="question-mark"),
        pytest.param("vendors/a?.yaml", "vendors/a/.yaml", False, id="question-mark-not-slash"),
        pytest.param("vendors/[ab].yaml", "vendors/b.yaml", True, id="class"),
        pytest.param("vendors/[ab].yaml", "vendors/c.yaml", False, id="class-miss"),
        pytest.param("vendors/**", "vendors/x/y.json", True, id="trailing-doublestar"),
        pytest.param("vendors/old/", "vendors/old/a.yaml", True, id="folder-pattern"),
        pytest.param("vendors/old/", "vendors/older/a.yaml", False, id="folder-pattern-exact"),
        pytest.param("**/draft-*", "vendors/draft-a.yaml", True, id="leading-doublestar"),
        pytest.param("**/draft-*", "draft-b.yaml", True, id="leading-doublestar-top"),
        pytest.param("draft-*.yaml", "vendors/x/draft-a.yaml", True, id="no-slash-any-depth"),
        pytest.param("./vendors/*.yaml", "vendors/a.yaml", True, id="dot-slash-prefix"),
    ],
)
def test_compile_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_glob(pattern).match(path)) is matches


# --------------------------------------------------------------------------- configured / expand


def make_tree(root: Path, files: list[str]) -> None:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id: x\n", encoding="utf-8")


def rels(targets: list[Any]) -> list[str]:
    return [t.rel for t in targets]


TREE = [
    "vendors/a.yaml",
    "vendors/b.yml",
    "vendors/c.json",
    "vendors/x/y/deep.yaml",
    "vendors/notes.txt",
    "vendors/.hidden.yaml",
    "vendors/.drafts/draft.yaml",
    "vendors/old/legacy.yaml",
    "vendors/rules/ORG-001.yaml",
    "other/elsewhere.yaml",
]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(
            "{}\n",
            [
                "vendors/a.yaml",
                "vendors/b.yml",
                "vendors/c.json",
                "vendors/old/legacy.yaml",
                "vendors/rules/ORG-001.yaml",
                "vendors/x/y/deep.yaml",
            ],
            id="default-globs",
        ),
        pytest.param(
            "exclude: ['vendors/old/**', '**/*.json']\n",
            [
                "vendors/a.yaml",
                "vendors/b.yml",
                "vendors/rules/ORG-001.yaml",
                "vendors/x/y/deep.yaml",
            ],
            id="exclude",
        ),
        pytest.param(
            "manifests: ['vendors/*.yaml']\n",
            ["vendors/a.yaml"],
            id="custom-glob-one-level",
        ),
        pytest.param(
            "policy_paths: [vendors/rules]\n",
            [
                "vendors/a.yaml",
                "vendors/b.yml",
                "vendors/c.json",
                "vendors/old/legacy.yaml",
                "vendors/x/y/deep.yaml",
            ],
            id="policy-paths-skipped",
        ),
    ],
)
def test_configured(tmp_path: Path, config: str, expected: list[str]) -> None:
    make_tree(tmp_path, TREE)
    (tmp_path / ".ctlint.yaml").write_text(config, encoding="utf-8")
    settings = load_settings(cwd=str(tmp_path))
    assert rels(configured(settings)) == expected


def test_configured_skips_the_configuration_file(tmp_path: Path) -> None:
    make_tree(tmp_path, ["vendors/a.yaml"])
    (tmp_path / ".ctlint.yaml").write_text("manifests: ['**/*.yaml']\n", encoding="utf-8")
    assert rels(configured(load_settings(cwd=str(tmp_path)))) == ["vendors/a.yaml"]


def test_configured_skips_a_visible_configuration_file(tmp_path: Path) -> None:
    make_tree(tmp_path, ["vendors/a.yaml"])
    config = tmp_path / "vendors" / "ctlint-config.yaml"
    config.write_text("manifests: ['**/*.yaml']\n", encoding="utf-8")
    settings = load_settings(cwd=str(tmp_path), config=str(config))
    # The root is the folder of the configuration file: vendors/ itself.
    assert settings.root == str(tmp_path / "vendors")
    assert "ctlint-config.yaml" not in " ".join(rels(configured(settings)))


def test_folder_argument_searches_recursively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, TREE)
    (tmp_path / ".ctlint.yaml").write_text(
        "exclude: ['vendors/old/**']\npolicy_paths: [vendors/rules]\n"
    )
    monkeypatch.chdir(tmp_path)
    settings = load_settings(cwd=str(tmp_path))
    assert rels(expand(settings, ["vendors"])) == [
        "vendors/a.yaml",
        "vendors/b.yml",
        "vendors/c.json",
        "vendors/x/y/deep.yaml",
    ]


def test_folder_argument_outside_the_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(cwd=str(tmp_path))
    assert rels(expand(settings, ["other"])) == ["other/elsewhere.yaml"]


def test_folder_argument_skips_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, ["vendors/a.yaml"])
    (tmp_path / ".ctlint.yaml").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert rels(expand(load_settings(cwd=str(tmp_path)), ["."])) == ["vendors/a.yaml"]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("vendors/notes.txt", id="other-extension"),
        pytest.param("vendors/.hidden.yaml", id="dot-file"),
        pytest.param("vendors/.drafts/draft.yaml", id="in-dot-folder"),
        pytest.param("vendors/old/legacy.yaml", id="excluded"),
    ],
)
def test_named_file_is_checked_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    make_tree(tmp_path, TREE)
    (tmp_path / ".ctlint.yaml").write_text("exclude: ['vendors/old/**']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert rels(expand(load_settings(cwd=str(tmp_path)), [name])) == [name]


def test_named_paths_are_deduplicated_and_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(cwd=str(tmp_path))
    assert rels(expand(settings, ["vendors/c.json", "./vendors/a.yaml", "vendors/a.yaml"])) == [
        "vendors/a.yaml",
        "vendors/c.json",
    ]


def test_missing_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, [])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="nope"):
        expand(load_settings(cwd=str(tmp_path)), ["vendors/nope.yaml"])


def test_byte_order_of_paths(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        [
            "vendors/b.yaml",
            "vendors/B.yaml",
            "vendors/a-b.yaml",
            "vendors/a/z.yaml",
            "vendors/_.yaml",
        ],
    )
    found = rels(configured(load_settings(cwd=str(tmp_path))))
    assert found == sorted(found, key=lambda p: p.encode())


# --------------------------------------------------------------------------- through the CLI


def test_missing_path_exit_2(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("check", "vendors/nope.yaml", cwd=repo.path)
    assert code == 2
    assert out == ""
    assert "vendors/nope.yaml" in err
    assert "Traceback" not in err


def _ctl001_files(out: str) -> dict[str, dict[str, Any]]:
    return {f["file"]: f for f in json.loads(out)["findings"] if f["rule"] == "CTL001"}


@pytest.mark.parametrize(
    "named", [pytest.param(False, id="configured"), pytest.param(True, id="named")]
)
def test_dangling_symlink_is_ctl001(repo: Any, run_cli: Any, named: bool) -> None:
    os.symlink("nowhere.yaml", repo / "vendors" / "dangling.yaml")
    args = ["vendors/dangling.yaml"] if named else []
    code, out, _err = run_cli("check", "--format", "json", *args, cwd=repo.path)
    assert code == 1
    finding = _ctl001_files(out)["vendors/dangling.yaml"]
    assert (finding["line"], finding["column"]) == (1, 1)


@pytest.mark.parametrize(
    "named", [pytest.param(False, id="configured"), pytest.param(True, id="named")]
)
def test_fifo_is_ctl001(repo: Any, run_cli: Any, named: bool) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(repo / "vendors" / "pipe.yaml")
    args = ["vendors/pipe.yaml"] if named else []
    code, out, _err = run_cli("check", "--format", "json", *args, cwd=repo.path)
    assert code == 1
    assert "vendors/pipe.yaml" in _ctl001_files(out)


@pytest.mark.parametrize(
    "named", [pytest.param(False, id="configured"), pytest.param(True, id="named")]
)
def test_symlink_outside_root_is_ctl001(
    repo: Any, run_cli: Any, tmp_path: Path, named: bool
) -> None:
    secret = tmp_path / "outside.yaml"
    secret.write_text("manifest: ctlint/v1\nid: outside\n", encoding="utf-8")
    os.symlink(secret, repo / "vendors" / "outside.yaml")
    args = ["vendors/outside.yaml"] if named else []
    code, out, _err = run_cli("check", "--format", "json", *args, cwd=repo.path)
    assert code == 1
    document = json.loads(out)
    mine = [f for f in document["findings"] if f["file"] == "vendors/outside.yaml"]
    assert [f["rule"] for f in mine] == ["CTL001"]


def test_symlink_inside_root_is_read(repo: Any, run_cli: Any) -> None:
    repo.manifest("shared/zendesk.yaml")
    os.symlink(repo / "shared" / "zendesk.yaml", repo / "vendors" / "zendesk.yaml")
    code, out, _err = run_cli("check", "--format", "json", cwd=repo.path)
    document = json.loads(out)
    assert code == 0, document["findings"]
    assert document["summary"]["files"] == 1


def test_folder_named_as_file_argument_is_searched(repo: Any, run_cli: Any) -> None:
    repo.manifest()
    repo.manifest("vendors/.draft.yaml", text="not: [valid\n")
    code, out, _err = run_cli("check", "--format", "json", "vendors", cwd=repo.path)
    assert code == 0
    assert json.loads(out)["summary"]["files"] == 1


def test_named_file_with_any_name_via_cli(repo: Any, run_cli: Any) -> None:
    repo.manifest("notes/zendesk.txt", text="id: [\n")
    code, out, _err = run_cli("check", "--format", "json", "notes/zendesk.txt", cwd=repo.path)
    assert code == 1
    assert [f["file"] for f in json.loads(out)["findings"]] == ["notes/zendesk.txt"]


def test_file_output_path_is_root_relative_from_a_subfolder(repo: Any, run_cli: Any) -> None:
    repo.manifest("vendors/a/b.yaml", text="id: [\n")
    code, out, _err = run_cli("check", "--format", "json", "b.yaml", cwd=repo / "vendors" / "a")
    assert code == 1
    assert json.loads(out)["findings"][0]["file"] == "vendors/a/b.yaml"


GLOBS = [
    ("vendors/**/*.yaml", "vendors/**/*.yml"),
    ("*.json",),
    ("vendors/*.yaml", "privacy/[a-c]*.yml", "**/tools/?.json"),
    ("vendors/", "x/**"),
    ("[!a]*.yaml",),
]
RELS = [
    "vendors/a.yaml",
    "vendors/sub/deep/b.yml",
    "vendors/c.json",
    "a.json",
    "deep/er/a.json",
    "privacy/b1.yml",
    "privacy/d1.yml",
    "x/tools/a.json",
    "tools/ab.json",
    "vendors",
    "x",
    "b.yaml",
    "a.yaml",
    "vendorsX/a.yaml",
]


@pytest.mark.parametrize("globs", GLOBS)
def test_combined_globs_answer_like_matches(globs):
    test = any_of(globs)
    for rel in RELS:
        assert test(rel) == matches(rel, globs), (rel, globs)
    assert any_of(())("vendors/a.yaml") is False


# --------------------------------------------------------------------------- unreadable folders


def _too_deep(root: Path) -> Path:
    """vendors/<20 folders of 250 characters>: a path longer than PATH_MAX (4,096)."""
    folder = root / "vendors"
    folder.mkdir(parents=True)
    os.chdir(folder)
    try:
        for i in range(20):
            name = f"d{i:02d}" + "x" * 246
            os.mkdir(name)
            os.chdir(name)
        with open("zendesk.yaml", "w", encoding="utf-8") as handle:
            handle.write("manifest: ctlint/v1\nid: zendesk\n")
    finally:
        os.chdir(root)
    return folder


def test_a_folder_too_deep_to_read_is_a_finding_not_a_silent_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Own attack (security review, attack 45): a manifest under a path longer than PATH_MAX
    was skipped in silence ("no manifest found", exit 0). The folder is now a CTL001 error."""
    from click.testing import CliRunner

    from ctlint.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".ctlint.yaml").write_text("organization: {type: private_business}\n")
    _too_deep(tmp_path)
    settings = load_settings(cwd=str(tmp_path))
    targets = configured(settings)
    assert len(targets) == 1
    assert targets[0].problem is not None
    assert "longer than the system allows" in targets[0].problem
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings if f["rule"] == "CTL001"] == ["CTL001"]


def test_an_unreadable_folder_the_globs_cannot_select_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".ctlint.yaml").write_text(
        "organization: {type: private_business}\nexclude: ['vendors/d00*/**']\n"
    )
    _too_deep(tmp_path)
    assert configured(load_settings(cwd=str(tmp_path))) == []
