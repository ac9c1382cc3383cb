"""What the running system offers: cores, and worker processes where the system gives them."""

from __future__ import annotations

import errno
import multiprocessing
from pathlib import Path

import pytest

from rongcuo_rules import system


def test_usable_cpus_is_at_least_one() -> None:
    assert 1 <= system.usable_cpus() <= (multiprocessing.cpu_count() or 1)


def test_only_a_refusal_at_the_first_task_is_workers_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal to start the workers, at the first task, is WorkersRefused with the system's error as its cause
    (the caller then does the work itself); at a later task it is raised as it is (the workers' results so far
    would be lost, and the cause is not a refusal to start them)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are forked only where the system forks")
    pool = system.process_pool(1, "fork")
    try:
        def refused(*args: object) -> object:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

        monkeypatch.setattr(pool, "submit", refused)
        with pytest.raises(system.WorkersRefused) as raised:
            system.submit(pool, True, print)
        assert isinstance(raised.value.__cause__, OSError) and raised.value.__cause__.errno == errno.EAGAIN
        with pytest.raises(OSError):
            system.submit(pool, False, print)
    finally:
        monkeypatch.undo()
        pool.shutdown()


def test_a_pool_that_works_runs_its_tasks() -> None:
    """The same calls, where the system gives workers: the tasks run in them."""
    with system.process_pool(2, multiprocessing.get_all_start_methods()[0]) as pool:
        futures = [system.submit(pool, k == 0, pow, k, 2) for k in range(5)]
        assert [f.result() for f in futures] == [0, 1, 4, 9, 16]


def test_a_daemonic_process_gets_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A daemonic process may not have children: WorkersRefused at once, before any pool is made."""
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    with pytest.raises(system.WorkersRefused) as raised:
        system.process_pool(1, "spawn")
    assert isinstance(raised.value.__cause__, AssertionError)


_FREED_AND_KEPT = """
import os
from rongcuo_rules import system

def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

held = [bytes(16_000) for _ in range(4_000)]  # 64 MB in blocks below glibc's mapping threshold: its heap
last = bytes(16_000)  # (kept above them: the heap's top is not free, and free() gives nothing back)
before = rss()
del held
kept = rss()
system.release_free_heap()
print(before, kept, rss())
"""


def test_release_free_heap_gives_back_what_the_heap_freed_and_kept() -> None:
    """glibc keeps memory freed below the top of its heap; malloc_trim gives it back. In a fresh process:
    64 MB freed stays in the process until release_free_heap, which gives most of it back (a forked worker
    calls it, so that the calling process's later writes there are not copied for the worker)."""
    import platform
    import subprocess
    import sys

    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc_trim is glibc's (Linux): elsewhere release_free_heap does nothing")
    assert system.find_heap_trimmer() is not None
    out = subprocess.run([sys.executable, "-c", _FREED_AND_KEPT], capture_output=True, text=True, check=True)
    before, kept, released = map(int, out.stdout.split())
    assert kept > before - 16_000_000  # freed, but kept by the process
    assert released < kept - 48_000_000  # given back


def test_a_forked_worker_releases_the_free_heap_looked_up_before_the_fork(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each forked worker of a batch calls release_free_heap as it starts, with glibc's function already looked
    up by the calling process (a worker loads nothing for it); the calling process releases nothing."""
    import os
    import warnings

    from rongcuo_rules import WorkersUnavailableWarning, batch, evaluate_many, get_pack

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("only a forked worker shares the calling process's free heap")

    def release() -> None:  # in the worker: whether the lookup came with the fork
        (tmp_path / str(os.getpid())).write_text(str(system.find_heap_trimmer.cache_info().currsize))

    system.find_heap_trimmer.cache_clear()
    monkeypatch.setattr(batch, "release_free_heap", release)
    monkeypatch.setattr(batch, "MIN_PARALLEL", 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        verdicts = evaluate_many(get_pack("fuzhou"), [{}] * 400, processes=2)
    if any(issubclass(w.category, WorkersUnavailableWarning) for w in caught):
        pytest.skip("this system refused the batch its worker processes")
    assert len(verdicts) == 400
    marks = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert marks and str(os.getpid()) not in marks
    assert set(marks.values()) == {"1"}
