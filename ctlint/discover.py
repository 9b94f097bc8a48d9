"""Expand configured globs and command-line paths into the sorted list of manifests to check."""

from __future__ import annotations

import dataclasses
import errno
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from ctlint.config import CONFIG_NAME, Settings
from ctlint.errors import UsageError
from ctlint.source import Document, Identity, Limits, load_path


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """One manifest path: ``rel`` is what output shows; ``problem`` is set when it cannot be read.

    For a symbolic link, ``path`` is the file it led to when discovery checked that the file
    lies inside the root, and ``identity`` that file's device and inode: the link itself is
    never opened again, so swapping it afterwards cannot make ctlint read another file.
    """

    rel: str
    path: str
    problem: str | None = None
    identity: Identity | None = None

    def sort_key(self) -> bytes:
        """Byte order of the root-relative POSIX path."""
        return self.rel.encode("utf-8", "surrogateescape")

    def load(self, limits: Limits) -> Document:
        """Read and parse the file: opened without following a link (the path is not one when
        discovery looked) and refused unless it is still the file discovery checked."""
        return load_path(self.path, limits=limits, follow=False, expect=self.identity)


#: The longest glob accepted, and the most wildcards (``*`` runs and ``**`` segments) in one:
#: matching is linear whatever the glob, but compiling a glob costs time per character and
#: per wildcard, and the configuration may list 100 globs (the schema says the same).
MAX_GLOB_LENGTH = 1024
MAX_GLOB_WILDCARDS = 32

#: POSIX bracket classes (``[[:alpha:]]``), ASCII as in git.
_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t-\\r",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}
_STAR = "*"  # a star inside a segment, in a segment's token list
_GLOBSTAR = None  # a ``**`` segment, in a glob's segment list


class GlobError(ValueError):
    """A glob that cannot be read (the message names the problem, not the glob)."""


def _class(segment: str, start: int) -> tuple[str, int] | None:
    """The regex of the bracket expression at ``start`` and the index after it, or None when
    the ``[`` is not closed (it is then a literal ``[``)."""
    i = start + 1
    negate = i < len(segment) and segment[i] in "!^"
    if negate:
        i += 1
    members: list[str] = []
    first = True
    while i < len(segment):
        c = segment[i]
        if c == "]" and not first:
            body = "".join(members)
            return (f"[^/{body}]" if negate else f"[{body}]"), i + 1
        first = False
        if segment.startswith("[:", i):
            close = segment.find(":]", i + 2)
            if close != -1:
                name = segment[i + 2 : close]
                if name not in _POSIX_CLASSES:
                    known = ", ".join(f"[:{n}:]" for n in _POSIX_CLASSES)
                    raise GlobError(f"`[:{name}:]` is not a character class (known: {known})")
                members.append(_POSIX_CLASSES[name])
                i = close + 2
                continue
        if i + 2 < len(segment) and segment[i + 1] == "-" and segment[i + 2] != "]":
            low, high = c, segment[i + 2]
            if low > high:
                raise GlobError(f"the range `{low}-{high}` runs backwards; write `{high}-{low}`")
            members.append(f"{re.escape(low)}-{re.escape(high)}")
            i += 3
            continue
        members.append(re.escape(c))
        i += 1
    return None


def _segment(segment: str, names: Iterator[str]) -> str:
    """One path segment's glob (no ``/``) as a regex of one segment.

    Stars cannot cross ``/``. With several stars the regex would backtrack polynomially
    (``*a*a*a*b`` against ``aaaa…``), so each star but the last finds the earliest place of the
    literal run after it inside an atomic group (a lookahead and a backreference, which also
    works before Python 3.11): for runs of fixed length the earliest place is always right,
    and matching is linear in the segment's length times the glob's.
    """
    tokens: list[str] = []
    i = 0
    while i < len(segment):
        c = segment[i]
        if c == "*":
            if not tokens or tokens[-1] != _STAR:
                tokens.append(_STAR)
            i += 1
        elif c == "?":
            tokens.append("[^/]")
            i += 1
        elif c == "[" and (found := _class(segment, i)) is not None:
            tokens.append(found[0])
            i = found[1]
        else:
            tokens.append(re.escape(c))
            i += 1
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token == _STAR:
            runs.append([])
        else:
            runs[-1].append(token)
    out = "".join(runs[0])
    for run in runs[1:-1]:
        name = next(names)
        out += f"(?=(?P<{name}>[^/]*?{''.join(run)}))(?P={name})"
    if len(runs) > 1:
        out += "[^/]*" + "".join(runs[-1])
    return out


def _parse(pattern: str) -> tuple[list[str | None], bool]:
    """A glob's segments (``None`` for ``**``) and whether it is anchored at the root."""
    if len(pattern) > MAX_GLOB_LENGTH:
        raise GlobError(f"the glob is longer than {MAX_GLOB_LENGTH:,} characters")
    if len(re.findall(r"\*+", pattern)) > MAX_GLOB_WILDCARDS:
        raise GlobError(f"the glob has more than {MAX_GLOB_WILDCARDS} wildcards (`*`, `**`)")
    pattern = pattern.removeprefix("./")
    anchored = "/" in pattern.rstrip("/")
    folder = pattern.endswith("/")
    pattern = pattern.strip("/")
    if not pattern:
        raise GlobError("the glob names no file (write a path such as vendors/*.yaml)")
    segments: list[str | None] = []
    if not anchored:
        segments.append(_GLOBSTAR)  # a name without `/` matches at any depth, as in gitignore
    for part in pattern.split("/"):
        if len(part) >= 2 and part.strip("*") == "":  # `**` (or more stars): spans folders
            if not segments or segments[-1] is not _GLOBSTAR:
                segments.append(_GLOBSTAR)
        else:
            segments.append(part)
    if folder and segments[-1] is not _GLOBSTAR:
        segments.append(_GLOBSTAR)  # `old/`: everything inside the folder
    return segments, anchored


def _source(pattern: str, tag: str) -> str:
    """The anchored regex of a glob; group names start with ``tag``.

    ``**`` matches whole segments: between two of them the segments in between find their
    earliest place in an atomic group (as stars do inside a segment), so a glob with many
    ``**`` cannot backtrack (``**/**/…/x.yaml`` against a deep path took minutes before).
    """
    segments, anchored = _parse(pattern)
    counter = (f"{tag}g{n}" for n in itertools.count())
    blocks: list[list[str]] = [[]]
    for part in segments:
        if part is _GLOBSTAR:
            blocks.append([])
        else:
            blocks[-1].append(_segment(part, counter))
    if len(blocks) == 1:  # no `**`
        body = "/".join(blocks[0])
    else:
        body = "".join(f"{seg}/" for seg in blocks[0])
        for block in blocks[1:-1]:
            name = next(counter)
            run = "".join(f"{seg}/" for seg in block)
            body += f"(?=(?P<{name}>(?:[^/]*/)*?{run}))(?P={name})"
        last = blocks[-1]
        if last:
            body += "(?:[^/]*/)*" + "/".join(last)
        else:  # a trailing `**`: anything below
            return f"^{body}(?s:.*)\\Z"
    suffix = "" if anchored else "(?:/(?s:.*))?"  # a name that matches a folder: all inside it
    return f"^{body}{suffix}\\Z"


@functools.cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A gitignore-style glob as an anchored regular expression (:class:`GlobError` when it
    cannot be read).

    ``*`` and ``?`` match within one path segment, ``[abc]``, ``[a-z]``, ``[!a]`` and
    ``[[:alpha:]]`` one character of it; a ``**`` segment spans any number of folders (other
    runs of stars are one star, as in gitignore); a trailing ``/`` selects everything in the
    folder; a pattern without ``/`` matches a name at any depth (and everything inside it, if
    it is a folder). Matching takes time linear in the path's length times the glob's.
    """
    return re.compile(_source(pattern, ""))


def glob_error(pattern: str) -> str | None:
    """Why a glob cannot be used, or None."""
    try:
        compile_glob(pattern)
    except GlobError as exc:
        return str(exc)
    except re.error as exc:  # pragma: no cover - every glob translates into a valid regex
        return f"it cannot be compiled ({exc})"
    return None


def could_select_below(folder: str, patterns: Sequence[str], exclude: Sequence[str]) -> bool:
    """Whether the globs ``patterns`` (less ``exclude``) can select a file inside ``folder``
    (root-relative POSIX path) as discovery finds files: a folder with a dot-name that the
    globs do not spell out is never searched."""
    parts = folder.split("/")
    allowed = _named_dots(patterns)
    if any(p.startswith(".") and p not in allowed for p in parts):
        return False
    if any(_covers_below(p, parts) for p in exclude):
        return False
    return any(_reaches_below(p, parts) for p in patterns)


def _states_after(pattern: str, parts: Sequence[str]) -> tuple[list[str | None], set[int], bool]:
    """The glob's segments, the positions it can be at after matching the folders ``parts``
    (a position past the end: the folders themselves matched), and whether it is anchored."""
    segments, anchored = _parse(pattern)
    compiled = [None if s is _GLOBSTAR else re.compile(_segment(s, _names())) for s in segments]

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for p in sorted(states):
            q = p
            while q < len(segments) and segments[q] is _GLOBSTAR:
                q += 1
                out.add(q)
        return out

    states = closure({0})
    for part in parts:
        after: set[int] = set()
        for p in states:
            if p >= len(segments):
                continue
            regex = compiled[p]
            if regex is None:
                after.add(p)
            elif regex.fullmatch(part):
                after.add(p + 1)
        states = closure(after)
    return segments, states, anchored


def _names() -> Iterator[str]:
    return (f"g{n}" for n in itertools.count())


def _reaches_below(pattern: str, parts: Sequence[str]) -> bool:
    segments, states, anchored = _states_after(pattern, parts)
    return any(p < len(segments) for p in states) or (len(segments) in states and not anchored)


def _covers_below(pattern: str, parts: Sequence[str]) -> bool:
    segments, states, anchored = _states_after(pattern, parts)
    end = len(segments)
    return any(
        (p == end and not anchored) or (p < end and all(s is _GLOBSTAR for s in segments[p:]))
        for p in states
    )


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether a root-relative POSIX path matches any of the globs."""
    return any(compile_glob(p).match(rel) for p in patterns)


def _rel(settings: Settings, path: str) -> str | None:
    absolute = os.path.abspath(path)
    root = settings.root
    if absolute == root or not absolute.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(absolute, root).replace(os.sep, "/")


def is_inside(real: str, root: str) -> bool:
    """Whether a resolved path is the repository root or below it (symbolic links resolved)."""
    real_root = os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _named_dots(patterns: Iterable[str]) -> frozenset[str]:
    """Dot-names a glob spells out (``.privacy/*.yaml``): those are searched, other dot-files
    and dot-folders are not."""
    return frozenset(
        part
        for p in patterns
        for part in p.split("/")
        if part.startswith(".") and part not in (".", "..")
    )


def _skipped(settings: Settings, rel: str, allowed: frozenset[str] = frozenset()) -> bool:
    if any(part.startswith(".") and part not in allowed for part in rel.split("/")):
        return True
    if any(
        rel == p.rstrip("/") or rel.startswith(p.rstrip("/") + "/") for p in settings.policy_paths
    ):
        return True
    return matches(rel, settings.exclude)


def _walk(folder: str, allowed: frozenset[str] = frozenset()) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") or d in allowed)
        for name in filenames:
            if not name.startswith(".") or name in allowed:
                yield os.path.join(dirpath, name)


def _extensions(settings: Settings) -> tuple[str, ...]:
    found = {os.path.splitext(p)[1].lower() for p in settings.manifests}
    found.discard("")
    return tuple(sorted(found)) or (".yaml", ".yml", ".json")


def _target(settings: Settings, path: str, given: str) -> Target:
    rel = _rel(settings, path) or given
    link = os.path.islink(path)
    real = os.path.realpath(path)
    try:
        info = os.stat(real) if link else None
    except OSError:
        return Target(rel, path, "The file is a symbolic link whose target does not exist")
    if not is_inside(real, settings.root) and _rel(settings, path) is not None:
        return Target(
            rel, path, "The file is a link that leads outside the repository root; it is not read"
        )
    if info is not None:  # read the file the link led to when it was checked, not the link
        return Target(rel, real, identity=(info.st_dev, info.st_ino))
    return Target(rel, path)


def configured(settings: Settings) -> list[Target]:
    """The configured ``manifests`` globs under the root, minus ``exclude``."""
    config = os.path.abspath(settings.config_path) if settings.config_path else None
    found = []
    allowed = _named_dots(settings.manifests)
    selected = _any_of(settings.manifests)
    excluded = _any_of(settings.exclude)
    policy = tuple(p.rstrip("/") for p in settings.policy_paths)
    unreadable: list[tuple[str, str, OSError]] = []
    for path, rel, link in _scan(os.path.abspath(settings.root), allowed, unreadable):
        if path == config or not selected(rel) or excluded(rel):
            continue
        if policy and any(rel == p or rel.startswith(p + "/") for p in policy):
            continue
        # a file reached without a link is inside the root; only links need resolving
        found.append(_target(settings, path, rel) if link else Target(rel, path))
    for path, rel, exc in unreadable:  # a manifest may hide there: say so (CTL001)
        if selected(rel) or could_select_below(rel, settings.manifests, settings.exclude):
            if policy and any(rel == p or rel.startswith(p + "/") for p in policy):
                continue
            found.append(Target(rel, path, _unreadable_folder(exc)))
    return sorted(found, key=Target.sort_key)


def _unreadable_folder(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        why = "its path is longer than the system allows"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    else:
        why = (exc.strerror or str(exc)).lower()
    return (
        f"This folder cannot be read ({why}), so the manifests the configured globs select "
        "in it are not checked; move them to a shorter or readable path"
    )


def _any_of(patterns: Sequence[str]) -> Callable[[str], bool]:
    """One compiled test for a list of globs (what :func:`matches` answers one by one)."""
    if not patterns:
        return lambda _rel: False
    combined = _combined(tuple(patterns))
    return lambda rel: combined.match(rel) is not None


@functools.lru_cache(maxsize=16)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_source(p, f'p{i}')})" for i, p in enumerate(patterns)))


def _scan(
    root: str, allowed: frozenset[str], unreadable: list[tuple[str, str, OSError]] | None = None
) -> Iterator[tuple[str, str, bool]]:
    """Like :func:`_walk` from the root (links to folders are not followed), but yields
    ``(path, root-relative POSIX path, is a link)`` straight from the directory entries: no
    per-file path arithmetic or stat for the common case. A folder that cannot be listed (no
    permission, a path longer than the system allows) is added to ``unreadable`` as
    ``(path, root-relative folder, error)``, never skipped in silence."""
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if unreadable is not None and prefix:
                unreadable.append((folder, prefix.rstrip("/"), exc))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name not in allowed:
                continue
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError as exc:
                if unreadable is not None:
                    unreadable.append((entry.path, prefix + name, exc))
                continue
            if is_dir:
                if not link:
                    stack.append((entry.path, f"{prefix}{name}/"))
                continue
            yield entry.path, prefix + name, link


def expand(
    settings: Settings, paths: Sequence[str], *, only_manifests: bool = False
) -> list[Target]:
    """The manifests named on the command line: files whatever their name, folders searched.

    With ``only_manifests`` (the pre-commit hook), a named file that the configured
    ``manifests``/``exclude`` globs do not select is skipped instead of checked.
    """
    if not paths:
        return configured(settings)
    config = os.path.abspath(settings.config_path) if settings.config_path else None
    extensions = _extensions(settings)
    seen: dict[str, Target] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"{given}: no such file or folder")
        if os.path.isdir(given) and not os.path.islink(given):
            for path in _walk(given):
                rel = _rel(settings, path) or path
                if path == config or os.path.basename(path) == CONFIG_NAME:
                    continue
                if not path.lower().endswith(extensions) or _skipped(settings, rel):
                    continue
                seen.setdefault(os.path.abspath(path), _target(settings, path, path))
        elif _affects_all(settings, given, config):
            for target in configured(settings):
                seen.setdefault(os.path.abspath(target.path), target)
        elif only_manifests and not _selected(settings, given):
            continue
        else:
            seen.setdefault(os.path.abspath(given), _target(settings, given, given))
    return sorted(seen.values(), key=Target.sort_key)


def _selected(settings: Settings, given: str) -> bool:
    rel = _rel(settings, given)
    return rel is not None and not _skipped(settings, rel) and matches(rel, settings.manifests)


def _affects_all(settings: Settings, given: str, config: str | None) -> bool:
    """The configuration file or a local policy file named on the command line (as pre-commit
    does when one of them changes) means: check every configured manifest."""
    absolute = os.path.abspath(given)
    if absolute == config:
        return True
    rel = _rel(settings, given)
    return rel is not None and any(
        rel.startswith(p.rstrip("/") + "/") for p in settings.policy_paths
    )
