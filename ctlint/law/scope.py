"""Which packs apply to the organization, whether the CTDPA is in scope, and why (configuration.md).

The pack table, the thresholds with their dates and the exemptions are data
(``ctlint/law/scope.yaml``, :mod:`ctlint.law.tables`); this module interprets them and words
the reasons and the CTL010-CTL012 findings."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from ctlint.config import Settings
from ctlint.document.positions import locate
from ctlint.errors import ConfigError
from ctlint.law.records import Period, day_after
from ctlint.law.tables import law
from ctlint.model.findings import Finding, Severity
from ctlint.policy.catalog import Catalog

_LAW = law()
#: The day the CTDPA took effect (the first threshold period of scope.yaml).
CTDPA_IN_FORCE = _LAW.ctdpa.in_force
#: The day the CTDPA's thresholds first changed (Public Act 25-113: 2026-07-01 in the data).
CTDPA_2026 = _LAW.ctdpa.periods[min(1, len(_LAW.ctdpa.periods) - 1)].start
#: The organization types, in the order ctlint names them (scope.yaml, packs/types).
ORG_TYPES = tuple(t.name for t in _LAW.packs.types)
#: Built-in packs in the order of configuration.md's table (scope.yaml, packs/order).
PACK_ORDER = _LAW.packs.order


@dataclasses.dataclass(frozen=True, slots=True)
class RepoFacts:
    """Facts over every configured and named manifest that parsed and is not retired."""

    sensitive: tuple[tuple[str, str], ...] = ()  # (file, category key)
    sale: tuple[str, ...] = ()  # files with data.sale: true


@dataclasses.dataclass(frozen=True, slots=True)
class PackStatus:
    """Whether one pack runs, and why."""

    name: str
    active: bool
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class CtdpaScope:
    """The CTDPA scope decision."""

    in_scope: bool
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Applicability:
    """The organization-level decisions of a run."""

    packs: tuple[PackStatus, ...]
    ctdpa_scope: CtdpaScope | None
    findings: tuple[Finding, ...]

    @property
    def active_packs(self) -> tuple[str, ...]:
        """Active pack names without ``core``."""
        return tuple(p.name for p in self.packs if p.active and p.name != "core")

    def status(self, pack: str) -> PackStatus | None:
        """The status of one pack."""
        return next((p for p in self.packs if p.name == pack), None)


def _org_finding(
    settings: Settings, catalog: Catalog, rule_id: str, message: str, pointer: str | None
) -> Finding:
    rule = catalog.rules.get(rule_id)
    severity = rule.severity if rule else {"CTL012": Severity.WARNING}.get(rule_id, Severity.INFO)
    citations = settings.citations_for(rule) if rule else ()
    if settings.config_path is None:
        return Finding(rule=rule_id, severity=severity, message=message, citations=citations)
    span = locate(settings.config_node, pointer) if settings.config_node is not None else None
    return Finding(
        rule=rule_id,
        severity=severity,
        message=message,
        file=settings.config_display,
        span=span,
        pointer=pointer,
        citations=citations,
    )


def _and(names: Sequence[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def _window(period: Period) -> str:
    """When a period's thresholds hold, as the messages say it: ``from 2026-07-01``,
    ``until 2026-06-30`` (the first period), both, or nothing (the only period)."""
    parts = []
    if period.start != law().ctdpa.in_force:
        parts.append(f"from {period.start.isoformat()}")
    if period.end is not None:
        parts.append(f"until {period.end.isoformat()}")
    return " ".join(parts)


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _ctdpa_scope(
    settings: Settings, catalog: Catalog, facts: RepoFacts
) -> tuple[CtdpaScope, list[Finding]]:
    ctdpa = law().ctdpa
    as_of = settings.as_of
    period = ctdpa.period(as_of)
    if period is None:
        reason = f"the CTDPA takes effect on {ctdpa.in_force.isoformat()}"
        return _out_of_scope(settings, catalog, reason, None)
    listed: Sequence[str] = settings.organization.exemptions
    notes: list[Finding] = []
    exemptions: list[str] = []
    for name in listed:
        entry = ctdpa.exemption(name)
        if entry is None or entry.in_force(as_of):
            exemptions.append(name)
            continue
        assert entry.until is not None
        ended = day_after(entry.until)
        notes.append(
            _org_finding(
                settings,
                catalog,
                "CTL011",
                f"organization.exemptions lists {name}, which no longer takes the organization "
                f"out of the CTDPA from {ended.isoformat()}: {entry.ended}. The scope test goes "
                "on without it. If the organization is one of the entities still exempt, leave "
                f"`{ctdpa.pack}` out with an explicit `packs:` list",
                "/organization/exemptions",
            )
        )
    if exemptions:
        words = ", ".join(
            entry.words if (entry := ctdpa.exemption(e)) is not None else e for e in exemptions
        )
        reason = f"entity exemption (organization.exemptions: {words}; {ctdpa.cite})"
        scope, found = _out_of_scope(settings, catalog, reason, "/organization/exemptions")
        return scope, notes + found
    exempt_type = ctdpa.exempt_type(settings.org_type)
    if exempt_type is not None:
        reason = f"{exempt_type.reason} ({ctdpa.cite})"
        scope, found = _out_of_scope(settings, catalog, reason, "/organization/type")
        return scope, notes + found
    scope, found = _ctdpa_thresholds(settings, catalog, facts, period)
    return scope, notes + found


def _ctdpa_thresholds(
    settings: Settings, catalog: Catalog, facts: RepoFacts, period: Period
) -> tuple[CtdpaScope, list[Finding]]:
    """Steps 3 to 6 of the scope test (configuration.md), with the thresholds of ``period``."""
    org = settings.organization
    consumers = org.ct_consumers_per_year
    share = org.sale_revenue_share or 0
    window = _window(period)
    when = f" {window}" if window else ""
    sales = period.with_sales
    if consumers is not None and consumers >= period.consumers:
        return CtdpaScope(
            True, f"{consumers:,} Connecticut consumers (threshold {period.consumers:,}{when})"
        ), []
    if (
        sales is not None
        and consumers is not None
        and consumers >= sales.consumers
        and share > sales.revenue_share_over
    ):
        return CtdpaScope(
            True,
            f"{consumers:,} Connecticut consumers and {share:.0%} of revenue from selling personal data "
            f"(thresholds {sales.consumers:,} and {_percent(sales.revenue_share_over)}{when})",
        ), []
    if period.sensitive_data and facts.sensitive:
        file, key = facts.sensitive[0]
        return CtdpaScope(
            True, f"processes sensitive data ({key} in {file}); no threshold{when}"
        ), []
    if period.sale and org.sells_personal_data is True:
        return CtdpaScope(
            True, f"sells personal data (organization.sells_personal_data); no threshold{when}"
        ), []
    if period.sale and facts.sale:
        return CtdpaScope(
            True, f"sells personal data (data.sale in {facts.sale[0]}); no threshold{when}"
        ), []
    tail = ((", " if sales else " ") + window) if window else ""
    if consumers is None:
        tests = [f"{period.consumers:,}"]
        if sales is not None:
            tests.append(
                f"{sales.consumers:,} with over {_percent(sales.revenue_share_over)} of revenue "
                "from sales"
            )
        return _assumed(settings, catalog, ", or ".join(tests) + tail)
    tests = [f"{period.consumers:,}"]
    if sales is not None:
        tests.append(
            f"{sales.consumers:,} with more than {_percent(sales.revenue_share_over)} of revenue "
            "from selling personal data"
        )
    reason = f"{consumers:,} Connecticut consumers (threshold {', or '.join(tests)}{tail})"
    negatives = [
        words
        for test, words in (
            (period.sensitive_data, "no sensitive data"),
            (period.sale, "no sale of personal data"),
        )
        if test
    ]
    if negatives:
        reason += ", " + " and ".join(negatives)
    return _out_of_scope(settings, catalog, reason, "/organization/ct_consumers_per_year")


def _out_of_scope(
    settings: Settings, catalog: Catalog, reason: str, pointer: str | None
) -> tuple[CtdpaScope, list[Finding]]:
    message = f"The CTDPA is out of scope: {reason}"
    return CtdpaScope(False, reason), [_org_finding(settings, catalog, "CTL011", message, pointer)]


def _assumed(
    settings: Settings, catalog: Catalog, threshold: str
) -> tuple[CtdpaScope, list[Finding]]:
    reason = "assumed in scope: organization.ct_consumers_per_year is not declared"
    message = (
        "The CTDPA is assumed to apply because organization.ct_consumers_per_year is missing; declare "
        f"how many Connecticut residents' data you processed last year (threshold {threshold})"
    )
    return CtdpaScope(True, reason), [
        _org_finding(settings, catalog, "CTL012", message, "/organization/ct_consumers_per_year")
    ]


def decide(settings: Settings, catalog: Catalog, facts: RepoFacts) -> Applicability:
    """Active packs with reasons, the CTDPA scope, and CTL010-CTL012."""
    table = law().packs
    ctdpa_pack = law().ctdpa.pack
    available = set(catalog.packs)
    named = [p for p in settings.packs if p != "auto"]
    for name in named:
        if name not in available:
            raise ConfigError(
                f"{settings.config_display or 'configuration'}: packs: unknown pack `{name}` "
                f"(available: {', '.join(sorted(available))})"
            )
    chosen: dict[str, str] = {"core": "always on"}
    findings: list[Finding] = []
    scope: CtdpaScope | None = None
    org_type = settings.org_type
    organization = settings.organization
    if settings.packs_auto:
        if org_type is None:
            ignored = sorted(k for k in organization.declared if k not in ("name", "type"))
            extra = (
                f" The other organization facts are ignored until then ({', '.join(ignored)})."
                if ignored
                else ""
            )
            undeclared = table.undeclared
            types = [t.name for t in table.types]
            for pack in undeclared.packs:
                chosen[pack] = f"organization.type is not declared: {undeclared.reason}"
            findings.append(
                _org_finding(
                    settings,
                    catalog,
                    "CTL010",
                    f"organization.type is not declared, so {_and(undeclared.packs)} run: "
                    f"{undeclared.note}. Declare organization.type ({_and(types, 'or')}) in "
                    f"the configuration, or run `ctlint init`.{extra}",
                    "/organization/type",
                )
            )
        else:
            kind = table.type(org_type)
            packs = kind.packs if kind is not None else ()
            for pack in packs:
                if pack != ctdpa_pack:
                    chosen[pack] = f"organization.type is {org_type}"
            if ctdpa_pack in packs:
                scope, scope_findings = _ctdpa_scope(settings, catalog, facts)
                findings.extend(scope_findings)
                if scope.in_scope:
                    chosen[ctdpa_pack] = f"the CTDPA is in scope: {scope.reason}"
            if kind is not None and organization.state_contractor is True:
                for pack in kind.state_contractor:
                    chosen[pack] = (
                        f"organization.state_contractor is true ({table.state_contractor_reason})"
                    )
            for pack, fact in table.off_when_false:
                if organization.fact(fact) is False:
                    chosen.pop(pack, None)
    for name in named:
        chosen.setdefault(name, "named in packs")
    for pack_name, meta in catalog.packs.items():
        if meta.origin == "local":
            chosen.setdefault(pack_name, "an organization pack from policy_paths")
    statuses = []
    for name in sorted(available, key=pack_order):
        if name in chosen:
            statuses.append(PackStatus(name, True, chosen[name]))
        else:
            statuses.append(
                PackStatus(name, False, _inactive_reason(name, settings, scope, catalog))
            )
    return Applicability(tuple(statuses), scope, tuple(findings))


def pack_order(name: str) -> tuple[int, str]:
    """Built-in packs in the order of configuration.md's table, then the others by name."""
    return (PACK_ORDER.index(name) if name in PACK_ORDER else len(PACK_ORDER), name)


def _inactive_reason(
    name: str, settings: Settings, scope: CtdpaScope | None, catalog: Catalog
) -> str:
    if not settings.packs_auto:
        return "not named in packs"
    if catalog.packs[name].origin == "installed":
        return "an installed pack runs only when named in packs"
    table = law().packs
    org_type = settings.org_type
    if name == law().ctdpa.pack and scope is not None and not scope.in_scope:
        return f"the CTDPA is out of scope: {scope.reason}"
    for pack, fact in table.off_when_false:
        if name == pack and settings.organization.fact(fact) is False:
            return f"organization.{fact} is false"
    if org_type is None:
        return f"organization.type is not declared (only {_and(table.undeclared.packs)} run)"
    kind = table.type(org_type)
    if kind is not None and name in kind.state_contractor:
        return f"organization.type is {org_type} and state_contractor is not true"
    return f"does not apply to organization.type {org_type}"


def repo_facts(entries: Mapping[str, tuple[list[tuple[str, str]], bool]]) -> RepoFacts:
    """Collect (sensitive keys, sale) per file into :class:`RepoFacts` in file order."""
    sensitive: list[tuple[str, str]] = []
    sale: list[str] = []
    for file in sorted(entries, key=lambda f: f.encode("utf-8", "surrogateescape")):
        keys, sells = entries[file]
        sensitive.extend(keys)
        if sells:
            sale.append(file)
    return RepoFacts(tuple(sensitive), tuple(sale))
