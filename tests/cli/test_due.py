"""``ctlint due`` as a user runs it: on the fixture repositories under tests/data/due/, every
format, ``--within``, ``--as-of``, ``--output``, the exit codes, and a calendar file that the
``icalendar`` package reads back with the expected events and UIDs stable across runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "due"


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    target = tmp_path / "agency"
    shutil.copytree(DATA / "agency", target)
    return target


def test_due_is_listed_in_help_with_its_options(run_cli):
    code, out, _err = run_cli("--help")
    assert code == 0
    assert "due" in out
    code, out, _err = run_cli("due", "--help")
    assert code == 0
    for option in ("--config", "--as-of", "--within", "--format", "--output", "default: 90"):
        assert option in out
    for fmt in ("text", "json", "csv", "ics"):
        assert fmt in out


def test_the_help_default_is_the_library_default():
    from ctlint.cli.due import DEFAULT_WITHIN
    from ctlint.output.due import DEFAULT_WITHIN_DAYS

    assert DEFAULT_WITHIN == DEFAULT_WITHIN_DAYS


def test_text_lists_overdue_first_and_exits_1(run_cli, agency):
    code, out, err = run_cli("due", cwd=agency)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines[:5]] == [
        ["2026-10-01", "OVERDUE"],
        ["2026-11-01", "OVERDUE"],
        ["2027-01-01", "due"],
        ["2027-01-15", "due"],
        ["2027-02-01", "due"],
    ]
    assert "From 2027-01-01, CT-AI-003 applies to ada-chatbot" in lines[2]
    assert "vendors/desk.yaml: CT-PDA-005: records.last_accuracy_review of desk" in lines[0]
    assert lines[-1].startswith("2 overdue, 3 due by 2027-03-01")


def test_nothing_overdue_exits_0(run_cli, agency):
    code, out, err = run_cli("due", "--as-of", "2026-09-01", cwd=agency)
    assert (code, err) == (0, "")
    assert "OVERDUE" not in out
    assert out.splitlines()[-1] == (
        "0 overdue, 2 due by 2026-11-30 (as of 2026-09-01, within 90 days; 3 files)"
    )


def test_within_widens_and_narrows_the_window(run_cli, agency):
    _code, narrow, _err = run_cli("due", "--within", "0", "--format", "json", cwd=agency)
    assert [i["status"] for i in json.loads(narrow)["items"]] == ["overdue", "overdue"]
    _code, wide, _err = run_cli("due", "--within", "211", "--format", "json", cwd=agency)
    document = json.loads(wide)
    assert document["within_days"] == 211
    assert document["until"] == "2027-06-30"
    assert [(i["date"], i["kind"], i["vendor"]) for i in document["items"]][-2:] == [
        ("2027-06-15", "review", "ada-chatbot"),
        ("2027-06-30", "agreement", "desk"),
    ]


@pytest.mark.parametrize("within", ["-1", "36501", "ninety"])
def test_a_bad_window_is_a_usage_error(run_cli, agency, within):
    code, out, err = run_cli("due", "--within", within, cwd=agency)
    assert code == 2
    assert out == ""
    assert "--within" in err
    assert "Traceback" not in err


def test_json_document(run_cli, agency):
    code, out, _err = run_cli("due", "--format", "json", cwd=agency)
    assert code == 1
    document = json.loads(out)
    assert document["kind"] == "ctlint-due"
    assert document["version"] == 1
    assert document["as_of"] == "2026-12-01"
    assert document["summary"] == {"files": 3, "overdue": 2, "upcoming": 3}
    first = document["items"][0]
    assert first == {
        "uid": first["uid"],
        "date": "2026-10-01",
        "status": "overdue",
        "days": -61,
        "kind": "review",
        "file": "vendors/desk.yaml",
        "vendor": "desk",
        "vendor_name": "Help Desk",
        "field": "records.last_accuracy_review",
        "rule": "CT-PDA-005",
        "summary": first["summary"],
    }


def test_csv_rows(run_cli, agency):
    code, out, _err = run_cli("due", "--format", "csv", cwd=agency)
    assert code == 1
    assert out.startswith("\ufeffdate,status,days,kind,")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [(r["date"], r["status"], r["kind"], r["vendor_id"]) for r in rows] == [
        ("2026-10-01", "overdue", "review", "desk"),
        ("2026-11-01", "overdue", "waiver", "ada-chatbot"),
        ("2027-01-01", "upcoming", "rule", "ada-chatbot"),
        ("2027-01-15", "upcoming", "agreement", "ada-chatbot"),
        ("2027-02-01", "upcoming", "waiver", "ada-chatbot"),
    ]
    assert rows[2]["rule"] == "CT-AI-003"
    assert rows[0]["days"] == "-61"


def _events(path: Path):
    icalendar = pytest.importorskip("icalendar", reason="icalendar (a test extra) is not installed")
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_calendar_file_events_and_uids_stable_across_runs(run_cli, agency, tmp_path):
    first, second, later = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    for target in (first, second):
        code, out, err = run_cli("due", "--format", "ics", "--output", target, cwd=agency)
        assert (code, out, err) == (1, "", "")
    assert first.read_bytes() == second.read_bytes()
    events = _events(first)
    assert len(events) == 5
    by_date = sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events.values())
    assert by_date == [
        (
            dt.date(2026, 10, 1),
            "Overdue: CT-PDA-005: records.last_accuracy_review of desk is due again "
            "(last 2025-10-01, every 365 days)",
        ),
        (
            dt.date(2026, 11, 1),
            "Overdue: The waiver of CT-AI-004 for ada-chatbot expired on 2026-11-01: "
            "its findings are reported again (CTL301)",
        ),
        (
            dt.date(2027, 1, 1),
            "From 2027-01-01, CT-AI-003 applies to ada-chatbot: "
            "An AI companion must tell users it is not a human",
        ),
        (dt.date(2027, 1, 15), "The agreement with ada-chatbot expires"),
        (dt.date(2027, 2, 1), "The waiver of CT-PDA-001 for ada-chatbot expires"),
    ]
    for event in events.values():
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date)
        assert not isinstance(start, dt.datetime)
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
    # a later run (another "today", a renewed agreement) updates the same events
    manifest = agency / "vendors" / "ada-chatbot.yaml"
    manifest.write_text(manifest.read_text().replace("2027-01-15", "2027-01-20"))
    code, _out, _err = run_cli(
        "due", "--format", "ics", "--as-of", "2026-12-10", "--output", later, cwd=agency
    )
    assert code == 1
    renewed = _events(later)
    assert set(renewed) == set(events)
    agreement = next(e for e in renewed.values() if "agreement" in str(e["SUMMARY"]))
    assert agreement.decoded("DTSTART") == dt.date(2027, 1, 20)
    assert agreement.decoded("DTSTAMP") == dt.datetime(2026, 12, 10, tzinfo=dt.timezone.utc)


def test_output_never_overwrites_a_manifest(run_cli, agency):
    manifest = agency / "vendors" / "desk.yaml"
    before = manifest.read_bytes()
    code, out, err = run_cli("due", "--format", "ics", "--output", manifest, cwd=agency)
    assert code == 2
    assert out == ""
    assert "choose another output path" in err
    assert manifest.read_bytes() == before


def test_paths_and_config_from_another_folder(tmp_path, agency):
    config = agency / ".ctlint.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ctlint",
            "due",
            "--config",
            str(config),
            "--format",
            "json",
            str(agency / "vendors" / "desk.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)["items"]
    assert [(i["kind"], i["vendor"]) for i in items] == [("review", "desk")]


def test_no_manifest_is_said_and_nothing_is_due(run_cli, tmp_path):
    (tmp_path / ".ctlint.yaml").write_text("organization:\n  type: ct_state_agency\n")
    code, out, err = run_cli("due", "--format", "json", cwd=tmp_path)
    assert code == 0
    assert json.loads(out)["items"] == []
    assert "no manifest found" in err


def test_a_bad_as_of_is_a_usage_error(run_cli, agency):
    code, _out, err = run_cli("due", "--as-of", "2026-13-45", cwd=agency)
    assert code == 2
    assert "as-of" in err.lower()
    assert "Traceback" not in err


@pytest.fixture
def certified(tmp_path: Path) -> Path:
    target = tmp_path / "certifications"
    shutil.copytree(DATA / "certifications", target)
    return target


def test_certifications_lapsing_in_every_format(run_cli, certified, tmp_path):
    soc2 = "security.certification_expiry.soc2_type2"
    pci = "security.certification_expiry.pci_dss"
    code, out, err = run_cli("due", "--within", "30", cwd=certified)
    assert (code, err) == (1, "")  # the lapsed one is overdue
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["2026-11-15", "OVERDUE", "16", "days", "ago"]
    assert lines[0].split()[5] == "certification"
    assert lines[0].endswith(
        "vendors/pay-desk.yaml: The soc2_type2 certification of pay-desk expired on "
        "2026-11-15: it no longer counts as held"
    )
    assert lines[1].split()[:5] == ["2026-12-21", "due", "in", "20", "days"]
    assert lines[1].endswith("The pci_dss certification of pay-desk expires")
    assert lines[-1] == "1 overdue, 1 due by 2026-12-31 (as of 2026-12-01, within 30 days; 1 file)"
    _code, narrow, _err = run_cli("due", "--within", "19", "--format", "json", cwd=certified)
    assert [i["field"] for i in json.loads(narrow)["items"]] == [soc2]  # 20 days is outside

    code, out, _err = run_cli("due", "--within", "30", "--format", "json", cwd=certified)
    items = json.loads(out)["items"]
    assert [(i["date"], i["status"], i["days"], i["kind"], i["field"]) for i in items] == [
        ("2026-11-15", "overdue", -16, "certification", soc2),
        ("2026-12-21", "upcoming", 20, "certification", pci),
    ]
    assert all(i["rule"] is None and i["vendor"] == "pay-desk" for i in items)

    code, out, _err = run_cli("due", "--within", "30", "--format", "csv", cwd=certified)
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [(r["date"], r["status"], r["kind"], r["field"], r["uid"]) for r in rows] == [
        (i["date"], i["status"], i["kind"], i["field"], i["uid"]) for i in items
    ]

    calendar, later = tmp_path / "due.ics", tmp_path / "later.ics"
    code, _out, _err = run_cli(
        "due", "--within", "30", "--format", "ics", "--output", calendar, cwd=certified
    )
    assert code == 1
    events = _events(calendar)
    assert set(events) == {i["uid"] for i in items}
    assert sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events.values()) == [
        (
            dt.date(2026, 11, 15),
            "Overdue: The soc2_type2 certification of pay-desk expired on 2026-11-15: "
            "it no longer counts as held",
        ),
        (dt.date(2026, 12, 21), "The pci_dss certification of pay-desk expires"),
    ]
    # a renewed PCI DSS attestation moves its event, under the same UID
    manifest = certified / "vendors" / "pay-desk.yaml"
    manifest.write_text(manifest.read_text().replace("2026-12-21", "2026-12-28"))
    run_cli("due", "--within", "30", "--format", "ics", "--output", later, cwd=certified)
    renewed = _events(later)
    assert set(renewed) == set(events)
    assert {e.decoded("DTSTART") for e in renewed.values()} == {
        dt.date(2026, 11, 15),
        dt.date(2026, 12, 28),
    }
