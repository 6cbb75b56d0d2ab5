"""Work spread over processes fails loudly, never silently or by hanging."""

from __future__ import annotations

import os
import time

import pytest

from ssg.workers import chunked


@pytest.fixture(autouse=True)
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSG_WORKERS", "2")
    if (os.cpu_count() or 1) < 2:
        pytest.skip("needs two cores to fork a helper")


def test_results_come_in_order_whoever_computed_them() -> None:
    parent = os.getpid()

    def work(indexes: range) -> tuple[list[int], int]:
        time.sleep(0.01)  # long enough for the helper to start and take chunks
        return list(indexes), os.getpid()

    results = list(chunked(work, 1000, 10, 1))
    assert [index for _range, (part, _pid) in results for index in part] == list(range(1000))
    assert {pid for _range, (_part, pid) in results} - {parent}, "no helper did any work"


def test_an_exception_in_a_helper_is_raised_with_its_traceback() -> None:
    parent = os.getpid()

    def work(indexes: range) -> int:
        if os.getpid() != parent:
            raise ValueError("kaputt im Hilfsprozess")
        time.sleep(0.01)  # leave chunks for the helper
        return len(indexes)

    with pytest.raises(RuntimeError, match="kaputt im Hilfsprozess"):
        list(chunked(work, 1000, 10, 1))


def test_a_helper_that_dies_is_reported_instead_of_waited_for() -> None:
    parent = os.getpid()

    def work(indexes: range) -> int:
        if os.getpid() != parent:
            os._exit(9)  # as if killed
        time.sleep(0.01)  # leave chunks for the helper
        return len(indexes)

    with pytest.raises(RuntimeError, match="unerwartet beendet"):
        list(chunked(work, 1000, 10, 1))
