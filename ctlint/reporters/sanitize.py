"""Make untrusted manifest text safe to print."""

from __future__ import annotations

import re

# C0 and C1 controls (but not tab and newline handled below), DEL, and the bidirectional
# formatting characters that can reorder what a terminal shows.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    """Control characters, bidi controls and lone surrogates as visible escapes; newlines and
    tabs as ``\\n`` / ``\\t`` so that one finding stays one line."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text).replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def clean_unicode(text: str) -> str:
    """Lone surrogates (from undecodable bytes) replaced so that JSON and XML stay valid."""
    return text.encode("utf-8", "replace").decode("utf-8")
