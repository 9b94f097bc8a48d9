"""Make untrusted text safe to show: the one home of ctlint's output neutralization.

Text from a repository (manifest values, file names), a policy pack (titles, rationale,
citations, example names) or the configuration (paths, organization name) may carry characters
that change what a reader sees: terminal controls (C0, C1, ``ESC [``/``ESC ]`` sequences), bidi
controls that reorder a line, and invisible characters that make one value look like another.

- :func:`visible`: one line, every such character as a visible escape (``\\x1b``, ``\\u202e``);
  newline and tab as ``\\n``, ``\\t``, CR as ``\\x0d`` (one finding stays one line).
- :func:`visible_lines`: the same for text whose line breaks are meant (a rationale).
- :func:`terminal`: the last guard on what the CLI writes to stdout and stderr; keeps line
  breaks, tabs, CR LF pairs, a leading byte order mark and ctlint's own SGR colour codes.
- :func:`json_safe`, :func:`xml_refs`: the same characters as JSON ``\\uXXXX`` escapes or XML
  character references, so that a document keeps its values and never prints them raw.
- :func:`md_text`, :func:`md_code`: Markdown that shows text literally: no HTML, emphasis,
  table break, link, autolink (``https://``, ``www.``, e-mail), mention or issue reference.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

#: Every character that can hide, reorder or control what is shown (tab, LF and CR are
#: handled by each function): C0 and C1 controls and DEL; format characters (Unicode category
#: Cf: soft hyphen, Arabic letter mark, zero-width space/joiners, word joiner, invisible
#: operators, bidi embeddings, overrides and isolates, byte order mark, interlinear
#: annotation, tags); line and paragraph separators; lone surrogates (undecodable bytes);
#: and the default-ignorable letters and marks that render as nothing (combining grapheme
#: joiner, Hangul fillers, Khmer inherent vowels, Mongolian variation selectors, the
#: variation selectors supplement). tests/test_printing.py checks it against unicodedata.
_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f"
_BMP = (
    "\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\ud800-\udfff"
)
#: The unsafe characters beyond the BMP, as ranges. A regex class that lists them is slow to
#: scan with (every character is tested against each range), so the patterns below match
#: any character beyond the BMP, and :func:`_astral_safe` lets the harmless ones (emoji) be.
_ASTRAL = (
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1345F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_ANY_ASTRAL = "\U00010000-\U0010ffff"
_SOURCES = {
    "one line": f"[{_C0}{_BMP}{_ANY_ASTRAL}\t\n\r]",
    "lines": f"[{_C0}{_BMP}{_ANY_ASTRAL}\r]",
    # ctlint's own colours (the SGR codes of reporters/text.py: reset, bold, red, yellow, cyan)
    "sgr": "\x1b\\[(?:0|1|31|33|36)m",
    "json": f"[{_BMP}{_ANY_ASTRAL}]",  # json.dumps escapes C0 itself
}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    """Compiled when first used: ``ctlint --version`` and a clean run compile none of them."""
    return re.compile(_SOURCES[name])


_NAMED = {"\n": "\\n", "\t": "\\t"}


def _astral_safe(char: str) -> bool:
    code = ord(char)
    return code > 0xFFFF and not any(low <= code <= high for low, high in _ASTRAL)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    if _astral_safe(char):
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """Control, bidi and invisible characters and lone surrogates as visible escapes;
    newlines and tabs as ``\\n`` / ``\\t`` (CR as ``\\x0d``) so that one finding stays one line."""
    return _pattern("one line").sub(_escape, text)


def visible_lines(text: str) -> str:
    """:func:`visible` for text of several lines: LF (and CR LF, as LF) and tabs are kept."""
    return _pattern("lines").sub(_escape, text.replace("\r\n", "\n"))


def _terminal_escape(match: re.Match[str]) -> str:
    char, at, text = match.group(), match.start(), match.string
    if (
        (char == "\x1b" and _pattern("sgr").match(text, at))
        or (char == "\r" and text.startswith("\n", at + 1))
        or (char == "\ufeff" and at == 0)
    ):
        return char
    return _escape(match)


def terminal(text: str) -> str:
    """What may reach a terminal: :func:`visible_lines`, except that ctlint's own SGR colour
    codes, CR LF line ends and a byte order mark at the start are kept."""
    pattern = _pattern("lines")
    if pattern.search(text) is None:
        return text
    return pattern.sub(_terminal_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if _astral_safe(char):
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it) with every unsafe character inside its strings
    written as a ``\\uXXXX`` escape: the values are unchanged, nothing raw is printed. Lone
    surrogates become ``?`` first (:func:`clean_unicode`), as before."""
    return _pattern("json").sub(_json_escape, clean_unicode(text))


def xml_refs(text: str) -> str:
    """Serialized XML with every unsafe character that XML 1.0 allows written as a character
    reference (values unchanged, nothing raw); run after removing what XML cannot carry."""
    return _pattern("json").sub(
        lambda m: m.group() if _astral_safe(m.group()) else f"&#x{ord(m.group()):x};", text
    )


def url_text(url: str) -> str:
    """An address from a policy or the configuration as a URI: every character RFC 3986 does
    not allow (controls, spaces, non-ASCII, ``<>"`` and backslash) and those that would end a
    Markdown link target or table cell (parentheses, ``|``) percent-encoded; existing
    percent-escapes kept."""
    from urllib.parse import quote

    encoded = quote(url.encode("utf-8", "surrogateescape"), safe="%:/?#[]@!$&'*+,;=-._~")
    return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", encoded)


def clean_unicode(text: str) -> str:
    """Lone surrogates (from undecodable bytes) replaced so that JSON and XML stay valid."""
    return text.encode("utf-8", "replace").decode("utf-8")


# --------------------------------------------------------------------------- Markdown

#: Markdown punctuation that could start markup; ``<``, ``>``, ``&`` become entities.
_MD_PUNCT = re.compile(r"([\\`*_\[\]~|#!])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: A run of characters that GitHub could turn into a link: an e-mail address or @mention
#: (``@``), an extended URL autolink (``http://``, ``https://``, ``ftp://``, ``www.``),
#: ``mailto:`` / ``xmpp:``, or an issue reference (``#12``, ``GH-12``). Autolinks are found
#: in the text after escapes are resolved, so backslashes or entities cannot stop them; such a
#: run is shown as a code span instead, where nothing is linked.
_MD_TOKEN = re.compile(r"[^\s|`]+")
_MD_LINKABLE = re.compile(r"@|://|www\.|mailto:|xmpp:|#\d|gh-\d", re.IGNORECASE)


def _md_plain(text: str) -> str:
    text = _MD_PUNCT.sub(r"\\\1", text)
    return re.sub("[&<>]", lambda m: _MD_ENTITIES[m.group()], text)


def _md_token(match: re.Match[str]) -> str:
    token = match.group()
    if _MD_LINKABLE.search(token) is None:
        return _md_plain(token)
    return f"`{token}`"  # a token holds no backtick, pipe or space: one backtick fences it


def md_text(text: str) -> str:
    """Untrusted text for Markdown (a table cell, a heading, a list item), shown literally:
    :func:`visible`, then inline punctuation backslash-escaped, ``<>&`` as entities, and every
    run that could become a link or mention put in a code span."""
    text = visible(text)
    out: list[str] = []
    position = 0
    for match in _MD_TOKEN.finditer(text):
        out.append(_md_plain(text[position : match.start()]))
        out.append(_md_token(match))
        position = match.end()
    out.append(_md_plain(text[position:]))
    return "".join(out)


def md_code(text: str, *, table: bool = True) -> str:
    """Untrusted text as one code span, shown exactly (made visible, never escaped inside):
    the fence is longer than any run of backticks in it; in a table cell (``table``) a ``|``
    is written ``\\|``, which GFM reads as a pipe inside the span, and a backslash right
    before a pipe, which would escape the ``\\|``, is shown as ``\\x5c``."""
    text = visible(text)
    if not text:
        return "—"
    if table:
        text = text.replace("\\|", "\\x5c|").replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.strip(" ") and (text.startswith(("`", " ")) or text.endswith(("`", " "))):
        text = f" {text} "  # CommonMark strips one space from each end
    return f"{fence}{text}{fence}"


def show_value(value: Any, limit: int = 60) -> str:
    """A manifest value for a message: JSON spelling, cut to ``limit`` characters; a number
    too long to print (Python refuses over 4,300 digits) is described instead."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = "a value too large to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"
