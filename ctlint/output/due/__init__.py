"""``ctlint due``: everything that comes due, soonest first (agreements and waivers expiring,
reviews due, rules coming into force), the overdue items before all.

:func:`build` turns a finished :class:`~ctlint.engine.report.Report` (``run(keep=True)``) into
a :class:`Due` value; :func:`render` writes it as text, JSON, CSV or an iCalendar file. Nothing
here prints, exits or looks at the clock: the same inputs, as-of date and window give
byte-identical output in every format.
"""

from __future__ import annotations

from ctlint.output.due.build import build
from ctlint.output.due.model import DEFAULT_WITHIN_DAYS, Due, DueItem
from ctlint.output.formats import DUE_FORMATS
from ctlint.output.rendering import RenderOptions

__all__ = ["DEFAULT_WITHIN_DAYS", "FORMATS", "Due", "DueItem", "build", "render"]

#: The formats of ``ctlint due`` (:data:`ctlint.output.formats.DUE_FORMATS`), the default first.
FORMATS = DUE_FORMATS.names


def render(due: Due, fmt: str, options: RenderOptions | None = None) -> str:
    """The list in one of :data:`FORMATS` (through the format registry)."""
    return DUE_FORMATS.get(fmt).render(due, options or RenderOptions())
