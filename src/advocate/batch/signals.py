"""SIGTERM and SIGHUP stop a batch the way Ctrl-C does.

A service manager stopping the job, or the terminal window being closed, must leave the same
consistent folder as Ctrl-C: finished documents, no partial file, and a manifest. While a
batch runs in the main thread, both signals raise :class:`Terminated` (a ``KeyboardInterrupt``,
so every caller that handles Ctrl-C handles them too). A signal someone chose to ignore (for
example SIGHUP under ``nohup``) stays ignored.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from multiprocessing import resource_tracker
from typing import Any


class Terminated(KeyboardInterrupt):
    """The batch received SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def _raise_terminated(signum: int, _frame: Any) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, deaf to a terminal's SIGHUP.

    Under ``spawn`` a helper process tracks the pool's semaphores. It ignores SIGINT and
    SIGTERM but not SIGHUP; killed by one, it is started again and prints a traceback about
    semaphores it never saw. An ignored signal stays ignored in the process it starts.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGHUP"):
        resource_tracker.ensure_running()
        return
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        resource_tracker.ensure_running()
    finally:
        signal.signal(signal.SIGHUP, previous)
