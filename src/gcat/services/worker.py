"""Heavy work (reports, documents) in a worker process the app can stop.

A thread cannot be stopped; a process can. :class:`Worker` keeps one warm worker process and
runs a function in it with a time limit; when the limit passes, or the caller says the client
went away, the process is killed (and a fresh one started for the next job). The app shuts the
worker down with itself, so a long render never outlives the server.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from gcat.errors import UnavailableError

__all__ = ["Worker"]

T = TypeVar("T")

POLL_SECONDS = 0.1
"""How often a waiting job asks whether its client is still there."""


def _warm_up() -> None:
    """Load the heavy libraries once, when the worker starts, not at the first job."""
    import gcat.documents
    import gcat.reports  # noqa: F401


class Worker:
    """One worker process, started on first use, replaced after it is stopped."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up,
            )
        return self._pool

    async def run(
        self,
        func: Callable[..., T],
        *args: Any,
        timeout: float,
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> T:
        """``func(*args)`` in the worker; :class:`UnavailableError` when it takes longer than
        ``timeout`` seconds or when ``gone()`` says the client left (the worker is killed)."""
        future: Future[T] = self._executor().submit(func, *args)
        waited = 0.0
        while not future.done():
            await asyncio.sleep(POLL_SECONDS)
            waited += POLL_SECONDS
            if waited >= timeout:
                self.stop()
                raise UnavailableError("worker.timeout", seconds=int(timeout))
            if gone is not None and await gone():
                self.stop()
                raise UnavailableError("worker.client_gone")
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self.stop()
            raise UnavailableError("worker.crashed") from exc

    def stop(self) -> None:
        """Kill the worker process now (a job in it is lost); the next job starts a new one."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        for process in processes:
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, signal.SIGKILL)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)
