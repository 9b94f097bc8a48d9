"""The garbage collector around data that lives to the end of the process.

``ctlint report`` keeps every parsed manifest for the register (``run(keep=True)``). CPython's
collector traverses live objects: its full collections all of them, each time the long-lived
objects grow by a quarter (for 1,000 kept manifests, 6 full collections during the run and
another while the register renders: about 1.6 s of a 5 s report), and its young collections
every object once more before it is promoted. None of that frees anything: a run makes no
reference cycles (``gc.collect()`` after 1,000 manifests, kept or not, finds 0 unreachable
objects; ``tests/util/test_memory.py`` checks it on the bundled examples), so what the
collector could free is freed by reference counting already.

:func:`long_lived` therefore turns the collector off while the kept data grows, and then
freezes what was kept (:func:`gc.freeze`), so that collections after it (the collector is on
again) no longer traverse it. Nothing that is kept is ever garbage before the process ends.
``ctlint check`` keeps less (each file's result), but its full collections grow with the run
all the same: with the collector off during the run, 20,000 manifests take 7.9 s instead of
8.5 s (bench/run.py's corpus); nothing is frozen there, so a process that runs again (the
tests) gets its memory back.

:func:`frozen` is what ``--jobs`` does around its forked workers: a worker shares the parent's
memory until it writes to a page, and a collection in the worker writes to every object it
traverses (its reference counts and links), copying the pages of everything it inherited.
Frozen objects are not traversed, so the inherited catalog and settings stay shared.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived(keep: bool = True) -> Iterator[None]:
    """Inside, no collection (a run makes none worth its traversals: the results of every
    file grow until the end, and nothing in them is cyclic garbage); on leaving, with
    ``keep``, freeze every live object (the kept documents), then turn the collector back on
    (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Inside, every object alive on entry is frozen (:func:`gc.freeze`); on leaving, they
    go back to the collector (:func:`gc.unfreeze`)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
