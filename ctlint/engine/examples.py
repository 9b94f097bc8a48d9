"""Run the pass/fail examples of policy files (``ctlint policy test``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ctlint.engine.evaluate import check_rule
from ctlint.engine.facts import as_held
from ctlint.engine.schema import validate
from ctlint.errors import PolicyError, UsageError
from ctlint.law.taxonomy import derive_facts
from ctlint.policy.compile import compile_rule
from ctlint.policy.load import PackSource, base_manifest, load_pack, merge_patch
from ctlint.policy.model import Rule, parse_date

DEFAULT_AS_OF = dt.date(2026, 12, 1)


@dataclasses.dataclass(frozen=True, slots=True)
class ExampleResult:
    """One example's outcome."""

    rule: str
    path: str
    kind: str  # pass | fail
    name: str
    ok: bool
    detail: str = ""


def _key(pointer: str, item: Any) -> tuple[str, str]:
    return (pointer, "" if item is None else str(item))


def _show(pairs: Iterable[tuple[str, str]]) -> str:
    items = sorted(pairs)
    if not items:
        return "no finding"
    return ", ".join(f"{p} [{i}]" if i else p for p, i in items)


def run_example(rule: Rule, example: dict[str, Any], kind: str) -> ExampleResult:
    """Evaluate one example of one rule."""
    label = f"{rule.path}: {kind} example `{example['name']}`"
    as_of = parse_date(example["as_of"]) if "as_of" in example else DEFAULT_AS_OF
    if as_of is None:
        raise PolicyError(f"{label}: as_of is not a calendar date")
    if example.get("options"):
        # the options are checked (scalars of each option's type) before they fill in any
        # `$param`, and the fragments after; nothing can reach a `$ref` or another schema
        rule = compile_rule(
            rule.raw,
            path=rule.path,
            options=example["options"],
            shipped=rule.shipped,
            options_label=label,
        )
    data = merge_patch(base_manifest(), example["manifest"])
    _problems, valid = validate(data)
    clean = as_held(valid, as_of)
    organization = example.get("organization") or {}
    org_type = organization.get("type") if isinstance(organization, dict) else None
    facts = derive_facts(clean, as_of, org_type if isinstance(org_type, str) else None)
    got = {_key(v.pointer, v.item) for v in check_rule(rule, clean, facts, as_of)}
    if not rule.in_force(as_of):
        got = set()
    if kind == "pass":
        ok = not got
        detail = "" if ok else f"expected no finding, got {_show(got)}"
    else:
        want = {_key(e["pointer"], e.get("item")) for e in example["expect"]}
        ok = got == want
        detail = "" if ok else f"expected {_show(want)}; got {_show(got)}"
    return ExampleResult(rule.id, rule.path, kind, example["name"], ok, detail)


def run_rule_examples(rule: Rule) -> list[ExampleResult]:
    """Every example of one rule."""
    results = []
    for kind in ("pass", "fail"):
        for example in rule.examples.get(kind, ()):
            results.append(run_example(rule, example, kind))
    return results


def _sources(paths: Sequence[str]) -> list[tuple[PackSource, set[str] | None]]:
    """The packs to test; each file read must resolve inside the folder named (links that
    lead elsewhere are refused, as for ``policy_paths``)."""
    found: list[tuple[PackSource, set[str] | None]] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            folder = path.parent
            bound = os.path.realpath(folder)
            found.append(
                (PackSource(folder.name, folder, "tested", str(folder), bound), {path.stem})
            )
        elif (path / "pack.yaml").is_file():
            bound = os.path.realpath(path)
            found.append((PackSource(path.name, path, "tested", given.rstrip("/"), bound), None))
        elif path.is_dir():
            subs = sorted(p for p in path.iterdir() if (p / "pack.yaml").is_file())
            if not subs:
                raise UsageError(f"{given}: no pack.yaml in this folder or its sub-folders")
            bound = os.path.realpath(path)
            found.extend((PackSource(p.name, p, "tested", str(p), bound), None) for p in subs)
        else:
            raise UsageError(f"{given}: no such file or folder")
    return found


def run_paths(paths: Sequence[str]) -> list[ExampleResult]:
    """Load the packs at ``paths`` (pack folders, folders of packs, or rule files) and run them."""
    results: list[ExampleResult] = []
    for source, only in _sources(paths):
        _pack, rules = load_pack(source, {})
        for rule in rules:
            if only is None or rule.id in only:
                results.extend(run_rule_examples(rule))
    return results


def run_rules(rules: Iterable[Rule]) -> list[ExampleResult]:
    """Run the examples of already-loaded rules."""
    results: list[ExampleResult] = []
    for rule in sorted(rules, key=lambda r: r.id):
        results.extend(run_rule_examples(rule))
    return results
