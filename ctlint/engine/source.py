"""One file through the pipeline: read once, parsed with positions and schema-checked
(:func:`load_target`, the only place a manifest is opened), and what was learned from it
(:class:`FileResult`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ctlint.config.defaults import Defaults
from ctlint.document.parse import Document, load_bytes
from ctlint.document.read import Limits, Problem, given_bytes, read_file, wide_lines
from ctlint.engine.discover import Target
from ctlint.engine.facts import ManifestFacts, is_retired
from ctlint.engine.schema import repeated_entries, validate
from ctlint.model.findings import Finding, Span


@dataclasses.dataclass(frozen=True, slots=True)
class Digest:
    """The SHA-256 and size of the bytes a manifest was read from (the register's inputs)."""

    sha256: str
    size: int


@dataclasses.dataclass(frozen=True, slots=True)
class Loaded:
    """One target after reading, parsing and schema validation: the parsed document (with
    positions), the schema-clean data, and the schema problems."""

    target: Target
    doc: Document
    clean: dict[str, Any] | None
    schema_problems: tuple[Any, ...]
    #: Of the bytes read, when asked for (``keep``); None when the file could not be read.
    digest: Digest | None = None
    #: The pointers of the values merged in from the configuration's ``defaults:``.
    defaulted: frozenset[str] = frozenset()
    #: The lines with characters outside the BMP (:func:`~ctlint.document.read.wide_lines`).
    wide: Mapping[int, str] = dataclasses.field(default_factory=dict)

    @property
    def vendor(self) -> str | None:
        data = self.doc.data
        value = data.get("id") if data else None
        return value if isinstance(value, str) else None

    @property
    def retired(self) -> bool:
        return is_retired(self.clean)

    @property
    def facts(self) -> ManifestFacts:
        return ManifestFacts.of(self.target.rel, self.vendor, self.clean)


def load_target(
    target: Target, limits: Limits, *, digest: bool = False, defaults: Defaults | None = None
) -> Loaded:
    """Read, parse and schema-check one file: the only place a manifest is opened; with
    ``defaults``, the configuration's ``defaults:`` are merged under the parsed data first."""
    if target.problem is not None:
        doc = Document(None, None, (Problem("CTL001", target.problem, Span(1, 1, 1, 1)),))
        return Loaded(target, doc, None, ())
    # opened without following a link (the path is not one when discovery looked) and
    # refused unless it is still the file discovery checked
    if target.content is not None:
        raw, problem = given_bytes(target.content, limits)
    else:
        raw, problem = read_file(target.path, limits, follow=False, expect=target.identity)
    if raw is None:
        assert problem is not None
        return Loaded(target, Document(None, None, (problem,)), None, ())
    digested = None
    if digest:
        import hashlib  # lazy: only the register asks for digests

        digested = Digest(hashlib.sha256(raw).hexdigest(), len(raw))
    doc = load_bytes(raw, is_json=target.path.lower().endswith(".json"), limits=limits)
    wide = wide_lines(raw)
    if doc.fatal or doc.data is None:
        return Loaded(target, doc, None, (), digested, wide=wide)
    data = doc.data
    defaulted: frozenset[str] = frozenset()
    if defaults is not None:
        data, defaulted = defaults.merge(data)
        doc = Document(data, doc.node, doc.problems)
    problems, clean = validate(data)
    problems.extend(repeated_entries(data, doc.node))
    return Loaded(target, doc, clean, tuple(problems), digested, defaulted, wide)


@dataclasses.dataclass(frozen=True, slots=True)
class FileResult:
    """What the pipeline learned about one file: its findings under every rule in force, and
    its facts for the repository-wide decisions (the parent process picks the active rules);
    with ``keep``, also the loaded document, for outputs that show the data (the register)."""

    facts: ManifestFacts
    findings: tuple[Finding, ...] = ()
    waivers: tuple[tuple[int, Mapping[str, Any]], ...] = ()
    spans: Mapping[str, Span] = dataclasses.field(default_factory=dict)
    not_applicable: tuple[str, ...] = ()  # rules whose ``applies`` fails for this manifest
    loaded: Loaded | None = None
    #: Rules whose trigger (``applies``, ``facts``, ``when``) does not hold for this manifest.
    untriggered: tuple[str, ...] = ()
    #: Rules whose every finding was left out because the value it is about failed its schema
    #: check (the schema finding says what is wrong): not met, though nothing of theirs shows.
    superseded: tuple[str, ...] = ()
    #: The file's lines with characters outside the BMP, by line number (SARIF's UTF-16
    #: columns: :mod:`ctlint.output.reporters.sarif_columns`).
    wide: Mapping[int, str] = dataclasses.field(default_factory=dict)

    @property
    def rel(self) -> str:
        return self.facts.rel

    @property
    def vendor(self) -> str | None:
        return self.facts.vendor

    @property
    def parsed(self) -> bool:
        return self.facts.parsed

    @property
    def retired(self) -> bool:
        return self.facts.retired
