"""Reporters turn a finished :class:`~ctlint.api.Report` into one output format."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ctlint.api import Report

Reporter = Callable[["Report", TextIO, bool], None]

#: format name -> module that defines ``report(report, stream, color)``.
FORMATS = {
    "text": "ctlint.reporters.text",
    "json": "ctlint.reporters.json_report",
    "sarif": "ctlint.reporters.sarif",
    "github": "ctlint.reporters.github",
    "junit": "ctlint.reporters.junit",
    "gitlab": "ctlint.reporters.gitlab",
    "markdown": "ctlint.reporters.markdown",
}


def get_reporter(name: str) -> Reporter:
    """The reporter of one format (imported only when used)."""
    module = importlib.import_module(FORMATS[name])
    reporter: Reporter = module.report
    return reporter
