"""SARIF regions in UTF-16 code units (``columnKind: "utf16CodeUnits"``).

ctlint's columns are Unicode code points (the text, JSON and every other output say so, as
ruff and yamllint do). GitHub code scanning, its ``upload-sarif`` action, CodeQL's own SARIF
and the SARIF viewers of editors count columns in UTF-16 code units, as JavaScript strings do,
so the SARIF log says ``utf16CodeUnits`` and gives UTF-16 columns: a character outside the
Basic Multilingual Plane (an emoji, U+1F600) is one code point but two UTF-16 code units, so
every column after it on its line moves one to the right.

Only the columns of lines with such characters change. The pipeline keeps those lines of each
manifest it read (:func:`ctlint.document.read.wide_lines`, ``Report.wide_lines``), so no
manifest is read twice; a finding in another file (the configuration, for a value of its
``defaults:``) has that file read once more, within the same limits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping

from ctlint.document.read import Limits, read_file, wide_lines
from ctlint.model.findings import Span

COLUMN_KIND = "utf16CodeUnits"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_column(line: str, column: int) -> int:
    """The 1-based UTF-16 column of the 1-based code-point ``column`` of ``line``."""
    return column + len(_ASTRAL.findall(line, 0, max(column - 1, 0)))


class Utf16Columns:
    """Converts the code-point columns of spans: of the reported manifests from the lines the
    pipeline kept (``wide``), of any other file under ``root`` by reading it."""

    def __init__(
        self,
        wide: Mapping[str, Mapping[int, str]],
        manifests: Collection[str],
        root: str,
        limits: Limits,
    ) -> None:
        self._wide: dict[str, Mapping[int, str]] = {m: wide.get(m, {}) for m in manifests}
        self._root = root
        self._limits = limits

    def _lines(self, file: str) -> Mapping[int, str]:
        lines = self._wide.get(file)
        if lines is None:
            raw, _problem = read_file(os.path.join(self._root, file), self._limits)
            lines = self._wide[file] = wide_lines(raw) if raw is not None else {}
        return lines

    def region(self, file: str | None, span: Span) -> dict[str, int]:
        """The SARIF region of ``span`` in ``file``, with UTF-16 columns."""
        start, end = span.column, span.end_column
        lines = self._lines(file) if file is not None else {}
        if span.line in lines:
            start = utf16_column(lines[span.line], start)
        if span.end_line in lines:
            end = utf16_column(lines[span.end_line], end)
        return {
            "startLine": span.line,
            "startColumn": start,
            "endLine": span.end_line,
            "endColumn": end,
        }
