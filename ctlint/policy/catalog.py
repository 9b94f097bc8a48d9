"""Every rule ctlint knows: the built-in packs, the organization's own and installed ones."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.config import find_config
from ctlint.errors import CtlintError, PolicyError
from ctlint.policy.load import (
    PackSource,
    builtin_pack_sources,
    installed_pack_sources,
    iter_yaml,
    load_pack,
    local_pack_sources,
)
from ctlint.policy.model import Pack, Rule

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
    #: False when installed packs were left out because nothing asked for them.
    complete: bool = True

    def known_rule(self, rule_id: str) -> bool:
        """Whether any pack defines this id, including installed packs not loaded."""
        return rule_id in self.rules or (not self.complete and rule_id in installed_rule_ids())

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
    installed: bool | None = True,
    references: Sequence[str] = (),
    config_display: str | None = None,
) -> Catalog:
    """Load and compile every pack; any broken policy file is a :class:`PolicyError`.

    ``installed``: True loads the installed packs (``ctlint.packs`` entry points), False
    leaves them out, None loads them only when ``references`` (pack names and rule selectors
    of the configuration) or ``rule_options`` name something the built-in and organization
    packs lack. An installed pack runs only when ``packs`` names it, so a check needs them
    only then, and scanning the entry points costs a pre-commit run about 15 ms.

    A ``rule_options`` value that is not a scalar of its option's type is a
    :class:`ConfigError` naming the configuration file (``config_display``, else the one found
    in ``root``), the rule and the option.
    """
    sources: list[PackSource] = builtin_pack_sources()
    if policy_paths:
        sources += local_pack_sources(root or ".", policy_paths)
    packs: dict[str, Pack] = {}
    rules: dict[str, Rule] = {}
    options = rule_options or {}
    label = _options_label(root, config_display) if options else "rule_options"
    _load_sources(sources, options, packs, rules, label)
    if installed is None:
        installed = any(not _known(packs, rules, ref) for ref in (*references, *options))
    if installed:
        _load_sources(installed_pack_sources(), options, packs, rules, label)
    unknown = sorted(set(options) - set(rules))
    if unknown:
        raise PolicyError(f"rule_options: unknown rule `{unknown[0]}`")
    for rule_id, values in options.items():
        extra = sorted(set(values) - set(rules[rule_id].raw.get("options", {})))
        if extra:
            raise PolicyError(f"rule_options: {rule_id} has no option `{extra[0]}`")
    return Catalog(packs, rules, complete=installed)


def _options_label(root: str | None, config_display: str | None) -> str:
    """``.ctlint.yaml: rule_options``: where the rule options came from."""
    import os

    if config_display:
        return f"{config_display}: rule_options"
    if root is not None:
        try:
            found = find_config(root)
        except CtlintError:
            found = None
        if found is not None and os.path.dirname(found) == os.path.abspath(root):
            return f"{os.path.basename(found)}: rule_options"
    return "rule_options"


def _known(packs: Mapping[str, Pack], rules: Mapping[str, Rule], ref: str) -> bool:
    """A pack name, rule id or id prefix (what select/ignore/severity accept) that matches."""
    return ref in packs or ref in rules or any(rule_id.startswith(ref) for rule_id in rules)


def _load_sources(
    sources: Sequence[PackSource],
    options: Mapping[str, Mapping[str, Any]],
    packs: dict[str, Pack],
    rules: dict[str, Rule],
    label: str = "rule_options",
) -> None:
    for source in sources:
        pack, pack_rules = load_pack(source, options, options_label=label)
        if pack.name in packs:
            raise PolicyError(f"{source.display}: a pack named `{pack.name}` is already loaded")
        packs[pack.name] = pack
        for rule in pack_rules:
            if rule.id in rules:
                raise PolicyError(
                    f"{rule.path}: rule id `{rule.id}` is already used by {rules[rule.id].path}"
                )
            rules[rule.id] = rule


@functools.cache
def rule_ids() -> frozenset[str]:
    """The ids of the built-in and installed packs' rules, from their file names alone (for
    "did you mean" a rule id, :func:`ctlint.util.suggest.nearest_rule`)."""
    builtin = frozenset(
        entry.name.rsplit(".", 1)[0]
        for source in builtin_pack_sources()
        for entry in iter_yaml(source.folder)
        if entry.name != "pack.yaml"
    )
    return builtin | installed_rule_ids()


@functools.cache
def installed_rule_ids() -> frozenset[str]:
    """The ids of the installed packs' rules, from their file names (``<ID>.yaml``) alone."""
    return frozenset(
        entry.name.rsplit(".", 1)[0]
        for source in installed_pack_sources()
        for entry in iter_yaml(source.folder)
        if entry.name != "pack.yaml"
    )
