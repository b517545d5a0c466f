"""Rendering the entries of a large bibliography on several processes, when asked.

Only when the caller asks (``bibliography(..., workers=N)``): the library
never starts a process by itself. The items are registered and sorted first,
in this process: that fixes the order of the entries and their numbers (the
sort keys of a large bibliography are rendered on the workers the same way,
see ``sort_keys``). From then on citeproc-py renders each entry from its own
item alone, so the sorted list is cut into contiguous slices, one per worker;
forked copies of this process render all slices but the first (they inherit
the parsed style, the parsed items and the order), this process renders the
first, and the slices are joined in order. The entries are those a single
process renders, in the same order.

It pays only for large inputs: forking and sending the entries back cost a
few milliseconds, an entry 0.1-1 ms, so with 2 workers from about 1,000
entries on (the CLI's ``MIN_ITEMS``). Each worker gets at least half of
``MIN_ITEMS`` entries, so fewer workers than asked may run; and where ``fork``
does not exist (not Linux), or other threads are running in this process
(forking a process whose other threads may hold locks is unsafe), one process
renders everything.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from dls_proceedings.errors import DlsProceedingsError

__all__ = ["MIN_ITEMS", "cores", "render", "workers"]

MIN_ITEMS = 1000
"""From how many entries parallel rendering pays (2 workers; each gets half of it at least)."""

T = TypeVar("T")


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers(n_items: int, asked: int = 1) -> int:
    """How many processes render *n_items* entries when *asked* for (1: this one alone).

    *asked* 0 means as many as the usable cores.
    """
    if asked == 1 or not hasattr(os, "fork") or sys.platform != "linux":
        return 1
    if threading.active_count() > 1:
        return 1
    count = cores() if asked == 0 else asked
    # Each process gets at least half of MIN_ITEMS entries.
    return max(1, min(count, n_items * 2 // MIN_ITEMS))


def render(entries: Callable[[int, int], list[T]], n_items: int, asked: int = 1) -> list[T]:
    """``entries(0, n_items)``, computed in slices on ``workers(n_items, asked)`` processes.

    What ``entries`` returns must pickle (strings, numbers); it must depend only on
    the slice asked for, and change nothing this process needs (a worker's changes
    are lost with it).
    """
    count = workers(n_items, asked)
    if count == 1:
        return entries(0, n_items)
    bounds = [n_items * i // count for i in range(count + 1)]
    children = [_fork(entries, bounds[i], bounds[i + 1]) for i in range(1, count)]
    try:
        result = entries(bounds[0], bounds[1])
    finally:
        answers = [_collect(pid, fd) for pid, fd in children]
    for failed, value in answers:
        if failed:
            raise DlsProceedingsError(f"rendering in a worker process failed: {value}")
        result.extend(value)
    return result


def _fork(entries: Callable[[int, int], list[Any]], start: int, stop: int) -> tuple[int, int]:
    import pickle

    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    # The child: render the slice, send it back, and leave without running any
    # of the parent's exit handlers or flushing its buffers a second time.
    status = 0
    try:
        os.close(read)
        try:
            data = pickle.dumps((False, entries(start, stop)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # reported to the parent
            data = pickle.dumps((True, f"{type(exc).__name__}: {exc}"))
            status = 1
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(status)


def _collect(pid: int, fd: int) -> tuple[bool, Any]:
    import pickle

    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        return True, "the worker process ended without an answer"
    answer: tuple[bool, Any] = pickle.loads(data)
    return answer
