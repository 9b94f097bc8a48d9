"""ctlint.scaffold.skeleton.conditions: whether a rule applies before anything is filled in."""

from __future__ import annotations

from ctlint.scaffold.skeleton import conditions


def test_fact_tests_with_none() -> None:
    from ctlint.policy.model import FactTest

    kind = conditions.Kind(None, None, None, "private_business")
    assert kind.facts(FactTest(("org_agency",), none=True)).value is True
    assert kind.facts(FactTest(("org_private_business",), none=True)).value is False
    open_ = kind.facts(FactTest(("sale", "org_agency"), none=True))
    assert open_.value is None
    assert open_.texts == ("not (data.sale is true)",)


def test_describe_trigger_fragments() -> None:
    fragment = {
        "required": ["agreement"],
        "properties": {
            "agreement": {
                "anyOf": [
                    {
                        "required": ["cost_usd"],
                        "properties": {"cost_usd": {"exclusiveMinimum": 50000}},
                    },
                    {
                        "required": ["term_months"],
                        "properties": {"term_months": {"exclusiveMinimum": 12}},
                    },
                ]
            }
        },
    }
    assert (
        conditions._describe(fragment) == "agreement.cost_usd > 50000 or agreement.term_months > 12"
    )
    assert conditions._describe({"properties": {"a": {"pattern": "x"}}}) is None
    given = {"required": ["a"], "properties": {"a": {"type": "string", "pattern": "\\S"}}}
    assert conditions._describe(given) == "a is set"
