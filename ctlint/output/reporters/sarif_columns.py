"""SARIF regions in UTF-16 code units (``columnKind: "utf16CodeUnits"``).

ctlint's columns are Unicode code points (the text, JSON and every other output say so, as
ruff and yamllint do). GitHub code scanning, its ``upload-sarif`` action, CodeQL's own SARIF
and the SARIF viewers of editors count columns in UTF-16 code units, as JavaScript strings do,
so the SARIF log says ``utf16CodeUnits`` and gives UTF-16 columns: a character outside the
Basic Multilingual Plane (an emoji, U+1F600) is one code point but two UTF-16 code units, so
every column after it on its line moves one to the right.

Only the columns change, and only on lines with such characters: the file is read again
(within the same limits as the pipeline, once per file) when its bytes contain a 4-byte UTF-8
sequence, and lines are counted as the YAML reader counts them (LF, CR LF, CR, NEL, LS, PS).
When the file can no longer be read, or no longer has the line, the columns stay as they are.
"""

from __future__ import annotations

import os
import re

from ctlint.document.read import Limits, decode, read_file
from ctlint.model.findings import Span

COLUMN_KIND = "utf16CodeUnits"

#: The line breaks of the YAML reader (and so of ctlint's line numbers).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: The lead byte of a 4-byte UTF-8 sequence: a code point that takes two UTF-16 code units.
_FOUR_BYTES = re.compile(rb"[\xf0-\xf4]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_column(line: str, column: int) -> int:
    """The 1-based UTF-16 column of the 1-based code-point ``column`` of ``line``."""
    return column + len(_ASTRAL.findall(line, 0, max(column - 1, 0)))


class Utf16Columns:
    """Converts the code-point columns of spans in the files under ``root``."""

    def __init__(self, root: str, limits: Limits) -> None:
        self._root = root
        self._limits = limits
        self._lines: dict[str, list[str] | None] = {}

    def _file_lines(self, file: str) -> list[str] | None:
        """The lines of ``file`` when some of them need converting, else None."""
        if file in self._lines:
            return self._lines[file]
        lines: list[str] | None = None
        raw, _problem = read_file(os.path.join(self._root, file), self._limits)
        if raw is not None and _FOUR_BYTES.search(raw):
            text, _problem = decode(raw)
            if text is not None:
                lines = _BREAK.split(text)
        self._lines[file] = lines
        return lines

    def region(self, file: str | None, span: Span) -> dict[str, int]:
        """The SARIF region of ``span`` in ``file``, with UTF-16 columns."""
        start, end = span.column, span.end_column
        lines = self._file_lines(file) if file is not None else None
        if lines is not None:
            if span.line <= len(lines):
                start = utf16_column(lines[span.line - 1], start)
            if span.end_line <= len(lines):
                end = utf16_column(lines[span.end_line - 1], end)
        return {
            "startLine": span.line,
            "startColumn": start,
            "endLine": span.end_line,
            "endColumn": end,
        }
