"""ctlint.scaffold.precommit: the ctlint hook added to ``.pre-commit-config.yaml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ctlint.errors import ConfigError
from ctlint.scaffold.precommit import HookChange, add_precommit_hook

DATA = Path(__file__).resolve().parents[1] / "data" / "scaffold"


def test_precommit_created_from_nothing() -> None:
    change = add_precommit_hook(None)
    assert change.status == "created"
    assert change.text is not None
    data = yaml.safe_load(change.text)
    assert data["repos"][0]["repo"] == "local"
    assert data["repos"][0]["hooks"][0]["id"] == "ctlint"
    assert data["repos"][0]["hooks"][0]["language"] == "system"
    assert data["repos"][0]["hooks"][0]["entry"] == "ctlint check --only-manifests --"


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
    assert change == HookChange("present", None)


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
