"""ctlint.scaffold: the values ``init`` and ``new`` offer, checked against the schemas."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
import yaml

from ctlint import scaffold
from ctlint.errors import UsageError


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("ctlint.schemas").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# --------------------------------------------------------------------------- constants


def test_enums_match_the_schemas() -> None:
    manifest = _schema("vendor-manifest.schema.json")["properties"]
    assert tuple(manifest["category"]["enum"]) == scaffold.CATEGORIES
    assert tuple(manifest["channels"]["items"]["enum"]) == scaffold.CHANNELS
    assert tuple(manifest["vendor"]["properties"]["role"]["enum"]) == scaffold.ROLES
    assert manifest["id"]["pattern"] == scaffold.ID_PATTERN.pattern
    org = _schema("config.schema.json")["properties"]["organization"]["properties"]
    assert tuple(org["type"]["enum"]) == scaffold.ORG_TYPES
    assert tuple(org["exemptions"]["items"]["enum"]) == scaffold.EXEMPTIONS
    facts = {f for keys in scaffold.FACTS_BY_TYPE.values() for f in keys}
    assert facts <= set(org)


@pytest.mark.parametrize("good", ["a", "acme-chat", "zendesk.eu_2", "0", "a" * 64])
def test_validate_id_accepts(good: str) -> None:
    assert scaffold.validate_id(good) == good


@pytest.mark.parametrize("bad", ["", "A", "-a", ".a", "a b", "a/b", "a" * 65, "é"])
def test_validate_id_refuses(bad: str) -> None:
    with pytest.raises(UsageError, match="invalid id"):
        scaffold.validate_id(bad)


@pytest.mark.parametrize(
    ("bad", "suggested"),
    [("Zoho_Desk", "zoho_desk"), ("Zoho Desk!", "zoho-desk"), ("a" * 65, "a" * 64), ("___", None)],
)
def test_validate_id_suggests_a_valid_spelling(bad: str, suggested: str | None) -> None:
    with pytest.raises(UsageError) as caught:
        scaffold.validate_id(bad)
    hint = f"; did you mean `{suggested}`?"
    assert (
        str(caught.value).endswith(hint) if suggested else "did you mean" not in str(caught.value)
    )


def test_split_list() -> None:
    assert scaffold.split_list(
        ["email, chat", "voice", "email"], scaffold.CHANNELS, "--channels"
    ) == (
        "email",
        "chat",
        "voice",
    )
    with pytest.raises(UsageError, match="--channels: unknown value `fax`"):
        scaffold.split_list(["fax"], scaffold.CHANNELS, "--channels")


@pytest.mark.parametrize(
    "name",
    [
        "Acme Co",
        "Acme: Co",
        "yes",
        "null",
        "123",
        "#1 Support",
        "O'Brien & Sons",
        " padded ",
        "naïve café",
        "- dash",
        "a\\b",
        "[x]",
        "2026-01-01",
        "@home",
        "true",
    ],
)
def test_yaml_scalar_round_trips(name: str) -> None:
    assert yaml.safe_load(f"k: {scaffold.yaml_scalar(name)}") == {"k": name}
