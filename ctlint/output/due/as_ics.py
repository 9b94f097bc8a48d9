"""``ctlint due`` as an iCalendar file (RFC 5545): one all-day event per item.

Written by hand rather than with a library (no runtime dependency for one small format):
CRLF line ends, content lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
with ``\\``, ``;``, ``,`` and newlines escaped and control characters made visible, all-day
``DATE`` values (``DTEND`` the next day, exclusive), and a ``DTSTAMP`` that is the as-of date at
midnight UTC, so the same inputs give the same bytes and a later run carries a later stamp.

Each event's ``UID`` is :attr:`~ctlint.output.due.model.DueItem.uid` (root-relative path,
vendor id, kind and field; no date): a calendar that imports the file again updates the events
it already has, also when a due date moves (a renewed agreement, a review done).
"""

from __future__ import annotations

import datetime as dt

from ctlint import __version__
from ctlint.output.due.model import Due, DueItem
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import clean_unicode, visible

#: The longest content line, in octets, without its CRLF (RFC 5545 § 3.1).
LINE_OCTETS = 75


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets, each continuation starting
    with a space; a character is never split across lines. Ends with CRLF."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def text_value(text: str) -> str:
    """Untrusted text as an iCalendar TEXT value: controls made visible, then ``\\``, ``;``,
    ``,`` escaped; line breaks become ``\\n``."""
    lines = clean_unicode(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    shown = [visible(part) for part in lines]
    escaped = [part.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,") for part in shown]
    return "\\n".join(escaped)


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _summary(item: DueItem) -> str:
    return f"Overdue: {item.summary}" if item.overdue else item.summary


def _description(item: DueItem, due: Due) -> str:
    lines = [item.summary, f"File: {item.file}"]
    if item.vendor:
        named = f" ({item.vendor_name})" if item.vendor_name else ""
        lines.append(f"Vendor: {item.vendor}{named}")
    lines.append(f"Field: {item.field}")
    if item.rule:
        lines.append(f"Rule: {item.rule} (ctlint explain {item.rule})")
    lines.append(f"Listed by ctlint due as of {due.as_of.isoformat()}: {item.status}")
    return "\n".join(lines)


def event(item: DueItem, due: Due, stamp: str) -> list[str]:
    """The content lines of one item's VEVENT, unfolded."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(item.date)}",
    ]
    if item.date < dt.date.max:  # absent, an all-day event lasts its one day (§ 3.6.1)
        lines.append(f"DTEND;VALUE=DATE:{_date(item.date + dt.timedelta(days=1))}")
    lines += [
        f"SUMMARY:{text_value(_summary(item))}",
        f"DESCRIPTION:{text_value(_description(item, due))}",
        f"CATEGORIES:ctlint,{text_value(item.kind)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def render_ics(due: Due) -> str:
    stamp = f"{_date(due.as_of)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//ctlint//ctlint due {text_value(__version__)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:ctlint due",
    ]
    for item in due.items:
        lines += event(item, due, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


class IcsDue:
    """``ctlint due --format ics`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "ics"
    extension = ".ics"
    media_type = "text/calendar"

    def render(self, due: Due, options: RenderOptions) -> str:
        return render_ics(due)


REPORTER: Reporter[Due] = IcsDue()
