"""``--format markdown``: a pull-request comment / step summary that manifests cannot break."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ctlint.output.reporters.markdown import escape


def markdown(check: Any, repo: Any, *args: str) -> tuple[int, str]:
    run = check(repo, "--format", "markdown", *args)
    return run.code, run.stdout


def cells(row: str) -> list[str]:
    """A table row's cells, split on unescaped pipes."""
    assert row.startswith("| "), row
    assert row.endswith(" |"), row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row[1:-1])]


def tables(text: str) -> dict[str, list[list[str]]]:
    """Heading -> data rows of the table under it."""
    out: dict[str, list[list[str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("### "):
            heading = line[4:]
            out[heading] = []
        elif line.startswith("| ") and not line.startswith(("| Rule |", "| File |")):
            out[heading].append(cells(line))
    return out


def test_heading_summary_and_scope(mixed_repo, check):
    code, text = markdown(check, mixed_repo)
    lines = text.splitlines()
    assert code == 1
    assert lines[0] == "## ctlint"
    summary = check(mixed_repo, "--format", "text").stdout.splitlines()[-1]
    assert f"❌ **Failed**: {summary}" in lines
    assert "- **As of:** 2026-12-01" in lines
    assert (
        "- **Active packs:** ctdpa, ct-health, ct-breach, ct-pi, ct-recording, ct-employment, ct-ai"
        in lines
    )
    assert (
        "- **CTDPA:** in scope — 52,000 Connecticut consumers (threshold 35,000 from 2026-07-01)"
        in lines
    )


def test_one_table_per_file_with_symbols_and_words(mixed_repo, check):
    _code, text = markdown(check, mixed_repo)
    found = tables(text)
    assert list(found) == [
        "vendors/broken.yaml",
        "vendors/failing.yaml",
        escape("vendors/hostile <&> \"q\" 'a', b:c %41.yaml"),
        "Waived",
    ]
    assert all(len(row) == 5 for rows in found.values() for row in rows)
    failing = found["vendors/failing.yaml"]
    assert [row[0] for row in failing] == ["CTDPA-011"] + ["CTDPA-015"] * 4 + ["CTDPA-016"]
    assert failing[0][1] == "⚠️ warning"
    assert failing[1][1] == "❌ error"
    assert failing[1][2] == "75"
    assert failing[1][4] == (
        "[Conn. Gen. Stat. § 42-520(b)(1)](https://www.cga.ct.gov/2026/sup/chap_743jj.htm#sec_42-520) (verified)"
    )
    hostile = found[escape("vendors/hostile <&> \"q\" 'a', b:c %41.yaml")]
    assert [row[1] for row in hostile] == ["ℹ️ info", "❌ error", "❌ error"]
    assert found["vendors/broken.yaml"][0][4] == "—"  # no citation


def test_waived_table_has_the_reasons(mixed_repo, check):
    _code, text = markdown(check, mixed_repo)
    waived = tables(text)["Waived"]
    assert [row[1] for row in waived] == ["CTDPA-016", "CTDPA-016"]
    assert waived[1][0] == "vendors/waived.yaml"
    assert waived[1][4] == "Legal is rewriting the notice; tracked in PRIV-42"
    assert waived[0][4] == (
        "&lt;img src=x onerror=alert(1)&gt; &amp; \"q\" 's' \\| cell\\\\nnew line \\\\x1b\\[31m \\\\x00 \\\\u202e"
    )


def test_manifest_text_is_escaped(mixed_repo, check):
    _code, text = markdown(check, mixed_repo)
    for raw in ("<script>", "<img", "<&>", "\x1b", "\x00", "\u202e"):
        assert raw not in text
    assert "contracts/&lt;script&gt;&amp;\"'\\\\x1b\\[2J\\|x%41.pdf" in text
    assert "Unknown field \\`x&lt;b&gt;&amp;\\\\x1b\\`" in text
    # Every table row is one line with exactly five cells.
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            assert len(cells(line)) == 5, line


def test_clean_run_says_no_findings(clean_repo, check):
    code, text = markdown(check, clean_repo)
    assert code == 0
    assert "✅ **Passed**: 0 findings (0 errors, 0 warnings, 0 info, 0 waived) in 1 file" in text
    assert "✅ No findings." in text
    assert "|" not in text


def test_only_waived_findings_pass_with_a_waived_table(make_repo, check):
    code, text = markdown(check, make_repo({"waived.yaml": "waived.yaml"}))
    assert code == 0
    assert "✅ No findings." in text
    assert list(tables(text)) == ["Waived"]


def test_organization_findings_come_first(make_repo, layouts, check):
    _code, text = markdown(
        check, make_repo(layouts["clean"], config=False), "--as-of", "2026-12-01"
    )
    found = tables(text)
    # Without organization.type the brief's packs (ct-pda, ct-psa) run on the manifest too.
    assert list(found) == ["Organization", "vendors/passing.yaml"]
    [row] = found["Organization"]
    assert row[:3] == ["CTL010", "ℹ️ info", "—"]
    assert "- **CTDPA:**" not in text  # the scope test does not apply without organization.type


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("line\nnext\r\ttab", "line\\\\nnext\\\\x0d\\\\ttab"),
        ("*em* _u_ `code` [l](u) ~~s~~", "\\*em\\* \\_u\\_ \\`code\\` \\[l\\](u) \\~\\~s\\~\\~"),
        ("back\\slash|", "back\\\\slash\\|"),
    ],
)
def test_escape(raw, escaped):
    assert escape(raw) == escaped


def test_rules_not_applicable_to_the_organization_are_named(make_repo, check):
    repo = make_repo({}, "organization:\n  type: ct_municipal_agency\nas_of: 2026-12-01\n")
    _code, text = markdown(check, repo)
    assert (
        "- **Not applicable to this organization (n/a):** CT-AI-001, CT-PI-003 "
        "(`ctlint explain RULE` says why)"
    ) in text.splitlines()
    _code, text = markdown(check, make_repo({}))
    assert "Not applicable" not in text


def test_a_large_run_is_truncated_under_1_mib_with_a_count(many_findings):
    from ctlint.output.rendering import RenderOptions
    from ctlint.output.reporters.markdown import MAX_BYTES, REPORTER

    report = many_findings(30_000)
    text = REPORTER.render(report, RenderOptions())
    size = len(text.encode("utf-8"))
    assert MAX_BYTES - 2_000 < size <= MAX_BYTES < 1024 * 1024
    rows = [line for line in text.splitlines() if line.startswith("| ") and "|---" not in line]
    shown = [r for r in rows if not r.startswith(("| Rule |", "| File |"))]
    [note] = [line for line in text.splitlines() if line.startswith("**Truncated:**")]
    left = int(re.search(r"([\d,]+) more findings", note)[1].replace(",", ""))  # type: ignore[index]
    assert left + len(shown) == 30_000
    assert f"({len(shown):,} shown)" in note
    assert "of them waived" in note  # the waived table comes last, so it was cut too
    assert text.startswith("## ctlint\n")  # the heading and summary line are always there
    live = report.counts["findings"]
    assert text.splitlines()[2].startswith(f"❌ **Failed**: {live} findings")


def test_a_small_run_is_not_truncated(mixed_repo, check):
    _code, text = markdown(check, mixed_repo)
    assert "Truncated" not in text
