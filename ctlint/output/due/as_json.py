"""``ctlint due`` as JSON: the window and one object per item, in the listed order."""

from __future__ import annotations

import json
from typing import Any

from ctlint.output.due.model import DUE_VERSION, Due, DueItem
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import json_safe


def item_json(item: DueItem) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "date": item.date.isoformat(),
        "status": item.status,
        "days": item.days,
        "kind": item.kind,
        "file": item.file,
        "vendor": item.vendor or None,
        "vendor_name": item.vendor_name,
        "field": item.field,
        "rule": item.rule,
        "summary": item.summary,
    }


def document(due: Due) -> dict[str, Any]:
    """The list as one JSON-ready mapping."""
    return {
        "version": DUE_VERSION,
        "kind": "ctlint-due",
        "as_of": due.as_of.isoformat(),
        "within_days": due.within,
        "until": due.until.isoformat(),
        "summary": {"files": due.files, "overdue": due.overdue, "upcoming": due.upcoming},
        "items": [item_json(item) for item in due.items],
    }


class JsonDue:
    """``ctlint due --format json`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "json"
    extension = ".json"
    media_type = "application/json"

    def render(self, due: Due, options: RenderOptions) -> str:
        text = json.dumps(document(due), indent=2, ensure_ascii=False)
        return json_safe(text) + "\n"


REPORTER: Reporter[Due] = JsonDue()
