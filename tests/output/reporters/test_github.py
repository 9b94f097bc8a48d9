"""``--format github``: workflow commands, escaped as the Actions toolkit escapes them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ctlint.output.reporters.github import command, escape_data, escape_property
from ctlint.util.text import visible

# The documented shape; file/line/endLine only with a file, col/endColumn only on one line.
LINE = re.compile(
    r"::(?P<command>error|warning|notice) "
    r"(?:file=(?P<file>[^,:]*),line=(?P<line>\d+),endLine=(?P<end_line>\d+)"
    r"(?:,col=(?P<col>\d+),endColumn=(?P<end_col>\d+))?,)?"
    r"title=(?P<title>[^,:]+)::(?P<message>[^\r\n]*)"
)
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def annotations(check: Any, repo: Any, *args: str) -> tuple[int, list[re.Match[str]]]:
    run = check(repo, "--format", "github", *args)
    lines = run.stdout.splitlines()
    matches = [LINE.fullmatch(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if m is None]
    return run.code, [m for m in matches if m is not None]


def _expected_order(live: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors, warnings, info; within one severity round-robin by file in report order."""
    out: list[dict[str, Any]] = []
    for severity in ("error", "warning", "info"):
        queues: dict[Any, list[dict[str, Any]]] = {}
        for finding in live:
            if finding["severity"] == severity:
                queues.setdefault(finding["file"], []).append(finding)
        while any(queues.values()):
            out += [q.pop(0) for q in queues.values() if q]
    return out


def test_one_command_per_live_finding_and_the_summary(mixed_repo, check):
    code, lines = annotations(check, mixed_repo)
    doc = check(mixed_repo, "--format", "json").json()
    live = [f for f in doc["findings"] if not f["waived"]]
    summary_at = next(i for i, m in enumerate(lines) if m["title"] == "ctlint")
    summary = lines[summary_at]
    found = lines[:summary_at] + lines[summary_at + 1 :]
    assert code == 1
    assert len(found) == len(live) == 10
    # the summary comes before the first notice (so GitHub's 10-notice limit never drops it)
    assert [m["command"] for m in lines[:summary_at]] == ["error"] * 8 + ["warning"]
    assert [m["command"] for m in lines[summary_at + 1 :]] == ["notice"]
    for match, finding in zip(found, _expected_order(live), strict=True):
        assert match["command"] == COMMANDS[finding["severity"]]
        assert match["title"] == finding["rule"]
        assert unescape(match["file"]) == visible(finding["file"])
        assert int(match["line"]) == finding["line"]
        assert int(match["end_line"]) == finding["end_line"]
        assert int(match["col"]) == finding["column"]
        assert int(match["end_col"]) == finding["end_column"]
        message = visible(finding["message"])
        if finding["citations"]:
            law = finding["citations"][0]
            message += f" [{law['law']} {law['section']}]"
        assert unescape(match["message"]) == message
    text_summary = check(mixed_repo, "--format", "text").stdout.splitlines()[-1]
    assert summary.group(0) == f"::notice title=ctlint::{text_summary}"
    assert summary["message"] == "10 findings (8 errors, 1 warning, 1 info, 2 waived) in 5 files"


def test_waived_findings_are_left_out(mixed_repo, check):
    _code, lines = annotations(check, mixed_repo)
    assert not any("waived" in (m["file"] or "") for m in lines)
    assert [m["title"] for m in lines].count("CTDPA-016") == 1  # failing.yaml only
    assert not any("PRIV-42" in m["message"] or "onerror" in m["message"] for m in lines)


def test_hostile_text_cannot_break_out(mixed_repo, check, hostile_name):
    run = check(mixed_repo, "--format", "github")
    assert "\x1b" not in run.stdout
    assert "\x00" not in run.stdout
    assert "\r" not in run.stdout
    _code, lines = annotations(check, mixed_repo)
    hostile = [m for m in lines if m["file"] and "hostile" in m["file"]]
    assert {m["title"] for m in hostile} == {"CTL202", "CTL203", "CTL104"}
    assert {unescape(m["file"]) for m in hostile} == {f"vendors/{hostile_name}"}
    assert "%2C" in hostile[0]["file"]
    assert "%3A" in hostile[0]["file"]
    ctl203 = next(m for m in hostile if m["title"] == "CTL203")
    assert "\\x1b[2J" in ctl203["message"]  # the escape sequence shown, not sent
    assert "x%2541.pdf" in ctl203["message"]  # a literal % survives GitHub's unescaping


def test_clean_run_prints_only_the_summary(clean_repo, check):
    code, lines = annotations(check, clean_repo)
    assert code == 0
    [summary] = lines
    assert (
        summary.group(0)
        == "::notice title=ctlint::0 findings (0 errors, 0 warnings, 0 info, 0 waived) in 1 file"
    )


def test_organization_finding_without_a_file_has_no_position(make_repo, layouts, check):
    _code, lines = annotations(
        check, make_repo(layouts["clean"], config=False), "--as-of", "2026-12-01"
    )
    ctl010 = next(m for m in lines if m["title"] == "CTL010")
    assert ctl010["command"] == "notice"
    assert ctl010["file"] is None
    assert ctl010["line"] is None
    assert ctl010.group(0).startswith("::notice title=CTL010::organization.type is not declared")


@pytest.mark.parametrize(
    ("function", "raw", "escaped"),
    [
        (escape_data, "100% done\r\nnext", "100%25 done%0D%0Anext"),
        (escape_data, "a:b,c", "a:b,c"),
        (escape_property, "a:b,c%\n", "a%3Ab%2Cc%25%0A"),
        (escape_property, "%3A", "%253A"),  # escaping % first keeps what looks like an escape
    ],
)
def test_escaping(function, raw, escaped):
    assert function(raw) == escaped


def test_command_shape():
    assert (
        command("error", [("file", "a,b.yaml"), ("title", "X")], "m:1")
        == "::error file=a%2Cb.yaml,title=X::m:1"
    )
    assert command("notice", [], "hi") == "::notice::hi"


def test_errors_first_and_round_robin_by_file(make_repo, data_copy, check):
    """The first 10 errors GitHub shows come from every failing file, not only the first."""
    repo = make_repo({})
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        data_copy("failing.yaml", repo / "vendors" / name)
        text = (repo / "vendors" / name).read_text("utf-8")
        (repo / "vendors" / name).write_text(text.replace("id: ", f"id: {name[0]}-", 1), "utf-8")
    doc = check(repo, "--format", "json").json()
    _code, lines = annotations(check, repo)
    commands = [m["command"] for m in lines]
    assert commands == sorted(commands, key=["error", "warning", "notice"].index)
    errors = [unescape(m["file"]) for m in lines if m["command"] == "error"]
    assert len(errors) == sum(1 for f in doc["findings"] if f["severity"] == "error") > 10
    assert errors[:3] == ["vendors/a.yaml", "vendors/b.yaml", "vendors/c.yaml"]
    assert {errors[i] for i in range(10)} == {"vendors/a.yaml", "vendors/b.yaml", "vendors/c.yaml"}
    shown = {f: errors[:10].count(f) for f in set(errors)}
    assert max(shown.values()) - min(shown.values()) <= 1  # an even spread


def test_summary_is_among_the_first_ten_notices_of_a_large_run(make_repo, data_copy, check):
    repo = make_repo({}, config=False)
    for i in range(12):
        data_copy("passing.yaml", repo / "vendors" / f"v{i:02}.yaml")
        text = (repo / "vendors" / f"v{i:02}.yaml").read_text("utf-8")
        (repo / "vendors" / f"v{i:02}.yaml").write_text(
            text.replace("id: ", f"id: v{i:02}-", 1), "utf-8"
        )
    _code, lines = annotations(check, repo, "--select", "CTL", "--as-of", "2026-12-01")
    notices = [m for m in lines if m["command"] == "notice"]
    assert notices[0]["title"] == "ctlint"


def test_file_names_with_cr_and_lf_round_trip(make_repo, data_copy, check):
    repo = make_repo({})
    name = "cr\rlf\nesc\x1b.yaml"
    data_copy("failing.yaml", repo / "vendors" / name)
    run = check(repo, "--format", "github")
    assert "\x1b" not in run.stdout
    assert "\r" not in run.stdout
    first = run.stdout.splitlines()[0]
    assert "file=vendors/cr%0Dlf%0Aesc\\x1b.yaml," in first
    assert unescape(LINE.fullmatch(first)["file"]) == "vendors/cr\rlf\nesc\\x1b.yaml"  # type: ignore[index]
