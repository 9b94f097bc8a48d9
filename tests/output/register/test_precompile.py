"""The register's page template compiled ahead of time (ctlint/output/register/precompile.py,
template_code.py): current, the same page as the template compiled at run time, and unused
when stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctlint.config import load_settings
from ctlint.engine import pipeline
from ctlint.engine.report import Report
from ctlint.output.register import as_html, precompile, template_code
from ctlint.output.register.build import build

MODULE = Path(template_code.__file__)
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "state-agency"


def kept_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    root = tmp_path / "agency"
    shutil.copytree(EXAMPLE, root)
    (root / ".git").mkdir(exist_ok=True)
    monkeypatch.chdir(root)
    return pipeline.run(load_settings(cwd=str(root)), (), keep=True)


def test_the_compiled_template_is_current() -> None:
    assert MODULE.read_text(encoding="utf-8") == precompile.render(), (
        "ctlint/output/register/template_code.py is stale: run "
        "`python -m ctlint.output.register.precompile ctlint/output/register/template_code.py`"
    )


def test_the_precompiled_template_is_the_one_used() -> None:
    as_html.template.cache_clear()
    try:
        assert as_html.template().filename == str(MODULE)
    finally:
        as_html.template.cache_clear()


def test_both_give_the_same_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register = build(kept_report(tmp_path, monkeypatch))
    as_html.template.cache_clear()
    try:
        fast = as_html.render_html(register)
        monkeypatch.setattr(template_code, "SOURCE", "0:00000000")  # as after a template edit
        as_html.template.cache_clear()
        assert as_html.template().filename.endswith("register.html.j2")
        slow = as_html.render_html(register)
    finally:
        as_html.template.cache_clear()
    assert fast == slow
    assert "<h2>Sign-off</h2>" in fast


@pytest.mark.parametrize("attribute", ["JINJA2", "SOURCE"])
def test_a_stale_module_is_not_used(monkeypatch: pytest.MonkeyPatch, attribute: str) -> None:
    monkeypatch.setattr(template_code, attribute, "something else")
    assert not as_html.precompiled_is_current(as_html.template_source())
    monkeypatch.undo()
    assert as_html.precompiled_is_current(as_html.template_source())


def test_main_writes_the_module(tmp_path: Path) -> None:
    out = tmp_path / "template_code.py"
    assert precompile.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == MODULE.read_text(encoding="utf-8")
