"""Run one piece of work in a forked child while the parent goes on with its own.

A build validates the vocabulary while it writes the site: the SHACL checks run in Rust on
one core, the pages in Python on the others. It lists the previous build the same way, while
the dumps are written. The child is forked, so it starts with the
vocabulary already in memory; its result comes back pickled through a pipe. Where there is no
fork (Windows), the work is simply done at once.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

from kompetanse_skos.errors import KompetanseError

T = TypeVar("T")


class Background(Generic[T]):
    """The result of *work*, computed in a forked child process."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._outcome: tuple[bool, object] | None = None
        self._pid = 0
        if not hasattr(os, "fork"):
            self._outcome = _run(work)
            return
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send the outcome, and leave at once
            os.close(reader)
            code = 0
            try:
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(_pickled(_run(work)))
            except BaseException:  # the parent reports a child that failed
                code = 1
            os._exit(code)
        os.close(writer)
        self._pid = pid
        self._pipe = os.fdopen(reader, "rb")

    def ready(self) -> bool:
        """Return whether the result has come (without waiting for it)."""
        if self._outcome is not None:
            return True
        return bool(select.select([self._pipe], [], [], 0)[0])

    def result(self) -> T:
        """Wait for the result; raise what the work raised."""
        if self._outcome is None:
            data = self._pipe.read()
            self._pipe.close()
            os.waitpid(self._pid, 0)
            self._pid = 0
            if not data:
                raise KompetanseError("work in a child process stopped without a result")
            self._outcome = pickle.loads(data)
        ok, value = self._outcome
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the child if it is still working (the parent is giving up)."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pipe.close()
            self._pid = 0


def _run(work: Callable[[], T]) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as error:  # sent back to the parent, which raises it
        return False, error


def _pickled(outcome: tuple[bool, object]) -> bytes:
    try:
        return pickle.dumps(outcome)
    except Exception:  # an error that cannot be pickled keeps its message
        ok, value = outcome
        return pickle.dumps((False, KompetanseError(str(value) if not ok else repr(value))))
