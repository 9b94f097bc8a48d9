"""The compliance register behind ``ctlint report``: who collects what, which obligations apply,
which are met, which are waived and why, as of which date.

:func:`build` turns a finished :class:`~ctlint.engine.pipeline.Report` and the manifests it covered into a
:class:`Register` value; :func:`render` writes that value as HTML, Markdown, CSV or JSON. Nothing
here prints, exits or looks at the clock: the same inputs and as-of date give byte-identical
output in every format.

Cell semantics of the compliance matrix (one cell per vendor file and active policy rule):
``fail`` when a finding of the rule for that file is not waived; ``waived`` when every finding
of it is waived; ``not applicable`` (shown as ``n/a``) when the rule is not applicable to the
manifest (its ``applies`` condition is false: a per-rule exception of configuration.md, with the
rule's own reason), when the rule's trigger does not hold for the manifest, or when the manifest
is retired or could not be read; else ``pass``.

Each obligation carries the citations in force at the as-of date (``Settings.citations_for``:
for ``ct-pda`` with the organization's declared regulations), and every format shows their
status, one agency's regulation as another agency's rule of the same kind, and a declared one
as named by the organization's configuration.

The rule-set version is the SHA-256 of the canonical JSON (sorted keys, no spaces) of the list,
in rule-id order, of ``[id, pack, effective severity, effective_from, effective_until, options,
policy file as parsed]`` for every active policy rule; it changes when any active rule's policy
text, severity override or options change.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import html
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ctlint import __version__
from ctlint.config import Settings
from ctlint.document.source import load_bytes, read_file
from ctlint.engine.discover import Target, configured
from ctlint.engine.evaluate import triggered
from ctlint.engine.pipeline import Report, RuleSet, analyze, finish, load_target, select_rules
from ctlint.engine.schema import validate
from ctlint.engine.waivers import covers as pointer_covers
from ctlint.law.scope import CTDPA_2026, CTDPA_IN_FORCE, decide, repo_facts
from ctlint.law.taxonomy import (
    SENSITIVE_2026,
    VOICEPRINT_KEY,
    canonical,
    category_keys,
    derive_facts,
    is_sensitive,
    manifest_categories,
)
from ctlint.model.findings import Citation, Finding, Severity
from ctlint.output.catalog_views import (
    citation_kind,
    day_after,
    not_applicable_when,
    organization_not_applicable,
)
from ctlint.output.reporters.json_report import finding_json
from ctlint.policy.catalog import is_unwaivable
from ctlint.policy.load import EPOCH, Rule, parse_date
from ctlint.util.globs import is_inside
from ctlint.util.text import (
    clean_unicode,
    json_safe,
    md_code,
    md_text,
    url_text,
    visible,
)

FORMATS = ("html", "markdown", "csv", "json")
REGISTER_VERSION = 1
EXPIRING_DAYS = 90

PASS, FAIL, WAIVED, NOT_APPLICABLE = "pass", "fail", "waived", "not applicable"
RESULTS = (PASS, FAIL, WAIVED, NOT_APPLICABLE)
#: Symbol and short word of each result: colour is never the only signal.
SYMBOLS = {PASS: "✓", FAIL: "✗", WAIVED: "~", NOT_APPLICABLE: "–"}
SHORT = {PASS: "pass", FAIL: "fail", WAIVED: "waived", NOT_APPLICABLE: "n/a"}

# Vendor-level outcomes.
NOT_COMPLIANT = "not compliant"
COMPLIANT_WAIVED = "compliant with waivers"
COMPLIANT = "compliant"
RETIRED = "retired"
UNREADABLE = "unreadable"
OUTCOME_SYMBOLS = {
    NOT_COMPLIANT: "✗",
    COMPLIANT_WAIVED: "~",
    COMPLIANT: "✓",
    RETIRED: "–",
    UNREADABLE: "!",
}
OUTCOME_CLASS = {
    NOT_COMPLIANT: "fail",
    COMPLIANT_WAIVED: "waived",
    COMPLIANT: "pass",
    RETIRED: "na",
    UNREADABLE: "fail",
}

#: The source requirements (of the Connecticut guidance ctlint was first built from, brief.md),
#: in that guidance's order and with its wording.
SOURCE_REQUIREMENTS = (
    (
        "[3.4] relevant and necessary",
        "The personal data collected is relevant and necessary to accomplish the lawful purpose.",
    ),
    ("[4.1] agreement", "A personal service agreement with the third-party contractor."),
    (
        "[3.2] identity",
        "The identity of any person requesting access to their own personal data is verified.",
    ),
    (
        "[3.3] disclosure",
        "People are told the agency and division, the legal authority, their rights, the "
        "consequences of supplying or refusing the data, and its proposed use.",
    ),
    ("[3.4] accuracy", "All records are maintained with accurateness and completeness."),
    (
        "[3.5] contest",
        "People can contest the content of their records and add a statement of disagreement.",
    ),
)

BRIEF_REQUIREMENTS = SOURCE_REQUIREMENTS  # the name before spec revision 2

#: The reason of a cell whose rule's trigger does not hold for the manifest.
TRIGGER_DOES_NOT_HOLD = "the rule's trigger does not hold"

RULESET_METHOD = (
    "SHA-256 of the canonical JSON (sorted keys, no spaces) of [id, pack, effective severity, "
    "effective_from, effective_until, options, policy file as parsed] for each active policy "
    "rule in rule-id order"
)
SINCE_METHOD = (
    "the first day of the unbroken run of days, ending at the as-of date, on which the same "
    "manifests and configuration evaluated at that day fail the obligation (ctlint re-runs "
    "them at every date where the law, a rule or a date in the manifest changes, and bisects "
    "between); never before the agreement's start (agreement.effective, else "
    "agreement.signed); blank when the gap predates every such date and no start is on "
    "record. It assumes the manifest described the vendor the same way throughout"
)
_FATAL = frozenset({"CTL001", "CTL002", "CTL003", "CTL004"})
#: What the statuses and kinds of citations mean (rules.md, "How rules are written").
LAW_NOTE = (
    "Status: verified = read in the statute or regulation text; secondary = confirmed only "
    "through summaries; unverified = yet to be checked; declared = named by the organization's "
    "configuration (organization.regulations), not checked by ctlint. Do not treat a secondary, "
    "unverified or declared citation as settled law. Another agency's rule of the same kind "
    "shows what agencies' Personal Data Act regulations require; it does not bind this "
    "organization."
)


# --------------------------------------------------------------------------- the value


@dataclasses.dataclass(frozen=True, slots=True)
class InputFile:
    """One input of the run and the SHA-256 of its bytes (None when it could not be read)."""

    path: str
    role: str  # manifest | configuration | policy
    sha256: str | None
    size: int | None
    note: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PackInfo:
    """A pack, whether it runs and why."""

    name: str
    title: str
    active: bool
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Header:
    """What the register is about and how to reproduce it."""

    organization: str | None
    org_type: str | None
    agency_division: str | None
    packs: tuple[PackInfo, ...]
    ctdpa_scope: tuple[bool, str] | None
    as_of: dt.date
    version: str
    ruleset_version: str
    ruleset_rules: int
    waivers_applied: bool
    inputs: tuple[InputFile, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DataCategory:
    """A collected data category; ``sensitive`` under § 42-515 at the as-of date."""

    key: str
    sensitive: bool
    note: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Agreement:
    """The written agreement with the vendor and the state of its term at the as-of date."""

    type: str | None
    reference: str | None
    signed: str | None
    effective: str | None
    expires: str | None
    state: str | None  # expired | expiring | current | None (no expiry date)
    days_left: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class Vendor:
    """One row of the vendor register."""

    file: str
    id: str | None
    name: str | None
    category: str | None
    role: str | None
    channels: tuple[str, ...]
    categories: tuple[DataCategory, ...]
    uses: tuple[str, ...]
    agreement: Agreement
    status: str | None  # lifecycle: proposed | active | offboarding | retired
    outcome: str  # NOT_COMPLIANT | COMPLIANT_WAIVED | COMPLIANT | RETIRED | UNREADABLE
    since: dt.date | None
    failing: tuple[str, ...]  # rule ids of failing obligations
    problems: tuple[str, ...]  # rule ids of open tool findings (manifest problems)
    counts: Mapping[str, int]

    @property
    def label(self) -> str:
        """Short column label: the id, else the file name."""
        return self.id or os.path.basename(self.file)

    @property
    def display_name(self) -> str:
        """The manifest's name, else its id, else its file."""
        return self.name or self.id or self.file


@dataclasses.dataclass(frozen=True, slots=True)
class Obligation:
    """An active policy rule as a row of the matrix."""

    rule: str
    pack: str
    title: str
    severity: str
    source_requirement: str | None
    citation: str | None  # the first citation in force, with its status unless verified
    effective_from: dt.date
    counts: Mapping[str, int]
    #: Every citation in force at the as-of date, declared regulations included.
    citations: tuple[Citation, ...] = ()
    #: When the rule is not applicable (its ``applies`` condition in words), and why.
    not_applicable_when: str | None = None
    not_applicable_reason: str | None = None
    #: The reason when the rule is not applicable to this organization at all.
    organization_not_applicable: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Cell:
    """One vendor × obligation result."""

    file: str
    rule: str
    result: str
    reason: str | None  # why not applicable
    open: int  # findings not waived
    waived: int
    since: dt.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    """The obligations of one pack."""

    pack: PackInfo
    obligations: tuple[Obligation, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Requirement:
    """One source requirement (of the Connecticut guidance ctlint was first built from),
    aggregated over the rules that implement it."""

    key: str
    text: str
    rules: tuple[str, ...]
    results: Mapping[str, str]  # file -> result
    counts: Mapping[str, int]


@dataclasses.dataclass(frozen=True, slots=True)
class WaiverEntry:
    """One ``waivers[]`` entry of a manifest and what it did."""

    file: str
    vendor: str
    rule: str
    pointer: str | None
    reason: str
    expires: str | None
    expired: bool
    state: str
    covers: int


@dataclasses.dataclass(frozen=True, slots=True)
class Register:
    """Everything the four formats show."""

    header: Header
    vendors: tuple[Vendor, ...]
    groups: tuple[Group, ...]
    cells: Mapping[tuple[str, str], Cell]
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverEntry, ...]

    def cell(self, file: str, rule: str) -> Cell:
        """The cell of one vendor file and rule."""
        return self.cells[(file, rule)]

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        """Every obligation, in matrix order."""
        return tuple(o for g in self.groups for o in g.obligations)

    def vendor_findings(self, file: str) -> tuple[Finding, ...]:
        """The findings of one vendor file, in report order."""
        return tuple(f for f in self.findings if f.file == file)

    @property
    def org_findings(self) -> tuple[Finding, ...]:
        """Findings that belong to no vendor file (organization level)."""
        files = {v.file for v in self.vendors}
        return tuple(f for f in self.findings if f.file not in files)

    @property
    def open_obligations(self) -> tuple[tuple[Vendor, Obligation, Cell], ...]:
        """Every failing vendor × obligation, by vendor then matrix order."""
        return tuple(
            (v, o, self.cells[(v.file, o.rule)])
            for v in self.vendors
            for o in self.obligations
            if self.cells[(v.file, o.rule)].result == FAIL
        )

    def outcome_counts(self) -> dict[str, int]:
        """How many vendors have each outcome."""
        out = dict.fromkeys(OUTCOME_SYMBOLS, 0)
        for vendor in self.vendors:
            out[vendor.outcome] += 1
        return out


# --------------------------------------------------------------------------- building


@dataclasses.dataclass(slots=True)
class _Manifest:
    file: str
    data: dict[str, Any] | None  # schema-clean data, None when unreadable
    input: InputFile


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _read_input(
    path: str, display: str, role: str, report: Report
) -> tuple[bytes | None, InputFile]:
    settings = report.settings
    absolute = os.path.abspath(path)
    if _inside(absolute, settings.root) and not is_inside(
        os.path.realpath(absolute), settings.root
    ):
        note = "not read: a link leading outside the repository root"
        return None, InputFile(display, role, None, None, note)
    raw, problem = read_file(path, settings.limits)
    if raw is None:
        note = f"not read: {problem.message}" if problem is not None else "not read"
        return None, InputFile(display, role, None, None, note)
    return raw, InputFile(display, role, _sha(raw), len(raw))


def _resolve(report: Report, rel: str) -> str:
    candidate = os.path.join(report.settings.root, rel)
    if not os.path.lexists(candidate) and os.path.lexists(rel):
        return rel
    return candidate


def _load_manifest(report: Report, rel: str, fatal: bool) -> _Manifest:
    raw, info = _read_input(_resolve(report, rel), rel, "manifest", report)
    if raw is None or fatal:
        return _Manifest(rel, None, info)
    doc = load_bytes(raw, is_json=rel.lower().endswith(".json"), limits=report.settings.limits)
    if doc.fatal or doc.data is None:
        return _Manifest(rel, None, info)
    _problems, clean = validate(doc.data)
    return _Manifest(rel, clean, info)


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
    return _sha(text.encode("utf-8", "surrogateescape"))


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


def _raw_waivers(data: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    entries = data.get("waivers") if data else None
    return [
        w
        for w in (entries if isinstance(entries, list) else [])
        if isinstance(w, dict)
        and isinstance(w.get("rule"), str)
        and isinstance(w.get("reason"), str)
    ]


def _waiver_entries(
    report: Report, manifest: _Manifest, vendor: str, findings: Sequence[Finding]
) -> list[WaiverEntry]:
    settings = report.settings
    as_of = settings.as_of
    retired = manifest.data is not None and manifest.data.get("status") == "retired"
    out: list[WaiverEntry] = []
    claimed: set[int] = set()
    seen: set[tuple[str, str | None]] = set()
    for waiver in _raw_waivers(manifest.data):
        rule = waiver["rule"]
        pointer = waiver.get("pointer") if isinstance(waiver.get("pointer"), str) else None
        expires_date = parse_date(waiver.get("expires"))
        expires = expires_date.isoformat() if expires_date else None
        expired = expires_date is not None and expires_date < as_of
        covers = 0
        if not settings.waivers:
            state = "ignored: audit mode (--no-waivers)"
        elif retired:
            state = "not evaluated: the manifest is retired"
        elif rule not in report.catalog.rules:
            state = "invalid: no such rule (CTL303)"
        elif is_unwaivable(rule):
            state = "invalid: this rule cannot be waived (CTL303)"
        elif not report.ruleset.runs(rule):
            state = "not applied: the rule is not active"
        elif (rule, pointer) in seen:
            state = "duplicate of an earlier waiver (CTL302)"
        elif expired:
            state = f"expired on {expires}: its findings are reported again (CTL301)"
        else:
            for index, finding in enumerate(findings):
                if (
                    index not in claimed
                    and finding.waived
                    and finding.rule == rule
                    and finding.waiver_reason == waiver["reason"]
                    and pointer_covers(pointer, finding.pointer)
                ):
                    claimed.add(index)
                    covers += 1
            if covers == 0:
                state = "matches no finding (CTL302)"
            else:
                state = f"in effect: covers {covers} finding{'s' if covers != 1 else ''}"
                if expires_date is not None and (expires_date - as_of).days <= EXPIRING_DAYS:
                    days = (expires_date - as_of).days
                    state += f"; expires in {days} day{'s' if days != 1 else ''}"
        if settings.waivers and not retired:
            seen.add((rule, pointer))
        out.append(
            WaiverEntry(
                file=manifest.file,
                vendor=vendor,
                rule=rule,
                pointer=pointer,
                reason=waiver["reason"],
                expires=expires,
                expired=expired,
                state=state,
                covers=covers,
            )
        )
    return out


def _manifest_dates(value: Any) -> set[dt.date]:
    """Every date written in a manifest, and the day after each (when a term lapses; the
    last day of the calendar, 9999-12-31, has none)."""
    found: set[dt.date] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= _manifest_dates(item)
    elif isinstance(value, list):
        for item in value:
            found |= _manifest_dates(item)
    else:
        day = parse_date(value)
        if day is not None:
            found |= {day, day_after(day)}
    return found


class _History:
    """Which obligations a manifest fails when the same inputs are evaluated at another date:
    one file at a time (with the repository-wide CTDPA scope facts recomputed for that date),
    cached; what the "since" dates come from (SINCE_METHOD)."""

    def __init__(
        self, report: Report, manifests: Mapping[str, _Manifest], paths: Sequence[str]
    ) -> None:
        self.report = report
        settings = report.settings
        # (category keys, sale) of every file that feeds the repository-wide facts
        self.sources: dict[str, tuple[tuple[str, ...], bool]] = {}
        for rel, manifest in manifests.items():
            self._add_source(rel, manifest.data)
        if paths:
            named = {os.path.abspath(_resolve(report, rel)) for rel in manifests}
            for target in configured(settings):
                if os.path.abspath(target.path) not in named:
                    self._add_source(target.rel, load_target(target, settings.limits).clean)
        self.rulesets: dict[dt.date, tuple[Settings, RuleSet]] = {}
        self.open: dict[tuple[str, dt.date], frozenset[str]] = {}
        for rel in manifests:
            self.open[(rel, report.as_of)] = frozenset(
                f.rule for f in report.findings if f.file == rel and not f.waived
            )
        rules = report.catalog.rules.values()
        self.law_dates = (
            {r.effective_from for r in rules}
            | {day_after(r.effective_until) for r in rules if r.effective_until}
            | {CTDPA_IN_FORCE, CTDPA_2026, SENSITIVE_2026}
        )

    def _add_source(self, rel: str, data: Mapping[str, Any] | None) -> None:
        if data is None or data.get("status") == "retired":
            return
        sale = _section(data, "data").get("sale") is True
        self.sources[rel] = (tuple(manifest_categories(data)), sale)

    def _rules(self, day: dt.date) -> tuple[Settings, RuleSet]:
        if day not in self.rulesets:
            settings = dataclasses.replace(self.report.settings, as_of=day)
            facts = repo_facts(
                {
                    rel: ([(rel, k) for k in keys if is_sensitive(k, day)], sale)
                    for rel, (keys, sale) in self.sources.items()
                }
            )
            catalog = self.report.catalog
            ruleset = select_rules(settings, catalog, decide(settings, catalog, facts))
            self.rulesets[day] = (settings, ruleset)
        return self.rulesets[day]

    def failing(self, day: dt.date, file: str, rule: str) -> bool:
        """Whether ``rule`` has an open finding in ``file`` when evaluated at ``day``."""
        key = (file, day)
        if key not in self.open:
            settings, ruleset = self._rules(day)
            catalog = self.report.catalog
            target = Target(file, _resolve(self.report, file))
            result = analyze(target, settings=settings, catalog=catalog, rules=ruleset.policy)
            findings = finish(
                result, settings=settings, catalog=catalog, ruleset=ruleset, first_ids={}
            )
            self.open[key] = frozenset(f.rule for f in findings if not f.waived)
        return rule in self.open[key]

    def since(
        self, file: str, rule: str, floor: dt.date | None, manifest_dates: set[dt.date]
    ) -> dt.date | None:
        """The first day of the unbroken run of failing evaluations that ends at the as-of
        date, not before ``floor``; None when the run reaches back past every date that could
        change the outcome and no floor is known."""
        as_of = self.report.as_of
        if floor is not None and floor > as_of:
            return None  # the agreement has not started yet
        low = floor if floor is not None else EPOCH + dt.timedelta(days=1)
        days = sorted(
            {d for d in (self.law_dates | manifest_dates | {as_of, low}) if low <= d <= as_of},
            reverse=True,
        )
        latest_fail = as_of
        for day in days[1:]:
            if self.failing(day, file, rule):
                latest_fail = day
                continue
            passing, failing = day, latest_fail
            while (failing - passing).days > 1:
                middle = passing + (failing - passing) // 2
                if self.failing(middle, file, rule):
                    failing = middle
                else:
                    passing = middle
            return failing
        return floor


def build(report: Report, paths: Sequence[str] = ()) -> Register:
    """The register of a finished report; ``paths`` are the paths the report was run on
    (reads each reported manifest once; re-runs the engine at earlier dates for "since")."""
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
            )[1]
        )
    rules = report.ruleset.policy
    policy_ids = {r.id for r in rules}
    for rule in rules:
        if catalog.packs[rule.pack].origin == "local":
            inputs.append(
                _read_input(os.path.join(settings.root, rule.path), rule.path, "policy", report)[1]
            )

    packs = tuple(
        PackInfo(p.name, catalog.packs[p.name].title, p.active, p.reason)
        for p in report.applicability.packs
    )
    pack_of = {p.name: p for p in packs}

    manifests: dict[str, _Manifest] = {}
    for rel in report.files:
        fatal = any(f.rule in _FATAL for f in by_file.get(rel, []))
        manifests[rel] = _load_manifest(report, rel, fatal)
    history = _History(report, manifests, paths)
    vendors: list[Vendor] = []
    cells: dict[tuple[str, str], Cell] = {}
    waivers: list[WaiverEntry] = []
    for rel in report.files:
        findings = by_file.get(rel, [])
        manifest = manifests[rel]
        inputs.append(manifest.input)
        data = manifest.data
        retired = data is not None and data.get("status") == "retired"
        vendor_id = _text(data.get("id")) if data else None
        entries = _waiver_entries(report, manifest, vendor_id or rel, findings)
        waivers.extend(entries)
        facts = derive_facts(data, as_of, report.settings.org_type) if data is not None else {}
        agreement = _section(data, "agreement")
        floor = parse_date(agreement.get("effective")) or parse_date(agreement.get("signed"))
        dates = _manifest_dates(data)
        counts = dict.fromkeys(RESULTS, 0)
        failing: list[str] = []
        for rule in rules:
            mine = [f for f in findings if f.rule == rule.id]
            open_ = [f for f in mine if not f.waived]
            reason: str | None = None
            since: dt.date | None = None
            if open_:
                result = FAIL
                since = history.since(rel, rule.id, floor, dates)
                failing.append(rule.id)
            elif mine:
                result = WAIVED
            elif data is None:
                result, reason = NOT_APPLICABLE, "the manifest could not be read"
            elif retired:
                result, reason = NOT_APPLICABLE, "the manifest is retired"
            elif rule.applies is not None and not rule.applicable(facts):
                result, reason = NOT_APPLICABLE, rule.applies.reason
            elif not triggered(rule, data, facts):
                result, reason = NOT_APPLICABLE, TRIGGER_DOES_NOT_HOLD
            else:
                result = PASS
            counts[result] += 1
            cells[(rel, rule.id)] = Cell(
                rel, rule.id, result, reason, len(open_), len(mine) - len(open_), since
            )
        problems = tuple(sorted({f.rule for f in findings if not f.waived} - policy_ids))
        if data is None:
            outcome = UNREADABLE
        elif retired:
            outcome = RETIRED
        elif failing:
            outcome = NOT_COMPLIANT
        elif counts[WAIVED]:
            outcome = COMPLIANT_WAIVED
        else:
            outcome = COMPLIANT
        sinces = [cells[(rel, r)].since for r in failing]
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
        counts = dict.fromkeys(RESULTS, 0)
        for vendor in vendors:
            counts[cells[(vendor.file, rule.id)].result] += 1
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
        organization=_text(org.get("name")),
        org_type=settings.org_type,
        agency_division=_text(org.get("agency_division")),
        packs=packs,
        ctdpa_scope=None if scope is None else (scope.in_scope, scope.reason),
        as_of=as_of,
        version=__version__,
        ruleset_version=ruleset_version(report),
        ruleset_rules=len(rules),
        waivers_applied=settings.waivers,
        inputs=tuple(inputs),
    )
    return Register(
        header=header,
        vendors=tuple(vendors),
        groups=groups,
        cells=cells,
        requirements=requirements,
        findings=report.findings,
        waivers=tuple(waivers),
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


def _one_line(text: str) -> str:
    """Untrusted text on one line with control and bidi characters made visible."""
    return visible(
        " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).replace("\t", " ")
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def outcome_text(vendor: Vendor) -> str:
    """The vendor's status in words (with its symbol)."""
    symbol = OUTCOME_SYMBOLS[vendor.outcome]
    if vendor.outcome == NOT_COMPLIANT:
        text = f"{symbol} Not compliant: {_plural(len(vendor.failing), 'obligation')} failing"
        if vendor.since is not None:
            text += f" since {vendor.since.isoformat()}"
    elif vendor.outcome == COMPLIANT_WAIVED:
        text = f"{symbol} Compliant with {_plural(vendor.counts[WAIVED], 'waived obligation')}"
    elif vendor.outcome == COMPLIANT:
        text = f"{symbol} Compliant"
    elif vendor.outcome == RETIRED:
        text = f"{symbol} Retired: not evaluated by the policy rules"
    else:
        text = f"{symbol} Not evaluated: the manifest could not be read"
    return text


def agreement_text(agreement: Agreement, retired: bool) -> str:
    """The term of an agreement with its state at the as-of date."""
    if agreement == Agreement(None, None, None, None, None, None, None):
        return "—"
    parts = [agreement.type or "no agreement type"]
    if agreement.reference:
        parts.append(agreement.reference)
    dates = []
    if agreement.signed:
        dates.append(f"signed {agreement.signed}")
    if agreement.effective:
        dates.append(f"effective {agreement.effective}")
    if agreement.expires:
        dates.append(f"expires {agreement.expires}")
    text = ", ".join(parts)
    if dates:
        text += "; " + ", ".join(dates)
    flag = expiry_flag(agreement, retired)
    if flag:
        text += f" ({flag})"
    return text


def expiry_flag(agreement: Agreement, retired: bool) -> str | None:
    """``✗ EXPIRED 40 days ago`` / ``! expires in 30 days`` for a live vendor, else None."""
    if agreement.days_left is None or retired:
        return None
    if agreement.state == "expired":
        return f"✗ EXPIRED {_plural(-agreement.days_left, 'day')} ago"
    if agreement.state == "expiring":
        if agreement.days_left == 0:
            return "! expires today"
        return f"! expires in {_plural(agreement.days_left, 'day')}"
    return None


def scope_text(header: Header) -> str:
    """The CTDPA scope decision with its reason."""
    if header.ctdpa_scope is None:
        return f"does not apply to organization.type {header.org_type or '(not declared)'}"
    in_scope, reason = header.ctdpa_scope
    return f"{'in scope' if in_scope else 'out of scope'}: {reason}"


def location(finding: Finding) -> str:
    """``FILE:LINE:COL`` plus the pointer and missing item."""
    where = finding.file or "(organization)"
    if finding.file is not None and finding.span is not None:
        where += f":{finding.span.line}:{finding.span.column}"
    if finding.pointer:
        where += f" {finding.pointer}"
    if finding.item:
        where += f" [{finding.item}]"
    return where


def citation_text(citation: Citation) -> str:
    """``Conn. Gen. Stat. § 4-193(e)``, with the status unless verified and what kind of
    citation it is (another agency's rule of the same kind, or declared by the organization)."""
    return f"{citation.short}{citation_kind(citation)}"


def applicability_text(obligation: Obligation) -> str | None:
    """When the obligation is not applicable and why; None when it always applies."""
    if obligation.organization_not_applicable is not None:
        return f"n/a for this organization: {obligation.organization_not_applicable}"
    if obligation.not_applicable_when is None:
        return None
    return f"n/a when {obligation.not_applicable_when}: {obligation.not_applicable_reason}"


def summary_text(register: Register) -> str:
    """``5 vendors: 2 not compliant, ...``."""
    counts = register.outcome_counts()
    parts = [f"{counts[k]} {k}" for k in OUTCOME_SYMBOLS if counts[k]]
    head = _plural(len(register.vendors), "vendor")
    return f"{head}: {', '.join(parts)}" if parts else head


# --------------------------------------------------------------------------- JSON


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def document(register: Register) -> dict[str, Any]:
    """The register as one JSON-ready mapping."""
    h = register.header
    return {
        "version": REGISTER_VERSION,
        "kind": "ctlint-register",
        "header": {
            "organization": {
                "name": h.organization,
                "type": h.org_type,
                "agency_division": h.agency_division,
            },
            "packs": [
                {"name": p.name, "title": p.title, "active": p.active, "reason": p.reason}
                for p in h.packs
            ],
            "ctdpa_scope": None
            if h.ctdpa_scope is None
            else {"in_scope": h.ctdpa_scope[0], "reason": h.ctdpa_scope[1]},
            "as_of": h.as_of.isoformat(),
            "tool": {"name": "ctlint", "version": h.version},
            "ruleset": {
                "version": h.ruleset_version,
                "rules": h.ruleset_rules,
                "method": RULESET_METHOD,
            },
            "waivers_applied": h.waivers_applied,
            "since_method": SINCE_METHOD,
            "inputs": [
                {
                    "path": i.path,
                    "role": i.role,
                    "sha256": i.sha256,
                    "bytes": i.size,
                    "note": i.note,
                }
                for i in h.inputs
            ],
        },
        "summary": {"vendors": len(register.vendors), **register.outcome_counts()},
        "vendors": [
            {
                "file": v.file,
                "id": v.id,
                "name": v.name,
                "category": v.category,
                "role": v.role,
                "channels": list(v.channels),
                "data_categories": [
                    {"key": c.key, "sensitive": c.sensitive, "note": c.note} for c in v.categories
                ],
                "uses": list(v.uses),
                "agreement": dataclasses.asdict(v.agreement),
                "status": v.status,
                "compliance": v.outcome,
                "since": _date(v.since),
                "failing": list(v.failing),
                "manifest_problems": list(v.problems),
                "counts": dict(v.counts),
            }
            for v in register.vendors
        ],
        "obligations": [
            {
                "rule": o.rule,
                "pack": o.pack,
                "title": o.title,
                "severity": o.severity,
                "source_requirement": o.source_requirement,
                "citation": o.citation,
                "citations": [c.to_json() for c in o.citations],
                "not_applicable_when": o.not_applicable_when,
                "not_applicable_reason": o.not_applicable_reason,
                "applicable_to_organization": o.organization_not_applicable is None,
                "effective_from": o.effective_from.isoformat(),
                "counts": dict(o.counts),
            }
            for o in register.obligations
        ],
        "source_requirements": [
            {
                "requirement": r.key,
                "text": r.text,
                "rules": list(r.rules),
                "results": dict(r.results),
                "counts": dict(r.counts),
            }
            for r in register.requirements
        ],
        "matrix": [
            {
                "file": c.file,
                "rule": c.rule,
                "result": c.result,
                "reason": c.reason,
                "open": c.open,
                "waived": c.waived,
                "since": _date(c.since),
            }
            for v in register.vendors
            for o in register.obligations
            for c in (register.cells[(v.file, o.rule)],)
        ],
        "findings": [finding_json(f) for f in register.findings],
        "waivers": [dataclasses.asdict(w) for w in register.waivers],
    }


def render_json(register: Register) -> str:
    """Indented JSON, one trailing newline."""
    return json_safe(json.dumps(document(register), indent=2, ensure_ascii=False)) + "\n"


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "vendor_id",
    "vendor_name",
    "file",
    "category",
    "role",
    "status",
    "compliance",
    "pack",
    "rule",
    "obligation",
    "source_requirement",
    "severity",
    "citation",
    "citations",
    "result",
    "reason",
    "open_findings",
    "waived_findings",
    "waiver_reasons",
    "since",
    "agreement_type",
    "agreement_expires",
    "agreement_state",
    "as_of",
    "ruleset_version",
)


def _csv_cell(value: object) -> str:
    """One-line text, guarded against spreadsheet formula injection (a leading ``=+-@``)."""
    if value is None:
        return ""
    text = _one_line(str(value))
    if text.lstrip()[:1] in ("=", "+", "-", "@"):  # spaces before `=` do not stop every app
        text = "'" + text
    return text


def render_csv(register: Register) -> str:
    """One row per vendor × active policy rule, with a UTF-8 byte-order mark for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    h = register.header
    for vendor in register.vendors:
        findings = register.vendor_findings(vendor.file)
        for obligation in register.obligations:
            cell = register.cells[(vendor.file, obligation.rule)]
            reasons = sorted(
                {
                    f.waiver_reason
                    for f in findings
                    if f.rule == obligation.rule and f.waived and f.waiver_reason
                }
            )
            row = (
                vendor.id,
                vendor.name,
                vendor.file,
                vendor.category,
                vendor.role,
                vendor.status,
                vendor.outcome,
                obligation.pack,
                obligation.rule,
                obligation.title,
                obligation.source_requirement,
                obligation.severity,
                obligation.citation,
                "; ".join(citation_text(c) for c in obligation.citations),
                cell.result,
                cell.reason,
                cell.open,
                cell.waived,
                " | ".join(reasons),
                _date(cell.since),
                vendor.agreement.type,
                vendor.agreement.expires,
                vendor.agreement.state,
                h.as_of.isoformat(),
                h.ruleset_version,
            )
            writer.writerow([_csv_cell(v) for v in row])
    return "\ufeff" + clean_unicode(buffer.getvalue())


# --------------------------------------------------------------------------- Markdown


def _md(value: object) -> str:
    """Untrusted text safe inside a GitHub Markdown table cell: on one line, made visible,
    escaped, and never a link, autolink or mention (:func:`md_text`)."""
    if value is None or value == "":
        return "—"
    return md_text(_one_line(str(value)))


def _md_code(value: object) -> str:
    """Untrusted text as a code span in a table cell, shown exactly (:func:`md_code`)."""
    if value is None or value == "":
        return "—"
    return md_code(_one_line(str(value)))


def _md_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*lines, ""]


def _md_result(result: str) -> str:
    return f"{SYMBOLS[result]} {SHORT[result]}"


def _md_counts(counts: Mapping[str, int]) -> str:
    return " ".join(f"{SYMBOLS[r]}{counts[r]}" for r in RESULTS)


def _md_citations(finding: Finding) -> str:
    return "; ".join(_md_citation_parts(finding.citations)) or "—"


def render_markdown(register: Register) -> str:
    """GitHub-flavoured Markdown."""
    h = register.header
    out: list[str] = []
    title = "Vendor compliance register"
    if h.organization:
        title += f": {_md(h.organization)}"
    out += [f"# {title}", ""]
    out += [
        f"**As of {h.as_of.isoformat()}** · {_md(summary_text(register))}",
        "",
        "Legend: ✓ pass · ✗ fail · ~ waived · – not applicable · ! attention",
        "",
    ]
    facts = [
        ("Organization", _md(h.organization)),
        ("Type", _md(h.org_type or "not declared")),
    ]
    if h.agency_division:
        facts.append(("Agency and division", _md(h.agency_division)))
    facts += [
        ("CTDPA scope", _md(scope_text(h))),
        ("As of", h.as_of.isoformat()),
        ("ctlint version", _md(h.version)),
        ("Rule set", f"{_plural(h.ruleset_rules, 'active rule')}, sha256 `{h.ruleset_version}`"),
        (
            "Waivers",
            "applied" if h.waivers_applied else "**ignored (audit mode, --no-waivers)**",
        ),
    ]
    out += _md_table(["", ""], [(f"**{k}**", v) for k, v in facts])

    out += ["## Packs", ""]
    out += _md_table(
        ["Pack", "Title", "Runs", "Why"],
        [
            (
                _md_code(p.name),
                _md(p.title),
                "✓ active" if p.active else "– inactive",
                _md(p.reason),
            )
            for p in h.packs
        ],
    )

    if register.org_findings:
        out += ["## Organization-level findings", ""]
        out += _md_findings(register.org_findings)

    out += ["## Open obligations", ""]
    open_rows = register.open_obligations
    if open_rows:
        out += _md_table(
            ["Vendor", "Rule", "Obligation", "Law", "Severity", "Since", "Findings"],
            [
                (
                    _md(v.display_name),
                    f"`{o.rule}`",
                    _md(o.title),
                    _md(o.citation),
                    _md(o.severity),
                    _md(_date(c.since)),
                    str(c.open),
                )
                for v, o, c in open_rows
            ],
        )
    else:
        out += ["No obligation is failing.", ""]

    out += ["## Vendor register", ""]
    out += _md_table(
        [
            "Vendor",
            "Category",
            "Role",
            "Channels",
            "Data categories (⚠ sensitive)",
            "Uses",
            "Agreement",
            "Status",
            "Compliance",
        ],
        [
            (
                f"{_md(v.display_name)}<br>{_md_code(v.id)} ({_md(v.file)})"
                if v.id
                else _md(v.file),
                _md(v.category),
                _md(v.role),
                _md(", ".join(v.channels)),
                ", ".join(
                    (f"**⚠ {_md(c.key)} (sensitive)**" if c.sensitive else _md(c.key))
                    + (f" ({_md(c.note)})" if c.note else "")
                    for c in v.categories
                )
                or "—",
                _md(", ".join(v.uses)),
                _md_agreement(v),
                _md(v.status),
                _md_outcome(v),
            )
            for v in register.vendors
        ],
    )

    out += ["## Obligations and the law", ""]
    if register.obligations:
        out += [
            f"Citations in force on {h.as_of.isoformat()}. {_md(LAW_NOTE)}",
            "",
        ]
        out += _md_table(
            ["Rule", "Obligation", "Severity", "Source requirement", "Law", "Applies"],
            [
                (
                    f"`{o.rule}`",
                    _md(o.title),
                    _md(o.severity),
                    _md(o.source_requirement),
                    _md_law(o.citations),
                    _md(applicability_text(o) or "always"),
                )
                for o in register.obligations
            ],
        )
    else:
        out += ["No active obligation.", ""]

    out += ["## Compliance matrix", ""]
    if register.vendors and register.obligations:
        head = ["Obligation", *(_md_code(v.label) for v in register.vendors), "Totals"]
        rows: list[Sequence[str]] = []
        if register.requirements:
            rows.append(("**Source requirements**", *([""] * len(register.vendors)), ""))
            for req in register.requirements:
                rows.append(
                    (
                        f"{_md(req.key)}: {_md(req.text)} ({', '.join(req.rules)})",
                        *(_md_result(req.results[v.file]) for v in register.vendors),
                        _md_counts(req.counts),
                    )
                )
        for group in register.groups:
            rows.append(
                (
                    f"**{_md(group.pack.name)}: {_md(group.pack.title)}**",
                    *([""] * len(register.vendors)),
                    "",
                )
            )
            for o in group.obligations:
                rows.append(
                    (
                        f"`{o.rule}` {_md(o.title)}",
                        *(
                            _md_result(register.cells[(v.file, o.rule)].result)
                            for v in register.vendors
                        ),
                        _md_counts(o.counts),
                    )
                )
        rows.append(("**Totals**", *(_md_counts(v.counts) for v in register.vendors), ""))
        out += _md_table(head, rows)
    else:
        out += ["No vendor or no active obligation.", ""]

    out += ["## Findings", ""]
    for vendor in register.vendors:
        out += [f"### {_md(vendor.display_name)} ({_md(vendor.file)})", ""]
        findings = register.vendor_findings(vendor.file)
        out += _md_findings(findings) if findings else ["No findings.", ""]

    out += ["## Waiver register", ""]
    if register.waivers:
        out += _md_table(
            ["Vendor", "Rule", "Pointer", "Reason", "Expires", "Expired?", "State"],
            [
                (
                    _md(w.vendor),
                    _md(w.rule),
                    _md(w.pointer),
                    _md(w.reason),
                    _md(w.expires or "no expiry"),
                    "**✗ yes**" if w.expired else "no",
                    _md(w.state),
                )
                for w in register.waivers
            ],
        )
    else:
        out += ["No waivers.", ""]

    out += ["## Inputs", ""]
    out += [
        "Reproduce this register byte for byte with the same inputs, ctlint version and as-of "
        f"date. Rule-set version: {_md(RULESET_METHOD)}. Since: {_md(SINCE_METHOD)}.",
        "",
    ]
    out += _md_table(
        ["File", "Role", "Bytes", "SHA-256"],
        [
            (
                _md(i.path),
                i.role,
                str(i.size) if i.size is not None else "—",
                f"`{i.sha256}`" if i.sha256 else _md(i.note),
            )
            for i in h.inputs
        ],
    )
    return "\n".join(out)


def _md_agreement(vendor: Vendor) -> str:
    text = _md(agreement_text(dataclasses.replace(vendor.agreement, days_left=None), True))
    flag = expiry_flag(vendor.agreement, vendor.outcome == RETIRED)
    return f"{text} **{_md(flag)}**" if flag else text


def _md_outcome(vendor: Vendor) -> str:
    text = _md(outcome_text(vendor))
    if vendor.outcome == NOT_COMPLIANT:
        text = f"**{text}**: {', '.join(f'`{r}`' for r in vendor.failing)}"
    if vendor.problems:
        text += f"<br>! manifest problems: {', '.join(f'`{r}`' for r in vendor.problems)}"
    return text


def _md_citation_parts(citations: Sequence[Citation]) -> list[str]:
    """Each citation linked (https only), with its status and kind, safe in a table cell."""
    parts = []
    for c in citations:
        label = _md(c.label)
        if c.url.startswith("https://"):
            label = f"[{label}](<{url_text(c.url)}>)"
        parts.append(f"{label} ({_md(c.status)}){_md(citation_kind(c)) if c.kind else ''}")
    return parts


def _md_law(citations: Sequence[Citation]) -> str:
    return "<br>".join(_md_citation_parts(citations)) or "—"


def _md_findings(findings: Sequence[Finding]) -> list[str]:
    return _md_table(
        ["Rule", "Severity", "Message", "Location", "Citation", "Status"],
        [
            (
                _md_code(f.rule),
                f.severity.label,
                _md(f.message),
                _md(location(f)),
                _md_citations(f),
                f"~ waived: {_md(f.waiver_reason)}" if f.waived else "✗ open",
            )
            for f in findings
        ],
    )


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Segoe UI", system-ui, -apple-system, Roboto, Arial,
  sans-serif; color: #1b1b1b; background: #fff; margin: 24px 28px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #33475b; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 4px 0 10px; }
.subtitle { font-size: 15px; color: #33475b; margin-bottom: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 16px; }
th, td { border: 1px solid #b9c2cc; padding: 4px 6px; text-align: left; vertical-align: top; }
.tag, .mono, .wrap { overflow-wrap: anywhere; }
td.date, .nowrap { white-space: nowrap; overflow-wrap: normal; }
th.w-status { min-width: 13em; }
th.w-agreement { min-width: 12em; }
th.w-vendor { min-width: 10em; }
th.w-uses { min-width: 11em; }
thead th { background: #e4e9ef; position: sticky; top: 0; }
tbody th { font-weight: normal; }
table.facts { width: auto; }
table.facts th { background: #f3f5f8; font-weight: 600; white-space: nowrap; }
code, .mono { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 0.9em; }
.hash { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 0.82em;
  word-break: break-all; }
.small { font-size: 0.9em; color: #4a4a4a; }
.pass { background: #e3f4e6; color: #0d5a1f; }
.fail { background: #fbe0e2; color: #8f0d16; font-weight: 600; }
.waived { background: #fff1c2; color: #5f4700; }
.na { background: #f2f2f2; color: #5c5c5c; }
.warn { background: #fff1c2; color: #5f4700; font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; border: 1px solid
  currentColor; white-space: nowrap; }
.sensitive { display: inline-block; padding: 0 4px; margin: 1px 0; border: 1px solid #8f0d16;
  border-radius: 3px; color: #8f0d16; background: #fbe0e2; font-weight: 600; }
.tag { display: inline-block; padding: 0 4px; margin: 1px 0; border: 1px solid #b9c2cc;
  border-radius: 3px; background: #f7f9fb; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
.summary span { padding: 4px 10px; border: 1px solid currentColor; border-radius: 4px; }
table.matrix td.cell { text-align: center; white-space: nowrap; }
table.matrix tr.group th { background: #33475b; color: #fff; font-weight: 600; text-align: left; }
table.matrix tr.source th { background: #5b4a8b; }
table.matrix tfoot td, table.matrix tfoot th { background: #f3f5f8; font-weight: 600;
  white-space: nowrap; }
table.matrix .counts { white-space: nowrap; font-size: 0.9em; }
.legend span { margin-right: 12px; padding: 0 6px; border-radius: 3px; }
a { color: #0b4f8a; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10.5px; -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  h2, h2 + p { break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  thead th { position: static; }
  tr, td, th { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _h(value: object) -> str:
    """Untrusted text, escaped for HTML (control and bidi characters made visible)."""
    if value is None or value == "":
        return "—"
    return html.escape(_one_line(str(value)), quote=True)


def _html_result(result: str, title: str | None = None) -> str:
    extra = f' title="{_h(title)}"' if title else ""
    cls = "na" if result == NOT_APPLICABLE else result
    return (
        f'<td class="cell {cls}" data-result="{_h(result)}"{extra}>'
        f"{SYMBOLS[result]} {SHORT[result]}</td>"
    )


def _html_counts(counts: Mapping[str, int]) -> str:
    return " ".join(
        f'<span title="{SHORT[r]}">{SYMBOLS[r]}&#8239;{counts[r]}</span>' for r in RESULTS
    )


def _html_link(url: str, label: str) -> str:
    if url.startswith("https://"):
        return f'<a href="{_h(url)}" rel="noopener noreferrer">{label}</a>'
    return label


def _html_law(citations: Sequence[Citation]) -> str:
    """Each citation linked (https only), with its status (bold unless verified) and kind."""
    parts = []
    for c in citations:
        status = _h(c.status)
        if c.status != "verified":
            status = f"<strong>{status}</strong>"
        kind = f' <span class="small">{_h(citation_kind(c))}</span>' if c.kind else ""
        parts.append(f"{_html_link(c.url, _h(c.label))} ({status}){kind}")
    return "<br>".join(parts) or "—"


def _html_citations(finding: Finding) -> str:
    return _html_law(finding.citations)


def render_html(register: Register) -> str:
    """One self-contained HTML page: inline CSS, no scripts, nothing fetched."""
    h = register.header
    title = "Vendor compliance register" + (f": {_h(h.organization)}" if h.organization else "")
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} (as of {h.as_of.isoformat()})</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="subtitle">As of <strong>{h.as_of.isoformat()}</strong> · '
        f"{_h(summary_text(register))}</p>",
    ]
    counts = register.outcome_counts()
    chips = [
        f'<span class="{OUTCOME_CLASS[k]}">{OUTCOME_SYMBOLS[k]} {counts[k]} {_h(k)}</span>'
        for k in OUTCOME_SYMBOLS
        if counts[k]
    ]
    if chips:
        out.append(f'<div class="summary" id="summary">{"".join(chips)}</div>')
    facts = [
        ("Organization", _h(h.organization)),
        ("Type", _h(h.org_type or "not declared")),
    ]
    if h.agency_division:
        facts.append(("Agency and division", _h(h.agency_division)))
    facts += [
        ("CTDPA scope", _h(scope_text(h))),
        ("As of", h.as_of.isoformat()),
        ("ctlint version", _h(h.version)),
        (
            "Rule set",
            f'{_plural(h.ruleset_rules, "active rule")}, sha256 <span class="hash">'
            f"{_h(h.ruleset_version)}</span>",
        ),
        (
            "Waivers",
            "applied"
            if h.waivers_applied
            else '<span class="warn">! ignored (audit mode, --no-waivers)</span>',
        ),
    ]
    out.append('<table class="facts" id="header">')
    out.extend(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    out.append("</table>")
    out.append(
        '<p class="legend small">Legend: <span class="pass">✓ pass</span>'
        '<span class="fail">✗ fail</span><span class="waived">~ waived</span>'
        '<span class="na">– not applicable</span><span class="warn">! attention</span>'
        '<span class="sensitive">⚠ sensitive data</span></p>'
    )
    out.append("</header>")

    out += ["<section>", "<h2>Packs</h2>", '<table id="packs">']
    out.append("<thead><tr><th>Pack</th><th>Title</th><th>Runs</th><th>Why</th></tr></thead>")
    out.append("<tbody>")
    for p in h.packs:
        runs = '<td class="pass">✓ active</td>' if p.active else '<td class="na">– inactive</td>'
        out.append(
            f"<tr><td><code>{_h(p.name)}</code></td><td>{_h(p.title)}</td>{runs}"
            f"<td>{_h(p.reason)}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</section>"]

    if register.org_findings:
        out += ["<section>", "<h2>Organization-level findings</h2>"]
        out += [_html_findings(register.org_findings), "</section>"]

    out += ["<section>", "<h2>Open obligations</h2>"]
    open_rows = register.open_obligations
    if open_rows:
        out.append('<table id="open">')
        out.append(
            "<thead><tr><th>Vendor</th><th>Rule</th><th>Obligation</th><th>Law</th>"
            "<th>Severity</th><th>Since</th><th>Findings</th></tr></thead><tbody>"
        )
        for v, o, c in open_rows:
            out.append(
                f'<tr><td>{_h(v.display_name)}</td><td class="fail nowrap"><code>✗ {_h(o.rule)}</code>'
                f"</td><td>{_h(o.title)}</td><td>{_h(o.citation)}</td><td>{_h(o.severity)}</td>"
                f'<td class="date">{_h(_date(c.since))}</td><td>{c.open}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append('<p class="pass badge">✓ No obligation is failing.</p>')
    out.append("</section>")

    out += ["<section>", "<h2>Vendor register</h2>", '<table id="register">']
    out.append(
        '<thead><tr><th class="w-vendor">Vendor</th><th class="w-status">Compliance</th><th>Category</th>'
        '<th>Role</th><th>Channels</th><th>Data categories</th><th class="w-uses">Uses</th>'
        '<th class="w-agreement">Agreement</th><th>Status</th></tr></thead><tbody>'
    )
    for v in register.vendors:
        out.append(_html_vendor_row(v))
    out += ["</tbody>", "</table>", "</section>"]

    out += ["<section>", "<h2>Obligations and the law</h2>"]
    if register.obligations:
        out.append(
            f'<p class="small">Citations in force on {h.as_of.isoformat()}. {_h(LAW_NOTE)}</p>'
        )
        out.append('<table id="obligations">')
        out.append(
            "<thead><tr><th>Rule</th><th>Obligation</th><th>Severity</th>"
            "<th>Source requirement</th><th>Law</th><th>Applies</th></tr></thead><tbody>"
        )
        for o in register.obligations:
            applies = applicability_text(o)
            applies_cell = (
                f'<td class="na">– {_h(applies)}</td>'
                if o.organization_not_applicable
                else f"<td>{_h(applies or 'always')}</td>"
            )
            out.append(
                f'<tr data-obligation="{_h(o.rule)}"><td class="nowrap"><code>{_h(o.rule)}</code></td>'
                f"<td>{_h(o.title)}</td><td>{_h(o.severity)}</td>"
                f"<td>{_h(o.source_requirement)}</td><td>{_html_law(o.citations)}</td>"
                f"{applies_cell}</tr>"
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>No active obligation.</p>")
    out.append("</section>")

    out += ["<section>", "<h2>Compliance matrix</h2>"]
    if register.vendors and register.obligations:
        out.append(
            '<p class="small">Rows are obligations grouped by statute (pack → rule); columns '
            "are vendors. Totals count ✓ pass, ✗ fail, ~ waived and – not applicable.</p>"
        )
        out.append(_html_matrix(register))
    else:
        out.append("<p>No vendor or no active obligation.</p>")
    out.append("</section>")

    out += ["<section>", "<h2>Findings</h2>"]
    for vendor in register.vendors:
        out.append(
            f'<h3 id="vendor-{_h(vendor.file)}">{_h(vendor.display_name)} '
            f'<span class="small mono">{_h(vendor.file)}</span></h3>'
        )
        findings = register.vendor_findings(vendor.file)
        out.append(_html_findings(findings) if findings else "<p>No findings.</p>")
    out.append("</section>")

    out += ["<section>", "<h2>Waiver register</h2>"]
    if register.waivers:
        out.append('<table id="waivers">')
        out.append(
            "<thead><tr><th>Vendor</th><th>Rule</th><th>Pointer</th><th>Reason</th>"
            "<th>Expires</th><th>Expired?</th><th>State</th></tr></thead><tbody>"
        )
        for w in register.waivers:
            expired = '<td class="fail">✗ yes</td>' if w.expired else '<td class="pass">no</td>'
            out.append(
                f'<tr><td>{_h(w.vendor)}</td><td class="nowrap"><code>{_h(w.rule)}</code></td>'
                f'<td class="mono">{_h(w.pointer)}</td><td>{_h(w.reason)}</td>'
                f'<td class="date">{_h(w.expires or "no expiry")}</td>{expired}'
                f"<td>{_h(w.state)}</td></tr>"
            )
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>No waivers.</p>")
    out.append("</section>")

    out += ["<section>", "<h2>Inputs</h2>"]
    out.append(
        '<p class="small">Reproduce this register byte for byte with the same inputs, ctlint '
        f"version and as-of date. Rule-set version: {_h(RULESET_METHOD)}. "
        f"Since: {_h(SINCE_METHOD)}.</p>"
    )
    out.append('<table id="inputs">')
    out.append(
        "<thead><tr><th>File</th><th>Role</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>"
    )
    for i in h.inputs:
        digest = (
            f'<td class="hash">{_h(i.sha256)}</td>'
            if i.sha256
            else f'<td class="warn">! {_h(i.note)}</td>'
        )
        out.append(
            f'<tr><td class="mono">{_h(i.path)}</td><td>{_h(i.role)}</td>'
            f"<td>{i.size if i.size is not None else '—'}</td>{digest}</tr>"
        )
    out += ["</tbody>", "</table>", "</section>"]
    out += [
        f'<footer class="small">ctlint {_h(h.version)} · as of {h.as_of.isoformat()}</footer>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _html_tags(values: Iterable[str]) -> str:
    return " ".join(f'<span class="tag">{_h(v)}</span>' for v in values) or "—"


def _html_vendor_row(v: Vendor) -> str:
    retired = v.outcome == RETIRED
    categories = " ".join(
        (
            f'<span class="sensitive">⚠ {_h(c.key)} (sensitive)</span>'
            if c.sensitive
            else f'<span class="tag">{_h(c.key)}</span>'
        )
        + (f' <span class="small">({_h(c.note)})</span>' if c.note else "")
        for c in v.categories
    )
    a = v.agreement
    lines = [f"<strong>{_h(a.type or ('no agreement type' if v.id else None))}</strong>"]
    if a.reference:
        lines.append(f'<span class="small">{_h(a.reference)}</span>')
    for label, value in (("signed", a.signed), ("effective", a.effective), ("expires", a.expires)):
        if value:
            lines.append(f"{label} {_h(value)}")
    flag = expiry_flag(a, retired)
    agreement_class = ""
    if flag:
        cls = "fail" if a.state == "expired" else "warn"
        agreement_class = f' class="{cls}"'
        lines.append(f'<span class="badge">{_h(flag)}</span>')
    outcome = _h(outcome_text(v))
    if v.failing:
        outcome += "<br>" + " ".join(f"<code>{_h(r)}</code>" for r in v.failing)
    if v.problems:
        outcome += (
            '<br><span class="warn">! manifest problems: '
            + " ".join(f"<code>{_h(r)}</code>" for r in v.problems)
            + "</span>"
        )
    who = (
        f'<strong>{_h(v.display_name)}</strong><br><span class="small mono">{_h(v.id)} · '
        f"{_h(v.file)}</span>"
        if v.id
        else f'<strong class="mono">{_h(v.file)}</strong>'
    )
    return (
        f'<tr data-vendor="{_h(v.file)}">'
        f"<td>{who}</td>"
        f'<td class="{OUTCOME_CLASS[v.outcome]}">{outcome}</td>'
        f"<td>{_h(v.category)}</td><td>{_h(v.role)}</td>"
        f"<td>{_h(', '.join(v.channels))}</td><td>{categories or '—'}</td>"
        f"<td>{_html_tags(v.uses)}</td>"
        f"<td{agreement_class}>{'<br>'.join(lines)}</td>"
        f"<td>{_h(v.status)}</td></tr>"
    )


def _html_matrix(register: Register) -> str:
    vendors = register.vendors
    width = len(vendors) + 2
    out = ['<table class="matrix" id="matrix">', "<thead><tr><th>Obligation</th>"]
    out.extend(f'<th title="{_h(v.display_name)}"><code>{_h(v.label)}</code></th>' for v in vendors)
    out.append("<th>Totals</th></tr></thead>")
    if register.requirements:
        out.append('<tbody class="source">')
        out.append(
            f'<tr class="group source"><th colspan="{width}">Source requirements '
            "(from each rule's source_requirement)</th></tr>"
        )
        for req in register.requirements:
            out.append(
                f'<tr data-requirement="{_h(req.key)}"><th><strong>{_h(req.key)}</strong> '
                f'{_h(req.text)} <span class="small">({_h(", ".join(req.rules))})</span></th>'
            )
            out.extend(_html_result(req.results[v.file]) for v in vendors)
            out.append(f'<td class="counts">{_html_counts(req.counts)}</td></tr>')
        out.append("</tbody>")
    for group in register.groups:
        out.append(f'<tbody data-pack="{_h(group.pack.name)}">')
        out.append(
            f'<tr class="group"><th colspan="{width}"><code>{_h(group.pack.name)}</code> '
            f"{_h(group.pack.title)}</th></tr>"
        )
        for o in group.obligations:
            cite = f' <span class="small">{_h(o.citation)}</span>' if o.citation else ""
            out.append(
                f'<tr data-rule="{_h(o.rule)}"><th><code>{_h(o.rule)}</code> {_h(o.title)}'
                f"{cite}</th>"
            )
            for v in vendors:
                cell = register.cells[(v.file, o.rule)]
                out.append(_html_result(cell.result, cell.reason))
            out.append(f'<td class="counts">{_html_counts(o.counts)}</td></tr>')
        out.append("</tbody>")
    out.append("<tfoot>")
    for result in RESULTS:
        out.append(f"<tr><th>{SYMBOLS[result]} {_h(result)}</th>")
        out.extend(f"<td>{v.counts[result]}</td>" for v in vendors)
        out.append(f"<td>{sum(v.counts[result] for v in vendors)}</td></tr>")
    out.append("</tfoot>")
    out.append("</table>")
    return "\n".join(out)


def _html_findings(findings: Sequence[Finding]) -> str:
    out = [
        '<table class="findings"><thead><tr><th>Rule</th><th>Severity</th><th>Message</th>'
        "<th>Location</th><th>Citation</th><th>Status</th></tr></thead><tbody>"
    ]
    for f in findings:
        sev_class = {Severity.ERROR: "fail", Severity.WARNING: "warn", Severity.INFO: "na"}[
            f.severity
        ]
        status = (
            f'<td class="waived">~ waived: {_h(f.waiver_reason)}</td>'
            if f.waived
            else '<td class="fail">✗ open</td>'
        )
        out.append(
            f'<tr><td class="nowrap"><code>{_h(f.rule)}</code></td><td class="{sev_class}">'
            f"{_h(f.severity.label)}</td><td>{_h(f.message)}</td>"
            f'<td class="mono small">{_h(location(f))}</td><td>{_html_citations(f)}</td>'
            f"{status}</tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


# --------------------------------------------------------------------------- entry point


def render(register: Register, fmt: str) -> str:
    """The register in one of :data:`FORMATS`."""
    if fmt == "html":
        return render_html(register)
    if fmt == "markdown":
        return render_markdown(register)
    if fmt == "csv":
        return render_csv(register)
    if fmt == "json":
        return render_json(register)
    raise ValueError(f"unknown register format {fmt!r}")
