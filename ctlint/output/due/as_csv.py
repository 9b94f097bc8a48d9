"""``ctlint due`` as CSV: one row per item, in the listed order, every cell guarded against
spreadsheet formula injection as the register's CSV is."""

from __future__ import annotations

import csv
import io

from ctlint.output.due.model import Due
from ctlint.output.register.phrases import csv_cell
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import clean_unicode

CSV_COLUMNS = (
    "date",
    "status",
    "days",
    "kind",
    "vendor_id",
    "vendor_name",
    "file",
    "field",
    "rule",
    "summary",
    "uid",
    "as_of",
)

#: What a spreadsheet takes for the start of a formula (also after spaces, for some apps).


def render_csv(due: Due) -> str:
    """A header row and one row per item, CRLF line ends, with a UTF-8 byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in due.items:
        row = (
            item.date.isoformat(),
            item.status,
            item.days,
            item.kind,
            item.vendor,
            item.vendor_name,
            item.file,
            item.field,
            item.rule,
            item.summary,
            item.uid,
            due.as_of.isoformat(),
        )
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + clean_unicode(buffer.getvalue())


class CsvDue:
    """``ctlint due --format csv`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "csv"
    extension = ".csv"
    media_type = "text/csv"

    def render(self, due: Due, options: RenderOptions) -> str:
        return render_csv(due)


REPORTER: Reporter[Due] = CsvDue()
