"""``ctlint due`` as text: one line per item, the overdue ones first, then a summary line
(left out with ``quiet``). Text from the manifests is shown with every control character
made visible."""

from __future__ import annotations

from ctlint.output.due.model import KINDS, Due, DueItem
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import visible

#: The width of the kind column: the longest kind.
KIND_WIDTH = max(len(kind) for kind in KINDS)


def _plain(text: str) -> str:
    """Untrusted text on one line, every control character made visible."""
    return visible(" ".join(text.split()))


def _when(item: DueItem) -> str:
    days = item.days
    if days == 0:
        return "today"
    count = abs(days)
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} ago" if days < 0 else f"in {count} {unit}"


def line(item: DueItem) -> str:
    """``2027-01-01  due      in 29 days     rule       vendors/ada.yaml: From …``."""
    status = f"{'OVERDUE' if item.overdue else 'due':<7}"
    head = f"{item.date.isoformat()}  {status}  {_when(item):<13}  {item.kind:<{KIND_WIDTH}}"
    return f"{head}  {_plain(item.file)}: {_plain(item.summary)}"


def render_text(due: Due, options: RenderOptions) -> str:
    lines = [line(item) for item in due.items]
    if not options.quiet:
        if lines:
            lines.append("")
        lines.append(
            f"{due.overdue} overdue, {due.upcoming} due by {due.until.isoformat()} "
            f"(as of {due.as_of.isoformat()}, within {due.within} days; {due.files} "
            f"file{'' if due.files == 1 else 's'})"
        )
    return "".join(f"{text}\n" for text in lines)


class TextDue:
    """``ctlint due --format text`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "text"
    extension = ".txt"
    media_type = "text/plain"

    def render(self, due: Due, options: RenderOptions) -> str:
        return render_text(due, options)


REPORTER: Reporter[Due] = TextDue()
