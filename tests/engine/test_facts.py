"""The facts layer's view of a manifest at a date (:func:`ctlint.engine.facts.as_held`): a
certification past its ``security.certification_expiry`` date no longer counts as held, for
``ctlint check`` (CTDPA-007, which a SOC 2 Type 2 report satisfies) and the register alike.
Fixture: tests/data/due/certifications/ (as of 2026-12-01, the SOC 2 report lapsed on
2026-11-15, the PCI DSS attestation expires on 2026-12-21)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ctlint.engine.facts import as_held, certification_expiry, lapsed_certifications

DATA = Path(__file__).resolve().parents[1] / "data" / "due" / "certifications"
MANIFEST = "vendors/pay-desk.yaml"


def _data(**expiry: str) -> dict[str, Any]:
    return {
        "id": "x",
        "security": {
            "certifications": ["soc2_type2", "iso27001", "pci_dss"],
            "certification_expiry": expiry,
        },
    }


def test_a_certification_is_held_through_its_expiry_date_and_lapses_the_day_after() -> None:
    data = _data(soc2_type2="2026-11-15", iso27001="2027-01-31")
    assert certification_expiry(data) == {
        "soc2_type2": dt.date(2026, 11, 15),
        "iso27001": dt.date(2027, 1, 31),
    }
    assert as_held(data, dt.date(2026, 11, 15)) is data  # nothing lapsed: the same data
    held = as_held(data, dt.date(2026, 11, 16))
    assert held["security"]["certifications"] == ["iso27001", "pci_dss"]  # pci_dss: no date
    assert lapsed_certifications(data, dt.date(2026, 11, 16)) == {
        "soc2_type2": dt.date(2026, 11, 15)
    }
    assert data["security"]["certifications"] == ["soc2_type2", "iso27001", "pci_dss"]
    assert as_held(data, dt.date(2027, 2, 1))["security"]["certifications"] == ["pci_dss"]


def test_without_dates_or_a_list_nothing_lapses() -> None:
    assert as_held({"id": "x"}, dt.date(2030, 1, 1)) == {"id": "x"}
    unlisted = {"security": {"certification_expiry": {"soc2_type2": "2020-01-01"}}}
    assert lapsed_certifications(unlisted, dt.date(2030, 1, 1)) == {}
    assert as_held(unlisted, dt.date(2030, 1, 1)) is unlisted


@pytest.fixture
def certified(tmp_path: Path) -> Path:
    target = tmp_path / "certifications"
    shutil.copytree(DATA, target)
    return target


def _ctdpa_007(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"] == "CTDPA-007"]


def test_check_no_longer_counts_the_lapsed_certification(run_cli: Any, certified: Path) -> None:
    code, out, _err = run_cli("check", "--format", "json", cwd=certified)
    assert code == 1
    (finding,) = _ctdpa_007(json.loads(out))
    assert (finding["file"], finding["pointer"]) == (MANIFEST, "/agreement/clauses")
    assert not [f for f in json.loads(out)["findings"] if f["rule"].startswith("CTL1")]
    # on its last valid day the SOC 2 Type 2 report still meets the rule
    _code, out, _err = run_cli("check", "--format", "json", "--as-of", "2026-11-15", cwd=certified)
    assert _ctdpa_007(json.loads(out)) == []
    # without the expiry date, the listed report counts as held
    manifest = certified / MANIFEST
    manifest.write_text(manifest.read_text("utf-8").replace("soc2_type2: 2026-11-15", ""))
    _code, out, _err = run_cli("check", "--format", "json", cwd=certified)
    assert _ctdpa_007(json.loads(out)) == []


def test_the_register_fails_the_rule_from_the_day_after_the_lapse(
    run_cli: Any, certified: Path
) -> None:
    def cell(*args: str) -> dict[str, Any]:
        code, out, err = run_cli("report", "--format", "json", *args, cwd=certified)
        assert code == 0, err
        matrix = json.loads(out)["matrix"]
        found: dict[str, Any] = next(c for c in matrix if c["rule"] == "CTDPA-007")
        return found

    lapsed = cell()
    assert (lapsed["result"], lapsed["open"], lapsed["since"]) == ("fail", 1, "2026-11-16")
    held = cell("--as-of", "2026-11-15")
    assert held["result"] == "pass"  # met by the certification, still held on that day
