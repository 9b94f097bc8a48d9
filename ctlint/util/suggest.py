"""The closest spelling among known words: the one matcher behind every "did you mean"
(manifest fields and values, taxonomy keys through :func:`ctlint.law.terms.suggest_key`, rule
ids of ``ctlint explain`` and of waivers)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable


@functools.lru_cache(maxsize=1024)
def closest(word: str, options: tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(word, options, n=1, cutoff=cutoff)``'s match, or None.

    The same answer, for less: an option's ``quick_ratio`` bounds its ``ratio`` from above, so
    the full ratio (the costly part: about 2 ms for a word among the 100 data categories) is
    worked out best bound first, until no bound left can reach the best score. Remembered: an
    unknown value usually recurs across a repository's manifests."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)  # as get_close_matches: the word is b, each option a
    bounds: list[tuple[float, str]] = []
    for option in options:
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounds.append((bound, option))
    best: tuple[float, str] | None = None
    for bound, option in sorted(bounds, reverse=True):
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(option)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, option) > best):
            best = (score, option)  # ties go to the greater option, as heapq.nlargest
    return best[1] if best is not None else None


_RULE_ID = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9-]*?)-?(?P<number>[0-9]{1,2})$")


def nearest_rule(word: str, ids: Iterable[str]) -> str | None:
    """The rule id a mistyped ``word`` most likely means: the id with its number written with
    three digits when that is a rule (``CTDPA-01`` -> ``CTDPA-001``, ``ctdpa-99`` ->
    ``CTDPA-099``... when it exists), else the closest spelling (``CTPDA-013`` -> ``CTDPA-013``)."""
    known = tuple(sorted(ids))
    upper = word.strip().upper()
    match = _RULE_ID.match(upper)
    if match is not None:
        padded = f"{match['prefix']}-{int(match['number']):03d}"
        if padded in known:
            return padded
    return closest(upper, known)
