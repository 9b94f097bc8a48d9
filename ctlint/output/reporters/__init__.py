"""Reporters turn a finished :class:`~ctlint.engine.report.Report` into one output format."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ctlint.engine.report import Report

Reporter = Callable[["Report", TextIO, bool], None]

#: format name -> module that defines ``report(report, stream, color)``.
FORMATS = {
    "text": "ctlint.output.reporters.text",
    "json": "ctlint.output.reporters.json_report",
    "sarif": "ctlint.output.reporters.sarif",
    "github": "ctlint.output.reporters.github",
    "junit": "ctlint.output.reporters.junit",
    "gitlab": "ctlint.output.reporters.gitlab",
    "markdown": "ctlint.output.reporters.markdown",
}


def get_reporter(name: str) -> Reporter:
    """The reporter of one format (imported only when used)."""
    module = importlib.import_module(FORMATS[name])
    reporter: Reporter = module.report
    return reporter
