"""ctlint.cli.taxonomy (``ctlint taxonomy``) and "did you mean" for taxonomy keys and rule ids
through the CLI (ctlint/law/terms.py, ctlint/util/suggest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "taxonomy"


def test_lists_the_keys_under_a_prefix_with_descriptions(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("taxonomy", "user.contact", cwd=repo.path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Data categories:"
    assert "  user.contact.email  User Contact Email: User's contact email address." in lines
    keys = [line.split()[0] for line in lines[1:]]
    assert keys[0] == "user.contact"
    assert all(k.startswith("user.contact") for k in keys)
    assert "user.social" not in keys


def test_markers_carry_their_dates(repo: Any, run_cli: Any) -> None:
    _code, out, _err = run_cli("taxonomy", "user.financial.credit_card", cwd=repo.path)
    assert out.rstrip().endswith("[sensitive (from 2026-07-01), high_risk, breach_pi]")


def test_json_format(repo: Any, run_cli: Any) -> None:
    code, out, _err = run_cli("taxonomy", "user.neural", "--format", "json", cwd=repo.path)
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    (key,) = data["keys"]
    assert key["key"] == "user.neural"
    assert key["kind"] == "data_categories"
    assert key["ctlint_extension"] is True
    assert key["markers"] == [{"class": "sensitive", "from": "2026-07-01", "until": None}]


def test_no_prefix_lists_every_kind(repo: Any, run_cli: Any) -> None:
    _code, out, _err = run_cli("taxonomy", cwd=repo.path)
    assert "Data categories:" in out
    assert "Data uses:" in out
    assert "Data subjects:" in out
    assert "  functional.service.improve  Improve Service: " in out
    assert "  customer  Customer: " in out


@pytest.mark.parametrize(
    ("as_of", "shown", "hidden"),
    [
        ("2026-06-30", "user.biometric", "user.financial.credit_card"),
        ("2026-07-01", "user.financial.credit_card", "user.government_id.vehicle_registration"),
    ],
)
def test_sensitive_at_the_as_of_date(
    repo: Any, run_cli: Any, as_of: str, shown: str, hidden: str
) -> None:
    code, out, _err = run_cli("taxonomy", "--sensitive", "--as-of", as_of, cwd=repo.path)
    assert code == 0
    keys = {line.split()[0] for line in out.splitlines()[1:]}
    assert shown in keys
    assert hidden not in keys
    assert "user.contact.email" not in keys


def test_sensitive_follows_the_configured_as_of(repo: Any, run_cli: Any) -> None:
    repo.config(as_of="2026-01-01")
    _code, before, _err = run_cli("taxonomy", "user.financial", "--sensitive", cwd=repo.path)
    repo.config(as_of="2026-08-01")
    _code, after, _err = run_cli("taxonomy", "user.financial", "--sensitive", cwd=repo.path)
    assert before == ""
    assert "user.financial.credit_card" in after
    assert "user.financial.bank_account" in after


@pytest.mark.parametrize(
    ("prefix", "suggestion"),
    [
        ("user.contact.social_media", "user.social"),
        ("improve.system", "functional.service.improve"),
        ("user.contact.phone", "user.contact.phone_number"),
        ("custmer", "customer"),
    ],
)
def test_unknown_prefix_is_exit_2_with_a_suggestion(
    repo: Any, run_cli: Any, prefix: str, suggestion: str
) -> None:
    code, out, err = run_cli("taxonomy", prefix, cwd=repo.path)
    assert code == 2
    assert out == ""
    assert f"unknown taxonomy key `{prefix}`; did you mean `{suggestion}`?" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_prefix_without_a_close_key(repo: Any, run_cli: Any) -> None:
    code, _out, err = run_cli("taxonomy", "qqqq\x1b[31m", cwd=repo.path)
    assert code == 2
    assert "did you mean" not in err
    assert "\x1b" not in err


# --------------------------------------------------------------------------- did you mean in check


def _copy(repo: Any, name: str) -> str:
    shutil.copy(DATA / name, repo.path / "vendors" / "zendesk.yaml")
    return "vendors/zendesk.yaml"


def test_check_suggests_synonyms_for_unknown_keys(repo: Any, run_cli: Any) -> None:
    target = _copy(repo, "unknown-keys.yaml")
    code, out, _err = run_cli("check", target, cwd=repo.path)
    assert code == 1
    assert (
        'CTL106 error: Unknown data category "user.contact.social_media" at '
        "`data.categories[1].key`; did you mean `user.social`?"
    ) in out
    assert (
        'CTL106 error: Unknown data use "improve.system" at `data.uses[1]`; '
        "did you mean `functional.service.improve`?"
    ) in out


def test_check_suggests_the_nearest_rule_id_for_a_waiver(repo: Any, run_cli: Any) -> None:
    target = _copy(repo, "waiver-typos.yaml")
    code, out, _err = run_cli("check", target, "--format", "json", cwd=repo.path)
    assert code == 1
    found = {f["pointer"]: f for f in json.loads(out)["findings"]}
    assert found["/waivers/0/rule"]["rule"] == "CTL103"
    assert found["/waivers/0/rule"]["message"].endswith(
        'found "CTDPA-01"; did you mean `CTDPA-001`?'
    )
    assert "ending in three digits" in found["/waivers/0/rule"]["message"]
    assert found["/waivers/1/rule"]["rule"] == "CTL303"
    assert found["/waivers/1/rule"]["message"] == (
        "The waiver names `CTPDA-013`, which is not a known rule; did you mean `CT-PDA-013`?"
    )
