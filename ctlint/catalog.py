"""Every rule ctlint knows: the built-in packs, the organization's own and installed ones."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.errors import PolicyError
from ctlint.policy import (
    Pack,
    PackSource,
    Rule,
    builtin_pack_sources,
    installed_pack_sources,
    load_pack,
    local_pack_sources,
)

#: CTL001-CTL004 cannot be ignored, turned off or waived.
UNSUPPRESSIBLE = frozenset({"CTL001", "CTL002", "CTL003", "CTL004"})


def is_unwaivable(rule_id: str) -> bool:
    """CTL001-CTL004, CTL1xx and CTL010-CTL012 cannot be waived (rules.md, "Waivers")."""
    return (
        rule_id in UNSUPPRESSIBLE
        or rule_id.startswith("CTL1")
        or rule_id in {"CTL010", "CTL011", "CTL012"}
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Catalog:
    """Packs and rules by name and id."""

    packs: Mapping[str, Pack]
    rules: Mapping[str, Rule]

    def rule(self, rule_id: str) -> Rule:
        """One rule by id (case-insensitive); :class:`PolicyError` names close ids."""
        found = self.rules.get(rule_id) or self.rules.get(rule_id.upper())
        if found is None:
            import difflib

            close = difflib.get_close_matches(rule_id.upper(), list(self.rules), n=3, cutoff=0.6)
            hint = (
                f"; did you mean {', '.join(close)}?" if close else " (`ctlint rules` lists them)"
            )
            raise PolicyError(f"unknown rule `{rule_id}`{hint}")
        return found

    def pack_rules(self, pack: str) -> list[Rule]:
        """The rules of one pack, in id order."""
        return sorted((r for r in self.rules.values() if r.pack == pack), key=lambda r: r.id)


def build_catalog(
    *,
    root: str | None = None,
    policy_paths: Sequence[str] = (),
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
    installed: bool = True,
) -> Catalog:
    """Load and compile every pack; any broken policy file is a :class:`PolicyError`."""
    sources: list[PackSource] = builtin_pack_sources()
    if policy_paths:
        sources += local_pack_sources(root or ".", policy_paths)
    if installed:
        sources += installed_pack_sources()
    packs: dict[str, Pack] = {}
    rules: dict[str, Rule] = {}
    options = rule_options or {}
    for source in sources:
        pack, pack_rules = load_pack(source, options)
        if pack.name in packs:
            raise PolicyError(f"{source.display}: a pack named `{pack.name}` is already loaded")
        packs[pack.name] = pack
        for rule in pack_rules:
            if rule.id in rules:
                raise PolicyError(
                    f"{rule.path}: rule id `{rule.id}` is already used by {rules[rule.id].path}"
                )
            rules[rule.id] = rule
    unknown = sorted(set(options) - set(rules))
    if unknown:
        raise PolicyError(f"rule_options: unknown rule `{unknown[0]}`")
    for rule_id, values in options.items():
        extra = sorted(set(values) - set(rules[rule_id].raw.get("options", {})))
        if extra:
            raise PolicyError(f"rule_options: {rule_id} has no option `{extra[0]}`")
    return Catalog(packs, rules)
