"""Which packs apply to the organization, whether the CTDPA is in scope, and why (configuration.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from ctlint.config import Settings
from ctlint.document.positions import locate
from ctlint.errors import ConfigError
from ctlint.model.findings import Finding, Severity
from ctlint.policy.catalog import Catalog

CTDPA_IN_FORCE = dt.date(2023, 7, 1)
CTDPA_2026 = dt.date(2026, 7, 1)
ORG_TYPES = ("private_business", "ct_state_agency", "ct_municipal_agency", "nonprofit")
_AGENCY_PACKS = {
    "ct_state_agency": (
        "ct-pda",
        "ct-psa",
        "ct-breach",
        "ct-pi",
        "ct-recording",
        "ct-employment",
        "ct-ai",
    ),
    "ct_municipal_agency": (
        "ct-pda",
        "ct-breach",
        "ct-pi",
        "ct-recording",
        "ct-employment",
        "ct-ai",
    ),
}
_BUSINESS_PACKS = (
    "ctdpa",
    "ct-health",
    "ct-breach",
    "ct-pi",
    "ct-recording",
    "ct-employment",
    "ct-ai",
)
_BRIEF_PACKS = ("ct-pda", "ct-psa")
#: Exemptions in force only until a date (configuration.md, scope test step 2).
_EXEMPTION_UNTIL = {"glba_financial_institution": dt.date(2026, 6, 30)}
_EXEMPTION_WORDS = {
    "hipaa_covered_entity": "a HIPAA covered entity",
    "glba_financial_institution": "a financial institution subject to the Gramm-Leach-Bliley Act",
    "higher_education": "an institution of higher education",
    "national_securities_association": "a national securities association",
}


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


def _ctdpa_scope(
    settings: Settings, catalog: Catalog, facts: RepoFacts
) -> tuple[CtdpaScope, list[Finding]]:
    org = settings.organization
    as_of = settings.as_of
    if as_of < CTDPA_IN_FORCE:
        reason = "the CTDPA takes effect on 2023-07-01"
        return _out_of_scope(settings, catalog, reason, None)
    listed: Sequence[str] = org.get("exemptions") or ()
    notes: list[Finding] = []
    exemptions = [e for e in listed if as_of <= _EXEMPTION_UNTIL.get(e, dt.date.max)]
    if "glba_financial_institution" in listed and "glba_financial_institution" not in exemptions:
        notes.append(
            _org_finding(
                settings,
                catalog,
                "CTL011",
                "organization.exemptions lists glba_financial_institution, which no longer takes "
                "the organization out of the CTDPA from 2026-07-01: Public Act 25-113 replaced the "
                "entity-level Gramm-Leach-Bliley exemption with a data-level one (only data subject "
                "to Title V of the act is exempt), plus exemptions for specified financial entities "
                "that ctlint does not list (secondary). The scope test goes on without it. If the "
                "organization is one of the entities still exempt, leave `ctdpa` out with an "
                "explicit `packs:` list",
                "/organization/exemptions",
            )
        )
    if exemptions:
        words = ", ".join(_EXEMPTION_WORDS.get(e, e) for e in exemptions)
        reason = f"entity exemption (organization.exemptions: {words}; § 42-517)"
        scope, found = _out_of_scope(settings, catalog, reason, "/organization/exemptions")
        return scope, notes + found
    if settings.org_type == "nonprofit":
        reason = "nonprofit organizations are exempt (§ 42-517)"
        scope, found = _out_of_scope(settings, catalog, reason, "/organization/type")
        return scope, notes + found
    scope, found = _ctdpa_thresholds(settings, catalog, facts)
    return scope, notes + found


def _ctdpa_thresholds(
    settings: Settings, catalog: Catalog, facts: RepoFacts
) -> tuple[CtdpaScope, list[Finding]]:
    """Steps 3 to 6 of the scope test (configuration.md)."""
    org = settings.organization
    as_of = settings.as_of
    consumers = org.get("ct_consumers_per_year")
    share = org.get("sale_revenue_share") or 0
    if as_of >= CTDPA_2026:
        if consumers is not None and consumers >= 35_000:
            return CtdpaScope(
                True, f"{consumers:,} Connecticut consumers (threshold 35,000 from 2026-07-01)"
            ), []
        if facts.sensitive:
            file, key = facts.sensitive[0]
            return CtdpaScope(
                True, f"processes sensitive data ({key} in {file}); no threshold from 2026-07-01"
            ), []
        if org.get("sells_personal_data") is True:
            return CtdpaScope(
                True,
                "sells personal data (organization.sells_personal_data); no threshold from 2026-07-01",
            ), []
        if facts.sale:
            return CtdpaScope(
                True,
                f"sells personal data (data.sale in {facts.sale[0]}); no threshold from 2026-07-01",
            ), []
        if consumers is None:
            return _assumed(settings, catalog, "35,000 from 2026-07-01")
        reason = (
            f"{consumers:,} Connecticut consumers (threshold 35,000 from 2026-07-01), no sensitive data "
            "and no sale of personal data"
        )
    else:
        if consumers is not None and consumers >= 100_000:
            return CtdpaScope(
                True, f"{consumers:,} Connecticut consumers (threshold 100,000 until 2026-06-30)"
            ), []
        if consumers is not None and consumers >= 25_000 and share > 0.25:
            return CtdpaScope(
                True,
                f"{consumers:,} Connecticut consumers and {share:.0%} of revenue from selling personal data "
                "(thresholds 25,000 and 25% until 2026-06-30)",
            ), []
        if consumers is None:
            return _assumed(
                settings,
                catalog,
                "100,000, or 25,000 with over 25% of revenue from sales, until 2026-06-30",
            )
        reason = (
            f"{consumers:,} Connecticut consumers (threshold 100,000, or 25,000 with more than 25% of revenue "
            "from selling personal data, until 2026-06-30)"
        )
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
    if settings.packs_auto:
        if org_type is None:
            ignored = sorted(k for k in settings.organization if k not in ("name", "type"))
            extra = (
                f" The other organization facts are ignored until then ({', '.join(ignored)})."
                if ignored
                else ""
            )
            for pack in _BRIEF_PACKS:
                chosen[pack] = (
                    "organization.type is not declared: the packs of the Connecticut guidance ctlint was first built from run"
                )
            findings.append(
                _org_finding(
                    settings,
                    catalog,
                    "CTL010",
                    "organization.type is not declared, so ct-pda and ct-psa run: they hold the requirements "
                    "of the Connecticut guidance ctlint was first built from, but bind Connecticut state agencies (ct-pda also municipal "
                    "agencies), not private businesses. Declare organization.type (private_business, "
                    "ct_state_agency, ct_municipal_agency or nonprofit) in the configuration, or run "
                    f"`ctlint init`.{extra}",
                    "/organization/type",
                )
            )
        elif org_type in _AGENCY_PACKS:
            for pack in _AGENCY_PACKS[org_type]:
                chosen[pack] = f"organization.type is {org_type}"
        else:
            for pack in _BUSINESS_PACKS:
                if pack != "ctdpa":
                    chosen[pack] = f"organization.type is {org_type}"
            scope, scope_findings = _ctdpa_scope(settings, catalog, facts)
            findings.extend(scope_findings)
            if scope.in_scope:
                chosen["ctdpa"] = f"the CTDPA is in scope: {scope.reason}"
            if settings.organization.get("state_contractor") is True:
                chosen["ct-pda"] = (
                    "organization.state_contractor is true (runs a personal data system for an agency)"
                )
        if org_type is not None and settings.organization.get("ct_employees") is False:
            chosen.pop("ct-employment", None)
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


PACK_ORDER = ("core", "ct-pda", "ct-psa", *_BUSINESS_PACKS)


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
    org_type = settings.org_type
    if name == "ctdpa" and scope is not None and not scope.in_scope:
        return f"the CTDPA is out of scope: {scope.reason}"
    if name == "ct-employment" and settings.organization.get("ct_employees") is False:
        return "organization.ct_employees is false"
    if org_type is None:
        return "organization.type is not declared (only ct-pda and ct-psa run)"
    if name == "ct-pda" and org_type in ("private_business", "nonprofit"):
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
