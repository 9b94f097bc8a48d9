"""The registry of built-in checks (ctlint/engine/checks.py): every check is a ``builtin``
rule of the core pack, every builtin rule has an implementation, and each check on its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from ctlint.engine import checks
from ctlint.policy.catalog import build_catalog

CHECKOUT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 1)


def manifest(
    data: dict[str, Any], rel: str = "vendors/acme.yaml", root: str = "/nowhere"
) -> checks.Manifest:
    return checks.Manifest(rel, data, root, AS_OF, 60)


def hits(rule: str, data: dict[str, Any], **kwargs: Any) -> list[checks.Hit]:
    return list(checks.CHECKS[rule].run(manifest(data, **kwargs)))


def test_every_registered_check_is_a_builtin_rule_of_the_core_pack() -> None:
    catalog = build_catalog(installed=False)
    for rule_id in [*checks.CHECKS, checks.DUPLICATE_ID]:
        rule = catalog.rules[rule_id]
        assert rule.pack == "core", rule_id
        assert rule.builtin, f"{rule_id}: its policy file must say `builtin: true`"


def test_every_builtin_rule_has_an_implementation() -> None:
    """A builtin rule is implemented by the registry or by the stage the module docstring
    names; a new builtin policy file without code fails here instead of never firing."""
    catalog = build_catalog(installed=False)
    builtin = {r.id for r in catalog.rules.values() if r.builtin}
    stages = {
        "document": {"CTL001", "CTL002", "CTL003", "CTL004"},
        "scope": {"CTL010", "CTL011", "CTL012"},
        "schema": {r for r in builtin if re.fullmatch(r"CTL1\d\d", r)} - {"CTL109"},
        "waivers": {"CTL301", "CTL302", "CTL303"},
    }
    implemented = set(checks.CHECKS) | {checks.DUPLICATE_ID}
    for ids in stages.values():
        implemented |= ids
    assert builtin <= implemented
    sources = {p: p.read_text("utf-8") for p in (CHECKOUT / "ctlint").rglob("*.py")}
    for rule_id in builtin - set(checks.CHECKS) - {checks.DUPLICATE_ID}:
        assert any(f'"{rule_id}"' in text for text in sources.values()), rule_id


def test_a_rule_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="CTL202 is registered twice"):
        checks.check("CTL202", on_retired=True)(lambda m: iter(()))


def test_structural_checks_run_on_retired_manifests_and_data_checks_do_not() -> None:
    on_retired = {rule for rule, c in checks.CHECKS.items() if c.on_retired}
    assert on_retired == {"CTL202", "CTL203", "CTL109"}
    assert list(checks.CHECKS) == ["CTL202", "CTL203", "CTL109", "CTL204", "CTL206", "CTL305"]


@pytest.mark.parametrize(
    ("rel", "data", "found"),
    [
        ("vendors/acme.yaml", {"id": "acme"}, False),
        ("vendors/acme.yaml", {"id": "Acme"}, True),  # case-sensitive
        ("vendors/acme.json", {"id": "zen"}, True),
        ("vendors/acme.yaml", {}, False),  # no id (or one that failed the schema)
    ],
)
def test_ctl202(rel: str, data: dict[str, Any], found: bool) -> None:
    out = hits("CTL202", data, rel=rel)
    assert bool(out) is found
    if found:
        assert out[0].pointer == "/id"
        assert out[0].message.endswith(f"name the file {data['id']}{Path(rel).suffix}")


@pytest.mark.parametrize(
    ("role", "basis", "found"),
    [
        ("personal_service_contractor", "contractual_services", True),
        ("personal_service_contractor", "information_technology", True),
        ("personal_service_contractor", "other_exempt", True),
        ("personal_service_contractor", "personal_service_agreement", False),
        ("personal_service_contractor", None, False),  # CT-PSA-005 asks for the basis
        ("processor", "contractual_services", False),
        ("processor", "personal_service_agreement", False),
    ],
)
def test_ctl206(role: str, basis: str | None, found: bool) -> None:
    data: dict[str, Any] = {"vendor": {"role": role}, "agreement": {}}
    if basis is not None:
        data["agreement"]["procurement_basis"] = basis
    out = hits("CTL206", data)
    assert bool(out) is found
    if found:
        assert out[0].pointer == "/agreement/procurement_basis"
        assert (
            f"agreement.procurement_basis is {basis}, which § 4-212(2) excludes" in out[0].message
        )


def test_ctl203(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.md").write_text("x")
    root = str(tmp_path)
    assert hits("CTL203", {"breach": {"plan": "docs/plan.md"}}, root=root) == []
    assert hits("CTL203", {"breach": {"plan": "https://example.org/plan"}}, root=root) == []
    (missing,) = hits("CTL203", {"breach": {"plan": "docs/none.md"}}, root=root)
    assert "does not exist" in missing.message
    for outside in ("/etc/passwd", "../x", "~/x", "a\\b"):
        (hit,) = hits("CTL203", {"agreement": {"document": outside}}, root=root)
        assert hit.pointer == "/agreement/document"
        assert "outside the repository root" in hit.message


def test_ctl109() -> None:
    assert hits("CTL109", {"agreement": {"signed": "2026-12-01"}}) == []
    (hit,) = hits("CTL109", {"agreement": {"approvals": {"opm_secretary": "2026-12-02"}}})
    assert hit.pointer == "/agreement/approvals/opm_secretary"


def test_ctl204() -> None:
    data = {"data": {"categories": [{"key": "user"}, {"key": "user.contact.email"}]}}
    (hit,) = hits("CTL204", data)
    assert hit.pointer == "/data/categories/0/key"
    assert "user.contact.email" in hit.message
    assert hits("CTL204", {"data": "not a mapping"}) == []


@pytest.mark.parametrize(
    ("expires", "said"),
    [
        ("2026-12-01", "today"),
        ("2026-12-02", "in 1 day"),
        ("2027-01-30", "in 60 days"),
        ("2027-01-31", None),
        ("2026-11-30", None),
    ],
)
def test_ctl305(expires: str, said: str | None) -> None:
    out = hits("CTL305", {"agreement": {"expires": expires}})
    if said is None:
        assert out == []
    else:
        assert f"expires {said} " in out[0].message


def test_duplicate_id_on_every_file_that_shares_it() -> None:
    users = {"acme": ("vendors/a.yaml", "vendors/b.yaml"), "solo": ("vendors/c.yaml",)}
    first = checks.duplicate_id("vendors/a.yaml", "acme", users)
    second = checks.duplicate_id("vendors/b.yaml", "acme", users)
    assert first is not None
    assert second is not None
    assert first.message == "The id `acme` is also used by vendors/b.yaml; ids must be unique"
    assert second.message == "The id `acme` is also used by vendors/a.yaml; ids must be unique"
    assert checks.duplicate_id("vendors/c.yaml", "solo", users) is None
    assert checks.duplicate_id("vendors/b.yaml", None, users) is None
    many = {"x": tuple(f"v/{n}.yaml" for n in "abcde")}
    hit = checks.duplicate_id("v/a.yaml", "x", many)
    assert hit is not None
    assert "v/b.yaml, v/c.yaml, v/d.yaml and 1 more;" in hit.message
