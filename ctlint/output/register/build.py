"""Build the :class:`~.model.Register` of a finished report, from the data the pipeline
already parsed (``run(keep=True)``): no manifest is read again here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint import __version__
from ctlint.document.read import read_file
from ctlint.engine.report import Report
from ctlint.engine.source import FileResult
from ctlint.law.taxonomy import (
    VOICEPRINT_KEY,
    canonical,
    category_keys,
    is_sensitive,
)
from ctlint.model.findings import Finding, Severity
from ctlint.output.catalog_views import (
    not_applicable_when,
    organization_not_applicable,
)
from ctlint.output.register.history import History, manifest_dates
from ctlint.output.register.model import (
    COMPLIANT,
    COMPLIANT_OPEN,
    COMPLIANT_WAIVED,
    EXPIRING_DAYS,
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
    Agreement,
    Cell,
    DataCategory,
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
from ctlint.util.globs import is_inside

# --------------------------------------------------------------------------- building


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _read_input(path: str, display: str, role: str, report: Report) -> InputFile:
    """A configuration or policy file of the run and its digest (read once more here: the
    register is their only reader that needs their bytes)."""
    settings = report.settings
    absolute = os.path.abspath(path)
    if _inside(absolute, settings.root) and not is_inside(
        os.path.realpath(absolute), settings.root
    ):
        return InputFile(
            display, role, None, None, "not read: a link leading outside the repository root"
        )
    raw, problem = read_file(path, settings.limits)
    if raw is None:
        note = f"not read: {problem.message}" if problem is not None else "not read"
        return InputFile(display, role, None, None, note)
    return InputFile(display, role, hashlib.sha256(raw).hexdigest(), len(raw))


def _manifest_input(result: FileResult) -> InputFile:
    """A manifest of the run and the digest of the bytes the pipeline read."""
    loaded = result.loaded
    assert loaded is not None, "the register needs the report of run(keep=True)"
    digest = loaded.digest
    if digest is not None:
        return InputFile(result.rel, "manifest", digest.sha256, digest.size)
    problems = loaded.doc.problems
    note = f"not read: {problems[0].message}" if problems else "not read"
    return InputFile(result.rel, "manifest", None, None, note)


def _section(data: Mapping[str, Any] | None, key: str) -> Mapping[str, Any]:
    value = data.get(key) if data else None
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def ruleset_version(report: Report) -> str:
    """The documented SHA-256 over the active policy rules (module docstring)."""
    rules = []
    for rule in report.ruleset.policy:
        severity = report.ruleset.severity.get(rule.id, rule.severity)
        rules.append(
            [
                rule.id,
                rule.pack,
                severity.label,
                rule.effective_from.isoformat(),
                rule.effective_until.isoformat() if rule.effective_until else None,
                dict(rule.options),
                dict(rule.raw),
            ]
        )
    text = json.dumps(rules, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _agreement(data: Mapping[str, Any] | None, as_of: dt.date) -> Agreement:
    section = _section(data, "agreement")
    expires = parse_date(section.get("expires"))
    state: str | None = None
    days: int | None = None
    if expires is not None:
        days = (expires - as_of).days
        state = "expired" if days < 0 else "expiring" if days <= EXPIRING_DAYS else "current"

    def date_text(key: str) -> str | None:
        value = parse_date(section.get(key))
        return value.isoformat() if value else None

    return Agreement(
        type=_text(section.get("type")),
        reference=_text(section.get("reference")),
        signed=date_text("signed"),
        effective=date_text("effective"),
        expires=expires.isoformat() if expires else None,
        state=state,
        days_left=days,
    )


def _categories(data: Mapping[str, Any] | None, as_of: dt.date) -> tuple[DataCategory, ...]:
    entries = _section(data, "data").get("categories")
    out: list[DataCategory] = []
    valid = category_keys()
    for entry in entries if isinstance(entries, list) else []:
        key = entry.get("key") if isinstance(entry, dict) else None
        if isinstance(key, str):
            known = key in valid
            out.append(
                DataCategory(
                    key,
                    known and is_sensitive(canonical(key), as_of),
                    None if known else "not a taxonomy key",
                )
            )
    if _section(data, "recording").get("voiceprint") is True and all(
        c.key != VOICEPRINT_KEY for c in out
    ):
        out.append(
            DataCategory(
                VOICEPRINT_KEY, is_sensitive(VOICEPRINT_KEY, as_of), "recording.voiceprint"
            )
        )
    return tuple(out)


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
            _read_input(
                settings.config_path, settings.config_display or "", "configuration", report
            )
        )
    rules = report.ruleset.policy
    policy_ids = {r.id for r in rules}
    for rule in rules:
        if catalog.packs[rule.pack].origin == "local":
            inputs.append(
                _read_input(os.path.join(settings.root, rule.path), rule.path, "policy", report)
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
        inputs.append(_manifest_input(parsed))
        data = parsed.loaded.clean if parsed.loaded is not None else None
        retired = parsed.retired
        vendor_id = _text(data.get("id")) if data else None
        entries = waiver_entries(report, parsed, vendor_id or rel)
        waivers.extend(entries)
        # decided by the pipeline when it evaluated the rules (nothing is evaluated again here)
        not_applicable = frozenset(parsed.not_applicable)
        untriggered = frozenset(parsed.untriggered)
        superseded = frozenset(parsed.superseded)
        agreement = _section(data, "agreement")
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
        vendor_section = _section(data, "vendor")
        vendors.append(
            Vendor(
                file=rel,
                id=vendor_id,
                name=_text(data.get("name")) if data else None,
                category=_text(data.get("category")) if data else None,
                role=_text(vendor_section.get("role")),
                channels=_strings(data.get("channels")) if data else (),
                categories=_categories(data, as_of),
                uses=_strings(_section(data, "data").get("uses")),
                agreement=_agreement(data, as_of),
                status=(_text(data.get("status")) or "active") if data else None,
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
        organization=_text(org.name),
        org_type=settings.org_type,
        agency_division=_text(org.agency_division),
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
