"""The formats of ``ctlint due`` (ctlint.output.due.as_*): iCalendar lines, folding and escaping
(read back with the ``icalendar`` package), CSV cells guarded against formulas, text and JSON
with every control character of a manifest made harmless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from ctlint.config import load_settings
from ctlint.engine import pipeline as api
from ctlint.output import due
from ctlint.output.due import as_ics
from ctlint.output.due.model import Due, DueItem
from ctlint.output.rendering import RenderOptions

DATA = Path(__file__).resolve().parents[2] / "data" / "due"


def listing(name: str, within: int = 90) -> Due:
    settings = load_settings(cwd=str(DATA / name))
    return due.build(api.run(settings, keep=True), within)


def item(summary: str, **changes: object) -> DueItem:
    values: dict[str, object] = {
        "date": dt.date(2027, 1, 1),
        "kind": "agreement",
        "file": "vendors/a.yaml",
        "vendor": "a",
        "vendor_name": "A",
        "field": "agreement.expires",
        "summary": summary,
        "rule": None,
        "overdue": False,
        "days": 31,
    }
    values.update(changes)
    return DueItem(**values)  # type: ignore[arg-type]


def one(*items: DueItem) -> Due:
    return Due(dt.date(2026, 12, 1), 90, dt.date(2027, 3, 1), items, 1)


def test_fold_keeps_every_line_within_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100 + "x" * 80
    folded = as_ics.fold(line)
    assert folded.endswith("\r\n")
    physical = folded[:-2].split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line
    assert as_ics.fold("SHORT:x") == "SHORT:x\r\n"


def test_text_values_escape_separators_backslashes_and_line_breaks():
    assert as_ics.text_value("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    escaped = as_ics.text_value("bell\x07 esc\x1b")
    assert "\x07" not in escaped
    assert "\x1b" not in escaped


def test_the_calendar_parses_with_icalendar_and_round_trips_hostile_text():
    icalendar = pytest.importorskip("icalendar", reason="icalendar (a test extra) is not installed")
    nasty = 'Evil, Inc.; "quoted" \\ back\nslash \x1b]0;owned\x07 ' + "ü" * 40
    text = as_ics.render_ics(one(item(nasty), item("Second", overdue=True, days=-3, field="x")))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    assert all(len(line.encode("utf-8")) <= 76 for line in text.split("\n"))  # 75 + CR
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    first = events[0]
    assert str(first["SUMMARY"]).startswith('Evil, Inc.; "quoted" \\ back\nslash ')
    assert str(first["SUMMARY"]).endswith("ü" * 40)
    assert first.decoded("DTSTART") == dt.date(2027, 1, 1)
    assert first.decoded("DTEND") == dt.date(2027, 1, 2)
    assert first.decoded("DTSTAMP") == dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    assert str(events[1]["SUMMARY"]) == "Overdue: Second"


def test_the_last_day_of_the_calendar_has_no_end():
    icalendar = pytest.importorskip("icalendar", reason="icalendar (a test extra) is not installed")
    text = as_ics.render_ics(one(item("Far", date=dt.date.max)))
    assert "DTEND" not in text
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date.max


def test_hostile_manifest_text_in_every_format():
    result = listing("hostile")
    (agreement,) = result.items
    assert agreement.vendor.startswith("=HYPERLINK(")  # the id failed its schema check
    for fmt in due.FORMATS:
        out = due.render(result, fmt)
        assert "\x1b" not in out, fmt
        assert "\x07" not in out, fmt
    rows = list(csv.reader(io.StringIO(due.render(result, "csv").lstrip("\ufeff"))))
    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["vendor_id"].startswith("'=HYPERLINK(")
    assert cells["vendor_name"].startswith("'@SUM(1+1); evil, inc.")
    assert "\n" not in cells["vendor_name"]
    assert cells["days"] == "61"
    data = json.loads(due.render(result, "json"))
    assert data["items"][0]["vendor_name"].startswith("@SUM(1+1); evil, inc. \\ back\nslash ")
    # JSON keeps the value exactly, its controls written as \u escapes (no raw byte above)
    assert data["items"][0]["vendor_name"].endswith("\x1b]0;owned\x07 done")
    assert "\\u001b" in due.render(result, "json")
    text = due.render(result, "text")
    assert text.count("\n") == 3  # one item line, a blank line, the summary


def test_text_quiet_leaves_out_the_summary():
    result = listing("agency")
    quiet = due.render(result, "text", RenderOptions(quiet=True))
    assert quiet.count("\n") == len(result.items) == 5
    assert quiet.splitlines()[0].startswith("2026-10-01  OVERDUE  61 days ago")
    full = due.render(result, "text")
    assert full.splitlines()[-1] == (
        "2 overdue, 3 due by 2027-03-01 (as of 2026-12-01, within 90 days; 3 files)"
    )
