"""The YAML the bridge writes (an export, an imported manifest's ``x-fides`` block): block
style, keys in the order given, Unicode as is, 100 columns, and no anchors or aliases (E3:
exports diff cleanly; a repeated value is written out again)."""

from __future__ import annotations

from typing import Any

import yaml


class _NoAliases(yaml.SafeDumper):
    """The safe dumper without anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(doc: Any) -> str:
    """``doc`` as block YAML, deterministic for the same value."""
    return yaml.dump(
        doc,
        Dumper=_NoAliases,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
