"""What the running system offers the library (a leaf module: every layer may read it)."""

from __future__ import annotations

import functools
import os
import sys
from typing import Any


def usable_cpus() -> int:
    """The processors this process may run on (its affinity where the platform tells it, as in a container
    limited to some cores), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


class WorkersRefused(Exception):
    """The system would not give this process its worker processes, before any was given a task: no usable
    semaphores for a pool's queues (a read-only or missing /dev/shm, as in some sandboxes and serverless
    runtimes), no more processes or threads allowed, or a daemonic process (which may not have children). Its
    ``__cause__`` is the system's error. Work that would have gone to the workers can be done in this
    process."""


def process_pool(workers: int, method: str, initializer: Any = None, initargs: tuple[Any, ...] = ()) -> Any:
    """A ``ProcessPoolExecutor`` of ``workers`` processes started by ``method``, or :class:`WorkersRefused`
    where the system refuses its semaphores and queues, or this process may not have any (a daemonic
    process, such as a ``multiprocessing.Pool``'s worker, failed with an AssertionError at the first task).
    Submit through :func:`submit`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.current_process().daemon:
        raise WorkersRefused() from AssertionError("daemonic processes are not allowed to have children")
    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=initializer,
                                   initargs=initargs)
    except (OSError, NotImplementedError, ImportError) as exc:  # (sem_open unusable or missing)
        raise WorkersRefused() from exc


def submit(pool: Any, first: bool, task: Any, *args: Any) -> Any:
    """``pool.submit(task, *args)``. Where workers are forked, the ``first`` task starts them all and the pool's
    thread: a refusal then (no more processes or threads allowed) is :class:`WorkersRefused`, with any worker
    already started stopped. A later failure is the caller's — as is a refusal to start a spawned worker after
    the first (the pool starts those one task at a time)."""
    try:
        return pool.submit(task, *args)
    except (OSError, RuntimeError) as exc:  # (RuntimeError: "can't start new thread")
        if not first:
            raise
        # a worker started before the refusal would wait for tasks for ever (the pool has no public way to
        # stop its workers before Python 3.14)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
            process.join()
        pool.shutdown(wait=False)  # (waiting would join the pool's thread, which may not have started)
        raise WorkersRefused() from exc


def release_free_heap() -> None:
    """Give back to the system the memory this process's C heap holds free (glibc's ``malloc_trim(0)``); nothing
    where the C library is not glibc. (Python's own allocator, for small objects, is not touched: it gives
    back what it frees itself.) Look the function up first (:func:`find_heap_trimmer`) where loading it now
    would cost, as in a process just forked."""
    trim = find_heap_trimmer()
    if trim is not None:
        trim(0)


@functools.cache
def find_heap_trimmer() -> Any:
    """glibc's ``malloc_trim``, looked up once per process (ctypes); None where there is none: not Linux, a C
    library without it (musl), or a Python without ctypes."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):  # (no ctypes; no C library to open; musl has no malloc_trim)
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim
