"""Baselines: identity without line numbers, sorted atomic files, check against one, update."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ctlint.cli import run_cli
from ctlint.engine import baseline
from ctlint.errors import BaselineError
from ctlint.model.findings import Finding, Severity, Span

BASE = Path(__file__).resolve().parents[2] / "policies" / "base-manifest.yaml"
CONFIG = "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-12-01\n"


def _finding(rule, pointer, item=None, line=1, vendor="acme"):
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message="m",
        file=f"vendors/{vendor}.yaml",
        span=Span(line, 1, line, 2),
        pointer=pointer,
        item=item,
        vendor=vendor,
    )


def test_identity_ignores_lines():
    a = _finding("CTDPA-015", "/notice/privacy_notice_includes", "contact", line=4)
    b = _finding("CTDPA-015", "/notice/privacy_notice_includes", "contact", line=40)
    assert baseline.key(a) == baseline.key(b)


def test_apply_hides_known_and_counts_fixed():
    entries = baseline.entries_from([_finding("R-001", "/a"), _finding("R-002", "/b")])
    kept, outcome = baseline.apply(
        [_finding("R-001", "/a", line=9), _finding("R-003", "/c")],
        entries,
        path="b.json",
        files=["vendors/acme.yaml"],
    )
    assert [f.rule for f in kept] == ["R-003"]
    assert outcome.known == 1
    assert [e.rule for e in outcome.fixed] == ["R-002"]


def test_fixed_counts_only_checked_files():
    entries = baseline.entries_from([_finding("R-001", "/a", vendor="other")])
    _kept, outcome = baseline.apply([], entries, path="b.json", files=["vendors/acme.yaml"])
    assert outcome.fixed == ()


def test_file_is_sorted_and_stable():
    findings = [_finding("R-002", "/b"), _finding("R-001", "/a", "x")]
    text = baseline.dumps(baseline.entries_from(findings))
    assert text == baseline.dumps(baseline.entries_from(list(reversed(findings))))
    assert [e["rule"] for e in json.loads(text)["findings"]] == ["R-001", "R-002"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not a ctlint baseline"),
        ('{"version": 3, "findings": []}', r"expected version 2 \(or 1\)"),
        (
            '{"version": 2, "findings": [{"vendor": "a", "rule": "R", "pointer": ""}]}',
            "needs a text file",
        ),
        ('{"version": 1, "findings": [{"rule": 1}]}', "needs text vendor, rule and pointer"),
    ],
    ids=["syntax", "version", "entry", "no-file"],
)
def test_bad_baseline_is_an_error(tmp_path, text, message):
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(BaselineError, match=message):
        baseline.load(str(path))


@pytest.fixture
def legacy_repo(repo, monkeypatch):
    """The shared repository (conftest.py) with three existing vendors that do not pass yet."""
    tmp_path = repo.path
    vendors = tmp_path / "vendors"
    for kept in ("contracts/zendesk-dpa.pdf", "docs/incident-response.md"):
        (tmp_path / kept).unlink()  # their documents are missing too (CTL203), as in real adoption
    base = BASE.read_text()
    for name in ("zendesk", "intercom", "talkdesk"):
        text = base.replace("id: zendesk", f"id: {name}").replace("  - llm_training", "")
        text = text.replace("contact, llm_training, last_updated]", "contact, last_updated]")
        (vendors / f"{name}.yaml").write_text(text)
    (tmp_path / ".ctlint.yaml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_adopt_with_a_baseline(legacy_repo, capsys):
    assert run_cli(["check", "--quiet"]) == 1
    before = capsys.readouterr().out.count("\n")
    assert before > 3
    assert run_cli(["baseline"]) == 0
    assert "recorded" in capsys.readouterr().out
    config = legacy_repo / ".ctlint.yaml"
    config.write_text(CONFIG + "baseline: .ctlint-baseline.json\n")
    assert run_cli(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("0 findings")
    assert f"{before} known finding(s) not shown" in captured.err

    # lines move above the findings: still known
    talkdesk = legacy_repo / "vendors" / "talkdesk.yaml"
    talkdesk.write_text("# moved\n# down\n# three lines\n" + talkdesk.read_text())
    assert run_cli(["check"]) == 0
    capsys.readouterr()

    # a new problem is reported
    talkdesk.write_text(talkdesk.read_text().replace("response_days: 45", "response_days: 90"))
    assert run_cli(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["findings"]] == ["CTDPA-020"]
    assert report["baseline"]["known"] == before

    # fixing one vendor: the baseline says how many are fixed, and --update shrinks it
    talkdesk.write_text(
        talkdesk.read_text()
        .replace("response_days: 90", "response_days: 45")
        .replace("contact, last_updated]", "contact, llm_training, last_updated]")
    )
    assert run_cli(["check"]) == 0
    assert "1 baselined finding(s) are fixed" in capsys.readouterr().err
    path = legacy_repo / ".ctlint-baseline.json"
    entries = len(json.loads(path.read_text())["findings"])
    assert run_cli(["baseline", "--update"]) == 0
    assert "dropped 1 fixed finding(s)" in capsys.readouterr().out
    assert len(json.loads(path.read_text())["findings"]) == entries - 1


def test_baseline_refuses_to_overwrite(legacy_repo, capsys):
    assert run_cli(["baseline"]) == 0
    path = legacy_repo / ".ctlint-baseline.json"
    before = path.read_text()
    assert run_cli(["baseline"]) == 2
    assert "use --update" in capsys.readouterr().err
    assert path.read_text() == before
    assert run_cli(["baseline", "--force", "--output", "other.json"]) == 0
    assert (legacy_repo / "other.json").is_file()


def test_check_with_missing_baseline_is_exit_2(legacy_repo, capsys):
    assert run_cli(["check", "--baseline", "nope.json"]) == 2
    assert "baseline file not found" in capsys.readouterr().err


def test_update_never_adds(legacy_repo, capsys):
    shutil.copy(BASE, legacy_repo / "vendors" / "extra.yaml")
    path = legacy_repo / ".ctlint-baseline.json"
    path.write_text(baseline.dumps([]))
    assert run_cli(["baseline", "--update"]) == 0
    assert json.loads(path.read_text())["findings"] == []


# --------------------------------------------------------------------------- the file in the identity

V1 = Path(__file__).resolve().parents[1] / "data" / "baseline" / "v1"


def test_two_files_that_share_an_id_have_distinct_identities():
    a = _finding("R-001", "/a")
    b = a.replace(file="vendors/acme-copy.yaml")
    assert baseline.key(a) != baseline.key(b)
    kept, outcome = baseline.apply([a, b], baseline.entries_from([a]), path="b", files=[])
    assert kept == [b]
    assert outcome.known == 1


@pytest.fixture
def v1_repo(tmp_path, monkeypatch):
    """The old-format fixture: acme.yaml (id ``failing``) and broken.yaml (no id: its v1 entry
    is ``file:vendors/broken.yaml``), with the baseline the previous ctlint recorded for them."""
    root = tmp_path / "v1"
    shutil.copytree(V1, root)
    (root / ".git").mkdir()
    (root / "ctlint-baseline-v1.json").rename(root / ".ctlint-baseline.json")
    monkeypatch.chdir(root)
    return root


def test_an_old_format_baseline_still_matches(v1_repo, capsys):
    old = json.loads((v1_repo / ".ctlint-baseline.json").read_text())
    assert old["version"] == 1
    assert run_cli(["check", "--baseline", ".ctlint-baseline.json"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("0 findings")
    assert f"{len(old['findings'])} known finding(s) not shown" in captured.err
    assert "old format (`ctlint baseline --update` rewrites it)" in captured.err


def test_a_copied_manifest_is_not_hidden_by_the_original_baseline(v1_repo, capsys):
    """The review's repro: a copy with the same id gets its own findings reported."""
    shutil.copy(v1_repo / "vendors" / "acme.yaml", v1_repo / "vendors" / "acme-copy.yaml")
    assert run_cli(["check", "--baseline", ".ctlint-baseline.json", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    files = {f["file"] for f in report["findings"]}
    assert files == {"vendors/acme-copy.yaml", "vendors/acme.yaml"}
    original = [f for f in report["findings"] if f["file"] == "vendors/acme.yaml"]
    assert [f["rule"] for f in original] == ["CTL201"]  # only the new duplicate-id finding
    copy = [f["rule"] for f in report["findings"] if f["file"] == "vendors/acme-copy.yaml"]
    recorded = json.loads((v1_repo / ".ctlint-baseline.json").read_text())["findings"]
    # every finding the original had in the baseline is reported again for the copy
    # (and CTL201 too: it goes on every file that shares the id)
    assert "CTL201" in copy
    copy.remove("CTL201")
    assert sorted(copy) == sorted(e["rule"] for e in recorded if e["file"] == "vendors/acme.yaml")


def test_baseline_update_rewrites_an_old_format_file(v1_repo, capsys):
    path = v1_repo / ".ctlint-baseline.json"
    old = json.loads(path.read_text())
    assert run_cli(["baseline", "--update"]) == 0
    assert "rewritten in the current format" in capsys.readouterr().out
    new = json.loads(path.read_text())
    assert new["version"] == 2
    assert len(new["findings"]) == len(old["findings"])
    assert {e["file"] for e in new["findings"]} == {"vendors/acme.yaml", "vendors/broken.yaml"}
    broken = next(e for e in new["findings"] if e["rule"] == "CTL001")
    assert broken["vendor"] == ""  # no more `file:PATH` stand-in
    assert run_cli(["check", "--baseline", str(path)]) == 0
    assert "old format" not in capsys.readouterr().err


def test_an_old_entry_without_a_file_matches_in_any_file(v1_repo, capsys):
    path = v1_repo / ".ctlint-baseline.json"
    old = json.loads(path.read_text())
    for entry in old["findings"]:
        if not entry["vendor"].startswith("file:"):
            entry["file"] = None
    path.write_text(json.dumps(old))
    assert run_cli(["check", "--baseline", str(path)]) == 0
    assert run_cli(["baseline", "--update"]) == 0
    capsys.readouterr()
    new = json.loads(path.read_text())
    assert len(new["findings"]) == len(old["findings"])
    assert all(e["file"] for e in new["findings"])  # the file each matched is recorded now
