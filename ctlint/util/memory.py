"""The garbage collector around data that lives to the end of the process.

``ctlint report`` keeps every parsed manifest for the register (``run(keep=True)``). CPython's
full collections traverse every live object, and they run each time the long-lived objects grow
by a quarter: for 1,000 kept manifests that is 6 full collections during the run and another
while the register renders, about 1.6 s of a 5 s report. :func:`long_lived` skips full
collections while the kept data grows (the young generations still collect, so short-lived
cycles are freed as before) and then freezes what was kept (:func:`gc.freeze`): later
collections no longer traverse it. Nothing that is kept is ever garbage before the process
ends, so nothing is lost but the traversals.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: A third threshold no run reaches: no full collection while the kept data grows.
NO_FULL_COLLECTION = 1 << 30


@contextlib.contextmanager
def long_lived(active: bool = True) -> Iterator[None]:
    """Inside, no full collection; on leaving, freeze every live object and restore the
    thresholds. With ``active`` false, nothing changes."""
    if not active:
        yield
        return
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, NO_FULL_COLLECTION)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(young, middle, full)
