"""One report from the runs of several configurations (a run whose named paths fall under
different ``.ctlint.yaml`` files: configuration.md, "Where configuration lives").

Each group is linted by :func:`ctlint.engine.pipeline.run` under its own settings; here the
finished reports become one, so that every output format stays one document. The merged
report's root is the folder that holds every group's root, and each path is made relative to
it (``shop/vendors/a.yaml``), so the root-relative paths, the git-relative paths of the CI
formats (:meth:`Report.repo_path`) and the order (organization-level findings first, then by
path) are what they would be for one run from that folder.

What is one per run in the outputs (the JSON ``organization``, the packs shown in Markdown,
``fail_on``) comes from the first group (the configuration first in byte order of its path);
whether the run fails is decided per group by the caller (:func:`failed`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ctlint.engine.report import Report, RuleSet
from ctlint.engine.waivers import WaiverOutcome
from ctlint.model.findings import Finding
from ctlint.policy.catalog import Catalog

if TYPE_CHECKING:  # the baseline module loads only when a run has a baseline
    from ctlint.engine.baseline import Outcome


def _prefix(root: str, base: str) -> str:
    rel = os.path.relpath(root, base).replace(os.sep, "/")
    return "" if rel == "." else rel + "/"


def _moved(path: str | None, prefix: str) -> str | None:
    if path is None or not prefix or os.path.isabs(path):
        return path
    return prefix + path


def merge(reports: Sequence[Report]) -> Report:
    """The reports of several groups as one report (a single report is returned as it is)."""
    if len(reports) == 1:
        return reports[0]
    roots = [os.path.abspath(r.settings.root) for r in reports]
    base = os.path.commonpath(roots)
    findings: list[Finding] = []
    files: list[str] = []
    not_applicable: dict[str, tuple[str, ...]] = {}
    vendors: dict[str, str] = {}
    waivers: dict[str, tuple[WaiverOutcome, ...]] = {}
    outcomes: list[Outcome] = []
    for report, root in zip(reports, roots, strict=True):
        prefix = _prefix(root, base)
        findings.extend(f.replace(file=_moved(f.file, prefix)) for f in report.findings)
        files.extend(_moved(f, prefix) or f for f in report.files)
        for key, value in report.not_applicable.items():
            not_applicable[_moved(key, prefix) or key] = value
        for key, vendor in report.vendors.items():
            vendors[_moved(key, prefix) or key] = vendor
        for key, outcome in report.waivers.items():
            waivers[_moved(key, prefix) or key] = outcome
        if report.baseline is not None:
            outcomes.append(report.baseline)
    first = reports[0]
    chosen = {k: v for r in reports for k, v in r.ruleset.rules.items()}
    levels = {k: v for r in reports for k, v in r.ruleset.severity.items()}
    policy = {rule.id: rule for r in reports for rule in r.ruleset.policy}
    catalog = Catalog(
        packs={k: v for r in reports for k, v in r.catalog.packs.items()},
        rules={k: v for r in reports for k, v in r.catalog.rules.items()},
        complete=all(r.catalog.complete for r in reports),
    )
    baseline = None
    if outcomes:
        baseline = dataclasses.replace(
            outcomes[0],
            path=", ".join(dict.fromkeys(o.path for o in outcomes)),
            known=sum(o.known for o in outcomes),
            fixed=tuple(e for o in outcomes for e in o.fixed),
            legacy=any(o.legacy for o in outcomes),
        )
    return dataclasses.replace(
        first,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        files=tuple(sorted(files, key=lambda f: f.encode("utf-8", "surrogateescape"))),
        settings=dataclasses.replace(first.settings, root=base),
        catalog=catalog,
        ruleset=RuleSet(chosen, levels, tuple(policy[k] for k in sorted(policy))),
        baseline=baseline,
        not_applicable=not_applicable,
        vendors=vendors,
        results=(),
        waivers=waivers,
        manifests=tuple(m for r in reports for m in r.manifests),
    )


def failed(reports: Sequence[Report]) -> bool:
    """Whether any group has a non-waived finding at or above its own ``fail_on``."""
    return any(report.failed() for report in reports)
