"""``python -m ctlint``."""

from __future__ import annotations

from ctlint.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
