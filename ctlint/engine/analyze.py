"""One file's path after it is read: its rules and built-in checks evaluated on the loaded
manifest (:func:`evaluate`, or :func:`analyze` to load it first), into one
:class:`~ctlint.engine.source.FileResult`; then, once the repository-wide facts are known,
the findings of the rules that run, with their severities, CTL201 and the waivers
(:func:`finish`). The register's history evaluates the same loaded documents at other dates
through :func:`evaluate`. :mod:`.pipeline` runs this for every file of a run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ctlint.config import Settings
from ctlint.config.defaults import taken_from
from ctlint.document.positions import locate
from ctlint.engine.checks import CHECKS, DUPLICATE_ID, Manifest, duplicate_id
from ctlint.engine.discover import Target
from ctlint.engine.evaluate import (
    VALUE_FAILED,
    Typo,
    Violation,
    check_rule,
    empty_at,
    shadowed,
    triggered,
    typo_for,
    typo_of,
)
from ctlint.engine.facts import as_held
from ctlint.engine.report import RuleSet
from ctlint.engine.source import FileResult, Loaded, load_target
from ctlint.engine.waivers import WaiverOutcome, apply_waivers
from ctlint.law.taxonomy import derive_facts
from ctlint.model.findings import Finding, Severity, Span
from ctlint.policy.catalog import UNSUPPRESSIBLE, Catalog
from ctlint.policy.model import Rule


def analyze(
    target: Target,
    *,
    settings: Settings,
    catalog: Catalog,
    rules: Sequence[Rule],
    keep: bool = False,
) -> FileResult:
    """Load one file and evaluate every rule in ``rules`` on it (findings keep default
    severity); with ``keep``, the result carries the loaded document and its digest."""
    loaded = load_target(target, settings.limits, digest=keep, defaults=settings.defaults)
    return evaluate(loaded, settings=settings, catalog=catalog, rules=rules, keep=keep)


def evaluate(
    loaded: Loaded,
    *,
    settings: Settings,
    catalog: Catalog,
    rules: Sequence[Rule],
    keep: bool = False,
    checks: bool = True,
) -> FileResult:
    """Evaluate every rule in ``rules`` on an already loaded file (at ``settings.as_of``): what
    :func:`analyze` does after reading, and what the register's history does at earlier dates
    (there without the built-in ``checks`` when it asks about one policy rule)."""
    target = loaded.target
    rel = target.rel
    vendor = loaded.vendor
    out: list[Finding] = []

    def add(rule_id: str, pointer: str | None, message: str, item: str | None = None) -> None:
        rule = catalog.rules.get(rule_id)
        file, span, message = _where(loaded, settings, rule_id, pointer, message)
        out.append(
            Finding(
                rule=rule_id,
                severity=rule.severity if rule else Severity.ERROR,
                message=message,
                file=file,
                span=span,
                pointer=pointer,
                item=item,
                vendor=vendor,
                citations=settings.citations_for(rule) if rule else (),
            )
        )

    if loaded.doc.fatal or loaded.clean is None:
        for problem in loaded.doc.problems:
            out.append(
                Finding(
                    rule=problem.rule,
                    severity=Severity.ERROR,
                    message=problem.message,
                    file=rel,
                    span=problem.span,
                    pointer=problem.pointer,
                    vendor=vendor,
                )
            )
        return FileResult(
            loaded.facts, tuple(out), loaded=loaded if keep else None, wide=loaded.wide
        )
    data = loaded.clean
    for problem in loaded.schema_problems:
        add(problem.rule, problem.pointer, problem.message, problem.item)
    spans = {"/id": locate(loaded.doc.node, "/id")}
    manifest = Manifest(rel, data, settings.root, settings.as_of, settings.expiry_notice_days)
    for registered in CHECKS.values() if checks else ():
        if registered.on_retired or not loaded.retired:
            for hit in registered.run(manifest):
                add(registered.rule, hit.pointer, hit.message, hit.item)
    if loaded.retired:
        return FileResult(
            loaded.facts, tuple(out), spans=spans, loaded=loaded if keep else None, wide=loaded.wide
        )
    held = as_held(data, settings.as_of)  # what the rules see: lapsed certifications left out
    facts = derive_facts(held, settings.as_of, settings.org_type)
    not_applicable = tuple(r.id for r in rules if not r.applicable(facts))
    untriggered: list[str] = []
    violations: list[Violation] = []
    for rule in rules:
        if not triggered(rule, held, facts):
            untriggered.append(rule.id)
            continue
        violations.extend(check_rule(rule, held, facts, settings.as_of, trigger_checked=True))
    kept = list(actionable(violations, loaded))
    if loaded.schema_problems:
        needed = needed_by(violations, loaded)
        for index, problem in enumerate(loaded.schema_problems):  # the first findings of out
            rules_needing = needed.get(problem.pointer) if problem.rule == "CTL102" else None
            if rules_needing:
                named = ", ".join(rules_needing)
                out[index] = out[index].replace(message=f"{out[index].message} ({named} needs it)")
    for violation in kept:
        add(violation.rule.id, violation.pointer, violation.message, violation.item)
    shown = {v.rule.id for v in kept}
    superseded = tuple(sorted({v.rule.id for v in violations} - shown))
    entries = data.get("waivers")
    invalid = {
        p.pointer.split("/")[2]
        for p in loaded.schema_problems
        if p.pointer.startswith("/waivers/") and p.pointer.count("/") >= 2
    }
    waivers = tuple(  # a waiver entry that failed the schema is a CTL1xx finding and is ignored
        (i, w)
        for i, w in enumerate(entries if isinstance(entries, list) else [])
        if isinstance(w, dict)
        and str(i) not in invalid
        and isinstance(w.get("rule"), str)
        and isinstance(w.get("reason"), str)
    )
    for index, _waiver in waivers:
        for suffix in ("", "/rule", "/expires"):
            pointer = f"/waivers/{index}{suffix}"
            spans[pointer] = locate(loaded.doc.node, pointer)
    return FileResult(
        loaded.facts,
        tuple(out),
        waivers,
        spans,
        not_applicable,
        loaded if keep else None,
        untriggered=tuple(untriggered),
        superseded=superseded,
        wide=loaded.wide,
    )


def _where(
    loaded: Loaded, settings: Settings, rule_id: str, pointer: str | None, message: str
) -> tuple[str, Span, str]:
    """The file, span and message of a finding: in the manifest, or, for a value merged in
    from the configuration's ``defaults:``, at that value's line in the configuration (the
    message then names the manifest it was found for)."""
    rel = loaded.target.rel
    defaults = settings.defaults
    if defaults is None or not taken_from(pointer, loaded.defaulted) or pointer is None:
        return rel, locate(loaded.doc.node, pointer, key=rule_id == "CTL104"), message
    config = settings.config_display or rel
    return config, defaults.place(pointer), f"{message} (from `defaults:`, for {rel})"


def actionable(violations: Iterable[Violation], loaded: Loaded) -> Iterator[Violation]:
    """The policy violations worth showing next to the schema findings of the same file.

    A violation at or below a value that failed its schema check is dropped: the schema
    finding says what is wrong with the value ("missing" would contradict it, or, for an
    empty value such as a scaffold's placeholder, say the same thing twice; that finding names
    the rules that need the value instead, :func:`needed_by`). A violation at or below the
    key a CTL104 "did you mean" suggests is kept, and its message names the typo and where it
    is, so one misspelt key reads as one problem.
    """
    problems = loaded.schema_problems
    if not problems:
        yield from violations
        return
    failed = [p.pointer for p in problems if p.rule in VALUE_FAILED]
    typos = [t for p in problems if (t := typo_of(p.rule, p.pointer, p.message)) is not None]
    for violation in violations:
        if shadowed(violation.pointer, failed):
            continue
        typo = typo_for(violation.pointer, typos)
        yield violation if typo is None else _blame(violation, typo, loaded)


def needed_by(violations: Iterable[Violation], loaded: Loaded) -> dict[str, list[str]]:
    """For each empty value (null or blank) with a CTL102 finding, the rules whose violation
    on it :func:`actionable` left out, in rule order: what the CTL102 message names."""
    data = loaded.doc.data
    empty = {
        p.pointer
        for p in loaded.schema_problems
        if p.rule == "CTL102" and empty_at(data, p.pointer)
    }
    out: dict[str, list[str]] = {}
    for violation in violations:
        if violation.pointer in empty and violation.rule.id not in out.get(violation.pointer, []):
            out.setdefault(violation.pointer, []).append(violation.rule.id)
    return out


def _blame(violation: Violation, typo: Typo, loaded: Loaded) -> Violation:
    """``violation`` with its message pointing at the typo that causes it."""
    at = locate(loaded.doc.node, typo.pointer, key=True)
    field, meant = (f if len(f) <= 80 else f[:79] + "…" for f in (typo.field, typo.meant_field))
    note = f" (is `{field}` a typo of `{meant}`? see CTL104 at {at.line}:{at.column})"
    return dataclasses.replace(violation, message=violation.message + note)


def finish(
    result: FileResult,
    *,
    settings: Settings,
    catalog: Catalog,
    ruleset: RuleSet,
    first_ids: Mapping[str, Sequence[str]],
) -> tuple[list[Finding], tuple[WaiverOutcome, ...]]:
    """Keep the findings of active rules (with their configured severity), add CTL201, and
    apply the waivers: the findings, and what became of each waiver evaluated. ``first_ids``
    holds each vendor id's files (of every configured manifest and named file), in byte
    order: CTL201 goes on every one of them that is reported."""
    out: list[Finding] = []
    for finding in result.findings:
        level = ruleset.severity.get(finding.rule)
        if level is None:
            if finding.rule in UNSUPPRESSIBLE:
                out.append(finding)
            continue
        out.append(finding if level is finding.severity else finding.replace(severity=level))
    if not result.parsed:
        return out, ()

    def make(rule_id: str, pointer: str | None, message: str) -> Finding | None:
        level = ruleset.severity.get(rule_id)
        if level is None:
            return None
        rule = catalog.rules.get(rule_id)
        return Finding(
            rule=rule_id,
            severity=level,
            message=message,
            file=result.rel,
            span=result.spans.get(pointer or ""),
            pointer=pointer,
            vendor=result.vendor,
            citations=settings.citations_for(rule) if rule else (),
        )

    duplicate = duplicate_id(result.rel, result.vendor, first_ids)
    if duplicate is not None:
        extra = make(DUPLICATE_ID, duplicate.pointer, duplicate.message)
        if extra is not None:
            out.append(extra)
    if settings.waivers and result.waivers and not result.retired:
        out, outcomes = apply_waivers(
            out,
            result.waivers,
            as_of=settings.as_of,
            known_rule=catalog.known_rule,
            active_rule=ruleset.runs,
            make=make,
        )
        return out, tuple(outcomes)
    return out, ()
