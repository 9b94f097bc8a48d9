"""Generate ``policies/bundle.json``: every built-in policy file's text and its parsed,
validated data, so that a run reads JSON once instead of parsing 95 YAML files.

    python -m ctlint.policy.bundle policies/bundle.json

The YAML files stay the source of truth: an entry is used only while its file's text is
exactly the text recorded, so an edited policy is parsed (and validated) as before until the
bundle is generated again, and a test fails while the bundle is stale.
"""

from __future__ import annotations

import json
import sys

from ctlint.policy.load import BUNDLE_VERSION, builtin_pack_sources, iter_yaml, read_builtin_file
from ctlint.util.writing import write_atomic


def render() -> str:
    """The bundle's text: files in pack and name order, each with its text and data."""
    files = {}
    for source in builtin_pack_sources():
        for entry in iter_yaml(source.folder):
            display = f"{source.display}/{entry.name}"
            text = entry.read_text("utf-8")
            data = read_builtin_file(entry, display, text, use_bundle=False)
            files[display] = {"text": text, "data": data}
    document = {"version": BUNDLE_VERSION, "files": files}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the bundle."""
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args:
        write_atomic(args[0], text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
