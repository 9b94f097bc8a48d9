"""ctlint.law.tables: the law data files (ctlint/law/*.yaml), their schema and their errors.

The values are pinned to what ctlint decided when they were Python constants, so that moving
them into data changed nothing. The last tests edit a copy of the data files and run the real
CLI on it in a new process: a threshold or a date changes the decision without any Python.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ctlint.law import records, tables
from ctlint.law.tables import DATA_FILES, LawDataError

ROOT = Path(__file__).resolve().parents[2]
LAW = ROOT / "ctlint" / "law"
D = dt.date


def texts() -> dict[str, str]:
    return {name: (LAW / name).read_text("utf-8") for name in DATA_FILES}


def parsed() -> dict[str, Any]:
    """The data parsed and checked from the YAML (never from the bundle)."""
    return copy.deepcopy(tables.parse(texts()))


# --------------------------------------------------------------------------- the shipped data


def test_the_yaml_and_the_bundle_give_the_same_tables() -> None:
    assert tables.build(parsed()) == tables.law()


def test_pack_table() -> None:
    packs = tables.law().packs
    assert packs.order == (
        "core",
        "ct-pda",
        "ct-psa",
        "ctdpa",
        "ct-health",
        "ct-breach",
        "ct-pi",
        "ct-recording",
        "ct-employment",
        "ct-ai",
    )
    assert packs.undeclared.packs == ("ct-pda", "ct-psa")
    business = ("ctdpa", "ct-health", "ct-breach", "ct-pi", "ct-recording", "ct-employment")
    assert {t.name: (t.packs, t.state_contractor) for t in packs.types} == {
        "private_business": ((*business, "ct-ai"), ("ct-pda",)),
        "ct_state_agency": (
            ("ct-pda", "ct-psa", "ct-breach", "ct-pi", "ct-recording", "ct-employment", "ct-ai"),
            (),
        ),
        "ct_municipal_agency": (
            ("ct-pda", "ct-breach", "ct-pi", "ct-recording", "ct-employment", "ct-ai"),
            (),
        ),
        "nonprofit": ((*business, "ct-ai"), ("ct-pda",)),
    }
    assert [t.name for t in packs.types] == [
        "private_business",
        "ct_state_agency",
        "ct_municipal_agency",
        "nonprofit",
    ]
    assert packs.off_when_false == (("ct-employment", "ct_employees"),)
    assert packs.type("nonprofit") is not None
    assert packs.type(None) is None


def test_ctdpa_thresholds_and_dates() -> None:
    ctdpa = tables.law().ctdpa
    assert ctdpa.pack == "ctdpa"
    assert ctdpa.in_force == D(2023, 7, 1)
    first, second = ctdpa.periods
    assert (first.start, first.end, first.consumers) == (D(2023, 7, 1), D(2026, 6, 30), 100_000)
    assert first.with_sales == records.SalesTest(25_000, 0.25)
    assert (first.sensitive_data, first.sale) == (False, False)
    assert (second.start, second.end, second.consumers) == (D(2026, 7, 1), None, 35_000)
    assert second.with_sales is None
    assert (second.sensitive_data, second.sale) == (True, True)
    assert ctdpa.period(D(2023, 6, 30)) is None
    assert ctdpa.period(D(2023, 7, 1)) is first
    assert ctdpa.period(D(2026, 6, 30)) is first
    assert ctdpa.period(D(2026, 7, 1)) is second


def test_exemptions_and_their_end_dates() -> None:
    ctdpa = tables.law().ctdpa
    assert ctdpa.cite == "§ 42-517"
    assert {e.name: (e.words, e.until) for e in ctdpa.exemptions} == {
        "hipaa_covered_entity": ("a HIPAA covered entity", None),
        "glba_financial_institution": (
            "a financial institution subject to the Gramm-Leach-Bliley Act",
            D(2026, 6, 30),
        ),
        "higher_education": ("an institution of higher education", None),
        "national_securities_association": ("a national securities association", None),
    }
    glba = ctdpa.exemption("glba_financial_institution")
    assert glba is not None
    assert glba.in_force(D(2026, 6, 30))
    assert not glba.in_force(D(2026, 7, 1))
    assert glba.ended is not None
    assert glba.ended.endswith("that ctlint does not list (secondary)")
    (nonprofit,) = ctdpa.exempt_types
    assert (nonprofit.name, nonprofit.reason) == ("nonprofit", "nonprofit organizations are exempt")
    assert ctdpa.exempt_type("private_business") is None


def test_change_dates() -> None:
    assert tables.law().change_dates == {D(2023, 7, 1), D(2026, 7, 1)}


def test_every_entry_with_a_source_has_a_status_and_secondary_claims_stay_marked() -> None:
    data = tables.law()
    sources = [p.source for p in data.ctdpa.periods]
    sources += [e.source for e in data.ctdpa.exemptions]
    sources += [t.source for t in data.ctdpa.exempt_types]
    sources += [c.source for c in data.categories if c.source]
    assert all(s.status in ("verified", "secondary", "unverified") for s in sources)
    # legal-sources.md: the thresholds (C2, O8), the GLBA end date (E25) and the § 42-517
    # text after Public Act 25-113 (O8) were not read first-hand
    assert {p.source.status for p in data.ctdpa.periods} == {"secondary"}
    assert {e.source.status for e in data.ctdpa.exemptions} == {"secondary"}
    sensitive = {k.key: k for k in data.category("sensitive").keys}
    assert sensitive["user.demographic.transgender_status"].status == "secondary"
    assert sensitive["user.crime_victim_status"].status == "unverified"  # open point O12
    high_risk = {k.key: k for k in data.category("high_risk").keys}
    assert high_risk["user.health_and_medical.record_id"].status == "unverified"  # mapping


def test_organization_types_and_exemptions_match_the_configuration_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text("utf-8"))
    organization = schema["properties"]["organization"]["properties"]
    data = tables.law()
    assert [t.name for t in data.packs.types] == organization["type"]["enum"]
    assert [e.name for e in data.ctdpa.exemptions] == organization["exemptions"]["items"]["enum"]


def test_organization_types_and_exemptions_match_the_scaffold() -> None:
    from ctlint import scaffold

    data = tables.law()
    assert tuple(t.name for t in data.packs.types) == scaffold.ORG_TYPES
    assert tuple(e.name for e in data.ctdpa.exemptions) == scaffold.EXEMPTIONS


def test_every_named_pack_is_a_built_in_pack() -> None:
    folders = {p.name for p in (ROOT / "policies").iterdir() if (p / "pack.yaml").is_file()}
    assert set(tables.law().packs.order) == folders


def test_the_package_folder_is_read_without_the_override() -> None:
    assert tables.FOLDER is None
    assert Path(tables.folder()) == LAW
    assert tables.display("scope.yaml") == "ctlint/law/scope.yaml"


# --------------------------------------------------------------------------- the bundle


def test_bundle_is_current() -> None:
    assert (LAW / tables.BUNDLE_NAME).read_text("utf-8") == tables.render_bundle(), (
        "ctlint/law/bundle.json is stale: run `python -m ctlint.law.tables ctlint/law/bundle.json`"
    )


def test_bundle_records_every_data_file_and_its_checked_data() -> None:
    document = json.loads(tables.render_bundle())
    assert document["version"] == tables.BUNDLE_VERSION
    assert list(document["files"]) == list(tables.DATA_FILES)
    for name, text in document["files"].items():
        assert text == (LAW / name).read_text("utf-8")
    assert tables.build(document["data"]) == tables.law()


def test_main_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bundle.json"
    assert tables.main([str(target)]) == 0
    assert target.read_text("utf-8") == tables.render_bundle()
    assert tables.main([]) == 0
    assert capsys.readouterr().out == tables.render_bundle()


def test_main_reports_a_broken_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in tables.DATA_FILES:
        (tmp_path / name).write_text((LAW / name).read_text("utf-8"), "utf-8")
    scope = tmp_path / "scope.yaml"
    scope.write_text(scope.read_text("utf-8").replace("consumers: 35000", "consumers: -1"), "utf-8")
    monkeypatch.setattr(tables, "FOLDER", str(tmp_path))
    assert tables.main([str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ctlint.law.tables: error: {scope}:")
    assert (
        "invalid law data at `ctdpa/thresholds/1/consumers`: -1 is less than the minimum of 1"
        in err
    )
    assert not (tmp_path / "out.json").exists()


# --------------------------------------------------------------------------- errors


def edited(name: str, old: str, new: str) -> dict[str, str]:
    found = texts()
    assert old in found[name], old
    found[name] = found[name].replace(old, new, 1)
    return found


def line_of(text: str, edit: str) -> int:
    """The line of the edit's first line (where each mistake below is)."""
    return text[: text.index(edit)].count("\n") + 1


@pytest.mark.parametrize(
    ("name", "old", "new", "where", "message"),
    [
        pytest.param(
            "scope.yaml",
            "consumers: 35000",
            'consumers: "35,000"',
            "ctdpa/thresholds/1/consumers",
            "'35,000' is not of type 'integer'",
            id="threshold-not-a-number",
        ),
        pytest.param(
            "scope.yaml",
            "consumers: 35000",
            "consumers: 35_000",
            "ctdpa/thresholds/1/consumers",
            "'35_000' is not of type 'integer'",
            id="threshold-with-underscores-is-text",
        ),
        pytest.param(
            "scope.yaml",
            "- from: 2026-07-01",
            "- from: 2026-02-30",
            "ctdpa/thresholds/1/from",
            "`2026-02-30` is not a date (YYYY-MM-DD)",
            id="not-a-calendar-date",
        ),
        pytest.param(
            "scope.yaml",
            "- from: 2026-07-01",
            "- from: 2023-01-01",
            "ctdpa/thresholds/1/from",
            "the periods must be in date order: 2023-01-01 is not after 2023-07-01",
            id="periods-out-of-order",
        ),
        pytest.param(
            "scope.yaml",
            "- from: 2026-07-01",
            "- from: 1 July 2026",
            "ctdpa/thresholds/1/from",
            "'1 July 2026' does not match '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'",
            id="date-in-words",
        ),
        pytest.param(
            "scope.yaml",
            "        ended: >-",
            "        over: >-",
            "ctdpa/exemptions/entries/glba_financial_institution/over",
            "Additional properties are not allowed ('over' was unexpected)",
            id="unknown-key",
        ),
        pytest.param(
            "scope.yaml",
            "      state_contractor: [ct-pda]\n    ct_state_agency:",
            "      state_contractor: [ct-pdaa]\n    ct_state_agency:",
            "packs/types/private_business/state_contractor/0",
            "pack `ct-pdaa` is not listed in packs/order",
            id="unknown-pack",
        ),
        pytest.param(
            "scope.yaml",
            "      nonprofit:\n        reason:",
            "      charity:\n        reason:",
            "ctdpa/exemptions/types/charity",
            "`charity` is not an organization type of packs/types",
            id="unknown-exempt-type",
        ),
        pytest.param(
            "scope.yaml",
            "        status: secondary\n        url:",
            "        status: settled\n        url:",
            "ctdpa/thresholds/1/source/status",
            "'settled' is not one of ['verified', 'secondary', 'unverified']",
            id="unknown-status",
        ),
        pytest.param(
            "taxonomy.yaml",
            "- key: user.neural",
            "- key: user.nueral",
            "categories/sensitive/keys/13/key",
            "`user.nueral` is not a data category of the taxonomy",
            id="misspelt-category-key",
        ),
        pytest.param(
            "taxonomy.yaml",
            "- train_ai_system",
            "- train_ai",
            "uses/model_training/keys/0",
            "`train_ai` is not a data use of the taxonomy",
            id="unknown-data-use",
        ),
        pytest.param(
            "taxonomy.yaml",
            "      - key: user.financial.bank_account",
            "        until: 2026-01-01\n      - key: user.financial.bank_account",
            "categories/sensitive/keys/13/until",
            "`until` is before `from`",
            id="until-before-from",
        ),
        pytest.param(
            "taxonomy.yaml",
            "  ssn:\n    title: Social Security number\n",
            "  ssn:\n",
            "categories/ssn",
            "'title' is a required property",
            id="missing-title",
        ),
    ],
)
def test_a_mistake_is_one_line_naming_file_line_column_and_key(
    name: str, old: str, new: str, where: str, message: str
) -> None:
    found = edited(name, old, new)
    with pytest.raises(LawDataError) as caught:
        tables.parse(found)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"ctlint/law/{name}:{line_of(found[name], new)}:")
    assert f": invalid law data at `{where}`: {message}" in text


def test_a_yaml_mistake_names_its_position() -> None:
    found = edited("scope.yaml", "  pack: ctdpa\n", "  pack: ctdpa\n  pack: ctdpa\n")
    with pytest.raises(LawDataError, match=r"^ctlint/law/scope\.yaml:\d+:\d+: .*pack"):
        tables.parse(found)


def test_a_tag_is_refused_not_constructed() -> None:
    found = edited("scope.yaml", "  pack: ctdpa\n", "  pack: !!python/object:os.system ctdpa\n")
    with pytest.raises(LawDataError, match=r"^ctlint/law/scope\.yaml:\d+:\d+: .*tag"):
        tables.parse(found)


def test_a_key_in_both_files_is_refused() -> None:
    found = texts()
    found["taxonomy.yaml"] += "ctdpa: {}\n"
    with pytest.raises(LawDataError) as caught:
        tables.parse(found)
    assert str(caught.value).startswith("ctlint/law/taxonomy.yaml:")
    assert "invalid law data at `ctdpa`: already given in ctlint/law/scope.yaml" in str(
        caught.value
    )


def test_an_unknown_top_level_key_points_at_the_key() -> None:
    found = texts()
    found["taxonomy.yaml"] += "thresholds: []\n"
    with pytest.raises(LawDataError) as caught:
        tables.parse(found)
    lines = found["taxonomy.yaml"].count("\n")
    assert str(caught.value) == (
        f"ctlint/law/taxonomy.yaml:{lines}:1: invalid law data at `thresholds`: "
        "not a key of the law data"
    )


def test_a_missing_section_names_both_files() -> None:
    found = texts()
    found["taxonomy.yaml"] = found["taxonomy.yaml"].split("\nuses:")[0] + "\n"
    with pytest.raises(LawDataError) as caught:
        tables.parse(found)
    assert str(caught.value).startswith(
        "ctlint/law/scope.yaml and ctlint/law/taxonomy.yaml: invalid law data: "
    )
    assert "'uses' is a required property" in str(caught.value)


def test_the_bundle_is_used_only_for_the_texts_it_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert tables._bundled(texts()) is not None
    changed = edited("scope.yaml", "consumers: 35000", "consumers: 36000")
    assert tables._bundled(changed) is None
    monkeypatch.setattr(tables, "BUNDLE_NAME", "missing.json")
    assert tables._bundled(texts()) is None


# --------------------------------------------------------------------------- the real CLI

RUNNER = (
    "import sys; from ctlint.law import tables; tables.FOLDER = sys.argv.pop(1); "
    "from ctlint.__main__ import main; main()"
)


def copy_law(tmp_path: Path) -> Path:
    target = tmp_path / "law"
    target.mkdir()
    for name in DATA_FILES:
        shutil.copyfile(LAW / name, target / name)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    text = (folder / name).read_text("utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), "utf-8")


def ctlint(folder: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a new process, reading the law data from ``folder``."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-c", RUNNER, str(folder), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def ctdpa_scope(folder: Path, repo: Any) -> dict[str, Any]:
    result = ctlint(folder, repo.path, "check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    decided: dict[str, Any] = json.loads(result.stdout)["organization"]["ctdpa_scope"]
    return decided


def test_a_changed_threshold_changes_the_decision(repo: Any, tmp_path: Path) -> None:
    repo.manifest()
    repo.config(
        {
            "organization": {"type": "private_business", "ct_consumers_per_year": 52_000},
            "as_of": "2026-11-28",
        }
    )
    folder = copy_law(tmp_path)
    assert ctdpa_scope(folder, repo) == {
        "in_scope": True,
        "reason": "52,000 Connecticut consumers (threshold 35,000 from 2026-07-01)",
    }
    edit(folder, "scope.yaml", "consumers: 35000", "consumers: 60000")
    decided = ctdpa_scope(folder, repo)
    assert decided["in_scope"] is False
    assert decided["reason"].startswith(
        "52,000 Connecticut consumers (threshold 60,000 from 2026-07-01)"
    )
    rules = ctlint(folder, repo.path, "rules", "--format", "json")
    assert rules.returncode == 0, rules.stderr
    (ctdpa,) = [p for p in json.loads(rules.stdout)["packs"] if p["name"] == "ctdpa"]
    assert ctdpa["active"] is False
    assert "threshold 60,000 from 2026-07-01" in ctdpa["reason"]


def test_a_changed_date_changes_the_decision(repo: Any, tmp_path: Path) -> None:
    repo.manifest()
    repo.config(
        {
            "organization": {"type": "private_business", "ct_consumers_per_year": 52_000},
            "as_of": "2026-11-28",
        }
    )
    folder = copy_law(tmp_path)
    edit(folder, "scope.yaml", "- from: 2026-07-01", "- from: 2027-01-01")
    assert ctdpa_scope(folder, repo) == {
        "in_scope": False,
        "reason": "52,000 Connecticut consumers (threshold 100,000, or 25,000 with more than 25% "
        "of revenue from selling personal data, until 2026-12-31)",
    }


def test_a_broken_data_file_is_one_line_and_exit_2(repo: Any, tmp_path: Path) -> None:
    repo.manifest()
    folder = copy_law(tmp_path)
    edit(folder, "scope.yaml", "consumers: 35000", "consumers: lots")
    result = ctlint(folder, repo.path, "check")
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    shown = folder / "scope.yaml"
    assert line.startswith(f"ctlint: error: {shown}:")
    assert "invalid law data at `ctdpa/thresholds/1/consumers`" in line
    assert "Traceback" not in result.stderr


def test_a_changed_key_date_changes_the_decision(repo: Any, tmp_path: Path) -> None:
    passport = {
        "key": "user.government_id.passport_number",
        "purpose": "Verify the traveller.",
        "necessity": "The airline requires it.",
    }
    repo.manifest("vendors/travel.yaml", patch={"data": {"categories": [passport]}})
    repo.config(
        {
            "organization": {"type": "private_business", "ct_consumers_per_year": 30_000},
            "as_of": "2026-11-28",
        }
    )
    folder = copy_law(tmp_path)
    assert ctdpa_scope(folder, repo)["in_scope"] is True  # sensitive from 2026-07-01
    edit(
        folder,
        "taxonomy.yaml",
        "      - key: user.government_id\n        from: 2026-07-01",
        "      - key: user.government_id\n        from: 2027-01-01",
    )
    assert ctdpa_scope(folder, repo)["in_scope"] is False


def test_the_data_files_ship_in_the_wheel() -> None:
    """pyproject's package-data names every file ctlint/law/ reads (tests/test_packaging.py
    builds the wheel itself)."""
    import fnmatch

    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["ctlint.law"]
    for name in (*DATA_FILES, tables.BUNDLE_NAME):
        assert (LAW / name).is_file()
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name
