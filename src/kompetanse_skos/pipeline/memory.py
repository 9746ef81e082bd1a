"""Keep the garbage collector out of the way while a large vocabulary is read and built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# The garbage collector's thresholds while a build runs, and so in its forked workers: a
# collection after 100,000 new objects instead of 700, the older generations seldom looked at.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def collecting_seldom() -> Iterator[None]:
    """Let the garbage collector run seldom, and give it back what ``keep`` kept from it.

    Reading, validating and building a large vocabulary make millions of objects that live
    until the end; with the default thresholds the collector looked through them again and
    again (a tenth of the model's and the validation's time). Forked workers inherit this.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def keep() -> None:
    """Keep every object made so far out of the garbage collector's sight until the build ends.

    The vocabulary and its model are millions of objects that live as long as the build;
    scanning them again and again took a tenth of a large build's time. ``collecting_seldom``
    gives them back to the collector when it ends.
    """
    gc.freeze()
