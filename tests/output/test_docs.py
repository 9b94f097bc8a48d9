"""docs/rules.md is generated from the policy files and must not be stale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctlint.output import docs
from ctlint.policy.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_rules_reference_is_current():
    expected = docs.render(build_catalog(installed=False))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/rules.md is stale: run `python -m ctlint.output.docs docs/rules.md`"
    )


def test_reference_lists_every_rule():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in build_catalog(installed=False).rules:
        assert f"### {rule_id} " in text


def test_reference_shows_dates_status_agency_and_applies():
    text = docs.render(build_catalog(installed=False))
    block = text[text.index("### CTDPA-023 ") :]
    block = block[: block.index("\n### ")]
    assert "§ 42-522(a)](" in block
    assert "— *verified* (until 2026-06-30)" in block
    assert "§ 42-522(b)(1)](" in block
    assert "— *verified* (from 2026-07-01)" in block
    block = text[text.index("### CT-PDA-001 ") :]
    block = block[: block.index("\n### ")]
    assert "— another agency's rule of the same kind (Department of Labor)" in block
    assert "Source requirement: [3.4] relevant and necessary" in block
    block = text[text.index("### CT-PI-003 ") :]
    block = block[: block.index("\n### ")]
    assert (
        "Not applicable when `organization.type` is `ct_state_agency` or `ct_municipal_agency`: "
        in block
    )
    block = text[text.index("### CT-PSA-001 ") :]
    block = block[: block.index("\n### ")]
    assert "Not applicable when `agreement.procurement_basis` is set to a value other" in block
    assert "*declared* = named by the organization's" in text


# --------------------------------------------------------------------------- the law tables


def law_section(text: str) -> str:
    return text[text.index("## The law as data") : text.index("## `core`")]


def test_reference_has_the_law_tables_before_the_packs():
    text = docs.render(build_catalog(installed=False))
    section = law_section(text)
    for heading in (
        "### Packs by organization type (`packs: auto`)",
        "### CTDPA thresholds",
        "### CTDPA exemptions",
        "### Classes of data categories",
        "#### Sensitive data (`sensitive`)",
        "#### High-risk identifier (`high_risk`)",
        "### Data uses",
    ):
        assert f"\n{heading}\n" in section, heading


def test_law_tables_show_thresholds_packs_exemptions_and_markers():
    section = law_section(docs.render(build_catalog(installed=False)))
    assert (
        "| 2023-07-01 | 2026-06-30 | `ct_consumers_per_year` ≥ 100,000; or "
        "`ct_consumers_per_year` ≥ 25,000 and `sale_revenue_share` > 25% | § 42-516 — *secondary*"
    ) in section
    assert (
        "| 2026-07-01 | — | `ct_consumers_per_year` ≥ 35,000; or any manifest processes" in section
    )
    assert (
        "| `ct_municipal_agency` | `ct-pda`, `ct-breach`, `ct-pi`, `ct-recording`, "
        "`ct-employment`, `ct-ai` | — |"
    ) in section
    assert "not `ctdpa` (nonprofit organizations are exempt, § 42-517) | `ct-pda` |" in section
    assert "`ct-employment` does not run when `organization.ct_employees` is `false`." in section
    assert "| `organization.exemptions: glba_financial_institution` |" in section
    assert "Gramm-Leach-Bliley Act | 2026-06-30 | Public Act 25-113 replaced" in section
    assert "| `user.neural` | 2026-07-01 | — |  |" in section
    assert "| `user.demographic.transgender_status` | 2026-07-01 | — | *secondary*: " in section
    assert "| `user.health_and_medical.record_id` | — | — | *unverified*: " in section
    assert "Not in the class, nor any key below it: `user.government_id.vehicle_registration`." in (
        section
    )
    assert "| `model_training` (Model training) | `train_ai_system` |" in section


def test_law_tables_are_well_formed():
    """Every row of a table has as many cells as its header (no stray pipe in a note)."""
    section = law_section(docs.render(build_catalog(installed=False)))
    tables_seen = 0
    width = None
    for line in section.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = line.replace("\\|", "").count("|")
        if width is None:
            width = cells
            tables_seen += 1
        assert cells == width, line
    assert tables_seen == 12


def test_law_tables_are_generated_from_the_data():
    import copy

    from ctlint.law import tables

    data = copy.deepcopy(tables.parse({n: tables.read_text(n) for n in tables.DATA_FILES}))
    data["ctdpa"]["thresholds"][1]["from"] = "2027-01-01"
    data["ctdpa"]["thresholds"][1]["consumers"] = 40_000
    data["ctdpa"]["exemptions"]["entries"]["glba_financial_institution"]["until"] = "2026-12-31"
    text = "\n".join(docs.render_law(tables.build(data)))
    assert "| 2023-07-01 | 2026-12-31 |" in text
    assert "| 2027-01-01 | — | `ct_consumers_per_year` ≥ 40,000;" in text
    assert "Gramm-Leach-Bliley Act | 2026-12-31 |" in text


# --------------------------------------------------------------------------- the other pages

PAGES = ("rules.md", "manifest.md", "taxonomy.md", "configuration.md")


@pytest.mark.parametrize("name", PAGES)
def test_generated_page_is_current(name: str) -> None:
    expected = docs.pages()[name]
    actual = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert actual == expected, f"docs/{name} is stale: run `python -m ctlint.output.docs docs/`"


def test_generator_writes_every_page_into_a_folder(tmp_path: Path) -> None:
    assert docs.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PAGES)
    assert (tmp_path / "taxonomy.md").read_text("utf-8") == docs.pages()["taxonomy.md"]


def test_manifest_page_has_every_schema_field() -> None:
    import json

    from ctlint.output.schema_docs import fields

    schema = json.loads((ROOT / "schemas" / "vendor-manifest.schema.json").read_text("utf-8"))
    text = (ROOT / "docs" / "manifest.md").read_text("utf-8")
    found = [path for path, *_ in fields(schema, schema)]
    for path in ("id", "data.categories[].key", "agreement.procurement_basis", "waivers[].rule"):
        assert path in found
    for path in found:
        assert f"| `{path}` |" in text, path
    assert "\n## Waivers\n" in text


def test_taxonomy_page_has_every_key_with_description_and_markers() -> None:
    import json

    taxonomy = json.loads((ROOT / "schemas" / "taxonomy.json").read_text("utf-8"))
    text = (ROOT / "docs" / "taxonomy.md").read_text("utf-8")
    for kind in ("data_categories", "ctlint_data_categories", "data_uses", "data_subjects"):
        for key in taxonomy[kind]:
            assert f"| `{key}` |" in text, key
    assert "| `user.social` | Social Data | Social activity and interaction data. |  |" in text
    assert "| `user.financial.credit_card` |" in text
    line = next(x for x in text.splitlines() if x.startswith("| `user.financial.credit_card` |"))
    assert line.endswith("| sensitive (from 2026-07-01), high_risk, breach_pi |")
    line = next(x for x in text.splitlines() if x.startswith("| `user.neural` |"))
    assert "(*ctlint*)" in line
    assert "sensitive (from 2026-07-01)" in line


def test_configuration_page_has_every_key_and_the_pack_table() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    for key in ("organization.type", "manifests", "fail_on", "limits.max_depth", "cache_dir"):
        assert f"| `{key}` |" in text, key
    assert "\n### Packs by organization type (`packs: auto`)\n" in text


# --------------------------------------------------------------------------- pointers resolve

#: ``docs/…md`` paths in policies and scaffolds that name a file of the user's repository (a
#: manifest value such as ``breach.plan: docs/incident-response.md``), not a page of ctlint.
USER_FILES = frozenset(
    {"docs/incident-response.md", "docs/agent-monitoring-notice.md", "docs/correct-my-record.md"}
)
_POINTER = re.compile(r"(?<![\w/.-])docs/([\w-]+\.md)(?:#([\w-]+))?")


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lowercase, punctuation but ``-`` and ``_``
    dropped, spaces to ``-``, a repeated heading suffixed ``-1``, ``-2``…"""
    seen: dict[str, int] = {}
    anchors = set()
    fence = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fence = not fence
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if fence or match is None:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(2).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def test_github_anchors_follow_githubs_rules() -> None:
    text = "# Rules\n## `core`: ctlint's own\n### Packs by type (`packs: auto`)\n## Rules\n"
    assert github_anchors(text) == {
        "rules",
        "core-ctlints-own",
        "packs-by-type-packs-auto",
        "rules-1",
    }


def _pointers() -> list[tuple[str, str, str | None]]:
    files = [ROOT / "README.md"]
    for folder in ("ctlint", "schemas", "policies"):
        files += [
            p
            for p in sorted((ROOT / folder).rglob("*"))
            if p.is_file() and p.suffix in {".py", ".json", ".yaml", ".yml", ".md", ".j2", ".txt"}
        ]
    found = []
    for path in files:
        for match in _POINTER.finditer(path.read_text("utf-8", errors="replace")):
            where = str(path.relative_to(ROOT))
            found.append((where, f"docs/{match.group(1)}", match.group(2)))
    return found


def test_every_docs_pointer_resolves() -> None:
    pointers = _pointers()
    assert any(p[1] == "docs/taxonomy.md" for p in pointers)
    assert any(p[2] == "waivers" for p in pointers)
    anchors: dict[str, set[str]] = {}
    broken = []
    for where, page, anchor in pointers:
        if page in USER_FILES:
            continue
        path = ROOT / page
        if not path.is_file():
            broken.append(f"{where}: {page} does not exist")
            continue
        if anchor is not None:
            known = anchors.setdefault(page, github_anchors(path.read_text("utf-8")))
            if anchor not in known:
                broken.append(f"{where}: {page}#{anchor} names no heading")
    assert broken == []


def test_a_broken_pointer_is_found(tmp_path: Path) -> None:
    text = "see docs/taxonomy.md#no-such-heading and docs/missing.md"
    found = [(m.group(1), m.group(2)) for m in _POINTER.finditer(text)]
    assert found == [("taxonomy.md", "no-such-heading"), ("missing.md", None)]
    anchors = github_anchors((ROOT / "docs" / "taxonomy.md").read_text("utf-8"))
    assert "no-such-heading" not in anchors
    assert "data-categories" in anchors


#: A pointer without its folder (``(taxonomy.md)``) that a user cannot follow from a repository.
_BARE = re.compile(r"(?<![\w/.-])(?<!\]\()((?:rules|manifest|taxonomy|configuration)\.md)\b")


def _printed_strings() -> Iterator[tuple[str, str]]:
    """The text ctlint shows users: policy and schema files whole, and the string literals
    (not docstrings) of ctlint/ outside the page generators, whose links are page-relative."""
    import ast

    for folder in ("policies", "schemas"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".yaml", ".json"} and path.name != "bundle.json":
                yield str(path.relative_to(ROOT)), path.read_text("utf-8")
    generators = {"docs.py", "schema_docs.py", "taxonomy_views.py"}
    for path in sorted((ROOT / "ctlint").rglob("*.py")):
        if path.parent.name == "output" and path.name in generators:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def test_no_printed_pointer_lacks_its_folder() -> None:
    bare = [
        f"{where}: {match.group(1)}"
        for where, text in _printed_strings()
        for match in _BARE.finditer(text)
    ]
    assert bare == [], "write docs/NAME.md so that users can find the page"


def test_links_between_the_pages_resolve() -> None:
    broken = []
    link = re.compile(r"\]\(([\w-]+\.md)(?:#([\w-]+))?\)")
    for page in sorted((ROOT / "docs").glob("*.md")):
        for match in link.finditer(page.read_text("utf-8")):
            target = ROOT / "docs" / match.group(1)
            if not target.is_file():
                broken.append(f"{page.name}: {match.group(1)}")
            elif match.group(2) and match.group(2) not in github_anchors(target.read_text("utf-8")):
                broken.append(f"{page.name}: {match.group(1)}#{match.group(2)}")
    assert broken == []


def test_a_bare_pointer_is_found() -> None:
    found = [m.group(1) for m in _BARE.finditer("keys (taxonomy.md), see rules.md")]
    assert found == ["taxonomy.md", "rules.md"]
    assert not _BARE.search("docs/taxonomy.md, [t](taxonomy.md), my-rules.md")
