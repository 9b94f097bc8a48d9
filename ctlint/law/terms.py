"""The names, descriptions and synonyms of the taxonomy keys, and "did you mean" for a key.

``ctlint/law/terms.yaml`` holds each key's name and description (fideslang's for its keys);
``ctlint/law/synonyms.yaml`` maps words people write (``social_media``, ``improve.system``)
to the key they mean. Both are read with the document layer's safe, bounded loader, once per
process and only when something asks (a finding's suggestion, ``ctlint taxonomy``, the docs
generator), and checked when they load: every problem is a :class:`LawDataError` naming the
file, line, column and key. Every key of ``schemas/taxonomy.json`` must have a term, every
term and every synonym's target must be such a key.

:func:`suggest_key` is the one home of "did you mean" for taxonomy keys: a synonym of the
word or of its last dotted parts first, then the closest spelling
(:func:`ctlint.util.suggest.closest`), then the key whose name or description holds the
word's parts.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from ctlint.document.parse import load_text
from ctlint.document.positions import escape_pointer, locate
from ctlint.document.read import Limits
from ctlint.law.tables import LawDataError, display, read_text
from ctlint.law.taxonomy import taxonomy
from ctlint.util.suggest import closest

TERMS_FILE = "terms.yaml"
SYNONYMS_FILE = "synonyms.yaml"
#: The kinds of key, as schemas/taxonomy.json names its lists.
KINDS = ("data_categories", "data_uses", "data_subjects")
_WORD = re.compile(r"[a-z0-9]+")
_LIMITS = Limits(max_file_bytes=1_048_576, max_nodes=100_000, max_depth=16)


@dataclasses.dataclass(frozen=True, slots=True)
class Term:
    """One key's name and description."""

    key: str
    name: str
    description: str


def keys_of(kind: str) -> tuple[str, ...]:
    """The pinned keys of one kind (ctlint's extensions after fideslang's), without aliases."""
    data = taxonomy()
    keys = list(data[kind])
    if kind == "data_categories":
        keys += data["ctlint_data_categories"]
    return tuple(keys)


def _load(name: str) -> tuple[Any, Any]:
    text = read_text(name)
    doc = load_text(text, is_json=False, limits=_LIMITS)
    if doc.problems or not isinstance(doc.data, dict):
        problem = doc.problems[0] if doc.problems else None
        where = f":{problem.span.line}:{problem.span.column}" if problem else ""
        message = problem.message if problem else "the top level must be a mapping"
        raise LawDataError(f"{display(name)}{where}: {message}")
    return doc.data, doc.node


def _error(name: str, node: Any, path: tuple[str, ...], message: str) -> LawDataError:
    pointer = "".join(f"/{escape_pointer(p)}" for p in path)
    span = locate(node, pointer, key=True)
    where = "/".join(path)
    return LawDataError(f"{display(name)}:{span.line}:{span.column}: at `{where}`: {message}")


def _known(kind: str) -> frozenset[str]:
    return frozenset(keys_of(kind))


@functools.cache
def terms() -> dict[str, dict[str, Term]]:
    """kind -> key -> :class:`Term`, checked."""
    data, node = _load(TERMS_FILE)
    out: dict[str, dict[str, Term]] = {}
    for kind in data:
        if kind not in KINDS:
            raise _error(TERMS_FILE, node, (str(kind),), f"not one of {', '.join(KINDS)}")
    for kind in KINDS:
        entries = data.get(kind)
        if not isinstance(entries, dict):
            raise _error(TERMS_FILE, node, (), f"`{kind}` must be a mapping of keys")
        known = _known(kind)
        found: dict[str, Term] = {}
        for key, entry in entries.items():
            path = (kind, str(key))
            if key not in known:
                raise _error(TERMS_FILE, node, path, f"`{key}` is not a key of the taxonomy")
            if (
                not isinstance(entry, dict)
                or set(entry) != {"name", "description"}
                or not all(isinstance(v, str) and v.strip() for v in entry.values())
            ):
                raise _error(
                    TERMS_FILE, node, path, "must be {name: text, description: text}, both set"
                )
            found[key] = Term(key, entry["name"], entry["description"])
        missing = [k for k in keys_of(kind) if k not in found]
        if missing:
            raise _error(TERMS_FILE, node, (kind,), f"no term for `{missing[0]}`")
        out[kind] = found
    return out


@functools.cache
def synonyms() -> dict[str, dict[str, str]]:
    """kind -> word -> key, checked (a word is lowercase letters, digits, ``_`` and ``.``)."""
    data, node = _load(SYNONYMS_FILE)
    out: dict[str, dict[str, str]] = {}
    for kind, entries in data.items():
        if kind not in KINDS:
            raise _error(SYNONYMS_FILE, node, (str(kind),), f"not one of {', '.join(KINDS)}")
        if not isinstance(entries, dict):
            raise _error(SYNONYMS_FILE, node, (kind,), "must be a mapping of word: key")
        known = _known(kind)
        found: dict[str, str] = {}
        for word, key in entries.items():
            path = (kind, str(word))
            if not isinstance(word, str) or not re.fullmatch(r"[a-z0-9_.]+", word):
                raise _error(SYNONYMS_FILE, node, path, "a word is lowercase a-z, 0-9, _ and .")
            if key not in known:
                raise _error(SYNONYMS_FILE, node, path, f"`{key}` is not a key of the taxonomy")
            found[word] = str(key)
        out[kind] = found
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2)


@functools.cache
def _described(kind: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(
        (key, _words(f"{term.name} {term.description}")) for key, term in terms()[kind].items()
    )


def _by_description(word: str, kind: str, *, every: bool = False) -> str | None:
    """The key whose name, description and key parts share the most of the word's parts (at
    least half of them and at least one; with ``every``, all of them), the shortest key on a
    tie."""
    parts = _words(word.replace(".", " ").replace("_", " "))
    if not parts:
        return None
    need = len(parts) if every else max(1, (len(parts) + 1) // 2)
    best: tuple[int, int, str] | None = None
    for key, words in _described(kind):
        score = len(parts & (words | _words(key.replace(".", " ").replace("_", " "))))
        if score >= need and (best is None or (score, -len(key)) > best[:2]):
            best = (score, -len(key), key)
    return best[2] if best is not None else None


def suggest_key(word: str, kind: str, options: tuple[str, ...] | None = None) -> str | None:
    """The key a mistyped ``word`` most likely means, or None.

    A synonym of the whole word or of its last dotted parts wins (``user.contact.social_media``
    -> ``user.social``), then a key whose name, description and key hold every part of the
    word (``user.retina_scan`` -> ``user.biometric.retinal``), then the closest spelling among
    ``options`` (default: the keys of ``kind``, aliases included), then a key that holds at
    least half of the word's parts."""
    hit = _synonym(word, kind) or _by_description(word.strip().lower(), kind, every=True)
    if hit is not None:
        return hit
    if options is None:
        options = keys_of(kind) + (
            tuple(taxonomy()["aliases"]) if kind == "data_categories" else ()
        )
    match = closest(word, options)
    if match is not None:
        return match
    return _by_description(word.strip().lower(), kind)


def _synonym(word: str, kind: str) -> str | None:
    table = synonyms().get(kind, {})
    parts = word.strip().lower().split(".")
    for start in range(len(parts)):
        hit = table.get(".".join(parts[start:]))
        if hit is not None:
            return hit
    return None


def suggest_any(word: str) -> str | None:
    """:func:`suggest_key` over every kind at once (``ctlint taxonomy PREFIX``): a synonym of
    any kind first, then the closest spelling among all keys, then the descriptions."""
    for kind in KINDS:
        hit = _synonym(word, kind)
        if hit is not None:
            return hit
    match = closest(word, tuple(k for kind in KINDS for k in keys_of(kind)))
    if match is not None:
        return match
    for kind in KINDS:
        hit = _by_description(word.lower(), kind)
        if hit is not None:
            return hit
    return None
