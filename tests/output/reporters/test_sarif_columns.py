"""SARIF columns are UTF-16 code units (``columnKind: utf16CodeUnits``, what GitHub code
scanning and SARIF viewers count); every other output keeps code points."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ctlint.document.read import Limits
from ctlint.model.findings import Span
from ctlint.output.reporters.sarif_columns import Utf16Columns, utf16_column

EMOJI_LINE = 13  # the line of vendors/emoji.yaml with 😀 and 🎉 before `processr`


def _utf16_slice(line: str, start: int, end: int) -> str:
    """What a UTF-16 consumer (JavaScript, GitHub) shows for 1-based columns start..end."""
    units = line.encode("utf-16-le")
    return units[2 * (start - 1) : 2 * (end - 1)].decode("utf-16-le")


def test_two_emoji_before_the_finding_move_sarif_columns_only(make_repo, check, validate_sarif):
    repo = make_repo({"emoji.yaml": "emoji.yaml"})
    line = (repo / "vendors" / "emoji.yaml").read_text("utf-8").splitlines()[EMOJI_LINE - 1]
    [finding] = check(repo, "--format", "json").json()["findings"]
    assert (finding["rule"], finding["line"]) == ("CTL103", EMOJI_LINE)
    # JSON and text: code points, so Python's str slices the value
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == "processr"
    text = check(repo).stdout
    assert f"vendors/emoji.yaml:{EMOJI_LINE}:{finding['column']}: CTL103 error:" in text

    doc = json.loads(check(repo, "--format", "sarif").stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    [result] = run["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": EMOJI_LINE,
        "startColumn": finding["column"] + 2,  # each emoji is two UTF-16 code units
        "endLine": EMOJI_LINE,
        "endColumn": finding["end_column"] + 2,
    }
    assert _utf16_slice(line, region["startColumn"], region["endColumn"]) == "processr"


def test_lines_without_such_characters_keep_their_columns(make_repo, check):
    # The emoji file's other findings (here an unknown key on a later line) do not move.
    text = (make_repo({"emoji.yaml": "emoji.yaml"}) / "vendors" / "emoji.yaml").read_text("utf-8")
    repo = make_repo({"emoji.yaml": text.replace("  sale: false", "  sale: false\n  colour: 1")})
    findings = check(repo, "--format", "json").json()["findings"]
    doc = json.loads(check(repo, "--format", "sarif").stdout)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"]]
    moved = {
        f["rule"]: (region["startColumn"] - f["column"], region["endColumn"] - f["end_column"])
        for f, region in zip(findings, regions, strict=True)
    }
    assert moved == {"CTL103": (2, 2), "CTL104": (0, 0)}


def test_crlf_counts_as_one_line_break(make_repo, check):
    text = (make_repo({"emoji.yaml": "emoji.yaml"}) / "vendors" / "emoji.yaml").read_text("utf-8")
    repo = make_repo({})
    (repo / "vendors" / "emoji.yaml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    [finding] = check(repo, "--format", "json").json()["findings"]
    doc = json.loads(check(repo, "--format", "sarif").stdout)
    [result] = doc["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (EMOJI_LINE, finding["column"] + 2)


def test_other_files_are_read_and_missing_lines_keep_their_columns(tmp_path):
    """Manifests' lines come from the pipeline; another file (the configuration) is read."""
    (tmp_path / ".ctlint.yaml").write_text("a: 😀\nb: 🎉 x\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("a: 😀 x\n", encoding="utf-8")  # never read
    columns = Utf16Columns({"m.yaml": {3: "😀😀 y"}}, ["m.yaml"], str(tmp_path), Limits())
    assert columns.region(".ctlint.yaml", Span(2, 6, 5, 3)) == {
        "startLine": 2,
        "startColumn": 7,  # after 🎉
        "endLine": 5,  # a line without such characters (or none at all): as it was
        "endColumn": 3,
    }
    assert columns.region("m.yaml", Span(1, 6, 3, 4)) == {
        "startLine": 1,
        "startColumn": 6,  # the pipeline kept no line 1: the file is not read again
        "endLine": 3,
        "endColumn": 6,
    }
    gone = columns.region("gone.yaml", Span(1, 4, 1, 9))
    assert (gone["startColumn"], gone["endColumn"]) == (4, 9)


@given(st.text(alphabet=st.sampled_from("a é\t😀🎉中\U0010ffff"), max_size=30), st.data())
def test_utf16_column_counts_code_units(line, data):
    column = data.draw(st.integers(min_value=1, max_value=len(line) + 1))
    expected = len(line[: column - 1].encode("utf-16-le")) // 2 + 1
    assert utf16_column(line, column) == expected
