"""Generate ``policies/bundle.json``: every built-in policy file's fingerprint (its length and
CRC-32, :func:`ctlint.util.resources.fingerprint`) and its parsed, validated data, so that a run
reads JSON once instead of parsing 95 YAML files.

    python -m ctlint.policy.bundle policies/bundle.json

The YAML files stay the source of truth: an entry is used only while its file's text has
the fingerprint recorded, so an edited policy is parsed (and validated) as before until the
bundle is generated again, and a test fails while the bundle is stale.
"""

from __future__ import annotations

import json

from ctlint.policy.load import BUNDLE_VERSION, builtin_pack_sources, iter_yaml, read_builtin_file
from ctlint.util.resources import fingerprint
from ctlint.util.writing import write_generated


def render() -> str:
    """The bundle's text: files in pack and name order, each with its fingerprint and data
    (one line per file, so a diff of the bundle shows which files changed)."""
    files = {}
    for source in builtin_pack_sources():
        for entry in iter_yaml(source.folder):
            display = f"{source.display}/{entry.name}"
            text = entry.read_text("utf-8")
            data = read_builtin_file(entry, display, text, use_bundle=False)
            files[display] = {"fingerprint": fingerprint(text), "data": data}
    lines = [
        f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False, separators=(',', ':'))}"
        for name, entry in files.items()
    ]
    return f'{{"version": {BUNDLE_VERSION}, "files": {{\n' + ",\n".join(lines) + "\n}}\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the bundle."""
    return write_generated(argv, render)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
