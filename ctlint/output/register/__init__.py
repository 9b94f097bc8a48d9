"""The compliance register behind ``ctlint report``: who collects what, which obligations apply,
which are met, which are waived and why, as of which date.

:func:`build` turns a finished :class:`~ctlint.engine.report.Report` and the manifests it covered into a
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

from ctlint.output.formats import REPORT_FORMATS
from ctlint.output.register.build import build
from ctlint.output.register.model import Register

__all__ = ["FORMATS", "Register", "build", "render"]

#: The register's formats (:data:`ctlint.output.formats.REPORT_FORMATS`), the default first.
FORMATS = REPORT_FORMATS.names


def render(register: Register, fmt: str) -> str:
    """The register in one of :data:`FORMATS` (through the format registry, which imports
    only that format's module: the HTML one loads Jinja2)."""
    from ctlint.output.rendering import RenderOptions  # lazy: only when rendering

    return REPORT_FORMATS.get(fmt).render(register, RenderOptions())
