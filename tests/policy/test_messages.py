"""What users read never calls the Connecticut guidance ctlint was built from "the brief":
the shipped files and every rendered output (check, rules, explain, report, new, scaffold)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
#: The word, in any spelling users could meet it (``brief_requirement``, "original brief").
BRIEF = re.compile(r"brief", re.IGNORECASE)
#: A text may name the old policy key only to tell an author with it to rename it.
RENAME = re.compile(r"`brief_requirement`\s+is\s+now\s+`source_requirement`")


def _shipped() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in ("ctlint", "policies", "docs", "schemas"):
        files.extend(p for p in (ROOT / folder).rglob("*") if p.is_file())
    return [p for p in files if p.suffix != ".pyc" and "__pycache__" not in p.parts]


def test_no_shipped_file_says_brief_except_to_rename_the_old_key() -> None:
    offending = []
    for path in _shipped():
        text = RENAME.sub("", path.read_text("utf-8", errors="replace"))
        if path.suffix == ".py":  # code may name the old key to migrate it, and brief.md
            hits = re.findall(r"original brief|['\"]brief_requirement['\"]", text, re.I)
            if path.relative_to(ROOT).as_posix() == "ctlint/policy/load.py":
                hits = [h for h in hits if "original" in h.lower()]  # _RENAMED's key is input
        else:
            hits = BRIEF.findall(text)
        if hits:
            offending.append(f"{path.relative_to(ROOT)}: {hits}")
    assert offending == []


def _outputs(run_cli: Any, root: Path, *, explain: bool) -> dict[str, str]:
    outputs: dict[str, str] = {}
    code, rules, err = run_cli("rules", "--format", "json", cwd=root)
    assert code == 0, err
    outputs["rules"] = rules
    outputs["rules text"] = run_cli("rules", cwd=root)[1]
    for rule in json.loads(rules)["rules"] if explain else ():
        outputs[f"explain {rule['id']}"] = run_cli("explain", rule["id"], cwd=root)[1]
    for fmt in ("text", "json", "sarif", "markdown"):
        outputs[f"check {fmt}"] = run_cli("check", "--format", fmt, cwd=root)[1]
    for fmt in ("markdown", "csv", "json", "html"):
        code, text, err = run_cli("report", "--format", fmt, cwd=root)
        assert code == 0, err
        outputs[f"report {fmt}"] = text
    code, _out, err = run_cli("new", "acme-desk", "--category", "help_desk", cwd=root)
    assert code == 0, err
    outputs["new"] = (root / "vendors" / "acme-desk.yaml").read_text("utf-8")
    return outputs


def test_no_rendered_output_says_brief(run_cli: Any, tmp_path: Path) -> None:
    for example in ("state-agency", "private-business"):
        root = tmp_path / example
        shutil.copytree(EXAMPLES / example, root)
        (root / ".git").mkdir()
        outputs = _outputs(run_cli, root, explain=example == "state-agency")
        assert len(outputs) > 10
        said = {name: m.group(0) for name, text in outputs.items() if (m := BRIEF.search(text))}
        assert said == {}, example
        if example == "state-agency":  # the requirement is shown, under its user-facing name
            assert "source requirement" in outputs["explain CT-PDA-007"].lower()
