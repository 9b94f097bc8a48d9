"""CI formats name files relative to the git work tree, which may enclose ctlint's root."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

from ctlint.cli import run_cli

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "private-business"


def test_paths_are_relative_to_the_enclosing_work_tree(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLE, tmp_path / "privacy")
    monkeypatch.chdir(tmp_path)
    config = "privacy/.ctlint.yaml"

    assert run_cli(["check", "--config", config, "--format", "json"]) == 1
    json_files = {f["file"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "vendors/talkdesk.yaml" in json_files  # root-relative, as cli.md says

    assert run_cli(["check", "--config", config, "--format", "github"]) == 1
    assert "file=privacy/vendors/talkdesk.yaml" in capsys.readouterr().out

    assert run_cli(["check", "--config", config, "--format", "gitlab"]) == 1
    paths = {i["location"]["path"] for i in json.loads(capsys.readouterr().out)}
    assert "privacy/vendors/talkdesk.yaml" in paths

    assert run_cli(["check", "--config", config, "--format", "sarif"]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "privacy/vendors/talkdesk.yaml" in uris

    # JUnit: suites keep the root-relative name ctlint prints (and classnames with it), and
    # their ``file`` is the path from the work tree, as in the other CI formats.
    assert run_cli(["check", "--config", config, "--format", "junit"]) == 1
    suites = ElementTree.fromstring(capsys.readouterr().out).findall("testsuite")
    talkdesk = next(s for s in suites if s.get("name") == "vendors/talkdesk.yaml")
    assert talkdesk.get("file") == "privacy/vendors/talkdesk.yaml"
    assert {c.get("classname") for c in talkdesk.iter("testcase")} == {"vendors/talkdesk.yaml"}
    for suite in suites:
        if suite.get("name") != "organization":
            assert suite.get("file") == "privacy/" + suite.get("name"), suite.get("name")
