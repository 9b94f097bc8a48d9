"""ctlint.config.defaults: organization-wide facts written once under ``defaults:``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import ctlint_in_copy

from ctlint.config import load_settings
from ctlint.config.defaults import Defaults, taken_from
from ctlint.engine import pipeline as api

FINDINGS = Path(__file__).resolve().parents[1] / "data" / "findings"
CONFIG = FINDINGS / "defaults" / ".ctlint.yaml"


def ctlint(cwd: Path, *args: str) -> Any:
    """The installed command, run as a user runs it, in a copy of the fixture repository."""
    return ctlint_in_copy(cwd, *args)


def test_a_manifest_key_replaces_the_default_of_that_key_whole() -> None:
    defaults = Defaults(
        {
            "requests": {"response_days": 45, "appeal": {"url": "https://a.example/x"}},
            "notice": {"privacy_notice_includes": ["categories"]},
        }
    )
    data: dict[str, Any] = {
        "id": "x",
        "requests": {"appeal": {"decision_days": 30}},
        "notice": "not a mapping",
    }
    merged, taken = defaults.merge(data)
    assert merged["requests"] == {"response_days": 45, "appeal": {"decision_days": 30}}
    assert merged["notice"] == "not a mapping"  # its schema finding says what is wrong
    assert taken == frozenset({"/requests/response_days"})
    assert data["requests"] == {"appeal": {"decision_days": 30}}  # the input is not changed
    merged, taken = defaults.merge({"id": "y"})
    assert merged["notice"] == {"privacy_notice_includes": ["categories"]}
    assert taken == {
        "/requests/response_days",
        "/requests/appeal",
        "/notice/privacy_notice_includes",
    }


def test_taken_from_covers_the_value_and_what_is_inside_it() -> None:
    taken = frozenset({"/requests/appeal"})
    assert taken_from("/requests/appeal/decision_days", taken)
    assert taken_from("/requests/appeal", taken)
    assert not taken_from("/requests/appeal_x", taken)
    assert not taken_from("/requests", taken)
    assert not taken_from(None, taken)


def test_defaults_are_merged_and_findings_point_at_the_configuration(tmp_path: Path) -> None:
    done = ctlint(tmp_path, "check", "--config", str(CONFIG))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    # freshdesk.yaml writes no notice, no appeal and no breach plan: the defaults fill them
    # in, and what is wrong with them is shown at their line in the configuration
    assert lines[:2] == [
        ".ctlint.yaml:12:5: CTDPA-031 error: The privacy notice does not state the month and "
        "year in which it was last updated (add `last_updated` to notice.privacy_notice_includes "
        "once it does) (from `defaults:`, for vendors/freshdesk.yaml) "
        "[Conn. Gen. Stat. § 42-520(b)(1)(I)]",
        ".ctlint.yaml:19:22: CTDPA-021 error: requests.appeal.decision_days is missing or more "
        "than 60: appeals must be decided within 60 days (from `defaults:`, for "
        "vendors/freshdesk.yaml) [Conn. Gen. Stat. § 42-518(d)]",
    ]
    # gorgias.yaml writes its own notice list and appeal: manifest values win, so it is clean
    assert "gorgias" not in done.stdout
    assert lines[-1] == "2 findings (2 errors, 0 warnings, 0 info, 0 waived) in 2 files"


def test_without_the_defaults_every_manifest_would_repeat_them(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "vendors").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "incident-response.md").write_text("# IR\n")
    text = CONFIG.read_text("utf-8")
    (root / ".ctlint.yaml").write_text(text[: text.index("defaults:")], "utf-8")
    source = (FINDINGS / "defaults" / "vendors" / "freshdesk.yaml").read_text("utf-8")
    (root / "vendors" / "freshdesk.yaml").write_text(source, "utf-8")
    done = ctlint(root, "check", "--format", "json")
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert {"CTDPA-015", "CTDPA-019", "CTDPA-020", "CTDPA-021"} <= rules


def test_the_register_and_the_json_see_the_same_merged_manifest(tmp_path: Path) -> None:
    done = ctlint(tmp_path, "check", "--config", str(CONFIG), "--format", "json")
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [
        ("CTDPA-031", ".ctlint.yaml", 12),
        ("CTDPA-021", ".ctlint.yaml", 19),
    ]
    assert {f["vendor"] for f in findings} == {"freshdesk"}


def test_the_defaults_are_parsed_once_with_the_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load_settings(config=str(CONFIG))
    assert settings.defaults is not None
    assert settings.defaults.values["breach"]["plan"] == "docs/incident-response.md"
    report = api.run(settings)
    assert len(report.findings) == 2


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "value",
            ".ctlint.yaml:4:25: `defaults.notice.privacy_notice_url` is "
            '"http://nutmegtrail.example/privacy"; expected an https:// URL',
        ),
        (
            "key",
            ".ctlint.yaml:4:5: `defaults.requests.response_dayz` is not a manifest field there; "
            "did you mean `response_days`?",
        ),
        ("section", ".ctlint.yaml:3:3: unknown key `defaults.vendor`; known keys: notice"),
    ],
)
def test_defaults_are_checked_against_the_manifest_schema_at_load(
    tmp_path: Path, case: str, message: str
) -> None:
    root = tmp_path / case
    root.mkdir()
    (root / ".ctlint.yaml").write_bytes(
        (FINDINGS / "bad-defaults" / case / ".ctlint.yaml").read_bytes()
    )
    done = ctlint(root, "check")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("ctlint: error: "), done.stderr
    assert message in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1  # one line
    assert "Traceback" not in done.stderr
