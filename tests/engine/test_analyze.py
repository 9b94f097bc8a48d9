"""ctlint.engine.analyze: one finding per empty value, naming the rules that need it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ZENDESK = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests" / "zendesk.yaml"
URL = re.compile(r"^(\s*privacy_notice_url:).*$", re.M)


def _findings_at(doc: dict[str, Any], pointer: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["pointer"] == pointer]


def test_an_empty_value_is_one_finding_that_names_the_rules_needing_it(
    repo: Any, check_json: Any
) -> None:
    text, replaced = URL.subn(r"\1", ZENDESK.read_text("utf-8"))
    assert replaced == 1
    repo.manifest(text=text)
    _code, doc = check_json()
    at = _findings_at(doc, "/notice/privacy_notice_url")
    assert [f["rule"] for f in at] == ["CTL102"]
    assert at[0]["message"] == (
        "`notice.privacy_notice_url` is empty; it must be text (CTDPA-015 needs it)"
    )


def test_a_value_left_out_is_still_the_rules_own_finding(repo: Any, check_json: Any) -> None:
    text, replaced = URL.subn("", ZENDESK.read_text("utf-8"))
    assert replaced == 1
    repo.manifest(text=text)
    _code, doc = check_json()
    assert [f["rule"] for f in _findings_at(doc, "/notice/privacy_notice_url")] == ["CTDPA-015"]
