"""The finished report every output gets (:class:`Report`), and which rules of the catalog a
run applies, with which severity (:class:`RuleSet`, :func:`select_rules`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ctlint.config import Settings
from ctlint.engine.facts import ManifestFacts
from ctlint.engine.source import FileResult
from ctlint.engine.waivers import WaiverOutcome
from ctlint.errors import ConfigError
from ctlint.law.scope import Applicability
from ctlint.model.findings import Finding, Severity
from ctlint.policy.catalog import UNSUPPRESSIBLE, Catalog
from ctlint.policy.model import Rule

if TYPE_CHECKING:  # the baseline module loads only when a run has a baseline
    from ctlint.engine.baseline import Outcome


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules that run, with their effective severity."""

    rules: Mapping[str, Rule]
    severity: Mapping[str, Severity]
    policy: tuple[Rule, ...]

    def runs(self, rule_id: str) -> bool:
        """Whether findings of this rule are reported."""
        return rule_id in self.severity


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """The finished result every reporter gets."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    as_of: dt.date
    settings: Settings
    catalog: Catalog
    applicability: Applicability
    ruleset: RuleSet
    baseline: Outcome | None = None
    #: Per reported file, the ids of rules whose ``applies`` fails for that manifest's facts
    #: (not applicable: rules.md), decided from the data already parsed for the findings.
    not_applicable: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: The vendor id of each reported file that has one.
    vendors: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: Per reported file that has some, its lines with characters outside the BMP, by line
    #: number (taken from the bytes the pipeline read, for SARIF's UTF-16 columns).
    wide_lines: Mapping[str, Mapping[int, str]] = dataclasses.field(default_factory=dict)
    #: With ``run(keep=True)``: the result of each reported file, in ``files`` order, with its
    #: loaded document.
    results: tuple[FileResult, ...] = ()
    #: Per reported file, what became of each waiver the waiver stage evaluated (none when
    #: waivers are off, the manifest is retired, or an entry failed its schema check).
    waivers: Mapping[str, tuple[WaiverOutcome, ...]] = dataclasses.field(default_factory=dict)
    #: The facts of every file that took part in the repository-wide decisions (the reported
    #: files and the other configured manifests).
    manifests: tuple[ManifestFacts, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """The JSON ``summary`` numbers."""
        live = [f for f in self.findings if not f.waived]
        return {
            "files": len(self.files),
            "findings": len(live),
            "errors": sum(1 for f in live if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in live if f.severity is Severity.WARNING),
            "info": sum(1 for f in live if f.severity is Severity.INFO),
            "waived": len(self.findings) - len(live),
        }

    @property
    def repo_root(self) -> str:
        """The enclosing git work tree (the ctlint root when there is none)."""
        prefix = _git_prefix(self.settings.root)
        root = os.path.abspath(self.settings.root)
        for _ in range(prefix.count("/")):
            root = os.path.dirname(root)
        return root

    def repo_path(self, file: str) -> str:
        """A root-relative path made relative to the enclosing git work tree, which is what CI
        annotations (GitHub, GitLab, code scanning) resolve against."""
        prefix = _git_prefix(self.settings.root)
        return f"{prefix}{file}" if prefix and not os.path.isabs(file) else file

    def failed(self) -> bool:
        """At least one non-waived finding at or above ``fail_on``."""
        return any(not f.waived and f.severity >= self.settings.fail_on for f in self.findings)


@functools.cache
def _git_prefix(root: str) -> str:
    folder = os.path.abspath(root)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            rel = os.path.relpath(os.path.abspath(root), folder).replace(os.sep, "/")
            return "" if rel == "." else rel + "/"
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent


def _matches(rule: Rule, selector: str) -> bool:
    return selector in (rule.id, rule.pack) or rule.id.startswith(selector)


def select_rules(settings: Settings, catalog: Catalog, applicability: Applicability) -> RuleSet:
    """Rules of the active packs in force at the as-of date, after select/ignore/severity."""
    active = {p.name for p in applicability.packs if p.active}
    for key in (*settings.select, *settings.ignore, *settings.severity):
        if not any(_matches(r, key) for r in catalog.rules.values()):
            raise_unknown(settings, key)
    chosen: dict[str, Rule] = {}
    severity: dict[str, Severity] = {}
    for rule in catalog.rules.values():
        if rule.pack not in active or not rule.in_force(settings.as_of):
            continue
        locked = rule.id in UNSUPPRESSIBLE
        if not locked and settings.select and not any(_matches(rule, s) for s in settings.select):
            continue
        if not locked and any(_matches(rule, s) for s in settings.ignore):
            continue
        level = settings.severity.get(rule.id)
        if level == "off" and not locked:
            continue
        chosen[rule.id] = rule
        severity[rule.id] = Severity.parse(level) if level and level != "off" else rule.severity
    policy = tuple(sorted((r for r in chosen.values() if not r.builtin), key=lambda r: r.id))
    return RuleSet(chosen, severity, policy)


def raise_unknown(settings: Settings, key: str) -> None:
    """An unknown rule id, prefix or pack in select/ignore/severity is a configuration error."""

    where = next(
        (
            f"--{option}"
            for option in ("select", "ignore")
            if option in settings.from_command_line and key in getattr(settings, option)
        ),
        settings.config_display or "command line",
    )
    raise ConfigError(f"{where}: `{key}` names no rule id, id prefix or pack (see `ctlint rules`)")
