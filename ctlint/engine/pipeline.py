"""The pipeline: discover -> load (:mod:`.source`) -> schema -> checks and policies ->
waivers -> baseline -> :class:`~ctlint.engine.report.Report`. No printing here.

One path per manifest: each file is read and parsed once into a
:class:`~ctlint.engine.source.FileResult` (with ``keep``, the loaded document stays in it
for the register); the repository-wide decisions use each file's
:class:`~ctlint.engine.facts.ManifestFacts`; ``--jobs`` runs the same per-file work in
worker processes (:mod:`.parallel`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from ctlint.config import Settings
from ctlint.engine.analyze import analyze, finish
from ctlint.engine.discover import Target, configured, expand, from_stdin
from ctlint.engine.facts import ManifestFacts
from ctlint.engine.report import Report, select_rules
from ctlint.engine.source import FileResult, load_target
from ctlint.engine.waivers import WaiverOutcome
from ctlint.law.scope import RepoFacts, decide, repo_facts
from ctlint.law.taxonomy import is_sensitive
from ctlint.model.findings import Finding, cap_per_rule
from ctlint.policy.catalog import Catalog, build_catalog
from ctlint.policy.model import Rule
from ctlint.util.memory import frozen, long_lived


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
    with long_lived(keep):  # no collection while the results grow (and, kept, after)
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
