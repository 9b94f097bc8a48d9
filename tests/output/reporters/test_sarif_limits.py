"""SARIF within GitHub code scanning's limits: at most 25,000 results a run and 10 MB
gzip-compressed, capped with the most severe results kept and a note (in the log and on
stderr). The large reports are built in-process (the mixed repository's findings repeated),
the note on stderr through the real CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from ctlint.output.rendering import RenderOptions
from ctlint.output.reporters import sarif


def _render(report: Any, **options: Any) -> tuple[dict[str, Any], list[str]]:
    notes: list[str] = []
    text = sarif.REPORTER.render(report, RenderOptions(warn=notes.append, **options))
    return json.loads(text), notes


def test_30000_findings_are_capped_at_25000_with_the_most_severe_kept(many_findings):
    report = many_findings(30_000)
    doc, notes = _render(report)
    [run] = doc["runs"]
    results = run["results"]
    assert len(results) == sarif.MAX_RESULTS == 25_000
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    assert len(gzip.compress(text.encode("utf-8"))) < 10_000_000
    assert run["properties"]["truncated"]["results"] == 30_000
    assert run["properties"]["truncated"]["shown"] == 25_000
    assert run["properties"]["summary"]["findings"] == report.counts["findings"]  # all counted
    [note] = notes
    assert note.startswith("SARIF: 5,000 of 30,000 results left out")
    first = run["invocations"][0]["toolExecutionNotifications"][0]
    assert first == {"level": "warning", "message": {"text": note}}
    # what was left out is never more severe than what was kept; waived findings go first
    rank = {"error": 3, "warning": 2, "note": 1}
    kept = {(r["ruleId"], r["partialFingerprints"]["ctlint/v2"]) for r in results}
    prints = {sarif.fingerprint(f): f for f in report.findings}
    assert len(prints) == 30_000  # the copies are distinct identities
    dropped = [f for p, f in prints.items() if (f.rule, p) not in kept]
    assert len(dropped) == 5_000
    # the 5,000 waived copies are exactly what goes: every live finding is kept
    assert report.counts["waived"] == 5_000
    assert all(f.waived for f in dropped)
    assert all("suppressions" not in r for r in results)
    assert {r["level"] for r in results} == set(rank)
    # kept results stay in the report's order
    order = {sarif.fingerprint(f): i for i, f in enumerate(report.findings)}
    positions = [order[r["partialFingerprints"]["ctlint/v2"]] for r in results]
    assert positions == sorted(positions)


def test_the_most_severe_are_chosen(many_findings):
    findings = [f for f in many_findings(600).findings if not f.waived]
    kept = sarif.chosen(findings, 300)
    assert len(kept) == 300
    left = [f for f in findings if f not in kept]
    assert min(f.severity for f in kept) >= max(f.severity for f in left)
    assert kept == [f for f in findings if f in kept]  # the report's order


def test_the_gzip_limit_caps_too(many_findings):
    report = many_findings(3_000)
    text, shown = sarif.render(report, max_gzip=100_000)
    assert len(gzip.compress(text.encode("utf-8"), 6)) <= 100_000
    assert sarif.gzip_size(text) <= 100_000
    assert 0 < shown < 3_000
    assert json.loads(text)["runs"][0]["properties"]["truncated"]["shown"] == shown


def test_a_capped_log_is_valid_sarif(many_findings, validate_sarif):
    text, shown = sarif.render(many_findings(300), max_results=40)
    assert shown == 40
    doc = json.loads(text)
    validate_sarif(doc)
    assert len(doc["runs"]) == 1  # GitHub rejects several runs of one tool and category


def test_below_the_limits_nothing_is_left_out(many_findings):
    doc, notes = _render(many_findings(2_000))
    assert len(doc["runs"][0]["results"]) == 2_000
    assert "truncated" not in doc["runs"][0]["properties"]
    assert notes == []


def test_the_cli_says_so_on_stderr(mixed_repo, check, monkeypatch: pytest.MonkeyPatch):
    """The real command writing a file: the note goes to stderr, the file stays valid."""
    out = Path(mixed_repo) / "out.sarif"
    run = check(mixed_repo, "--format", f"sarif:{out}")
    assert run.stderr == ""
    total = len(json.loads(out.read_text("utf-8"))["runs"][0]["results"])
    assert total == 12
    monkeypatch.setattr(sarif, "MAX_RESULTS", 5)
    run = check(mixed_repo, "--format", f"sarif:{out}", "--format", "text")
    assert run.code == 1
    tip = "ctlint: run `ctlint explain CTL001` for what a rule asks and why\n"  # text fails
    assert run.stderr == (
        "ctlint: SARIF: 7 of 12 results left out (the 5 kept are the most severe) to stay "
        "within GitHub code scanning's limits (5 results a run, 10 MB gzip-compressed); "
        "--format json has them all\n" + tip
    )
    doc = json.loads(out.read_text("utf-8"))
    assert len(doc["runs"][0]["results"]) == 5
    assert {r["level"] for r in doc["runs"][0]["results"]} == {"error"}
