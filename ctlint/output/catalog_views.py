"""The rule catalog as a run would apply it (:class:`View`, :func:`build_view`), which
``ctlint rules`` (:mod:`.rules_views`), ``ctlint explain`` (:mod:`.explain`) and the docs show;
and the wording every output shares for two things a rule carries besides its trigger:

- its citations at a date (:func:`citations_at`, :func:`citation_periods`): the citations in
  force at the as-of date, with the organization's declared regulations for ``ct-pda``
  (``Settings.citations_for``), each with its status, and one agency's regulation described as
  "another agency's rule of the same kind";
- its ``applies`` condition (:func:`not_applicable_when`, :func:`organization_not_applicable`,
  :func:`manifest_not_applicable`): where it does not hold the rule is not applicable (n/a),
  which is neither a pass nor a finding (rules.md, "Not applicable").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ctlint.config import Settings
from ctlint.engine.report import RuleSet, select_rules
from ctlint.law.records import day_after
from ctlint.law.scope import Applicability, RepoFacts, decide
from ctlint.law.taxonomy import ORGANIZATION_FACT_NAMES, organization_facts
from ctlint.model.findings import Citation, citations_in_force
from ctlint.policy.catalog import Catalog, build_catalog
from ctlint.policy.model import FactTest, Rule

if TYPE_CHECKING:
    from ctlint.engine.report import Report


@dataclasses.dataclass(frozen=True, slots=True)
class View:
    """The catalog under one configuration and as-of date."""

    settings: Settings
    catalog: Catalog
    applicability: Applicability
    ruleset: RuleSet


def build_view(settings: Settings) -> View:
    """Decide packs and rules the way ``check`` would, from the configured manifests."""
    from ctlint.engine.pipeline import (
        repository_facts,  # lazy: start-up (only `explain` reads the manifests)
    )

    catalog = build_catalog(
        root=settings.root, policy_paths=settings.policy_paths, rule_options=settings.rule_options
    )
    facts = RepoFacts()
    if settings.org_type in ("private_business", "nonprofit") and settings.packs_auto:
        facts = repository_facts(settings, catalog)
    applicability = decide(settings, catalog, facts)
    return View(settings, catalog, applicability, select_rules(settings, catalog, applicability))


def status(view: View, rule: Rule) -> tuple[bool, str]:
    """Whether a rule runs under this configuration, and why (not)."""
    if rule.retired:
        return False, f"retired: {rule.retired.strip()}"
    pack = view.applicability.status(rule.pack)
    if pack is None or not pack.active:
        return False, f"pack {rule.pack} is inactive: {pack.reason if pack else 'unknown pack'}"
    as_of = view.settings.as_of
    if as_of < rule.effective_from:
        return False, f"in force from {rule.effective_from.isoformat()} (as of {as_of.isoformat()})"
    if rule.effective_until is not None and as_of > rule.effective_until:
        return False, f"in force until {rule.effective_until.isoformat()}"
    if not view.ruleset.runs(rule.id):
        return False, "turned off by select, ignore or severity in the configuration"
    return True, f"pack {rule.pack}: {pack.reason}"


# --------------------------------------------------------------------------- applicability

#: How a fact of an ``applies`` condition reads: (when it holds, when it does not).
FACT_WORDS: Mapping[str, tuple[str, str]] = {
    "personal_service_basis": (
        "`agreement.procurement_basis` is `personal_service_agreement` or missing",
        "`agreement.procurement_basis` is set to a value other than `personal_service_agreement`",
    ),
    "org_private_business": (
        "`organization.type` is `private_business`",
        "`organization.type` is not `private_business`",
    ),
    "org_state_agency": (
        "`organization.type` is `ct_state_agency`",
        "`organization.type` is not `ct_state_agency`",
    ),
    "org_municipal_agency": (
        "`organization.type` is `ct_municipal_agency`",
        "`organization.type` is not `ct_municipal_agency`",
    ),
    "org_agency": (
        "`organization.type` is `ct_state_agency` or `ct_municipal_agency`",
        "`organization.type` is neither `ct_state_agency` nor `ct_municipal_agency`",
    ),
}


def _fact_words(name: str) -> tuple[str, str]:
    return FACT_WORDS.get(name, (f"the fact `{name}` holds", f"the fact `{name}` does not hold"))


def not_applicable_when(test: FactTest) -> str:
    """When an ``applies`` test fails, in words (``organization.type`` is ... or ...)."""
    words = [_fact_words(name) for name in test.names]
    if test.none:
        return " or ".join(holds for holds, _fails in words)
    if test.any:
        return " and ".join(fails for _holds, fails in words)
    return " or ".join(fails for _holds, fails in words)


def organization_only(rule: Rule) -> bool:
    """Whether the rule's ``applies`` reads organization facts only (decided once a run)."""
    return rule.applies is not None and all(
        name in ORGANIZATION_FACT_NAMES for name in rule.applies.facts.names
    )


def organization_not_applicable(rule: Rule, org_type: str | None) -> str | None:
    """The ``applies`` reason when the rule is not applicable to this organization at all
    (its ``applies`` reads organization facts only and fails for ``org_type``), else None."""
    if rule.applies is None or not organization_only(rule):
        return None
    if rule.applicable(organization_facts(org_type)):
        return None
    return rule.applies.reason


def applies_json(rule: Rule) -> dict[str, str] | None:
    """The ``applies`` condition for machine output: when it fails, why, and who decides it."""
    if rule.applies is None:
        return None
    return {
        "not_applicable_when": not_applicable_when(rule.applies.facts),
        "reason": rule.applies.reason,
        "decided_for": "organization" if organization_only(rule) else "manifest",
    }


@dataclasses.dataclass(frozen=True, slots=True)
class NotApplicableCell:
    """A manifest × rule that is not applicable, and why (the rule's ``applies`` reason)."""

    file: str
    vendor: str | None
    rule: str
    reason: str


def manifest_not_applicable(report: Report) -> list[NotApplicableCell]:
    """Every reported manifest × active policy rule whose ``applies`` fails for the manifest's
    facts, in report order, with the rule's reason (from :attr:`Report.not_applicable`, which
    the pipeline decided from the data it parsed once). Rules not applicable to the whole
    organization are left out (:func:`organization_not_applicable` covers them), and so are
    files that did not load and retired manifests, which get no policy rule at all."""
    settings = report.settings
    rules = {
        r.id: r
        for r in report.ruleset.policy
        if r.applies is not None and organization_not_applicable(r, settings.org_type) is None
    }
    out: list[NotApplicableCell] = []
    for rel in report.files:
        for rule_id in report.not_applicable.get(rel, ()):
            rule = rules.get(rule_id)
            if rule is not None and rule.applies is not None:
                out.append(
                    NotApplicableCell(rel, report.vendors.get(rel), rule_id, rule.applies.reason)
                )
    return out


# --------------------------------------------------------------------------- citations


def citation_kind(citation: Citation) -> str:
    """`` — another agency's rule of the same kind (...)`` or ``""``: what follows a citation."""
    return f" — {citation.kind}" if citation.kind else ""


def citation_summary(citation: Citation) -> str:
    """The label with the status unless verified, and the agency: one line of ``rules``."""
    text = citation.short
    return f"{text} (another agency's rule: {citation.agency})" if citation.agency else text


def with_declared(rule: Rule, settings: Settings) -> tuple[tuple[Citation, bool], ...]:
    """Every citation of the rule in its written order, each with whether it is in force at
    the as-of date; for ``ct-pda`` the organization's declared regulations (always in force)
    come after the statute citations and before the first citation of one agency's rule."""
    as_of = settings.as_of
    out = [(c, c.in_force(as_of)) for c in rule.citations]
    declared = settings.declared_citations if rule.pack == "ct-pda" else ()
    if declared:
        at = next((i for i, (c, _in) in enumerate(out) if c.agency), len(out))
        out[at:at] = [(c, True) for c in declared]
    return tuple(out)


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1) if day > dt.date.min else day


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    """A stretch of days during which the same citations are in force."""

    start: dt.date | None  # None: from the beginning
    end: dt.date | None  # None: open-ended
    citations: tuple[Citation, ...]

    @property
    def label(self) -> str:
        """``until 2026-06-30``, ``2026-07-01 to 2026-07-31`` or ``from 2026-08-01``."""
        if self.start is None and self.end is None:
            return "always"
        if self.start is None:
            assert self.end is not None
            return f"until {self.end.isoformat()}"
        if self.end is None:
            return f"from {self.start.isoformat()}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in this period."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def citation_periods(rule: Rule, declared: Sequence[Citation] = ()) -> tuple[Period, ...]:
    """Every period between the citations' own date boundaries, with the citations in force
    during it (empty when no citation of the rule has dates of its own)."""
    bounds = sorted(
        {c.effective_from for c in rule.citations if c.effective_from is not None}
        | {day_after(c.effective_until) for c in rule.citations if c.effective_until is not None}
    )
    if not bounds:
        return ()
    periods: list[Period] = []
    starts: list[dt.date | None] = [None, *bounds]
    for index, start in enumerate(starts):
        end = _day_before(bounds[index]) if index < len(bounds) else None
        probe = start if start is not None else _day_before(bounds[0])
        cites = citations_in_force(rule.citations, probe, declared)
        if periods and periods[-1].citations == cites:
            periods[-1] = Period(periods[-1].start, end, cites)
        else:
            periods.append(Period(start, end, cites))
    return tuple(periods)


def citations_at(view: View, rule: Rule) -> tuple[Citation, ...]:
    """The citations in force at the view's as-of date (declared regulations included)."""
    return view.settings.citations_for(rule)


def status_notes(citations: Iterable[Citation]) -> list[str]:
    """The warnings a list of citations needs: what secondary, unverified and declared mean,
    and that another agency's rule does not bind the organization."""
    cites = list(citations)
    notes = []
    if any(c.status in ("secondary", "unverified") for c in cites):
        notes.append(
            "A citation marked secondary was confirmed only through summaries, and one marked "
            "unverified is yet to be checked; do not treat either as settled law."
        )
    if any(c.status == "declared" for c in cites):
        notes.append(
            "A citation marked declared is named by the organization's configuration "
            "(organization.regulations); ctlint has not read or checked it."
        )
    if any(c.agency for c in cites):
        notes.append(
            "A citation of another agency's rule of the same kind shows what agencies' Personal "
            "Data Act regulations require; it does not bind the organization running ctlint."
        )
    return notes
