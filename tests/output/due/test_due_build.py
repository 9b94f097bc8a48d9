"""What ``ctlint due`` lists (ctlint.output.due.build) for the test repositories under
tests/data/due/: each kind of item, its date, whether it is overdue, the window and the order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from ctlint.config import load_settings
from ctlint.engine import pipeline as api
from ctlint.output import due
from ctlint.output.due.model import DEFAULT_WITHIN_DAYS, DueItem

DATA = Path(__file__).resolve().parents[2] / "data" / "due"
AGENCY = DATA / "agency"


def listing(as_of: str | None = None, within: int = DEFAULT_WITHIN_DAYS, root: Path = AGENCY):
    settings = load_settings(cwd=str(root), as_of=as_of)
    return due.build(api.run(settings, keep=True), within)


def rows(items: tuple[DueItem, ...]) -> list[tuple[str, str, str, str, bool]]:
    return [(i.date.isoformat(), i.kind, i.vendor, i.field, i.overdue) for i in items]


def test_every_kind_soonest_first_overdue_before_all():
    result = listing()
    assert result.as_of == dt.date(2026, 12, 1)
    assert result.until == dt.date(2027, 3, 1)
    assert rows(result.items) == [
        ("2026-10-01", "review", "desk", "records.last_accuracy_review", True),
        ("2026-11-01", "waiver", "ada-chatbot", "waivers[CT-AI-004]", True),
        ("2027-01-01", "rule", "ada-chatbot", "CT-AI-003", False),
        ("2027-01-15", "agreement", "ada-chatbot", "agreement.expires", False),
        ("2027-02-01", "waiver", "ada-chatbot", "waivers[CT-PDA-001]", False),
    ]
    assert (result.overdue, result.upcoming, result.files) == (2, 3, 3)
    assert [i.days for i in result.items] == [-61, -30, 31, 45, 62]
    rule = result.items[2]
    assert rule.summary == (
        "From 2027-01-01, CT-AI-003 applies to ada-chatbot: "
        "An AI companion must tell users it is not a human"
    )
    assert rule.rule == "CT-AI-003"
    review = result.items[0]
    assert review.rule == "CT-PDA-005"
    assert "every 365 days" in review.summary
    assert "last 2025-10-01" in review.summary


def test_an_overdue_item_sorts_first_even_when_a_later_one_is_due_today():
    # the expired waiver (2026-11-01) stays first; the agreement's last day is "today"
    result = listing(as_of="2027-01-15", within=0)
    assert [(i.kind, i.status) for i in result.items] == [
        ("review", "overdue"),
        ("waiver", "overdue"),
        ("agreement", "today"),
    ]


def test_the_window_is_inclusive_and_widens_with_within():
    assert [i.date.isoformat() for i in listing(within=62).items][-1] == "2027-02-01"
    assert "2027-02-01" not in [i.date.isoformat() for i in listing(within=61).items]
    wide = listing(within=200)  # to 2027-06-19: ada's next accuracy review, not desk's agreement
    assert rows(wide.items)[-1] == (
        "2027-06-15",
        "review",
        "ada-chatbot",
        "records.last_accuracy_review",
        False,
    )
    assert "desk" not in {i.vendor for i in wide.items if i.kind == "agreement"}
    assert ("2027-06-30", "agreement", "desk") in [r[:3] for r in rows(listing(within=211).items)]


def test_within_zero_lists_only_what_is_overdue_or_due_today():
    assert [i.overdue for i in listing(within=0).items] == [True, True]


def test_as_of_moves_today():
    early = listing(as_of="2026-09-01")
    assert rows(early.items) == [
        ("2026-10-01", "review", "desk", "records.last_accuracy_review", False),
        ("2026-11-01", "waiver", "ada-chatbot", "waivers[CT-AI-004]", False),
    ]
    assert early.overdue == 0


def test_a_rule_already_in_force_is_a_finding_not_an_item():
    # from 2027-01-01 CT-AI-003 is reported by `check`; `due` no longer announces it
    kinds = {(i.kind, i.field) for i in listing(as_of="2027-01-01", within=365).items}
    assert ("rule", "CT-AI-003") not in kinds
    before = {(i.kind, i.field) for i in listing(as_of="2026-12-31", within=1).items}
    assert ("rule", "CT-AI-003") in before
    assert ("rule", "CT-AI-003") not in {
        (i.kind, i.field) for i in listing(as_of="2026-12-01", within=30).items
    }


def test_a_retired_manifest_has_nothing_due():
    assert "old" not in {i.vendor for i in listing(within=36500).items}


def test_the_identity_of_an_item_does_not_depend_on_dates():
    one = {(i.kind, i.field, i.vendor): i.uid for i in listing().items}
    two = {(i.kind, i.field, i.vendor): i.uid for i in listing(as_of="2026-09-01").items}
    shared = one.keys() & two.keys()
    assert shared
    assert all(one[k] == two[k] for k in shared)
    assert len(set(one.values())) == len(one)
    item = listing().items[0]
    moved = dataclasses.replace(item, date=dt.date(2030, 1, 1), days=1000, overdue=False)
    assert moved.uid == item.uid
    assert dataclasses.replace(item, file="vendors/other.yaml").uid != item.uid


def test_a_window_past_the_end_of_the_calendar_stops_there():
    result = listing(as_of="9999-12-01", within=36500)
    assert result.until == dt.date.max


def test_a_negative_window_is_refused():
    settings = load_settings(cwd=str(AGENCY))
    with pytest.raises(ValueError, match="within"):
        due.build(api.run(settings, keep=True), -1)


def test_the_organizations_own_review_rule_is_listed_on_the_last_day_it_passes():
    own = DATA / "own-pack"
    (review,) = listing(root=own).items
    assert (review.date, review.kind, review.field, review.rule) == (
        dt.date(2027, 1, 10),
        "review",
        "review.last_reviewed",
        "ACME-010",
    )
    for day, fires in (("2027-01-10", False), ("2027-01-11", True)):
        report = api.run(load_settings(cwd=str(own), as_of=day))
        assert any(f.rule == "ACME-010" for f in report.findings) is fires
    (late,) = listing(as_of="2027-01-11", root=own).items
    assert (late.status, late.days) == ("overdue", -1)


def test_building_reads_and_parses_no_manifest_again(monkeypatch):
    from ctlint.engine import source

    report = api.run(load_settings(cwd=str(AGENCY)), keep=True)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a manifest was read again")

    monkeypatch.setattr(source, "read_file", refuse)
    monkeypatch.setattr(source, "load_bytes", refuse)
    assert len(due.build(report, 365).items) == 7


def test_two_rules_on_one_date_give_one_review_the_stricter(tmp_path):
    own = tmp_path / "own-pack"
    shutil.copytree(DATA / "own-pack", own)
    rule = own / "policies" / "acme" / "ACME-010.yaml"
    text = rule.read_text()
    stricter = text.replace("ACME-010", "ACME-011").replace("365", "180")
    (own / "policies" / "acme" / "ACME-011.yaml").write_text(stricter)
    (review,) = listing(root=own, within=365).items
    assert (review.rule, review.date) == ("ACME-011", dt.date(2026, 7, 9))
    assert review.overdue


def test_a_change_of_the_law_makes_rules_apply_on_its_day():
    # CTDPA-013 has been in force since 2023; from 2026-07-01 a driver's license number is
    # sensitive data, so the rule applies to this vendor from that day
    report = api.run(load_settings(cwd=str(DATA / "business")), keep=True)
    assert report.catalog.rules["CTDPA-013"].effective_from == dt.date(2023, 7, 1)
    result = due.build(report)
    rules = {i.field: i for i in result.items if i.kind == "rule"}
    assert {"CTDPA-013", "CTDPA-014"} <= rules.keys()
    assert rules["CTDPA-013"].date == dt.date(2026, 7, 1)
    assert rules["CTDPA-013"].summary.startswith(
        "From 2026-07-01, CTDPA-013 applies to rental-desk"
    )
    assert not any(f.rule == "CTDPA-013" for f in report.findings)
