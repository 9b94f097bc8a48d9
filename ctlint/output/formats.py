"""The one registry of output formats: per command, format names to reporters.

Each command that writes output has a :class:`Formats` table (:data:`CHECK_FORMATS`,
:data:`RULES_FORMATS`, :data:`REPORT_FORMATS`; :data:`FORMATS` by command name). An entry
(:class:`FormatSpec`) names its reporter by module and attribute, as strings, so the names (for
``click.Choice``, ``--help`` and the unknown-format error) cost no import: :meth:`Formats.get`
imports the one reporter module a run uses. The first entry is the command's default.

Every reporter fits :class:`ctlint.output.rendering.Reporter`: a ``name``, the ``extension`` and
``media_type`` of what it writes, and ``render(subject, options) -> str``, where ``options`` is a
:class:`~ctlint.output.rendering.RenderOptions` (colour, quiet, statistics: the text reporter
reads them, the others ignore them). The subject depends on the command:

- ``check``: the finished :class:`~ctlint.engine.report.Report`; the reporters are the
  modules of :mod:`ctlint.output.reporters`, each with a ``REPORTER``;
- ``rules``: a :class:`~ctlint.output.rules_views.RuleListing` (the catalog view and an
  optional pack); the reporters are in :mod:`ctlint.output.rules_views`;
**Adding a format** is one reporter and one line here: write the reporter (a class with
``name``, ``extension``, ``media_type`` and ``render``, and a module-level instance), then add
``FormatSpec("NAME", "ctlint.output.MODULE", "ATTRIBUTE")`` to the command's table. The command's
option choices, help text and error messages follow.

- ``report``: the compliance register (:class:`~ctlint.output.register.model.Register`); the
  reporters are the ``as_*`` modules of :mod:`ctlint.output.register`.
- ``due``: what comes due (:class:`~ctlint.output.due.model.Due`); the reporters are the
  ``as_*`` modules of :mod:`ctlint.output.due`.

The command line imports this module on start-up (for the option choices and help texts), so it
imports no reporter and nothing heavy, and builds no dataclass, named tuple or protocol (each
costs a fraction of a millisecond); those are in :mod:`ctlint.output.rendering`, imported when
a command renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ctlint.errors import UsageError

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.due.model import Due
    from ctlint.output.register.model import Register
    from ctlint.output.rendering import Reporter
    from ctlint.output.rules_views import RuleListing

S = TypeVar("S")


class FormatSpec:
    """A format name and where its reporter is: ``getattr(import_module(module), attribute)``."""

    __slots__ = ("attribute", "module", "name")

    def __init__(self, name: str, module: str, attribute: str = "REPORTER") -> None:
        self.name = name
        self.module = module
        self.attribute = attribute

    def __repr__(self) -> str:
        return f"FormatSpec({self.name!r}, {self.module!r}, {self.attribute!r})"


class Formats(Generic[S]):
    """The formats of one command, in the order help and errors list them; the first is the
    default. ``option`` is the option that names them, for the error messages."""

    __slots__ = ("command", "option", "specs")

    def __init__(self, command: str, specs: Iterable[FormatSpec], option: str = "--format") -> None:
        self.command = command
        self.specs = tuple(specs)
        self.option = option
        names = [spec.name for spec in self.specs]
        if len(set(names)) != len(names):
            raise ValueError(f"{command}: a format is registered twice: {names}")

    def __repr__(self) -> str:
        return f"Formats({self.command!r}, {self.names!r})"

    @property
    def names(self) -> tuple[str, ...]:
        """Every format name, in order."""
        return tuple(spec.name for spec in self.specs)

    @property
    def default(self) -> str:
        """The format used when none is named: the first."""
        if not self.specs:
            raise LookupError(f"{self.command}: no format is registered")
        return self.specs[0].name

    @property
    def listing(self) -> str:
        """``text, json, markdown``: the names for a help text or an error message."""
        return ", ".join(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.specs)

    def unknown(self, name: str) -> UsageError:
        """The error for a name that is not a format of this command (exit 2)."""
        return UsageError(f"{self.option}: unknown format `{name}` (choose from {self.listing})")

    def spec(self, name: str) -> FormatSpec:
        """The entry of ``name``; :meth:`unknown` for any other name. Imports nothing."""
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise self.unknown(name)

    def get(self, name: str) -> Reporter[S]:
        """The reporter of ``name``, its module imported now (and only now)."""
        import importlib

        spec = self.spec(name)
        reporter = getattr(importlib.import_module(spec.module), spec.attribute)
        return cast("Reporter[S]", reporter)


CHECK_FORMATS: Formats[Report] = Formats(
    "check",
    (
        FormatSpec("text", "ctlint.output.reporters.text"),
        FormatSpec("json", "ctlint.output.reporters.json_report"),
        FormatSpec("sarif", "ctlint.output.reporters.sarif"),
        FormatSpec("github", "ctlint.output.reporters.github"),
        FormatSpec("junit", "ctlint.output.reporters.junit"),
        FormatSpec("gitlab", "ctlint.output.reporters.gitlab"),
        FormatSpec("markdown", "ctlint.output.reporters.markdown"),
    ),
)

RULES_FORMATS: Formats[RuleListing] = Formats(
    "rules",
    (
        FormatSpec("text", "ctlint.output.rules_views", "RULES_TEXT"),
        FormatSpec("json", "ctlint.output.rules_views", "RULES_JSON"),
        FormatSpec("markdown", "ctlint.output.rules_views", "RULES_MARKDOWN"),
    ),
)

REPORT_FORMATS: Formats[Register] = Formats(
    "report",
    (
        FormatSpec("html", "ctlint.output.register.as_html"),
        FormatSpec("markdown", "ctlint.output.register.as_markdown"),
        FormatSpec("csv", "ctlint.output.register.as_csv"),
        FormatSpec("json", "ctlint.output.register.as_json"),
        FormatSpec("oscal", "ctlint.output.register.as_oscal"),
        FormatSpec("oscal-catalog", "ctlint.output.oscal_catalog"),
    ),
)

DUE_FORMATS: Formats[Due] = Formats(
    "due",
    (
        FormatSpec("text", "ctlint.output.due.as_text"),
        FormatSpec("json", "ctlint.output.due.as_json"),
        FormatSpec("csv", "ctlint.output.due.as_csv"),
        FormatSpec("ics", "ctlint.output.due.as_ics"),
    ),
)

#: Every command's formats, by command name.
FORMATS: Mapping[str, Formats[Any]] = {
    table.command: table for table in (CHECK_FORMATS, RULES_FORMATS, REPORT_FORMATS, DUE_FORMATS)
}
