"""Build the :class:`~.model.Register` of a finished report, from the data the pipeline
already parsed (``run(keep=True)``): no manifest is read again here."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence

from ctlint import __version__
from ctlint.engine.report import Report
from ctlint.model.findings import Finding, Severity
from ctlint.output.catalog_views import (
    not_applicable_when,
    organization_not_applicable,
)
from ctlint.output.register.columns import (
    agreement_of,
    categories_of,
    manifest_input,
    read_input,
    ruleset_version,
    section,
    strings,
    text_of,
)
from ctlint.output.register.history import History, manifest_dates
from ctlint.output.register.model import (
    COMPLIANT,
    COMPLIANT_OPEN,
    COMPLIANT_WAIVED,
    FAIL,
    NOT_APPLICABLE,
    NOT_COMPLIANT,
    PASS,
    RESULTS,
    RETIRED,
    SOURCE_REQUIREMENTS,
    TRIGGER_DOES_NOT_HOLD,
    UNREADABLE,
    WAIVED,
    Cell,
    Group,
    Header,
    InputFile,
    Obligation,
    PackInfo,
    Register,
    Requirement,
    Vendor,
    WaiverEntry,
)
from ctlint.output.register.waivers import waiver_entries
from ctlint.policy.model import Rule, parse_date

# --------------------------------------------------------------------------- building


#: Why an obligation with no finding of its own fails: its value failed the schema check.
SUPERSEDED = "not met: the value it needs failed its schema check (see the manifest's problems)"


def build(report: Report) -> Register:
    """The register of a finished report of ``run(keep=True)``: it shows the documents the
    pipeline loaded, and evaluates them again at earlier dates for "since"."""
    settings = report.settings
    as_of = settings.as_of
    catalog = report.catalog
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.file is not None:
            by_file.setdefault(finding.file, []).append(finding)

    inputs: list[InputFile] = []
    if settings.config_path is not None:
        inputs.append(
            read_input(settings.config_path, settings.config_display or "", "configuration", report)
        )
    rules = report.ruleset.policy
    policy_ids = {r.id for r in rules}
    for rule in rules:
        if catalog.packs[rule.pack].origin == "local":
            inputs.append(
                read_input(os.path.join(settings.root, rule.path), rule.path, "policy", report)
            )

    packs = tuple(
        PackInfo(p.name, catalog.packs[p.name].title, p.active, p.reason)
        for p in report.applicability.packs
    )
    pack_of = {p.name: p for p in packs}

    results = {r.rel: r for r in report.results}
    if len(results) != len(report.files):
        raise ValueError("the register needs the documents of the run: run(..., keep=True)")
    history = History(report)
    gate = settings.fail_on
    # per rule, what each cell needs of it, and the counts of its row (summed as cells come)
    row_counts = {rule.id: dict.fromkeys(RESULTS, 0) for rule in rules}
    shapes = [(rule.id, rule.applies, row_counts[rule.id]) for rule in rules]
    vendors: list[Vendor] = []
    cells: dict[tuple[str, str], Cell] = {}
    waivers: list[WaiverEntry] = []
    problem_rows: list[tuple[str, Obligation, list[Finding]]] = []
    for rel in report.files:
        findings = by_file.get(rel, [])
        parsed = results[rel]
        inputs.append(manifest_input(parsed))
        data = parsed.loaded.clean if parsed.loaded is not None else None
        retired = parsed.retired
        vendor_id = text_of(data.get("id")) if data else None
        entries = waiver_entries(report, parsed, vendor_id or rel)
        waivers.extend(entries)
        # decided by the pipeline when it evaluated the rules (nothing is evaluated again here)
        not_applicable = frozenset(parsed.not_applicable)
        untriggered = frozenset(parsed.untriggered)
        superseded = frozenset(parsed.superseded)
        agreement = section(data, "agreement")
        floor = parse_date(agreement.get("effective")) or parse_date(agreement.get("signed"))
        dates: set[dt.date] | None = None  # what "since" needs, found when a rule fails
        counts = dict.fromkeys(RESULTS, 0)
        failing: list[str] = []
        # whether a failing obligation (or manifest error) is at or above fail_on, as in check
        gating = False
        of_rule: dict[str, list[Finding]] = {}
        for finding in findings:
            of_rule.setdefault(finding.rule, []).append(finding)
        for rule_id, applies, row in shapes:
            mine = of_rule.get(rule_id)
            reason: str | None = None
            since: dt.date | None = None
            opened = waived = 0
            if mine:
                opened = sum(1 for f in mine if not f.waived)
                waived = len(mine) - opened
            if opened:
                result = FAIL
                if dates is None:
                    dates = manifest_dates(data)
                since = history.since(rel, rule_id, floor, dates)
                failing.append(rule_id)
                gating = gating or any(not f.waived and f.severity >= gate for f in mine or ())
            elif mine:
                result = WAIVED
            elif rule_id in superseded:
                # its findings gave way to the schema finding on the same value: not met
                result, reason = FAIL, SUPERSEDED
                failing.append(rule_id)
                gating = True  # the value's schema finding is an error
            elif data is None:
                result, reason = NOT_APPLICABLE, "the manifest could not be read"
            elif retired:
                result, reason = NOT_APPLICABLE, "the manifest is retired"
            elif applies is not None and rule_id in not_applicable:
                result, reason = NOT_APPLICABLE, applies.reason
            elif rule_id in untriggered:
                result, reason = NOT_APPLICABLE, TRIGGER_DOES_NOT_HOLD
            else:
                result = PASS
            counts[result] += 1
            row[result] += 1
            cells[(rel, rule_id)] = Cell(rel, rule_id, result, reason, opened, waived, since)
        problems = tuple(sorted({f.rule for f in findings if not f.waived} - policy_ids))
        # an open error of the manifest itself (CTL1xx ...) fails it like a failing obligation,
        # and is listed under the open obligations: no vendor with one is "compliant"
        errors = [
            f
            for f in findings
            if not f.waived and f.severity is Severity.ERROR and f.rule not in policy_ids
        ]
        for rule_id in dict.fromkeys(f.rule for f in errors):
            mine = [f for f in errors if f.rule == rule_id]
            problem_rows.append((rel, _problem_obligation(report, rule_id), mine))
        failing += sorted({f.rule for f in errors})
        gating = gating or bool(errors)
        if data is None:
            outcome = UNREADABLE
        elif retired:
            outcome = RETIRED
        elif failing and gating:
            outcome = NOT_COMPLIANT
        elif failing:
            outcome = COMPLIANT_OPEN
        elif counts[WAIVED]:
            outcome = COMPLIANT_WAIVED
        else:
            outcome = COMPLIANT
        sinces = [cells[(rel, r)].since for r in failing if (rel, r) in cells]
        known = [s for s in sinces if s is not None]
        vendor_section = section(data, "vendor")
        vendors.append(
            Vendor(
                file=rel,
                id=vendor_id,
                name=text_of(data.get("name")) if data else None,
                category=text_of(data.get("category")) if data else None,
                role=text_of(vendor_section.get("role")),
                channels=strings(data.get("channels")) if data else (),
                categories=categories_of(data, as_of),
                uses=strings(section(data, "data").get("uses")),
                agreement=agreement_of(data, as_of),
                status=(text_of(data.get("status")) or "active") if data else None,
                outcome=outcome,
                since=min(known) if known else None,
                failing=tuple(failing),
                problems=problems,
                counts=counts,
            )
        )

    obligations: dict[str, list[Obligation]] = {}
    for rule in rules:
        counts = row_counts[rule.id]
        cites = report.settings.citations_for(rule)
        obligations.setdefault(rule.pack, []).append(
            Obligation(
                rule=rule.id,
                pack=rule.pack,
                title=rule.title,
                severity=report.ruleset.severity.get(rule.id, rule.severity).label,
                source_requirement=rule.source_requirement,
                citation=cites[0].short if cites else None,
                effective_from=rule.effective_from,
                counts=counts,
                citations=cites,
                not_applicable_when=not_applicable_when(rule.applies.facts)
                if rule.applies
                else None,
                not_applicable_reason=rule.applies.reason if rule.applies else None,
                organization_not_applicable=organization_not_applicable(rule, settings.org_type),
            )
        )
    groups = tuple(
        Group(p, tuple(obligations[p.name])) for p in packs if p.name in obligations
    ) + tuple(
        Group(PackInfo(name, name, True, ""), tuple(items))
        for name, items in sorted(obligations.items())
        if name not in pack_of
    )

    requirements = _requirements(rules, vendors, cells)
    scope = report.applicability.ctdpa_scope
    org = settings.organization
    header = Header(
        organization=text_of(org.name),
        org_type=settings.org_type,
        agency_division=text_of(org.agency_division),
        packs=packs,
        ctdpa_scope=None if scope is None else (scope.in_scope, scope.reason),
        as_of=as_of,
        version=__version__,
        ruleset_version=ruleset_version(report),
        ruleset_rules=len(rules),
        waivers_applied=settings.waivers,
        inputs=tuple(inputs),
    )
    problem_cells = tuple(
        (rel, obligation, Cell(rel, obligation.rule, FAIL, None, len(mine), 0, None))
        for rel, obligation, mine in problem_rows
    )
    return Register(
        header=header,
        vendors=tuple(vendors),
        groups=groups,
        cells=cells,
        requirements=requirements,
        findings=report.findings,
        waivers=tuple(waivers),
        problems=problem_cells,
    )


def _problem_obligation(report: Report, rule_id: str) -> Obligation:
    """A tool rule (CTL1xx, CTL2xx ...) as an open obligation: the manifest must be valid."""
    rule = report.catalog.rules.get(rule_id)
    cites = report.settings.citations_for(rule) if rule is not None else ()
    return Obligation(
        rule=rule_id,
        pack=rule.pack if rule is not None else "core",
        title=rule.title if rule is not None else rule_id,
        severity=Severity.ERROR.label,
        source_requirement=None,
        citation=cites[0].short if cites else None,
        effective_from=rule.effective_from if rule is not None else dt.date(1970, 1, 1),
        counts={},
        citations=cites,
    )


def _requirements(
    rules: Sequence[Rule], vendors: Sequence[Vendor], cells: Mapping[tuple[str, str], Cell]
) -> tuple[Requirement, ...]:
    by_key: dict[str, list[str]] = {}
    for rule in rules:
        if rule.source_requirement:
            by_key.setdefault(rule.source_requirement, []).append(rule.id)
    known = dict(SOURCE_REQUIREMENTS)
    order = [k for k, _ in SOURCE_REQUIREMENTS if k in by_key] + sorted(
        k for k in by_key if k not in known
    )
    out = []
    for key in order:
        ids = tuple(by_key[key])
        results: dict[str, str] = {}
        counts = dict.fromkeys(RESULTS, 0)
        for vendor in vendors:
            mine = {cells[(vendor.file, r)].result for r in ids}
            result = next(r for r in (FAIL, WAIVED, PASS, NOT_APPLICABLE) if r in mine)
            results[vendor.file] = result
            counts[result] += 1
        out.append(Requirement(key, known.get(key, key), ids, results, counts))
    return tuple(out)


# --------------------------------------------------------------------------- shared wording
