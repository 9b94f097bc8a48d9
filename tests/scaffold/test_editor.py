"""The editor set-up text: the schema copy, the modeline and VS Code's merged settings."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest

from ctlint.errors import ConfigError, UsageError
from ctlint.scaffold import editor

DATA = Path(__file__).resolve().parents[1] / "data" / "editor"
ROOT = Path(__file__).resolve().parents[2]
KEY = "./schemas/vendor-manifest.schema.json"
GLOBS = ["vendors/**/*.yaml", "vendors/**/*.yml"]


def _settings(name: str) -> str:
    return (DATA / name).read_text("utf-8")


# --------------------------------------------------------------------------- the schema


def test_schema_text_is_the_bundled_schema() -> None:
    text = editor.schema_text()
    assert text == (ROOT / "schemas" / editor.SCHEMA_NAME).read_text("utf-8")
    assert json.loads(text)["$id"] == editor.SCHEMA_ID
    assert editor.is_schema_copy(text.encode())


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xff\xfe",
        b"[1]",
        b'{"$id": "https://example.com/other.schema.json"}',
        b"manifest: ctlint/v1\n",
        b"[" * 100_000,
    ],
)
def test_other_files_are_not_schema_copies(raw: bytes) -> None:
    assert not editor.is_schema_copy(raw)


def test_schema_destination(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    assert editor.schema_destination(str(path), "s.json") == "new"
    path.write_text(editor.schema_text(), encoding="utf-8")
    assert editor.schema_destination(str(path), "s.json") == "same"
    older = json.loads(editor.schema_text())
    older["title"] = "an older version"
    path.write_text(json.dumps(older), encoding="utf-8")
    assert editor.schema_destination(str(path), "s.json") == "update"
    path.write_text("manifest: ctlint/v1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"s\.json: exists and is not a copy"):
        editor.schema_destination(str(path), "s.json")
    path.write_bytes(b" " * 1_048_577)
    with pytest.raises(UsageError, match="too large to be a copy"):
        editor.schema_destination(str(path), "s.json")


# --------------------------------------------------------------------------- the modeline


@pytest.mark.parametrize(
    ("folder", "schema", "expected"),
    [
        (
            "vendors",
            "schemas/vendor-manifest.schema.json",
            "../schemas/vendor-manifest.schema.json",
        ),
        ("vendors", "vendor-manifest.schema.json", "../vendor-manifest.schema.json"),
        ("vendors/eu", "schemas/m.json", "../../schemas/m.json"),
        ("", "schemas/m.json", "schemas/m.json"),
    ],
)
def test_modeline_is_relative_to_the_manifest(folder: str, schema: str, expected: str) -> None:
    line = editor.modeline(folder, schema)
    assert line == f"# yaml-language-server: $schema={expected}"
    # the way yaml-language-server resolves it: from the manifest's own folder
    assert posixpath.normpath(posixpath.join(folder, expected)) == schema


@pytest.mark.parametrize("schema", ["my schemas/m.json", "schemas/m#1.json", "schemas/\x1b.json"])
def test_modeline_refuses_what_it_cannot_name(schema: str) -> None:
    with pytest.raises(UsageError, match=r"--schema: .*cannot name"):
        editor.modeline("vendors", schema)


def test_settings_key_and_globs() -> None:
    assert editor.settings_key("schemas/m.json") == "./schemas/m.json"
    assert editor.settings_key("./schemas/m.json") == "./schemas/m.json"
    assert editor.yaml_globs(["vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.JSON"]) == [
        "vendors/**/*.yaml",
        "vendors/**/*.yml",
    ]


# --------------------------------------------------------------------------- settings.json


def test_a_new_settings_file() -> None:
    change = editor.merge_vscode_settings(None, KEY, GLOBS)
    assert change.status == "created"
    assert change.text is not None
    assert change.text.endswith("}\n")
    assert json.loads(change.text) == {"yaml.schemas": {KEY: GLOBS}}


def test_merge_keeps_every_other_setting_in_order() -> None:
    text = _settings("strict.json")
    change = editor.merge_vscode_settings(text, KEY, GLOBS)
    assert change.status == "added"
    assert change.text is not None
    before, after = json.loads(text), json.loads(change.text)
    assert list(after) == list(before)  # yaml.schemas stays where it was
    assert after["yaml.schemas"] == {**before["yaml.schemas"], KEY: GLOBS}
    assert {k: v for k, v in after.items() if k != "yaml.schemas"} == {
        k: v for k, v in before.items() if k != "yaml.schemas"
    }
    assert '    "editor.tabSize": 2,\n' in change.text  # four spaces, as the file had
    assert "naïve" in change.text  # not escaped
    assert change.text.endswith("}\n")


def test_merge_keeps_tabs_crlf_bom_and_a_missing_final_newline() -> None:
    tabs = editor.merge_vscode_settings(_settings("tabs.json"), KEY, GLOBS).text
    assert tabs is not None
    assert '\n\t"editor.rulers": [\n\t\t100\n\t],\n' in tabs
    crlf = _settings("tabs.json").replace("\n", "\r\n")
    merged = editor.merge_vscode_settings("\ufeff" + crlf, KEY, GLOBS).text
    assert merged is not None
    assert merged.startswith("\ufeff{\r\n\t")
    assert "\n" not in merged.replace("\r\n", "")
    assert json.loads(merged.removeprefix("\ufeff"))["yaml.schemas"] == {KEY: GLOBS}
    compact = editor.merge_vscode_settings(_settings("one-line.json"), KEY, GLOBS).text
    assert compact is not None
    assert not compact.endswith("\n")
    assert '\n    "editor.tabSize": 2,' in compact  # VS Code's own indentation


def test_an_existing_entry_gains_only_the_missing_globs() -> None:
    text = _settings("has-entry.json")
    change = editor.merge_vscode_settings(text, KEY, GLOBS)
    assert change.status == "extended"
    assert change.text is not None
    assert json.loads(change.text)["yaml.schemas"][KEY] == GLOBS  # the string became a list
    again = editor.merge_vscode_settings(change.text, KEY, GLOBS)
    assert again == editor.SettingsChange("present", None)
    assert editor.merge_vscode_settings(text, KEY, GLOBS[:1]).status == "present"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("comments.jsonc.json", r"not strict JSON \(line 2 column 3: .*comments"),
        ("trailing-comma.json", r"not strict JSON \(line 3 column 1"),
        ("duplicate-key.json", r'not strict JSON \(the key "editor.tabSize" appears twice\)'),
        ("array.json", "is not a JSON object of settings"),
        ("schemas-not-object.json", '"yaml.schemas" is not an object'),
    ],
)
def test_what_cannot_be_merged_losslessly_is_refused(name: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason) as caught:
        editor.merge_vscode_settings(_settings(name), KEY, GLOBS)
    message = str(caught.value)
    assert message.startswith(".vscode/settings.json: ")
    assert "nothing was written" in message
    assert "\n" not in message
    hint = message.split("Add this entry to it by hand: ", 1)[1]
    assert json.loads(hint) == {"yaml.schemas": {KEY: GLOBS}}


def test_an_entry_that_is_not_globs_is_refused() -> None:
    text = json.dumps({"yaml.schemas": {KEY: {"not": "globs"}}})
    with pytest.raises(ConfigError, match="is not a glob or a list of globs"):
        editor.merge_vscode_settings(text, KEY, GLOBS)
