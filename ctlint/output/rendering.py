"""What a reporter is: the :class:`Reporter` protocol every output format fits, and the
:class:`RenderOptions` passed to it. Which reporters exist is :mod:`ctlint.output.formats`.

Imported when a command renders (and by the reporters for their annotations), not on start-up.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

S_contra = TypeVar("S_contra", contravariant=True)


class RenderOptions:
    """How to render: what the text reporter reads; every other reporter ignores them.
    Immutable. (A plain class: a dataclass or named tuple costs more to create at import.)"""

    __slots__ = ("color", "quiet", "statistics")

    color: bool  #: ANSI colours (the CLI decides: a terminal, ``NO_COLOR``, the flags)
    quiet: bool  #: the findings only, without the summary line
    statistics: bool  #: a count per rule after the findings

    def __init__(
        self, *, color: bool = False, quiet: bool = False, statistics: bool = False
    ) -> None:
        object.__setattr__(self, "color", color)
        object.__setattr__(self, "quiet", quiet)
        object.__setattr__(self, "statistics", statistics)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RenderOptions is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RenderOptions):
            return NotImplemented
        return (self.color, self.quiet, self.statistics) == (
            other.color,
            other.quiet,
            other.statistics,
        )

    def __hash__(self) -> int:
        return hash((self.color, self.quiet, self.statistics))

    def __repr__(self) -> str:
        return (
            f"RenderOptions(color={self.color}, quiet={self.quiet}, statistics={self.statistics})"
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
