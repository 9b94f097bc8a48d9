"""The register as a value: the result and outcome vocabulary, and the frozen dataclasses
that every format renders (built by :mod:`.build`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Mapping

from ctlint.model.findings import Citation, Finding

REGISTER_VERSION = 1
EXPIRING_DAYS = 90

PASS, FAIL, WAIVED, NOT_APPLICABLE = "pass", "fail", "waived", "not applicable"
RESULTS = (PASS, FAIL, WAIVED, NOT_APPLICABLE)
#: Symbol and short word of each result: colour is never the only signal.
SYMBOLS = {PASS: "✓", FAIL: "✗", WAIVED: "~", NOT_APPLICABLE: "–"}
SHORT = {PASS: "pass", FAIL: "fail", WAIVED: "waived", NOT_APPLICABLE: "n/a"}

# Vendor-level outcomes.
NOT_COMPLIANT = "not compliant"
#: Failing obligations, but none of them (and no manifest error) at or above the run's
#: ``fail_on``: what ``ctlint check`` passes (a best-practice warning, with fail_on: error).
COMPLIANT_OPEN = "compliant with open findings below fail_on"
COMPLIANT_WAIVED = "compliant with waivers"
COMPLIANT = "compliant"
RETIRED = "retired"
UNREADABLE = "unreadable"
OUTCOME_SYMBOLS = {
    NOT_COMPLIANT: "✗",
    COMPLIANT_OPEN: "◐",
    COMPLIANT_WAIVED: "~",
    COMPLIANT: "✓",
    RETIRED: "–",
    UNREADABLE: "!",
}
OUTCOME_CLASS = {
    NOT_COMPLIANT: "fail",
    COMPLIANT_OPEN: "warn",
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
INPUTS_METHOD = (
    "SHA-256 of the UTF-8 text with one line per input of the Inputs table, in its order: the "
    "input's SHA-256 (- when it was not read), two spaces, its path (sha256sum's form)"
)
SINCE_METHOD = (
    "the first day of the unbroken run of days, ending at the as-of date, on which the same "
    "manifests and configuration evaluated at that day fail the obligation (ctlint re-runs "
    "them at every date where the law, a rule or a date in the manifest changes, and bisects "
    "between); never before the agreement's start (agreement.effective, else "
    "agreement.signed); blank when the gap predates every such date and no start is on "
    "record. It assumes the manifest described the vendor the same way throughout"
)
FATAL = frozenset({"CTL001", "CTL002", "CTL003", "CTL004"})
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

    @property
    def inputs_digest(self) -> str:
        """The SHA-256 of the inputs table, what a sign-off refers to (:data:`INPUTS_METHOD`):
        one line per input in the table's order, its SHA-256 (``-`` when it was not read),
        two spaces and its path (``sha256sum``'s form), UTF-8."""
        text = "".join(f"{i.sha256 or '-'}  {i.path}\n" for i in self.inputs)
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


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
    outcome: (
        str  # NOT_COMPLIANT | COMPLIANT_OPEN | COMPLIANT_WAIVED | COMPLIANT | RETIRED | UNREADABLE
    )
    since: dt.date | None
    #: rule ids of failing obligations, then of the tool rules with an open error finding
    #: (an invalid manifest is not compliant: Register.problems lists them)
    failing: tuple[str, ...]
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
    #: Per vendor file, each tool rule (CTL1xx ...) with open error findings: an obligation
    #: outside the matrix (the manifest must be valid) with its failing cell.
    problems: tuple[tuple[str, Obligation, Cell], ...] = ()
    #: :meth:`vendor_findings`' index, made when first asked (a cache, not a value: it is
    #: left out of init, repr and comparisons).
    _by_file: dict[str | None, tuple[Finding, ...]] | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )

    def cell(self, file: str, rule: str) -> Cell:
        """The cell of one vendor file and rule."""
        return self.cells[(file, rule)]

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        """Every obligation, in matrix order."""
        return tuple(o for g in self.groups for o in g.obligations)

    def vendor_findings(self, file: str) -> tuple[Finding, ...]:
        """The findings of one vendor file, in report order."""
        if self._by_file is None:
            index: dict[str | None, list[Finding]] = {}
            for finding in self.findings:
                index.setdefault(finding.file, []).append(finding)
            # the one write to a frozen register: its cache, computed from its own findings
            object.__setattr__(self, "_by_file", {k: tuple(v) for k, v in index.items()})
        assert self._by_file is not None
        return self._by_file.get(file, ())

    @property
    def org_findings(self) -> tuple[Finding, ...]:
        """Findings that belong to no vendor file (organization level)."""
        files = {v.file for v in self.vendors}
        return tuple(f for f in self.findings if f.file not in files)

    @property
    def open_obligations(self) -> tuple[tuple[Vendor, Obligation, Cell], ...]:
        """Every failing vendor × obligation, by vendor then matrix order, each vendor's open
        manifest errors (:attr:`problems`) after its obligations."""
        problems: dict[str, list[tuple[Obligation, Cell]]] = {}
        for file, obligation, cell in self.problems:
            problems.setdefault(file, []).append((obligation, cell))
        out: list[tuple[Vendor, Obligation, Cell]] = []
        for v in self.vendors:
            out += [
                (v, o, self.cells[(v.file, o.rule)])
                for o in self.obligations
                if self.cells[(v.file, o.rule)].result == FAIL
            ]
            out += [(v, o, c) for o, c in problems.get(v.file, ())]
        return tuple(out)

    def outcome_counts(self) -> dict[str, int]:
        """How many vendors have each outcome."""
        out = dict.fromkeys(OUTCOME_SYMBOLS, 0)
        for vendor in self.vendors:
            out[vendor.outcome] += 1
        return out
