"""ctlint.findings: the per-rule cap that keeps a flood of one finding readable (M1)."""

from __future__ import annotations

from ctlint.findings import PER_RULE_CAP, Finding, Severity, Span, cap_per_rule


def finding(
    line: int,
    *,
    rule: str = "CTL104",
    file: str = "vendors/a.yaml",
    severity: Severity = Severity.ERROR,
    waived: bool = False,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=f"problem on line {line}",
        file=file,
        span=Span(line, 1, line, 3),
        pointer=f"/k{line}",
        item="x",
        vendor="a",
        waived=waived,
        waiver_reason="accepted" if waived else None,
    )


def test_up_to_the_cap_nothing_changes() -> None:
    findings = [finding(i) for i in range(1, PER_RULE_CAP + 1)]
    assert cap_per_rule(findings) == findings


def test_beyond_the_cap_one_summary_stands_for_the_rest() -> None:
    findings = [finding(i) for i in range(1, 251)]
    capped = cap_per_rule(findings, cap=100)
    assert capped[:100] == findings[:100]
    assert len(capped) == 101
    summary = capped[-1]
    assert summary.rule == "CTL104"
    assert summary.span == Span(101, 1, 101, 3)  # where the first hidden finding is
    assert summary.pointer == "/k101"
    assert summary.item is None
    assert summary.message.startswith("150 more findings of CTL104 in this file are not shown")
    assert "(the next at line 101)" in summary.message
    assert not summary.waived


def test_the_cap_counts_per_file_and_rule_and_keeps_the_order() -> None:
    findings = sorted(
        [finding(i) for i in range(1, 6)]
        + [finding(i, rule="CTL106") for i in range(1, 3)]
        + [finding(i, file="vendors/b.yaml") for i in range(1, 6)],
        key=Finding.sort_key,
    )
    capped = cap_per_rule(findings, cap=3)
    shown = [(f.file, f.rule, f.span.line if f.span else 0, "more" in f.message) for f in capped]
    assert shown == [
        ("vendors/a.yaml", "CTL104", 1, False),
        ("vendors/a.yaml", "CTL106", 1, False),
        ("vendors/a.yaml", "CTL104", 2, False),
        ("vendors/a.yaml", "CTL106", 2, False),
        ("vendors/a.yaml", "CTL104", 3, False),
        ("vendors/a.yaml", "CTL104", 4, True),
        ("vendors/b.yaml", "CTL104", 1, False),
        ("vendors/b.yaml", "CTL104", 2, False),
        ("vendors/b.yaml", "CTL104", 3, False),
        ("vendors/b.yaml", "CTL104", 4, True),
    ]
    assert [f.message.split(" more")[0] for f in capped if "more" in f.message] == ["2", "2"]


def test_the_summary_fails_exactly_when_a_hidden_finding_would() -> None:
    shown = [finding(i, severity=Severity.INFO) for i in range(1, 3)]
    # hidden: a waived error and a live warning -> a live warning
    hidden = [finding(3, waived=True), finding(4, severity=Severity.WARNING)]
    summary = cap_per_rule([*shown, *hidden], cap=2)[-1]
    assert summary.severity is Severity.WARNING
    assert not summary.waived
    assert summary.waiver_reason is None
    # hidden and all waived -> waived, with the strongest severity
    hidden = [finding(3, severity=Severity.WARNING, waived=True), finding(4, waived=True)]
    summary = cap_per_rule([*shown, *hidden], cap=2)[-1]
    assert summary.severity is Severity.ERROR
    assert summary.waived
    assert summary.waiver_reason == "accepted"


def test_findings_without_a_position_are_summarized_without_a_line() -> None:
    findings = [
        Finding(rule="CTL012", severity=Severity.WARNING, message=f"m{i}", item=str(i))
        for i in range(3)
    ]
    summary = cap_per_rule(findings, cap=1)[-1]
    assert summary.message.startswith("2 more findings of CTL012 in this run are not shown;")
