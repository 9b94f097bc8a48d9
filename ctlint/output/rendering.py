"""What a reporter is: the :class:`Reporter` protocol every output format fits, and the
:class:`RenderOptions` passed to it. Which reporters exist is :mod:`ctlint.output.formats`.

Imported when a command renders (and by the reporters for their annotations), not on start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

S_contra = TypeVar("S_contra", contravariant=True)


class RenderOptions:
    """How to render: ``color``, ``quiet`` and ``statistics`` are what the text reporter reads,
    ``sarif_all_rules`` what the SARIF reporter reads; ``warn`` takes a one-line note for the
    user (the CLI prints it on stderr) from a reporter that had to leave something out of its
    output (SARIF past GitHub's limits). Immutable. (A plain class: a dataclass or named tuple
    costs more to create at import.)"""

    __slots__ = ("color", "quiet", "sarif_all_rules", "statistics", "warn")

    color: bool  #: ANSI colours (the CLI decides: a terminal, ``NO_COLOR``, the flags)
    quiet: bool  #: the findings only, without the summary line
    statistics: bool  #: a count per rule after the findings
    sarif_all_rules: bool  #: SARIF lists every rule of the catalog, not only those used
    warn: Callable[[str], None] | None  #: where a reporter's note goes (None: nowhere)

    def __init__(
        self,
        *,
        color: bool = False,
        quiet: bool = False,
        statistics: bool = False,
        sarif_all_rules: bool = False,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        object.__setattr__(self, "color", color)
        object.__setattr__(self, "quiet", quiet)
        object.__setattr__(self, "statistics", statistics)
        object.__setattr__(self, "sarif_all_rules", sarif_all_rules)
        object.__setattr__(self, "warn", warn)

    def note(self, text: str) -> None:
        """Hand ``text`` to :attr:`warn`, if any."""
        if self.warn is not None:
            self.warn(text)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RenderOptions is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RenderOptions):
            return NotImplemented
        return self._key() == other._key()

    def _key(self) -> tuple[object, ...]:
        return (self.color, self.quiet, self.statistics, self.sarif_all_rules, self.warn)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"RenderOptions(color={self.color}, quiet={self.quiet}, statistics={self.statistics}, "
            f"sarif_all_rules={self.sarif_all_rules})"
        )


class Reporter(Protocol[S_contra]):
    """One output format of one command."""

    @property
    def name(self) -> str:
        """The format's name, as given to ``--format``."""
        ...

    @property
    def extension(self) -> str:
        """The usual file-name extension of its output, with the dot (``.sarif``)."""
        ...

    @property
    def media_type(self) -> str:
        """The media type of its output (``application/sarif+json``)."""
        ...

    def render(self, subject: S_contra, options: RenderOptions, /) -> str:
        """The whole output, ending with a newline where the format has one."""
        ...
