"""ctlint.engine.evaluate: which policy findings a schema finding shadows, and typo links."""

from __future__ import annotations

from ctlint.engine.evaluate import VALUE_FAILED, Typo, empty_at, shadowed, typo_for, typo_of


def test_a_finding_at_or_below_a_failed_value_is_shadowed_segment_wise() -> None:
    failed = ["/notice/privacy_notice_url", "/data/categories/1"]
    assert shadowed("/notice/privacy_notice_url", failed)
    assert shadowed("/data/categories/1/retention_days", failed)
    assert not shadowed("/data/categories/10/retention_days", failed)  # not a prefix segment
    assert not shadowed("/notice/privacy_notice_includes", failed)
    assert not shadowed("/notice", failed)  # above the failed value: about something else


def test_only_schema_findings_that_remove_a_value_shadow() -> None:
    assert {"CTL102", "CTL103", "CTL105", "CTL106", "CTL107"} <= VALUE_FAILED
    assert not {"CTL101", "CTL104", "CTL108", "CTL109", "CTL190"} & VALUE_FAILED


def test_a_ctl104_with_a_suggestion_is_a_typo_of_the_sibling_key() -> None:
    message = "Unknown field `agreement.clausess`; did you mean `clauses`? (put your own data …)"
    typo = typo_of("CTL104", "/agreement/clausess", message)
    assert typo == Typo("/agreement/clausess", "/agreement/clauses")
    assert (typo.field, typo.meant_field) == ("agreement.clausess", "agreement.clauses")
    assert typo_of("CTL104", "/agreement/x", "Unknown field `agreement.x` (put …)") is None
    assert typo_of("CTL103", "/agreement/type", message) is None


def test_a_typo_is_linked_to_findings_at_or_below_the_meant_key() -> None:
    typos = [Typo("/requets", "/requests"), Typo("/agreement/clausess", "/agreement/clauses")]
    assert typo_for("/requests/appeal/url", typos) == typos[0]
    assert typo_for("/agreement/clauses", typos) == typos[1]
    assert typo_for("/agreement/type", typos) is None
    assert typo_for("/requests_extra", typos) is None


def test_an_empty_placeholder_is_missing_not_a_wrong_value() -> None:
    data = {"data": {"sale": None, "name": " ", "minors": "no"}, "x": [None]}
    assert empty_at(data, "/data/sale")
    assert empty_at(data, "/data/name")
    assert empty_at(data, "/x/0")
    assert not empty_at(data, "/data/minors")  # a wrong value: its CTL102 shadows
    assert not empty_at(data, "/data/absent")  # nothing there at all
