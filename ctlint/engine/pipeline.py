"""The pipeline: discover -> load (:mod:`.source`) -> schema -> checks and policies ->
waivers -> baseline -> :class:`~ctlint.engine.report.Report`. No printing here.

One path per manifest: each file is read and parsed once into a
:class:`~ctlint.engine.source.FileResult` (with ``keep``, the loaded document stays in it
for the register); the repository-wide decisions use each file's
:class:`~ctlint.engine.facts.ManifestFacts`; ``--jobs`` runs the same per-file work in
worker processes (:mod:`.parallel`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

from ctlint.config import Settings
from ctlint.config.defaults import taken_from
from ctlint.document.positions import locate
from ctlint.engine.checks import CHECKS, DUPLICATE_ID, Manifest, duplicate_id
from ctlint.engine.discover import Target, configured, expand, from_stdin
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
from ctlint.engine.facts import ManifestFacts, as_held
from ctlint.engine.report import Report, RuleSet, select_rules
from ctlint.engine.source import FileResult, Loaded, load_target
from ctlint.engine.waivers import WaiverOutcome, apply_waivers
from ctlint.law.scope import RepoFacts, decide, repo_facts
from ctlint.law.taxonomy import derive_facts, is_sensitive
from ctlint.model.findings import Finding, Severity, Span, cap_per_rule
from ctlint.policy.catalog import UNSUPPRESSIBLE, Catalog, build_catalog
from ctlint.policy.model import Rule
from ctlint.util.memory import frozen, long_lived


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

    A violation at or below a value that failed its schema check is dropped (the schema
    finding says what is wrong with the value; "missing" would contradict it), unless the
    value is empty (null or blank, like a scaffold's placeholder: it is missing, and the rule's
    finding says why it is needed). A violation at
    or below the key a CTL104 "did you mean" suggests is kept, and its message names the typo
    and where it is, so one misspelt key reads as one problem.
    """
    problems = loaded.schema_problems
    if not problems:
        yield from violations
        return
    data = loaded.doc.data
    failed = [
        p.pointer for p in problems if p.rule in VALUE_FAILED and not empty_at(data, p.pointer)
    ]
    typos = [t for p in problems if (t := typo_of(p.rule, p.pointer, p.message)) is not None]
    for violation in violations:
        if shadowed(violation.pointer, failed):
            continue
        typo = typo_for(violation.pointer, typos)
        yield violation if typo is None else _blame(violation, typo, loaded)


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


def catalog_for(settings: Settings) -> Catalog:
    """The catalog a check needs: built-in and organization packs, and the installed packs
    when the configuration names a pack or rule that only they can provide."""
    return build_catalog(
        root=settings.root,
        policy_paths=settings.policy_paths,
        rule_options=settings.rule_options,
        installed=None,
        references=(
            *(p for p in settings.packs if p != "auto"),
            *settings.select,
            *settings.ignore,
            *settings.severity,
        ),
    )


def context_result(target: Target, settings: Settings) -> FileResult:
    """What the repository-wide decisions need from a manifest that is not reported: loaded
    and schema-checked like any other, but no rule runs and no finding is kept."""
    return FileResult(load_target(target, settings.limits, defaults=settings.defaults).facts)


def context(
    manifests: Iterable[ManifestFacts], as_of: dt.date
) -> tuple[RepoFacts, dict[str, tuple[str, ...]]]:
    """The repository-wide facts at ``as_of`` (the CTDPA scope's), and the files of each
    vendor id in byte order (CTL201), from the facts of every file that takes part."""
    per_file: dict[str, tuple[list[tuple[str, str]], bool]] = {}
    users: dict[str, list[str]] = {}
    for facts in sorted(manifests, key=lambda f: f.rel.encode("utf-8", "surrogateescape")):
        if not facts.counts:
            continue
        rel = facts.rel
        if facts.vendor is not None:
            files = users.setdefault(facts.vendor, [])
            if rel not in files:
                files.append(rel)
        per_file[rel] = ([(rel, k) for k in facts.categories if is_sensitive(k, as_of)], facts.sale)
    return repo_facts(per_file), {vendor: tuple(files) for vendor, files in users.items()}


def _rules_in_force(settings: Settings, catalog: Catalog) -> tuple[Rule, ...]:
    """Policy rules in force of every pack that can be active: the CTDPA scope may still turn
    on `ctdpa` once every manifest is read, so the decision is made with the facts that would
    bring it into scope, and the parent drops what the real decision leaves out."""
    widest = decide(settings, catalog, RepoFacts(sensitive=(("", ""),), sale=("",)))
    packs = {p.name for p in widest.packs if p.active}
    return tuple(
        sorted(
            (
                r
                for r in catalog.rules.values()
                if not r.builtin and r.pack in packs and r.in_force(settings.as_of)
            ),
            key=lambda r: r.id,
        )
    )


_WORKER: dict[str, Any] = {}
#: What to do with one file.
Mode = Literal["light", "full", "keep"]
#: A file to analyze: ``light`` only for its repository-wide facts, ``full`` for its findings
#: too, ``keep`` also keeping the loaded document (and its digest) in the result.
Job = tuple[Target, Mode]


def _worker_init(settings: Settings) -> None:
    """In each worker: the signal set-up of :func:`parallel.worker_signals`, and the compiled
    catalog (inherited when forked; built again when spawned)."""
    from ctlint.engine import parallel  # lazy: only with --jobs

    parallel.worker_signals()
    if _WORKER.get("settings") is not settings:
        catalog = catalog_for(settings)
        _WORKER.update(settings=settings, catalog=catalog, rules=_rules_in_force(settings, catalog))


def _work(job: Job, settings: Settings, catalog: Catalog, rules: Sequence[Rule]) -> FileResult:
    target, mode = job
    if mode == "light":
        return context_result(target, settings)
    return analyze(target, settings=settings, catalog=catalog, rules=rules, keep=mode == "keep")


def _worker_chunk(jobs: Sequence[Job]) -> list[FileResult]:
    return [_work(j, _WORKER["settings"], _WORKER["catalog"], _WORKER["rules"]) for j in jobs]


def analyze_all(
    targets: Sequence[Job], *, settings: Settings, catalog: Catalog, jobs: int
) -> list[FileResult]:
    """Analyze files (:data:`Job`), in ``jobs`` processes (:mod:`ctlint.engine.parallel`)
    when there are enough of them to pay for it; results in order."""
    rules = _rules_in_force(settings, catalog)
    if jobs <= 1 or len(targets) < 64:
        return [_work(t, settings, catalog, rules) for t in targets]
    from ctlint.engine import parallel  # lazy: only with --jobs

    size = max(16, min(500, len(targets) // (jobs * 4) or 1))
    chunks = [targets[i : i + size] for i in range(0, len(targets), size)]
    if not parallel.FORK:
        return parallel.map_chunks(
            _worker_chunk, chunks, jobs=jobs, initializer=_worker_init, initargs=(settings,)
        )
    # the workers inherit the compiled catalog instead of building it again; frozen while
    # they run, so that their collections do not traverse (and so copy) the pages they share
    _WORKER.update(settings=settings, catalog=catalog, rules=rules)
    with frozen():
        return parallel.map_chunks(
            _worker_chunk, chunks, jobs=jobs, initializer=_worker_init, initargs=(settings,)
        )


def _results(
    settings: Settings,
    catalog: Catalog,
    targets: Sequence[Target],
    *,
    everything: bool,
    jobs: int,
    keep: bool = False,
    strict: bool = True,
) -> tuple[list[FileResult], list[ManifestFacts]]:
    """The named files' results, and the facts of every file for the repository-wide
    decisions: the named files and (unless ``targets`` already holds every configured
    manifest) the other configured manifests, from the cache when one is configured and the
    file is unchanged, otherwise from a light analysis."""
    mode: Mode = "keep" if keep else "full"
    if everything:
        manifests = list(targets)
        context: list[Target] = []
    else:
        named = {os.path.abspath(t.path) for t in targets}
        manifests = configured(settings, strict=strict)  # absolute, normalized, under the root
        context = [t for t in manifests if t.path not in named]
    if settings.cache_dir is None:
        work = [(t, mode) for t in targets] + [(t, "light") for t in context]
        done = analyze_all(work, settings=settings, catalog=catalog, jobs=jobs)
        return done[: len(targets)], [r.facts for r in done]
    from ctlint.engine.cache import FactCache, stamp  # lazy: only with a cache_dir

    store = FactCache(settings.cache_dir, settings.limits)
    given = {t.rel for t in targets if t.content is not None}  # not the file on disk
    cacheable = {t.rel: t.path for t in manifests if t.problem is None and t.rel not in given}
    stamps = {t.rel: stamp(t.path) for t in [*targets, *context] if t.rel in cacheable}
    rows: list[ManifestFacts] = []
    missed: list[Target] = []
    for t in context:
        found = store.get(t.rel, stamps[t.rel]) if t.rel in cacheable else None
        if found is None:
            missed.append(t)
        else:
            rows.append(ManifestFacts.from_cache(t.rel, found))
    work = [(t, mode) for t in targets] + [(t, "light") for t in missed]
    done = analyze_all(work, settings=settings, catalog=catalog, jobs=jobs)
    for result in done:
        if result.rel in cacheable:
            store.put(result.rel, cacheable[result.rel], stamps[result.rel], result.facts.cached())
    store.keep_only({*cacheable, *given})  # the file on disk keeps its entry
    store.save()
    return done[: len(targets)], [r.facts for r in done] + rows


def repository_facts(settings: Settings, catalog: Catalog) -> RepoFacts:
    """The repository-wide facts of the configured manifests (what ``rules`` and ``explain``
    decide the CTDPA scope with)."""
    _named, rows = _results(settings, catalog, [], everything=False, jobs=1, strict=False)
    return context(rows, settings.as_of)[0]


def run(
    settings: Settings,
    paths: Sequence[str] = (),
    *,
    catalog: Catalog | None = None,
    jobs: int = 1,
    only_manifests: bool = False,
    keep: bool = False,
    stdin: bytes | None = None,
) -> Report:
    """Lint the named paths (or the configured manifests) and return the finished report;
    with ``keep``, the report also carries each reported file's loaded document (what the
    register shows and re-evaluates at earlier dates, so that no manifest is read twice).
    With ``stdin``, the one path is the path that these bytes (a manifest read from standard
    input) are reported as, in place of the file there (:func:`from_stdin`)."""
    catalog = catalog or catalog_for(settings)
    if stdin is not None:
        (name,) = paths
        targets = [from_stdin(settings, name, stdin)]
    else:
        targets = expand(settings, paths, only_manifests=only_manifests)
    with long_lived(keep):  # the kept documents live to the end: no collection traverses them
        reported, rows = _results(
            settings,
            catalog,
            targets,
            everything=not (paths or only_manifests),
            jobs=jobs,
            keep=keep,
        )
    facts, first_ids = context(rows, settings.as_of)
    applicability = decide(settings, catalog, facts)
    ruleset = select_rules(settings, catalog, applicability)
    findings: list[Finding] = []
    for finding in applicability.findings:
        level = ruleset.severity.get(finding.rule)
        if level is not None:
            findings.append(finding.replace(severity=level))
    waivers: dict[str, tuple[WaiverOutcome, ...]] = {}
    for result in reported:
        found, outcomes = finish(
            result, settings=settings, catalog=catalog, ruleset=ruleset, first_ids=first_ids
        )
        findings.extend(found)
        if outcomes:
            waivers[result.rel] = outcomes
    findings.sort(key=Finding.sort_key)
    outcome = None
    if settings.baseline is not None:
        from ctlint.engine import baseline  # lazy: only with a baseline

        display = os.path.relpath(settings.baseline, settings.root).replace(os.sep, "/")
        findings, outcome = baseline.apply(
            findings, baseline.load(settings.baseline), path=display, files=[t.rel for t in targets]
        )
    return Report(
        findings=tuple(cap_per_rule(findings)),
        files=tuple(t.rel for t in targets),
        as_of=settings.as_of,
        settings=settings,
        catalog=catalog,
        applicability=applicability,
        ruleset=ruleset,
        baseline=outcome,
        not_applicable={r.rel: r.not_applicable for r in reported if r.not_applicable},
        vendors={r.rel: r.vendor for r in reported if r.vendor is not None},
        wide_lines={r.rel: r.wide for r in reported if r.wide},
        results=tuple(reported) if keep else (),
        waivers=waivers,
        manifests=tuple(rows),
    )
