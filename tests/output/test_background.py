"""The background runner: results and errors come back from the forked child as they were."""

from __future__ import annotations

import os
import time

import pytest

from kompetanse_skos.errors import KompetanseError, ProfileError
from kompetanse_skos.output.background import Background


def test_the_result_is_computed_in_another_process() -> None:
    work = Background(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = work.result()
    assert value == [1, 2, 3]
    assert pid != os.getpid()
    assert work.ready()
    assert work.result() == (pid, value)  # asked twice, given the same


def test_an_error_is_raised_in_the_parent_with_its_type_and_message() -> None:
    def fail() -> None:
        raise ProfileError("unknown profile 'nope'")

    work = Background(fail)
    with pytest.raises(ProfileError, match="unknown profile 'nope'"):
        work.result()


def test_an_error_that_cannot_be_pickled_keeps_its_message() -> None:
    class Local(Exception):  # a class defined in a function cannot be pickled
        pass

    def fail() -> None:
        raise Local("the shapes could not be read")

    with pytest.raises(KompetanseError, match="the shapes could not be read"):
        Background(fail).result()


def test_ready_does_not_wait() -> None:
    work = Background(lambda: time.sleep(2) or "done")
    started = time.perf_counter()
    assert not work.ready()
    assert time.perf_counter() - started < 0.5
    assert work.result() == "done"


def test_cancel_stops_the_child() -> None:
    work = Background(lambda: time.sleep(60))
    pid = work._pid
    work.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_work_sees_the_parents_memory() -> None:
    shared = {"data": list(range(1000))}  # not sent: the forked child has a copy
    assert Background(lambda: sum(shared["data"])).result() == sum(range(1000))
