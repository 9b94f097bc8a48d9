"""What the register shows of each input and each vendor, taken from the data the pipeline
parsed: the inputs table (each file's size and SHA-256), the rule set's version, and a
vendor's agreement and data categories (:func:`.build.build` puts them together)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from ctlint.document.read import read_file
from ctlint.engine.report import Report
from ctlint.engine.source import FileResult
from ctlint.law.taxonomy import VOICEPRINT_KEY, canonical, category_keys, is_sensitive
from ctlint.output.register.model import EXPIRING_DAYS, Agreement, DataCategory, InputFile
from ctlint.policy.model import parse_date
from ctlint.util.globs import is_inside


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_input(path: str, display: str, role: str, report: Report) -> InputFile:
    """A configuration or policy file of the run and its digest (read once more here: the
    register is their only reader that needs their bytes)."""
    settings = report.settings
    absolute = os.path.abspath(path)
    if _inside(absolute, settings.root) and not is_inside(
        os.path.realpath(absolute), settings.root
    ):
        return InputFile(
            display, role, None, None, "not read: a link leading outside the repository root"
        )
    raw, problem = read_file(path, settings.limits)
    if raw is None:
        note = f"not read: {problem.message}" if problem is not None else "not read"
        return InputFile(display, role, None, None, note)
    return InputFile(display, role, hashlib.sha256(raw).hexdigest(), len(raw))


def manifest_input(result: FileResult) -> InputFile:
    """A manifest of the run and the digest of the bytes the pipeline read."""
    loaded = result.loaded
    assert loaded is not None, "the register needs the report of run(keep=True)"
    digest = loaded.digest
    if digest is not None:
        return InputFile(result.rel, "manifest", digest.sha256, digest.size)
    problems = loaded.doc.problems
    note = f"not read: {problems[0].message}" if problems else "not read"
    return InputFile(result.rel, "manifest", None, None, note)


def section(data: Mapping[str, Any] | None, key: str) -> Mapping[str, Any]:
    value = data.get(key) if data else None
    return value if isinstance(value, dict) else {}


def text_of(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def strings(value: Any) -> tuple[str, ...]:
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
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def agreement_of(data: Mapping[str, Any] | None, as_of: dt.date) -> Agreement:
    terms = section(data, "agreement")
    expires = parse_date(terms.get("expires"))
    state: str | None = None
    days: int | None = None
    if expires is not None:
        days = (expires - as_of).days
        state = "expired" if days < 0 else "expiring" if days <= EXPIRING_DAYS else "current"

    def date_text(key: str) -> str | None:
        value = parse_date(terms.get(key))
        return value.isoformat() if value else None

    return Agreement(
        type=text_of(terms.get("type")),
        reference=text_of(terms.get("reference")),
        signed=date_text("signed"),
        effective=date_text("effective"),
        expires=expires.isoformat() if expires else None,
        state=state,
        days_left=days,
    )


def categories_of(data: Mapping[str, Any] | None, as_of: dt.date) -> tuple[DataCategory, ...]:
    entries = section(data, "data").get("categories")
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
    if section(data, "recording").get("voiceprint") is True and all(
        c.key != VOICEPRINT_KEY for c in out
    ):
        out.append(
            DataCategory(
                VOICEPRINT_KEY, is_sensitive(VOICEPRINT_KEY, as_of), "recording.voiceprint"
            )
        )
    return tuple(out)
