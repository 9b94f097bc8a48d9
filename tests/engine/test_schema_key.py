"""A top-level ``$schema`` (how JSON editors find a schema; a JSON file has no comment for a
yaml-language-server modeline) is accepted by the manifest schema and ignored by every rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support import load_data

SCHEMA_REF = "../schemas/vendor-manifest.schema.json"


def _identity(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The findings without their positions (adding a key moves the lines of a YAML file)."""
    return sorted(
        (f["file"], f["rule"], f["severity"], f["pointer"], f["item"], f["message"])
        for f in document["findings"]
    )


@pytest.mark.parametrize("source", ["zendesk", "health-chat", "selling", "minimal"])
def test_schema_key_changes_no_finding(repo: Any, check_json: Any, source: str) -> None:
    data = load_data(source)
    data["id"] = "tool"
    repo.write("vendors/tool.json", json.dumps(data, indent=2))
    _code, without = check_json("vendors/tool.json")
    repo.write("vendors/tool.json", json.dumps({"$schema": SCHEMA_REF, **data}, indent=2))
    _code, with_key = check_json("vendors/tool.json")
    assert _identity(with_key) == _identity(without)
    assert all(f["pointer"] != "/$schema" for f in with_key["findings"])
    if source == "zendesk":
        assert with_key["findings"] == []  # a passing manifest still passes


def test_schema_key_in_yaml_and_a_remote_address_are_accepted(repo: Any, check_json: Any) -> None:
    data = load_data("zendesk")
    body = json.dumps({"$schema": "https://ctlint.dev/schemas/vendor-manifest.schema.json", **data})
    repo.write("vendors/zendesk.yaml", body)  # JSON is YAML: the same key in a .yaml file
    code, document = check_json("vendors/zendesk.yaml")
    assert (code, document["findings"]) == (0, [])


@pytest.mark.parametrize(
    ("value", "rule"),
    [(5, "CTL102"), ("", "CTL103"), (["a"], "CTL102")],
)
def test_schema_key_must_be_text(repo: Any, check_json: Any, value: Any, rule: str) -> None:
    data = load_data("zendesk")
    repo.write("vendors/zendesk.json", json.dumps({"$schema": value, **data}))
    code, document = check_json("vendors/zendesk.json")
    assert code == 1
    assert [(f["rule"], f["pointer"]) for f in document["findings"]] == [(rule, "/$schema")]


def test_schema_key_is_only_accepted_at_the_top(repo: Any, check_json: Any) -> None:
    data = load_data("zendesk")
    data["vendor"]["$schema"] = SCHEMA_REF
    repo.write("vendors/zendesk.json", json.dumps(data))
    code, document = check_json("vendors/zendesk.json")
    assert code == 1
    assert [(f["rule"], f["pointer"]) for f in document["findings"]] == [
        ("CTL104", "/vendor/$schema")
    ]
