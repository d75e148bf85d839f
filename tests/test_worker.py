"""The render worker: a job past its time limit, or whose client left, is stopped for real."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from gcat.errors import InputError, Problem, UnavailableError
from gcat.services.worker import Worker


def sleep_and_report(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def pid() -> int:
    return os.getpid()


def refuse() -> None:
    raise InputError([Problem("check.bad_choice", {"choices": "a, b"}, field="--format x")])


def alive(number: int) -> bool:
    try:
        os.kill(number, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def worker():
    worker = Worker()
    yield worker
    worker.stop()


def test_a_job_past_its_limit_is_killed_and_the_next_gets_a_fresh_worker(worker: Worker) -> None:
    first = asyncio.run(worker.run(pid, timeout=60))
    with pytest.raises(UnavailableError) as caught:
        asyncio.run(worker.run(sleep_and_report, 60, timeout=1))
    assert caught.value.code == "worker.timeout" and caught.value.params == {"seconds": 1}
    assert not alive(first)  # the process running the job is gone, not left to finish
    second = asyncio.run(worker.run(pid, timeout=60))
    assert second != first


def test_a_job_whose_client_left_is_stopped(worker: Worker) -> None:
    calls = 0

    async def gone() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    started = time.monotonic()
    with pytest.raises(UnavailableError) as caught:
        asyncio.run(worker.run(sleep_and_report, 60, timeout=60, gone=gone))
    assert caught.value.code == "worker.client_gone"
    assert time.monotonic() - started < 30


def test_errors_come_back_as_they_were(worker: Worker) -> None:
    with pytest.raises(InputError) as caught:
        asyncio.run(worker.run(refuse, timeout=60))
    assert caught.value.problems[0].field == "--format x"
