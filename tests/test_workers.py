"""Work spread over processes fails loudly, never silently or by hanging."""

from __future__ import annotations

import errno
import os
import select
from collections.abc import Iterator

import pytest

from ssg.workers import chunked


@pytest.fixture(autouse=True)
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSG_WORKERS", "2")  # forks a helper even on one core


@pytest.fixture
def helper_started() -> Iterator[tuple[int, int]]:
    """A pipe: a helper writes to it when it takes its first chunk, and the main
    process waits for that before its own first chunk, so that the helper is
    sure to get work, however slowly it starts (no timing involved)."""
    reading, writing = os.pipe()
    yield reading, writing
    os.close(reading)
    os.close(writing)


def wait_for_helper(reading: int, waited: list[bool]) -> None:
    if not waited:
        ready, _, _ = select.select([reading], [], [], 120)
        assert ready, "no helper took a chunk within two minutes"
        waited.append(True)


def test_results_come_in_order_whoever_computed_them(helper_started: tuple[int, int]) -> None:
    parent, waited = os.getpid(), []
    reading, writing = helper_started

    def work(indexes: range) -> tuple[list[int], int]:
        if os.getpid() == parent:
            wait_for_helper(reading, waited)
        else:
            os.write(writing, b"x")
        return list(indexes), os.getpid()

    results = list(chunked(work, 1000, 10, 1))
    assert [index for _range, (part, _pid) in results for index in part] == list(range(1000))
    assert {pid for _range, (_part, pid) in results} - {parent}, "no helper did any work"


def test_an_exception_in_a_helper_is_raised_with_its_traceback(
    helper_started: tuple[int, int],
) -> None:
    parent, waited = os.getpid(), []
    reading, writing = helper_started

    def work(indexes: range) -> int:
        if os.getpid() != parent:
            os.write(writing, b"x")
            raise ValueError("kaputt im Hilfsprozess")
        wait_for_helper(reading, waited)
        return len(indexes)

    with pytest.raises(RuntimeError, match="kaputt im Hilfsprozess"):
        list(chunked(work, 1000, 10, 1))


def test_a_refusal_of_the_system_in_a_helper_arrives_as_itself(
    helper_started: tuple[int, int],
) -> None:
    """A full disk in a helper is no bug of ssg: the command says it in German, which it
    can only do with the error itself, not a traceback in a RuntimeError."""
    parent, waited = os.getpid(), []
    reading, writing = helper_started

    def work(indexes: range) -> int:
        if os.getpid() != parent:
            os.write(writing, b"x")
            raise OSError(errno.ENOSPC, "No space left on device", "site/seite/index.html")
        wait_for_helper(reading, waited)
        return len(indexes)

    with pytest.raises(OSError) as raised:
        list(chunked(work, 1000, 10, 1))
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == "site/seite/index.html"


def test_a_helper_that_dies_is_reported_instead_of_waited_for(
    helper_started: tuple[int, int],
) -> None:
    parent, waited = os.getpid(), []
    reading, writing = helper_started

    def work(indexes: range) -> int:
        if os.getpid() != parent:
            os.write(writing, b"x")
            os._exit(9)  # as if killed
        wait_for_helper(reading, waited)
        return len(indexes)

    with pytest.raises(RuntimeError, match="unerwartet beendet"):
        list(chunked(work, 1000, 10, 1))
